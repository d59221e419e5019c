/**
 * Call batches: create (C1), list (C2), get with recipients (C3), cancel (C4), retry (C5). The
 * guard (auth, rate limit, Cartesia-Version) has run already.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { NewBatch } from '../../../core/simulation/engine.js'
import { checkCreateBody } from '../create-body.js'
import { Errors } from '../errors.js'
import { cartesiaIds } from '../ids.js'
import { cursorPage } from '../pagination.js'
import { countsOf, metadataOfRow, recipientView, type BatchExtra, type RecipientExtra } from '../presenters.js'
import {
  AgentCallBatchRequestSchema, BatchActionResponses, BatchIdParamsSchema, CreateBatchResponses, GetBatchResponses,
  ListBatchesResponses, ListCallBatchesQuerySchema, VersionHeadersSchema
} from '../schemas.js'
import { TAG, ownedBatch, presentBatch } from './common.js'
import { BodyCache } from '../../../http/body-cache.js'
import { handCheckedJsonBody } from '../../../http/validation.js'

/**
 * A batch without `scheduled_at` is admitted this long after it is created, on the simulation
 * clock: the create response shows it `pending` with nothing dispatched, as the guide's example
 * does, and dispatch begins a moment later.
 */
export const ADMISSION_DELAY_MS = 1000

const JSON_TYPE = 'application/json; charset=utf-8'
/** Built bodies kept per server (a batch with 5,000 recipients is ~1.2 MB). */
const CACHE_BYTES = 32 * 1024 * 1024

const batchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts, batches, calls, versions } = app.repos
  const ids = cartesiaIds(app.config.seed)
  const cache = new BodyCache(CACHE_BYTES, versions)

  /** A documented example batch never changes: cancel and retry are refused (the core refuses too). */
  const refuseFrozen = (b: { frozen: boolean, schedule_id: string }, action: string) => {
    if (b.frozen) throw Errors.invalidRequest(`Call batch ${b.schedule_id} is a documented example and cannot be ${action}`)
  }

  app.post('/calls/batches', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Create a call batch',
      description: 'Queues 1 to 5,000 recipients for one agent and one from-number. The batch is created `pending`; dispatch begins a second later, or at `scheduled_at` (in the future and within 30 days). Every body problem is listed in one 400; an unknown agent or phone number is a 404.',
      body: AgentCallBatchRequestSchema,
      response: CreateBatchResponses
    },
    // The body is checked by hand: every problem in one 400 (see handCheckedJsonBody).
    ...handCheckedJsonBody(Errors.unsupportedMediaType)
  }, async (request, reply) => {
    const account = accounts.getAccount(request.account!.account_id)
    if (account === undefined) throw Errors.invalidKey()
    const check = checkCreateBody(request.body as unknown, account, app.clock.now())
    if (!check.ok) throw Errors.invalidFields(check.details)
    const input = check.value
    const agent = accounts.getAgent(account.account_id, input.agent_id)
    if (agent === undefined) throw Errors.agentNotFound(input.agent_id)
    const number = accounts.getPhoneNumber(account.account_id, input.from_number_id)
    if (number === undefined) throw Errors.phoneNumberNotFound(input.from_number_id)
    if (input.region !== null && number.kind !== 'sip_trunk') {
      throw Errors.invalidRequest(`region: Can be set only when from_number_id is a SIP-trunk number; ${number.number_id} is not`)
    }
    const extra: BatchExtra = {
      region: input.region ?? 'US',
      ringing_timeout_seconds: input.ringing_timeout_seconds,
      max_call_duration_minutes: input.max_call_duration_minutes,
      dispatch: input.scheduled_ms === null ? 'immediate' : 'scheduled'
    }
    const batch: NewBatch = {
      version_id: agent.current_version,
      voice: null,
      did_number: number.number,
      interruption: false,
      use_alternate_number: false,
      start_mode: 'scheduled',
      scheduled_ms: input.scheduled_ms ?? app.clock.now() + ADMISSION_DELAY_MS,
      concurrency: input.target_concurrency_limit,
      callback_url: null,
      // Cartesia keeps every recipient, the same number twice included.
      deduplicate_by_phone: false,
      recording_enabled: true,
      max_duration_seconds_per_call: input.max_call_duration_minutes * 60,
      metadata: null,
      contacts: input.recipients.map((r, i) => ({
        external_id: String(i + 1),
        name: null,
        phone_number: r.to_number,
        metadata: {},
        extra: { metadata: r.metadata } satisfies RecipientExtra
      })),
      name: input.name,
      from_number_id: number.number_id,
      extra: { ...extra }
    }
    const created = app.simulation.create(account, agent, batch, ids)
    return reply.code(201).send(presentBatch(app, batches.findById(created.schedule_id) ?? created))
  })

  app.get('/calls/batches', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'List call batches',
      description: 'The organization\'s batches, newest first, without recipients. Stripe-style cursors: `starting_after` / `ending_before` take a batch id; `has_more` says whether more exist in the direction of travel.',
      querystring: ListCallBatchesQuerySchema,
      response: ListBatchesResponses
    }
  }, async (request, reply) => {
    const accountId = request.account!.account_id
    const { agent_id: agentId, starting_after: after, ending_before: before, limit } = request.query
    if (after !== undefined && before !== undefined) throw Errors.invalidRequest('starting_after and ending_before cannot be combined')
    const cursorId = after ?? before
    const cursor = cursorId === undefined ? undefined : batches.findOwned(accountId, cursorId)
    if (cursorId !== undefined && cursor === undefined) {
      throw Errors.invalidRequest(`${after !== undefined ? 'starting_after' : 'ending_before'}: No call batch ${cursorId} in this organization`)
    }
    const key = `l\u0000${agentId ?? ''}\u0000${after ?? ''}\u0000${before ?? ''}\u0000${limit}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      // One synchronous step: nothing changes between reading the records and their versions.
      const from = cache.fromList(accountId)
      const backward = before !== undefined
      const page = cursorPage(backward ? 'backward' : 'forward', limit,
        n => batches.walk({ accountId, agentId, after: backward ? undefined : cursor, before: backward ? cursor : undefined, limit: n, order: backward ? 'asc' : 'desc' }),
        b => b.schedule_id)
      for (const b of page.data) from.batches.push([b.schedule_id, versions.batch(b.schedule_id)])
      body = Buffer.from(JSON.stringify({ data: page.data.map(b => presentBatch(app, b)), next_page: page.next_page, has_more: page.has_more }), 'utf8')
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
  })

  app.get('/calls/batches/:batch_id', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Get a call batch',
      description: 'The batch with its recipients (in the order they were given).',
      params: BatchIdParamsSchema,
      response: GetBatchResponses
    }
  }, async (request, reply) => {
    const accountId = request.account!.account_id
    const batchId = request.params.batch_id
    const key = `g\u0000${batchId}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      const from = cache.fromBatch(batchId)
      const b = ownedBatch(app, accountId, batchId)
      // The rows as stored (no parse of what recipients do not show).
      const recipients = calls.page(b.schedule_id, 0, Number.MAX_SAFE_INTEGER).map(row => recipientView(b, { ...row, metadata: metadataOfRow(row) }))
      body = Buffer.from(JSON.stringify({ ...presentBatch(app, b), recipients }), 'utf8')
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
  })

  app.post('/calls/batches/:batch_id/cancel', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Cancel a call batch',
      description: 'Idempotent. Queued recipients become `cancelled`; calls in flight finish. A batch whose recipients were all dispatched already is left as it is (`completed`).',
      params: BatchIdParamsSchema,
      response: BatchActionResponses
    }
  }, async (request) => {
    const b = ownedBatch(app, request.account!.account_id, request.params.batch_id)
    refuseFrozen(b, 'cancelled')
    const undispatched = countsOf(b, calls.statusCounts(b.schedule_id)).queued > 0
    if (undispatched && (b.status === 'pending' || b.status === 'active')) app.simulation.cancel(b.schedule_id, 'finish')
    return presentBatch(app, batches.findById(b.schedule_id) ?? b)
  })

  app.post('/calls/batches/:batch_id/retry', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Retry a call batch',
      description: 'Queues every failed or unanswered recipient again (completed ones are untouched); each new attempt is a new call. `retry_count` goes up by 1 when at least one recipient is queued again. A cancelled batch cannot be retried (400).',
      params: BatchIdParamsSchema,
      response: BatchActionResponses
    }
  }, async (request) => {
    const b = ownedBatch(app, request.account!.account_id, request.params.batch_id)
    refuseFrozen(b, 'retried')
    if (b.status === 'cancelled') throw Errors.invalidRequest(`Call batch ${b.schedule_id} is cancelled and cannot be retried`)
    app.simulation.retry(b.schedule_id, ids)
    return presentBatch(app, batches.findById(b.schedule_id) ?? b)
  })
}

export default batchRoutes
