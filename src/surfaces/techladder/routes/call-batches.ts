import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { BatchStatus, CallStatus } from '../../../core/model/records.js'
import { BodyCache } from '../../../http/body-cache.js'
import { Errors } from '../errors.js'
import { pageBody, success } from '../page-body.js'
import { callItemJson, transcriptSourceFor } from '../presenters.js'
import { viewOf } from '../profile.js'
import { isTestCall, UNLISTED } from '../test-calls.js'
import { BatchIdParamsSchema, GetBatchResponses, ListBatchesQuerySchema, ListBatchesResponses } from '../schemas/batch.js'
import { ListCallsQuerySchema, ListCallsResponses, ResultsQuerySchema, ResultsResponses } from '../schemas/call.js'

const JSON_TYPE = 'application/json; charset=utf-8'
const security = [{ bearerAuth: [] }]
/** Built bodies kept per server; a results page of 500 is ~330 KiB. */
const CACHE_BYTES = 32 * 1024 * 1024

/**
 * The documented read endpoints of call batches, in either profile (the shapes that differ come
 * from the profile's view; cached bodies are kept per profile). The guard (auth, rate limit) has
 * run already.
 */
const callBatchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { batches, calls, versions } = app.repos
  const cache = new BodyCache(CACHE_BYTES, versions)

  /**
   * The caller's batch, or the documented 404 (also for another account's batch: never a 403). A
   * test call's batch is no batch to the client: it is found by its call id only.
   */
  const ownedBatch = (accountId: string, batchId: string) => {
    const batch = batches.findOwned(accountId, batchId)
    if (batch === undefined || isTestCall(batch)) throw Errors.batchNotFound(batchId)
    return batch
  }

  app.get('/call-batches', {
    schema: {
      tags: ['Call Batches'],
      summary: 'List all call batches',
      description: 'A page of the account\'s batches, newest first (created_at, then schedule_id, descending). Filter by agent ID, status, or both. The observed profile adds batch_id to each item. Test calls (POST /calls/test) are not batches and are never listed.',
      security,
      querystring: ListBatchesQuerySchema,
      response: ListBatchesResponses
    }
  }, async (request, reply) => {
    const { agent_id: agentId, status, page, limit } = request.query
    const accountId = request.account!.account_id
    const view = viewOf(request)
    const key = `l\u0000${view.profile}\u0000${accountId}\u0000${agentId ?? ''}\u0000${status ?? ''}\u0000${page}\u0000${limit}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      const from = cache.fromList(accountId)
      const { items, total } = batches.list({ accountId, agentId, status: status as BatchStatus | undefined, unlisted: UNLISTED, offset: (page - 1) * limit, limit })
      body = pageBody('Call batches fetched successfully', items.map(view.batchListItemJson).join(','), total, page, limit)
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
  })

  app.get('/call-batches/:batch_id', {
    schema: {
      tags: ['Call Batches'],
      summary: 'Get batch details',
      description: 'Full details and current status of one batch. The observed profile adds batch_id (the same value as schedule_id), as the live API does.',
      security,
      params: BatchIdParamsSchema,
      response: GetBatchResponses
    }
  }, async (request, reply) => {
    const batchId = request.params.batch_id
    const accountId = request.account!.account_id
    const view = viewOf(request)
    const key = `g\u0000${view.profile}\u0000${batchId}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      const from = cache.fromBatch(batchId)
      body = Buffer.from(JSON.stringify(success('Call batch fetched successfully', view.batchDetail(ownedBatch(accountId, batchId)))), 'utf8')
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
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
    const accountId = request.account!.account_id
    const batch = ownedBatch(accountId, request.params.batch_id)
    const { status, external_id: externalId, page, limit } = request.query
    const offset = (page - 1) * limit
    const message = 'Batch calls fetched successfully'
    if (status === undefined && externalId === undefined) {
      const key = `c\u0000${batch.schedule_id}\u0000${page}\u0000${limit}`
      let body = cache.get(key, accountId)
      if (body === undefined) {
        const from = cache.fromBatch(batch.schedule_id)
        const total = batch.total_contacts
        const items = offset >= total ? '' : calls.page(batch.schedule_id, offset, limit).map(callItemJson).join(',')
        body = pageBody(message, items, total, page, limit)
        cache.set(key, accountId, from, body)
      }
      return reply.type(JSON_TYPE).send(body as never)
    }
    const { rows, total } = calls.filteredPage(batch.schedule_id, { status: status as CallStatus | undefined, externalId }, offset, limit)
    return reply.type(JSON_TYPE).send(pageBody(message, rows.map(callItemJson).join(','), total, page, limit) as never)
  })

  app.get('/call-batches/:batch_id/results', {
    schema: {
      tags: ['Call Batches'],
      summary: 'Get batch call results',
      description: 'Per-call results of one batch in contact order, every call included (unfinished ones with null outcomes). The observed profile names some fields as the live API does (call_status, completed_at, recording_available, llm_transcript) and adds the batch status to data.',
      security,
      params: BatchIdParamsSchema,
      querystring: ResultsQuerySchema,
      response: ResultsResponses
    }
  }, async (request, reply) => {
    const accountId = request.account!.account_id
    const batch = ownedBatch(accountId, request.params.batch_id)
    const { page, limit } = request.query
    const view = viewOf(request)
    const key = `r\u0000${view.profile}\u0000${batch.schedule_id}\u0000${page}\u0000${limit}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      const from = cache.fromBatch(batch.schedule_id)
      const total = batch.total_contacts
      const offset = (page - 1) * limit
      const source = transcriptSourceFor(batch, app.config.seed)
      const items = offset >= total ? '' : calls.page(batch.schedule_id, offset, limit).map(r => view.resultItemJson(r, source)).join(',')
      body = pageBody('Batch results fetched successfully', items, total, page, limit, view.resultsTail(batch))
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
  })
}

export default callBatchRoutes
