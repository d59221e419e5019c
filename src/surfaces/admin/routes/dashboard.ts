/**
 * The control API's overview: what the dashboard (/__admin/ui) shows, read by the typed client the
 * same way. Every provider's batches in one list with their call counts, a batch's calls as the
 * core keeps them, a batch's timeline, and the clock's next due event (and a move to it). Built on
 * the core's records only, never on one provider's JSON; every read is a page or a count
 * (`call_status_counts`), never a scan of a batch's calls (the timeline keeps itself up to date from
 * the dial order: src/core/store/timeline.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DomainErrors } from '../../../core/model/errors.js'
import type { CallStatus, CallRecord } from '../../../core/model/records.js'
import { isoSeconds } from '../../../core/simulation/clock.js'
import type { NextDue } from '../../../core/simulation/engine.js'
import type { CallPageRow } from '../../../core/store/calls.js'
import { createBatchOverview, type OverviewRow } from '../../../core/store/overview.js'
import { createTimelines } from '../../../core/store/timeline.js'
import { success } from '../../techladder/page-body.js'
import { ADMIN_TAG } from '../schemas/admin.js'
import {
  BatchCallsParamsSchema, BatchCallsQuerySchema, BatchCallsResponses, BatchesQuerySchema, BatchesResponses, ClockJumpResponses,
  ClockNextResponses, TimelineQuerySchema, TimelineResponses, type BatchOverview, type NextEvent
} from '../schemas/dashboard.js'
import { waitAsLongAsItTakes } from './simulation.js'

const tags = [ADMIN_TAG]

const FAILED: readonly CallStatus[] = ['failed', 'no_answer', 'busy', 'expired']
const IN_FLIGHT: readonly CallStatus[] = ['queued', 'ringing', 'in_progress']

/** Call counts grouped for a progress bar: completed, failed (every unsuccessful end), in flight, not dialed. */
export function progressOf (counts: Partial<Record<CallStatus, number>>) {
  const sum = (statuses: readonly CallStatus[]) => statuses.reduce((n, s) => n + (counts[s] ?? 0), 0)
  return { completed: counts.completed ?? 0, failed: sum(FAILED), in_flight: sum(IN_FLIGHT), pending: counts.pending ?? 0 }
}

const callRecord = (r: CallPageRow): CallRecord => ({
  ...r,
  outcomes: JSON.parse(r.outcomes) as Record<string, string>,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  recording_available: r.recording_available === 1,
  extra: r.extra === null ? null : JSON.parse(r.extra) as Record<string, unknown>
})

