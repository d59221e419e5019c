/**
 * Endpoints the live API has and the docs do not (third-party client code calls them): the
 * account's agents, one call's result, a test call. Observed profile only: in the documented
 * profile each answers the 404 of an unknown route before anything else is looked at.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { BatchRecord, CallRecord } from '../../../core/model/records.js'
import { Errors } from '../errors.js'
import { techladderIds } from '../ids.js'
import { pageBody, success } from '../page-body.js'
import { agentItem, attemptAsCall, observedResultItem, transcriptSourceFor } from '../presenters.js'
import { observedOnly } from '../profile.js'
import {
  CallIdParamsSchema, CallResultResponses, ListAgentsQuerySchema, ListAgentsResponses, OBSERVED_ONLY, TestCallBodySchema,
  TestCallResponses, type CallResult, type TestCall
} from '../schemas/observed.js'
import { checkTestCallBody, isTestCall, TEST_CALL_KIND, type TechladderExtra } from '../test-calls.js'
import { handCheckedJsonBody } from '../../../http/validation.js'

const JSON_TYPE = 'application/json; charset=utf-8'
const security = [{ bearerAuth: [] }]
const tags = ['Observed']

const observedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts, batches, calls } = app.repos
  const ids = techladderIds(app.config.seed)

  app.get('/agents', {
    onRequest: observedOnly,
    schema: {
      tags,
      summary: 'List agents (observed profile)',
      description: `The account's agents, by agent_id: agent_id (Create Call Batch's agent_name), agent_name (the display name) and current_version (its version_name). ${OBSERVED_ONLY}`,
      security,
      querystring: ListAgentsQuerySchema,
      response: ListAgentsResponses
    }
  }, async (request, reply) => {
    const { page, limit } = request.query
    const all = accounts.listAgents(request.account!.account_id)
    const offset = (page - 1) * limit
    const items = all.slice(offset, offset + limit).map(a => JSON.stringify(agentItem(a))).join(',')
    return reply.type(JSON_TYPE).send(pageBody('Agents fetched successfully', items, all.length, page, limit) as never)
  })

  /**
   * The caller's call with this id: a batch call's latest attempt, an earlier attempt (a retried
   * call's old id answers the attempt as it ended), or a test call. Another account's call is not
   * found. Call ids are unique but for the docs' own example `call_a1b2c3d4`, which is in two
   * batches of acc_abc123: the most recently dialed call wins (the Results example, completed,
   * over the List Batch Calls example, never dialed), so the answer does not depend on row order.
   */
  const findCall = (accountId: string, callId: string): { call: CallRecord, batch: BatchRecord } | undefined => {
    const owned = calls.byCallId(callId)
      .map(call => ({ call, batch: batches.findOwned(accountId, call.batch_id) }))
      .filter((c): c is { call: CallRecord, batch: BatchRecord } => c.batch !== undefined)
    if (owned.length > 0) {
      // Stable: equal dial orders (never dialed) keep byCallId's newest-first order.
      return owned.sort((a, b) => (b.call.dialed_ord ?? 0) - (a.call.dialed_ord ?? 0))[0]
    }
    const attempt = calls.attemptByCallId(callId)
    if (attempt === undefined) return undefined
    const batch = batches.findOwned(accountId, attempt.batch_id)
    const call = batch === undefined ? undefined : calls.get(batch.schedule_id, attempt.seq)
    return batch === undefined || call === undefined ? undefined : { call: attemptAsCall(call, attempt), batch }
  }

  const resultOf = (call: CallRecord, batch: BatchRecord): CallResult => ({
    batch_id: isTestCall(batch) ? null : batch.schedule_id,
    ...observedResultItem(call, transcriptSourceFor(batch, app.config.seed))
  })

  app.get('/calls/:call_id/result', {
    onRequest: observedOnly,
    schema: {
      tags,
      summary: 'Get one call\'s result (observed profile)',
      description: `One call's result, in the observed results item's shape, with its batch_id (null for a test call). Any call of the account: a batch call (an earlier attempt of a retried call answers as it ended) or a test call. 404 for an unknown call or another account's. ${OBSERVED_ONLY}`,
      security,
      params: CallIdParamsSchema,
      response: CallResultResponses
    }
  }, async (request) => {
    const callId = request.params.call_id
    const found = findCall(request.account!.account_id, callId)
    if (found === undefined) throw Errors.callNotFound(callId)
    return success('Call result fetched successfully', resultOf(found.call, found.batch))
  })

  app.post('/calls/test', {
    onRequest: observedOnly,
    schema: {
      tags,
      summary: 'Place a test call (observed profile)',
      description: `Places one call to phone_number with the agent at once (test phone numbers end as docs/profiles.md lists). Read its result at GET /calls/{call_id}/result; it is not a batch and is never listed. Every body problem is listed in one 400. ${OBSERVED_ONLY}`,
      security,
      body: TestCallBodySchema,
      response: TestCallResponses
    },
    // The body is checked by hand: every problem in one 400 (see handCheckedJsonBody).
    ...handCheckedJsonBody(Errors.unsupportedMediaType)
  }, async (request, reply) => {
    const account = accounts.getAccount(request.account!.account_id)
    if (account === undefined) throw Errors.unauthorized()
    const check = checkTestCallBody(request.body as unknown)
    if (!check.ok) throw Errors.invalidBody(check.details)
    const input = check.value
    const agent = accounts.getAgent(account.account_id, input.agent_id)
    if (agent === undefined) throw Errors.agentNotFound(input.agent_id)
    const versionId = input.version_id ?? agent.current_version
    if (!new Set([agent.current_version, ...agent.versions]).has(versionId)) throw Errors.versionNotFound(versionId, agent.agent_id)
    const extra: TechladderExtra = { kind: TEST_CALL_KIND, channel: input.channel }
    const batch = app.simulation.create(account, agent, {
      version_id: versionId,
      voice: input.voice,
      did_number: null,
      interruption: false,
      use_alternate_number: false,
      start_mode: 'immediate',
      scheduled_ms: null,
      concurrency: 1,
      callback_url: null,
      deduplicate_by_phone: false,
      recording_enabled: input.recording_enabled,
      max_duration_seconds_per_call: null,
      metadata: null,
      extra: extra as Record<string, unknown>,
      contacts: [{ external_id: input.external_id, name: null, phone_number: input.phone_number, metadata: {} }]
    }, ids)
    const call = calls.get(batch.schedule_id, 1)
    if (call === undefined) throw Errors.internal()
    const data: TestCall = {
      call_id: call.call_id,
      agent_id: agent.agent_id,
      version_id: versionId,
      channel: input.channel,
      phone_number: call.phone_number,
      external_id: call.external_id,
      voice: batch.voice,
      recording_enabled: batch.recording_enabled,
      call_status: call.status as TestCall['call_status'],
      created_at: batch.created_at
    }
    return reply.code(201).send(success('Test call created successfully', data, 201))
  })
}

export default observedRoutes
