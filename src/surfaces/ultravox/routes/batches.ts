/**
 * Scheduled call batches under an agent: list, create (201), get, update (PATCH), delete (204), and
 * a batch's scheduled calls (the per-recipient queue, filtered by status) and created calls.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { BatchRecord, CallRecord } from '../../../core/model/records.js'
import type { DialedCall } from '../../../core/store/dialed.js'
import type { NewBatch } from '../../../core/simulation/engine.js'
import { BodyCache } from '../../../http/body-cache.js'
import { readCreate, readPatch, webhookProblem } from '../batch-body.js'
import { callContext } from '../context.js'
import { Errors } from '../errors.js'
import { UUID_PATTERN, ultravoxIds, webhookSecretFor } from '../ids.js'
import { jsonBody } from '../json-body.js'
import { destinationOf, isOutgoing } from '../medium.js'
import { lastValue, linkOrigin, paginate, queryOf } from '../pagination.js'
import {
  STATUS_SELECTIONS, agentRecords, batchExtra, batchJson, callJson, scheduledCallJson, type BatchExtra, type CallExtra
} from '../presenters.js'
import {
  AgentParamsSchema, BatchParamsSchema, CursorPageQuerySchema, PaginatedCallListSchema, PaginatedScheduledCallBatchListSchema,
  PaginatedScheduledCallListSchema, PatchedScheduledCallBatchSchema, ScheduledCallBatchCreateSchema, ScheduledCallBatchSchema,
  ScheduledCallStatusEnumSchema, ScheduledCallsQuerySchema, type ScheduledCallBatch, type ScheduledCallStatus
} from '../schemas.js'
import { windowProblem } from '../window.js'
import { TAGS, accountOf, errorResponses, ownedAgent, ownedBatch, security } from './shared.js'

/** A batch's place in the list: its creation time, then its id. */
type BatchKey = { createdAt: string, id: string }
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
/** Batch views kept at most (a few hundred bytes each). */
const VIEWS_KEPT = 10_000
const JSON_TYPE = 'application/json; charset=utf-8'
/** Built bodies of Get Batch and list pages kept per server (a page of 100 batches is ~30 KiB). */
const CACHE_BYTES = 16 * 1024 * 1024
const STATUSES = ScheduledCallStatusEnumSchema.enum as readonly ScheduledCallStatus[]

const batchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { batches, calls, dialed, versions } = app.repos
  const ids = ultravoxIds(app.config.seed)
  const ctx = callContext(app)
  // A batch's JSON, kept while the batch's change version is unchanged (every write to the batch or
  // its calls bumps it): repeated reads and list pages cost no per-status count or paused lookup.
  const views = new Map<string, { version: number, json: ScheduledCallBatch }>()
  const view = (b: BatchRecord): ScheduledCallBatch => {
    const version = versions.batch(b.schedule_id)
    const hit = views.get(b.schedule_id)
    if (hit !== undefined && hit.version === version) return hit.json
    const json = batchJson(b, calls.statusCounts(b.schedule_id), batches.isPaused(b.schedule_id))
    if (views.size >= VIEWS_KEPT) views.clear()
    views.set(b.schedule_id, { version, json })
    return json
  }
  // Whole bodies of the two hot reads (Get Batch, the list), kept while what they were built from
  // is unchanged (src/http/body-cache.ts). Nothing in them depends on the clock: they are the
  // records, plus, for a list page, the request's origin and URL (its links; its pageSize and
  // cursor), which are part of the key.
  const cache = new BodyCache(CACHE_BYTES, versions)
  /** The docs' example never changes: PATCH and DELETE are refused (decided: 403). */
  const changeable = (b: BatchRecord) => {
    if (b.frozen) throw Errors.permissionDenied('This batch is the documentation\'s example and cannot be changed.')
  }

  app.get('/agents/:agent_id/scheduled_batches', {
    schema: {
      tags: [TAGS.batches],
      summary: 'List scheduled call batches',
      description: 'The agent\'s batches, newest first (created, then batchId, descending).',
      security,
      params: AgentParamsSchema,
      querystring: CursorPageQuerySchema,
      response: { 200: PaginatedScheduledCallBatchListSchema, ...errorResponses(false) }
    }
  }, async (request, reply) => {
    const accountId = accountOf(request)
    // A cached page was built for this account after its agent was found: agents are never
    // removed (a state swap moves every version on), so a hit needs no agent lookup.
    const key = `l\u0000${linkOrigin(request)}\u0000${request.url}`
    const cached = cache.get(key, accountId)
    if (cached !== undefined) return reply.type(JSON_TYPE).send(cached as never)
    const agent = ownedAgent(app, request, request.params.agent_id)
    // One synchronous step: nothing changes between reading the versions and the records.
    const builtFrom = cache.fromList(accountId)
    const walk = { accountId, agentId: agent.agent_id }
    const page = paginate<BatchRecord, BatchKey>(request, {
      forward: (from, limit) => batches.walk({ ...walk, after: from === null ? undefined : { created_at: from.createdAt, schedule_id: from.id }, limit, order: 'desc' }),
      backward: (from, limit) => batches.walk({ ...walk, before: from === null ? undefined : { created_at: from.createdAt, schedule_id: from.id }, limit, order: 'asc' }),
      keyOf: (b) => ({ createdAt: b.created_at, id: b.schedule_id }),
      format: (k) => `${k.createdAt}|${k.id}`,
      parse: (p) => {
        const [createdAt, id] = p.split('|')
        return ISO.test(createdAt ?? '') && UUID_PATTERN.test(id ?? '') ? { createdAt, id } : undefined
      },
      total: () => batches.countLive(accountId, agent.agent_id)
    })
    for (const b of page.results) builtFrom.batches.push([b.schedule_id, versions.batch(b.schedule_id)])
    const body = Buffer.from(JSON.stringify({ ...page, results: page.results.map(view) }), 'utf8')
    cache.set(key, accountId, builtFrom, body)
    return reply.type(JSON_TYPE).send(body as never)
  })

  app.post('/agents/:agent_id/scheduled_batches', {
    schema: {
      tags: [TAGS.batches],
      summary: 'Create scheduled call batch',
      description: 'Creates a batch of calls for the agent to make within the window. `calls` is required (at least one) and write-only. `webhookUrl` is required when some call has a non-outgoing medium and refused otherwise; `webhookSecret` is generated when unset. A window too short for the batch is a 400 stating the estimated minimum window.',
      security,
      params: AgentParamsSchema,
      body: ScheduledCallBatchCreateSchema,
      response: { 201: ScheduledCallBatchSchema, ...errorResponses(true) }
    }
  }, async (request, reply) => {
    const agent = ownedAgent(app, request, request.params.agent_id)
    const input = readCreate(jsonBody(request), app.clock.now())
    const account = app.repos.accounts.getAccount(accountOf(request))!
    const now = app.clock.now()
    const startMs = input.windowStart === undefined || input.windowStart === null || input.windowStart.ms <= now ? null : input.windowStart.ms
    const nonOutgoing = input.calls.some(c => !isOutgoing(c.medium))
    const webhookUrl = input.webhookUrl ?? null
    const extra: BatchExtra = {
      windowStart: input.windowStart?.text ?? null,
      windowEnd: input.windowEnd?.text ?? null,
      webhookUrl,
      throttle: input.throttle ?? null,
      nonOutgoing
    }
    const newBatch: NewBatch = {
      version_id: agent.current_version,
      voice: null,
      did_number: null,
      interruption: false,
      use_alternate_number: false,
      start_mode: startMs === null ? 'immediate' : 'scheduled',
      scheduled_ms: startMs,
      concurrency: 5,
      callback_url: null,
      deduplicate_by_phone: false,
      recording_enabled: agentRecords(agent),
      max_duration_seconds_per_call: null,
      metadata: null,
      window_end_ms: input.windowEnd?.ms ?? null,
      paused: input.paused ?? false,
      extra: extra as Record<string, unknown>,
      contacts: input.calls.map((c, i) => {
        const context = c.templateContext as Record<string, unknown> | null
        const name = typeof context === 'object' && context !== null && !Array.isArray(context) && typeof context.customerName === 'string' ? context.customerName : null
        const callExtra: CallExtra = { medium: c.medium, metadataNull: c.metadata === null, templateContext: c.templateContext, experimentalSettings: c.experimentalSettings }
        return { external_id: String(i + 1), name, phone_number: destinationOf(c.medium), metadata: c.metadata ?? {}, extra: callExtra as Record<string, unknown> }
      })
    }
    const created = app.db.transaction(() => {
      const b = app.simulation.create(account, agent, newBatch, ids)
      // Generated when unset (the secret names the batch, so it is set once the id exists).
      const secret = input.webhookSecret ?? (webhookUrl === null ? null : webhookSecretFor(app.config.seed, b.schedule_id))
      if (secret !== null) batches.update({ ...batches.findById(b.schedule_id)!, webhook_secret: secret })
      return batches.findById(b.schedule_id)!
    })()
    return reply.code(201).send(view(created))
  })

  app.get('/agents/:agent_id/scheduled_batches/:batch_id', {
    schema: {
      tags: [TAGS.batches],
      summary: 'Get scheduled call batch',
      security,
      params: BatchParamsSchema,
      response: { 200: ScheduledCallBatchSchema, ...errorResponses(false) }
    }
  }, async (request, reply) => {
    const { agent_id: agentId, batch_id: batchId } = request.params
    const accountId = accountOf(request)
    // Built once the batch was found under this agent for this account; its agent never changes.
    const key = `g\u0000${agentId}\u0000${batchId}`
    let body = cache.get(key, accountId)
    if (body === undefined) {
      const from = cache.fromBatch(batchId)
      body = Buffer.from(JSON.stringify(view(ownedBatch(app, request, agentId, batchId))), 'utf8')
      cache.set(key, accountId, from, body)
    }
    return reply.type(JSON_TYPE).send(body as never)
  })

  app.patch('/agents/:agent_id/scheduled_batches/:batch_id', {
    schema: {
      tags: [TAGS.batches],
      summary: 'Update scheduled call batch',
      description: 'Partial update: `paused` (false resumes), the window (checked against the calls still waiting), the webhook fields, `throttle`. `calls` cannot be changed.',
      security,
      params: BatchParamsSchema,
      body: PatchedScheduledCallBatchSchema,
      response: { 200: ScheduledCallBatchSchema, ...errorResponses(true) }
    }
  }, async (request) => {
    const batch = ownedBatch(app, request, request.params.agent_id, request.params.batch_id)
    const patch = readPatch(jsonBody(request))
    changeable(batch)
    const id = batch.schedule_id
    const x = batchExtra(batch)
    const now = app.clock.now()
    const rules: Record<string, string[]> = {}
    if ('webhookUrl' in patch) {
      const problem = webhookProblem(x.nonOutgoing === true || x.seedMedium !== undefined, patch.webhookUrl ?? null)
      if (problem !== null) rules.webhookUrl = [problem]
    }
    const windowChanged = 'windowStart' in patch || 'windowEnd' in patch
    if (windowChanged) {
      const waiting = calls.count(id, { statuses: ['pending', 'queued'] })
      const currentStart = x.windowStart !== undefined ? x.windowStart : batch.scheduled_at
      const currentEnd = batch.window_end_at
      const startMs = 'windowStart' in patch ? patch.windowStart?.ms ?? null : currentStart === null ? null : Date.parse(currentStart)
      const endMs = 'windowEnd' in patch ? patch.windowEnd?.ms ?? null : currentEnd === null ? null : Date.parse(currentEnd)
      const problem = windowProblem(waiting, now, startMs, endMs)
      if (problem !== null) rules.windowEnd = [problem]
    }
    if (Object.keys(rules).length > 0) throw Errors.invalid(rules)
    const updated = app.db.transaction(() => {
      const fresh = batches.findById(id)!
      const next: BatchExtra = { ...batchExtra(fresh) }
      if ('throttle' in patch) next.throttle = patch.throttle ?? null
      if ('webhookUrl' in patch) next.webhookUrl = patch.webhookUrl ?? null
      if ('windowStart' in patch) next.windowStart = patch.windowStart?.text ?? null
      if ('windowEnd' in patch) next.windowEnd = patch.windowEnd?.text ?? null
      let secret = 'webhookSecret' in patch ? patch.webhookSecret ?? null : fresh.webhook_secret
      if (secret === null && (next.webhookUrl ?? null) !== null) secret = webhookSecretFor(app.config.seed, id)
      batches.update({ ...fresh, extra: next as Record<string, unknown>, webhook_secret: secret })
      if (windowChanged) {
        const change: { startMs?: number | null, windowEndMs?: number | null } = {}
        if ('windowStart' in patch) change.startMs = patch.windowStart === null || patch.windowStart === undefined || patch.windowStart.ms <= now ? null : patch.windowStart.ms
        if ('windowEnd' in patch) change.windowEndMs = patch.windowEnd?.ms ?? null
        app.simulation.reschedule(id, change)
      }
      if (patch.paused !== undefined) app.simulation.pause(id, patch.paused)
      return batches.findById(id)!
    })()
    return view(updated)
  })

  app.delete('/agents/:agent_id/scheduled_batches/:batch_id', {
    schema: {
      tags: [TAGS.batches],
      summary: 'Delete scheduled call batch',
      description: 'The batch is gone (404 afterwards) and nothing more is dialed; calls already created run to their end and stay readable at /api/calls/{call_id}.',
      security,
      params: BatchParamsSchema,
      response: { 204: Type.Null({ description: 'No response body' }), ...errorResponses(false) }
    }
  }, async (request, reply) => {
    const batch = ownedBatch(app, request, request.params.agent_id, request.params.batch_id)
    changeable(batch)
    app.simulation.remove(batch.schedule_id)
    return reply.code(204).send(undefined as never)
  })

  app.get('/agents/:agent_id/scheduled_batches/:batch_id/scheduled_calls', {
    schema: {
      tags: [TAGS.batches],
      summary: 'List scheduled calls',
      description: 'The batch\'s calls in upload order, with their status: FUTURE (waiting), PENDING (being created), SUCCESS (created: callId), EXPIRED (the window closed first), ERROR (could not be created: error).',
      security,
      params: BatchParamsSchema,
      querystring: ScheduledCallsQuerySchema,
      response: { 200: PaginatedScheduledCallListSchema, ...errorResponses(true) }
    }
  }, async (request) => {
    const batch = ownedBatch(app, request, request.params.agent_id, request.params.batch_id)
    const q = queryOf(request)
    const status = lastValue(q, 'status') ?? ''
    if (status !== '' && !STATUSES.includes(status as ScheduledCallStatus)) {
      throw Errors.invalid({ status: [`Select a valid choice. ${status} is not one of the available choices.`] })
    }
    const selection = status === '' ? {} : STATUS_SELECTIONS[status as ScheduledCallStatus]
    const id = batch.schedule_id
    const page = paginate<CallRecord, number>(request, {
      forward: (from, limit) => calls.walk(id, { ...selection, afterSeq: from ?? undefined, limit, order: 'asc' }),
      backward: (from, limit) => calls.walk(id, { ...selection, beforeSeq: from ?? undefined, limit, order: 'desc' }),
      keyOf: (c) => c.seq,
      format: (k) => String(k),
      parse: (p) => /^\d{1,15}$/.test(p) ? Number(p) : undefined,
      total: () => calls.count(id, selection)
    }, q)
    return { ...page, results: page.results.map(c => scheduledCallJson(batch, c)) }
  })

  app.get('/agents/:agent_id/scheduled_batches/:batch_id/created_calls', {
    schema: {
      tags: [TAGS.batches],
      summary: 'List created calls',
      description: 'The calls the batch created, newest first (order of creation).',
      security,
      params: BatchParamsSchema,
      querystring: CursorPageQuerySchema,
      response: { 200: PaginatedCallListSchema, ...errorResponses(false) }
    }
  }, async (request) => {
    const batch = ownedBatch(app, request, request.params.agent_id, request.params.batch_id)
    const base = { accountId: accountOf(request), batchId: batch.schedule_id, placedOnly: true, startedOnly: true }
    const page = paginate<DialedCall, number>(request, {
      forward: (from, limit) => dialed.list({ ...base, before: from ?? undefined, limit, order: 'desc' }),
      backward: (from, limit) => dialed.list({ ...base, after: from ?? undefined, limit, order: 'asc' }),
      keyOf: (c) => c.dialed_ord!,
      format: (k) => String(k),
      parse: (p) => /^\d{1,15}$/.test(p) ? Number(p) : undefined,
      total: () => dialed.count(base)
    })
    return { ...page, results: page.results.map(c => callJson(batch, c, ctx)) }
  })
}

export default batchRoutes