const nextEventView = (n: NextDue | null): NextEvent | null => n === null
  ? null
  : {
      at: isoSeconds(n.atMs),
      at_ms: n.atMs,
      source: n.source,
      kind: n.kind,
      batch_id: n.batchId,
      call_seq: n.seq,
      event_id: n.source === 'webhook' ? n.eventId : null
    }

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const overview = createBatchOverview(app.db)
  const timelines = createTimelines(app.db, (batchId, seq) => {
    const b = app.repos.batches.findById(batchId)
    const c = app.repos.calls.get(batchId, seq)
    return b === undefined || c === undefined ? null : app.simulation.answeredAt(b, c)
  })
  const forget = () => timelines.forget()
  app.storeEvents.on('state-replaced', forget)
  app.addHook('onClose', async () => { app.storeEvents.off('state-replaced', forget) })

  const mustFind = (batchId: string) => {
    const b = app.repos.batches.findById(batchId)
    if (b === undefined) throw DomainErrors.batchNotFound(batchId)
    return b
  }

  const overviewItem = (r: OverviewRow, counts: Partial<Record<CallStatus, number>>): BatchOverview => {
    const next = app.simulation.nextEventAt(r.schedule_id)
    return {
      batch_id: r.schedule_id,
      provider: r.provider,
      account_id: r.account_id,
      agent_id: r.agent_id,
      agent_name: r.agent_name,
      name: r.name,
      status: r.status,
      paused: r.paused,
      frozen: r.frozen,
      start_mode: r.start_mode,
      concurrency: r.concurrency,
      total_contacts: r.total_contacts,
      completed_contacts: r.completed_contacts,
      failed_contacts: r.failed_contacts,
      pending_contacts: r.pending_contacts,
      call_counts: counts as Record<string, number>,
      progress: progressOf(counts),
      retry_count: r.retry_count,
      callback_url: r.callback_url,
      created_at: r.created_at,
      scheduled_at: r.scheduled_at,
      started_at: r.started_at,
      updated_at: r.updated_at,
      drained_at: r.drained_at,
      window_end_at: r.window_end_at,
      deleted_at: r.deleted_at,
      next_event_at: next === null ? null : isoSeconds(next)
    }
  }

  app.get('/batches', {
    schema: {
      tags,
      summary: 'Every provider\'s batches, newest first: counters, per-status call counts, paused, next event; filter by provider, account_id, status',
      description: 'One page of the batches of every account (TechLadder, Cartesia and Ultravox alike, as the core keeps them). ' +
        'Call counts come from the per-batch status counts, never from counting calls: a page costs the same with a million calls. ' +
        'Deleted batches are left out unless include_deleted=true.',
      querystring: BatchesQuerySchema,
      response: BatchesResponses
    }
  }, async (request) => {
    const { provider, account_id: accountId, status, include_deleted: includeDeleted, page, limit } = request.query
    const { rows, total } = overview.list({
      provider: provider as OverviewRow['provider'] | undefined,
      accountId,
      status: status as OverviewRow['status'] | undefined,
      includeDeleted: includeDeleted === true,
      offset: (page - 1) * limit,
      limit
    })
    const counts = overview.statusCounts(rows.map(r => r.schedule_id))
    const items = rows.map(r => overviewItem(r, counts.get(r.schedule_id) ?? {}))
    return success('Batches fetched successfully', { items, total, page, limit, has_more: page * limit < total })
  })

  app.get('/batches/:batch_id/calls', {
    schema: {
      tags,
      summary: 'A batch\'s calls (latest attempts) in contact order, as the core keeps them; filter by status',
      description: 'Any provider\'s batch. Unfiltered pages are a range of the batch\'s contact order; totals come from the per-status counts.',
      params: BatchCallsParamsSchema,
      querystring: BatchCallsQuerySchema,
      response: BatchCallsResponses
    }
  }, async (request) => {
    const batchId = request.params.batch_id
    mustFind(batchId)
    const { status, page, limit } = request.query
    const offset = (page - 1) * limit
    let rows: CallPageRow[]
    let total: number
    if (status === undefined) {
      total = Object.values(app.repos.calls.statusCounts(batchId)).reduce((n, c) => n + (c ?? 0), 0)
      rows = offset >= total ? [] : app.repos.calls.page(batchId, offset, limit)
    } else {
      ({ rows, total } = app.repos.calls.filteredPage(batchId, { status: status as CallStatus }, offset, limit))
    }
    return success('Calls fetched successfully', { items: rows.map(callRecord), total, page, limit, has_more: page * limit < total })
  })

  app.get('/batches/:batch_id/timeline', {
    schema: {
      tags,
      summary: 'A batch\'s calls dialed, answered and ended over simulated time, in at most `buckets` equal intervals',
      description: 'Kept up to date from the order calls were dialed in: a read costs what changed since the last one (the first read of a large batch walks its dialed calls once).',
      params: BatchCallsParamsSchema,
      querystring: TimelineQuerySchema,
      response: TimelineResponses
    }
  }, async (request) => {
    const batchId = request.params.batch_id
    const b = mustFind(batchId)
    const now = app.clock.now()
    const t = await timelines.get(batchId, request.query.buckets, now)
    return success('Timeline fetched successfully', {
      batch_id: batchId,
      status: b.status,
      paused: app.simulation.isPaused(batchId),
      concurrency: b.concurrency,
      now: isoSeconds(now),
      from: t.fromMs === null ? null : isoSeconds(t.fromMs),
      bucket_seconds: Math.round(t.bucketMs / 1000),
      buckets: t.buckets.map(x => ({ start: isoSeconds(x.startMs), dialed: x.dialed, answered: x.answered, ended: x.ended, in_flight: x.inFlight })),
      totals: { dialed: t.totals.dialed, answered: t.totals.answered, ended: t.totals.ended, in_flight: t.totals.inFlight },
      peak_in_flight: t.peakInFlight
    })
  })

  const clockNext = () => {
    const s = app.clock.state()
    return { mode: s.mode, speed: s.speed, time: isoSeconds(s.time), time_ms: s.time, next_event: nextEventView(app.simulation.nextDue()) }
  }

  app.get('/clock/next-event', {
    schema: {
      tags,
      summary: 'The clock and the next thing due anywhere: a batch\'s or call\'s next step, or a webhook attempt',
      response: ClockNextResponses
    }
  }, async () => success('Clock fetched successfully', clockNext()))

  app.post('/clock/advance-to-next-event', {
    schema: {
      tags,
      summary: 'Advance the clock to the next due event (everything due at that instant is processed); nothing due: the clock stays',
      response: ClockJumpResponses
    }
  }, async (request) => {
    const next = app.simulation.nextDue()
    if (next !== null) {
      waitAsLongAsItTakes(request)
      // Already due (made due at the current instant, not processed yet): a move of 0 processes it.
      await app.clock.advanceTo(Math.max(next.atMs, app.clock.now()))
    }
    return success(next === null ? 'Nothing is due: the clock did not move' : 'Clock advanced to the next due event', { ...clockNext(), reached: nextEventView(next) })
  })
}

export default dashboardRoutes
