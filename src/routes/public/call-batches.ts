import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../errors.js'
import {
  BatchIdParamsSchema, GetBatchResponses, ListBatchesQuerySchema, ListBatchesResponses
} from '../../schemas/batch.js'
import { ListCallsQuerySchema, ListCallsResponses, ResultsQuerySchema, ResultsResponses, type CallStatus } from '../../schemas/call.js'
import type { BatchStatus } from '../../repositories/records.js'
import { pageBody, success } from '../page-body.js'

const JSON_TYPE = 'application/json; charset=utf-8'
const security = [{ bearerAuth: [] }]

/** The documented read endpoints of call batches. The guard (auth, rate limit) has run already. */
const callBatchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { batches, calls } = app.repos

  /** The caller's batch, or the documented 404 (also for another account's batch: never a 403). */
  const ownedBatch = (accountId: string, batchId: string) => {
    const batch = batches.findOwned(accountId, batchId)
    if (batch === undefined) throw Errors.batchNotFound(batchId)
    return batch
  }

  app.get('/call-batches', {
    schema: {
      tags: ['Call Batches'],
      summary: 'List all call batches',
      description: 'A page of the account\'s batches, newest first (created_at, then schedule_id, descending). Filter by agent ID, status, or both.',
      security,
      querystring: ListBatchesQuerySchema,
      response: ListBatchesResponses
    }
  }, async (request, reply) => {
    const { agent_id: agentId, status, page, limit } = request.query
    const { items, total } = batches.list({ accountId: request.account!.account_id, agentId, status: status as BatchStatus | undefined, page, limit })
    return reply.type(JSON_TYPE).send(pageBody('Call batches fetched successfully', items, total, page, limit) as never)
  })

  app.get('/call-batches/:batch_id', {
    schema: {
      tags: ['Call Batches'],
      summary: 'Get batch details',
      description: 'Full details and current status of one batch.',
      security,
      params: BatchIdParamsSchema,
      response: GetBatchResponses
    }
  }, async (request) => {
    const batchId = request.params.batch_id
    const detail = batches.findOwnedDetail(request.account!.account_id, batchId)
    if (detail === undefined) throw Errors.batchNotFound(batchId)
    return success('Call batch fetched successfully', detail)
  })

  app.get('/call-batches/:batch_id/calls', {
    schema: {
      tags: ['Call Batches'],
      summary: 'List batch calls',
      description: 'The calls of one batch in contact order. Filter by call status or by your contact ID (external_id).',
      security,
      params: BatchIdParamsSchema,
      querystring: ListCallsQuerySchema,
      response: ListCallsResponses
    }
  }, async (request, reply) => {
    const batch = ownedBatch(request.account!.account_id, request.params.batch_id)
    const { status, external_id: externalId, page, limit } = request.query
    const { items, total } = calls.callsPage(batch.schedule_id, { status: status as CallStatus | undefined, externalId }, page, limit, batch.total_contacts)
    return reply.type(JSON_TYPE).send(pageBody('Batch calls fetched successfully', items, total, page, limit) as never)
  })

  app.get('/call-batches/:batch_id/results', {
    schema: {
      tags: ['Call Batches'],
      summary: 'Get batch call results',
      description: 'Per-call results of one batch in contact order, every call included (unfinished ones with null outcomes).',
      security,
      params: BatchIdParamsSchema,
      querystring: ResultsQuerySchema,
      response: ResultsResponses
    }
  }, async (request, reply) => {
    const batch = ownedBatch(request.account!.account_id, request.params.batch_id)
    const { page, limit } = request.query
    const total = batch.total_contacts
    const items = (page - 1) * limit >= total ? [] : calls.resultsPage(batch.schedule_id, page, limit)
    return reply.type(JSON_TYPE).send(pageBody('Batch results fetched successfully', items, total, page, limit) as never)
  })
}

export default callBatchRoutes
