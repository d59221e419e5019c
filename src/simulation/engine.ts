/**
 * The simulated dialer. Event-driven: every future state change is a row of `sim_events`
 * (due time, batch, call seq, kind), processed in (due_ms, id) order, so the queue survives a
 * restart with a file database and the same clock moves always give the same results.
 *
 * A batch runs while `active` and not paused: at most `concurrency` of its calls are in flight
 * (queued, ringing, in_progress); when one ends, the next pending call is dialed. Each call goes
 * pending -> queued -> ringing -> (in_progress) -> completed | failed | no_answer | busy, then a
 * completed call's transcript and analysis go processing -> ready. Batch counters are recomputed
 * from the per-status call counts at every change, so total = completed + failed + pending holds
 * at every instant. Documented (frozen) batches are never touched; seeded synthetic batches are
 * snapshots that only move when the control API starts, resumes, cancels or fails them.
 */
import type { Db } from '../db/database.js'
import { isoSeconds, type SimClock } from '../clock.js'
import { Errors } from '../errors.js'
import type { Repositories } from '../repositories/index.js'
import { batchDetail, counterFor, notStartedCall, resultItem, type AccountRecord, type AgentRecord, type BatchRecord, type CallRecord } from '../repositories/records.js'
import type { CallStatus } from '../schemas/call.js'
import type { CreateInput } from '../batches/validate-create.js'
import type { EventType, WebhookDispatcher } from '../webhooks/dispatcher.js'
import { FateSource } from './fate.js'
import { batchIdCandidate, callIdFor } from './random.js'

export type EventKind = 'batch.start' | 'call.ring' | 'call.answer' | 'call.end' | 'call.transcript' | 'call.analysis'

interface EventRow {
  id: number
  due_ms: number
  batch_id: string
  seq: number | null
  kind: EventKind
}

/** Events that move a batch's dialing forward (deleted on cancel/fail); post-call processing goes on. */
const CHAIN_KINDS = "('batch.start', 'call.ring', 'call.answer', 'call.end')"
const IN_FLIGHT: readonly CallStatus[] = ['queued', 'ringing', 'in_progress']
/** Events processed per transaction at most (readers get a turn between chunks). */
const CHUNK = 250
const TICK_MS = 100

/** Lets pending requests run between chunks, so a long catch-up never blocks reads for long. */
const yieldToRequests = () => new Promise<void>(resolve => setImmediate(resolve))

export type Transition = 'start' | 'pause' | 'resume' | 'cancel' | 'fail'

export function createEngine (db: Db, repos: Repositories, clock: SimClock, webhooks: WebhookDispatcher, seed: number,
  log: { error: (obj: object, msg: string) => void } = { error: () => {} }) {
  const fates = new FateSource(seed)
  const nextEventStm = db.prepare<[], EventRow>('SELECT id, due_ms, batch_id, seq, kind FROM sim_events ORDER BY due_ms, id LIMIT 1')
  const insertEventStm = db.prepare<[number, string, number | null, string]>(
    'INSERT INTO sim_events (due_ms, batch_id, seq, kind) VALUES (?, ?, ?, ?)')
  const deleteEventStm = db.prepare<[number]>('DELETE FROM sim_events WHERE id = ?')
  const deleteChainStm = db.prepare<[string]>(`DELETE FROM sim_events WHERE batch_id = ? AND kind IN ${CHAIN_KINDS}`)
  const deleteBatchStartStm = db.prepare<[string]>("DELETE FROM sim_events WHERE batch_id = ? AND kind = 'batch.start'")
  const callHasEventStm = db.prepare<[string, number], number>(
    `SELECT 1 FROM sim_events WHERE batch_id = ? AND seq = ? AND kind IN ${CHAIN_KINDS} LIMIT 1`).pluck()
  const nextForBatchStm = db.prepare<[string], number>('SELECT MIN(due_ms) FROM sim_events WHERE batch_id = ?').pluck()
  const pausedStm = db.prepare<[string], number>('SELECT paused FROM batches WHERE schedule_id = ?').pluck()
  const setPausedStm = db.prepare<[number, string]>('UPDATE batches SET paused = ? WHERE schedule_id = ?')
  const counterStm = db.prepare<[string], string>(`
    INSERT INTO sim_state (key, value) VALUES (?, '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`).pluck()
  const saveClockStm = db.prepare<[string]>(`
    INSERT INTO sim_state (key, value) VALUES ('clock_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)

  const agentCache = new Map<string, AgentRecord | null>()
  const outcomeKeysOf = (b: BatchRecord): string[] => {
    let agent = agentCache.get(b.agent_id)
    if (agent === undefined) {
      agent = repos.accounts.getAgent(b.account_id, b.agent_id) ?? null
      agentCache.set(b.agent_id, agent)
    }
    return agent?.outcome_keys ?? []
  }

  const schedule = (dueMs: number, batchId: string, seq: number | null, kind: EventKind) => {
    insertEventStm.run(dueMs, batchId, seq, kind)
  }

  const emit = (b: BatchRecord, type: EventType, atMs: number, data: unknown) => {
    if (b.callback_url === null) return
    webhooks.enqueue(type, b.account_id, b.schedule_id, b.callback_url, atMs, data)
    hookQueued = true
  }
  const batchData = (b: BatchRecord) => ({ batch_id: b.schedule_id, batch: { batch_id: b.schedule_id, ...batchDetail(b) } })
  const callData = (b: BatchRecord, c: CallRecord) => ({ batch_id: b.schedule_id, call: resultItem(c) })

  let hookQueued = false

  /** Counters from the per-status counts; completes an active batch whose calls are all terminal. */
  function refresh (b: BatchRecord, t: number): void {
    const counts = repos.calls.statusCounts(b.schedule_id)
    const c = { completed: 0, failed: 0, pending: 0 }
    let total = 0
    for (const [status, n] of Object.entries(counts) as Array<[CallStatus, number]>) {
      c[counterFor(status)] += n
      total += n
    }
    b.total_contacts = total
    b.completed_contacts = c.completed
    b.failed_contacts = c.failed
    b.pending_contacts = c.pending
    b.updated_at = isoSeconds(t)
    const completes = b.status === 'active' && c.pending === 0
    if (completes) b.status = 'completed'
    repos.batches.update(b)
    if (completes) {
      deleteChainStm.run(b.schedule_id)
      emit(b, 'batch.completed', t, batchData(b))
    }
  }

  const inFlightCount = (batchId: string): number => {
    const counts = repos.calls.statusCounts(batchId)
    return (counts.queued ?? 0) + (counts.ringing ?? 0) + (counts.in_progress ?? 0)
  }

  /** Dials pending calls while the batch has free lanes. */
  function fillLanes (b: BatchRecord, t: number): boolean {
    if (b.status !== 'active' || pausedStm.get(b.schedule_id) === 1) return false
    const free = b.concurrency - inFlightCount(b.schedule_id)
    if (free <= 0) return false
    const next = repos.calls.inStatus(b.schedule_id, 'pending', free)
    for (const call of next) {
      const updated: CallRecord = { ...call, status: 'queued' }
      repos.calls.update(updated, call.status)
      schedule(t + fates.fate(b, call.seq).queueSeconds * 1000, b.schedule_id, call.seq, 'call.ring')
    }
    return next.length > 0
  }

  /** Schedules the next step of an in-flight call that has none (a seeded call being adopted). */
  function adopt (b: BatchRecord, t: number): void {
    for (const status of IN_FLIGHT) {
      for (const call of repos.calls.inStatus(b.schedule_id, status, Number.MAX_SAFE_INTEGER)) {
        if (callHasEventStm.get(b.schedule_id, call.seq) === 1) continue
        const f = fates.fate(b, call.seq)
        const started = call.started_at === null ? t : Date.parse(call.started_at)
        if (status === 'queued') schedule(t + f.queueSeconds * 1000, b.schedule_id, call.seq, 'call.ring')
        else if (status === 'ringing' && f.status === 'completed' && f.answerSeconds > 0) schedule(Math.max(t, started + f.ringSeconds * 1000), b.schedule_id, call.seq, 'call.answer')
        else schedule(Math.max(t, started + f.durationSeconds * 1000), b.schedule_id, call.seq, 'call.end')
      }
    }
  }

  function startBatch (b: BatchRecord, t: number): void {
    deleteBatchStartStm.run(b.schedule_id)
    b.status = 'active'
    b.started_at = isoSeconds(t)
    b.updated_at = isoSeconds(t)
    repos.batches.update(b)
    emit(b, 'batch.started', t, batchData(b))
    adopt(b, t)
    fillLanes(b, t)
    refresh(b, t)
  }

  /** Ends a call at `t` with the given terminal status (the normal end, or a hang-up on cancel/fail). */
  function endCall (b: BatchRecord, call: CallRecord, t: number, status: CallStatus, reason: string): CallRecord {
    const f = fates.fate(b, call.seq)
    const started = call.started_at === null ? t : Date.parse(call.started_at)
    const duration = Math.max(0, Math.round((t - started) / 1000))
    const talked = status === 'completed' ? Math.max(0, duration - f.ringSeconds) : 0
    const ended: CallRecord = {
      ...call,
      status,
      started_at: call.started_at ?? isoSeconds(t),
      ended_at: isoSeconds(t),
      duration_seconds: duration,
      answer_duration_seconds: talked,
      disconnect_reason: reason,
      recording_available: status === 'completed' && talked > 0 && b.recording_enabled,
      transcript_status: status === 'completed' ? 'processing' : 'failed',
      analysis_status: status === 'completed' ? 'pending' : 'failed'
    }
    repos.calls.update(ended, call.status)
    if (status === 'completed') schedule(t + f.transcriptSeconds * 1000, b.schedule_id, call.seq, 'call.transcript')
    emit(b, 'call.finished', t, callData(b, ended))
    return ended
  }

  /** Applies one due event. */
  function apply (e: EventRow, batches: Map<string, BatchRecord>): void {
    let b = batches.get(e.batch_id)
    if (b === undefined) {
      b = repos.batches.findById(e.batch_id)
      if (b === undefined) return
      batches.set(e.batch_id, b)
    }
    if (b.frozen) return
    const t = e.due_ms
    if (e.kind === 'batch.start') {
      if (b.status === 'pending') startBatch(b, t)
      return
    }
    const call = repos.calls.get(b.schedule_id, e.seq as number)
    if (call === undefined) return
    const f = fates.fate(b, call.seq)
    switch (e.kind) {
      case 'call.ring': {
        if (call.status !== 'queued') return
        repos.calls.update({ ...call, status: 'ringing', started_at: isoSeconds(t) }, call.status)
        if (f.status === 'completed' && f.answerSeconds > 0) schedule(t + f.ringSeconds * 1000, b.schedule_id, call.seq, 'call.answer')
        else schedule(t + f.durationSeconds * 1000, b.schedule_id, call.seq, 'call.end')
        return
      }
      case 'call.answer': {
        if (call.status !== 'ringing') return
        repos.calls.update({ ...call, status: 'in_progress' }, call.status)
        const started = call.started_at === null ? t : Date.parse(call.started_at)
        schedule(Math.max(t, started + f.durationSeconds * 1000), b.schedule_id, call.seq, 'call.end')
        return
      }
      case 'call.end': {
        if (!IN_FLIGHT.includes(call.status)) return
        // An adopted seeded call already talking cannot end unanswered.
        if (call.status === 'in_progress' && f.status !== 'completed') endCall(b, call, t, 'completed', 'customer_hangup')
        else endCall(b, call, t, f.status, f.disconnectReason)
        fillLanes(b, t)
        refresh(b, t)
        return
      }
      case 'call.transcript': {
        if (call.transcript_status !== 'processing') return
        if (f.transcriptFinal === 'ready') {
          repos.calls.update({ ...call, transcript_status: 'ready', analysis_status: 'processing' }, call.status)
          schedule(t + f.analysisSeconds * 1000, b.schedule_id, call.seq, 'call.analysis')
        } else {
          repos.calls.update({ ...call, transcript_status: 'failed', analysis_status: 'failed' }, call.status)
        }
        return
      }
      case 'call.analysis': {
        if (call.analysis_status !== 'processing') return
        if (f.analysisFinal === 'ready') {
          const started = call.started_at === null ? t : Date.parse(call.started_at)
          const { summary, outcomes } = fates.analysis(b, outcomeKeysOf(b), call.seq, started)
          repos.calls.update({ ...call, analysis_status: 'ready', summary, outcomes }, call.status)
        } else {
          repos.calls.update({ ...call, analysis_status: 'failed' }, call.status)
        }
      }
    }
  }

  /**
   * Processes due events up to `target`, in order, in one transaction of at most CHUNK events.
   * With `stopAtHook`, stops after the instant at which a webhook was queued (so it can be sent
   * before later events). Returns the time of the last event processed, or null.
   */
  const processChunk: (target: number, stopAtHook: boolean) => number | null = db.transaction((target: number, stopAtHook: boolean): number | null => {
    const batches = new Map<string, BatchRecord>()
    hookQueued = false
    let last: number | null = null
    for (let i = 0; i < CHUNK; i++) {
      const e = nextEventStm.get()
      if (e === undefined || e.due_ms > target) break
      if (stopAtHook && hookQueued && last !== null && e.due_ms > last) break
      deleteEventStm.run(e.id)
      apply(e, batches)
      last = e.due_ms
    }
    if (last !== null) saveClockStm.run(String(Math.max(last, clock.now())))
    return last
  })

  let running: Promise<void> = Promise.resolve()
  let busy = false
  /** Set when the app closes: a long advance stops at its next step. */
  let closed = false

  /**
   * Walks the clock to `target` through every due event and webhook attempt, in time order.
   * `awaitHooks`: wait for each due webhook attempt before going on (manual advances); otherwise
   * attempts run in the background (the realtime timer).
   */
  async function runUntil (target: number, awaitHooks: boolean): Promise<void> {
    for (;;) {
      if (closed || !db.open) return
      const nextSim = nextEventStm.get()?.due_ms ?? null
      const nextHook = webhooks.nextDue()
      if (nextSim !== null && nextSim <= target && (nextHook === null || nextSim <= nextHook)) {
        const last = processChunk(target, awaitHooks)
        if (last !== null) clock.jump(last) // a no-op in realtime ticks (events are never ahead of the clock)
        await yieldToRequests()
        continue
      }
      if (nextHook !== null && nextHook <= target) {
        clock.jump(nextHook)
        const sending = webhooks.deliverDue(nextHook)
        if (awaitHooks) await sending
        continue
      }
      break
    }
  }

  /** Serializes clock moves: an advance waits for the one before it. */
  function advanceTo (target: number): Promise<void> {
    const run = running.then(async () => {
      busy = true
      try {
        await runUntil(target, true)
        if (db.open) saveClockStm.run(String(Math.max(target, clock.now())))
      } finally {
        busy = false
      }
    })
    running = run.catch(() => {})
    return run
  }

  let timer: NodeJS.Timeout | null = null
  function tick (): void {
    if (busy || !db.open) return
    busy = true
    running = running.then(() => runUntil(clock.now(), false))
      .catch((err: unknown) => log.error({ err }, 'simulation tick failed'))
      .finally(() => { busy = false })
  }
  function syncTimer (): void {
    if (clock.mode === 'realtime' && timer === null) {
      timer = setInterval(tick, TICK_MS)
      timer.unref()
    } else if (clock.mode === 'manual' && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }

  // --- Create ------------------------------------------------------------------------------------

  const create: (account: AccountRecord, agent: AgentRecord, input: CreateInput) => BatchRecord = db.transaction((account: AccountRecord, agent: AgentRecord, input: CreateInput): BatchRecord => {
    const t = clock.now()
    let scheduleId: string
    do scheduleId = batchIdCandidate(seed, Number(counterStm.get('batch_counter')))
    while (repos.batches.exists(scheduleId))
    const now = isoSeconds(t)
    const b: BatchRecord = {
      schedule_id: scheduleId,
      account_id: account.account_id,
      agent_id: agent.agent_id,
      agent_name: agent.agent_name,
      version_id: input.version_id,
      status: 'pending',
      start_mode: input.start_mode,
      voice: input.voice ?? agent.voice,
      did_number: input.did_number,
      total_contacts: input.contacts.length,
      completed_contacts: 0,
      failed_contacts: 0,
      pending_contacts: input.contacts.length,
      concurrency: input.concurrency,
      recording_enabled: input.recording_enabled,
      scheduled_at: input.scheduled_ms === null ? null : isoSeconds(input.scheduled_ms),
      started_at: null,
      created_at: now,
      updated_at: now,
      interruption: input.interruption,
      use_alternate_number: input.use_alternate_number,
      deduplicate_by_phone: input.deduplicate_by_phone,
      callback_url: input.callback_url,
      max_duration_seconds_per_call: input.max_duration_seconds_per_call,
      metadata: input.metadata,
      frozen: false
    }
    repos.batches.insert(b)
    input.contacts.forEach((c, i) => {
      const seq = i + 1
      repos.calls.insert({
        batch_id: scheduleId,
        seq,
        call_id: callIdFor(scheduleId, seq),
        external_id: c.contact_id,
        phone_number: c.phone_number,
        name: c.name,
        ...notStartedCall(),
        metadata: c.metadata
      })
    })
    if (input.start_mode === 'immediate') startBatch(b, t)
    // A scheduled time already past starts at the next clock move (as soon as possible).
    else if (input.start_mode === 'scheduled' && input.scheduled_ms !== null) schedule(Math.max(t, input.scheduled_ms), scheduleId, null, 'batch.start')
    return b
  })

  // --- Control -----------------------------------------------------------------------------------

  const hangUp = (b: BatchRecord, t: number, to: 'cancelled' | 'failed') => {
    deleteChainStm.run(b.schedule_id)
    for (const status of IN_FLIGHT) {
      for (const call of repos.calls.inStatus(b.schedule_id, status, Number.MAX_SAFE_INTEGER)) {
        if (status === 'queued') {
          repos.calls.update({ ...call, status: 'pending' }, call.status) // never dialed
        } else {
          const reason = to === 'cancelled' ? 'batch_cancelled' : 'batch_failed'
          endCall(b, call, t, to === 'cancelled' && status === 'in_progress' ? 'completed' : 'failed', reason)
        }
      }
    }
  }

  const transition: (batchId: string, action: Transition) => BatchRecord = db.transaction((batchId: string, action: Transition): BatchRecord => {
    const b = repos.batches.findById(batchId)
    if (b === undefined) throw Errors.batchNotFound(batchId)
    if (b.frozen) throw Errors.invalidTransition(`${batchId} is a documented example batch and never changes`)
    const t = clock.now()
    const paused = pausedStm.get(batchId) === 1
    const refuse = (why: string) => Errors.invalidTransition(`Cannot ${action} batch ${batchId}: ${why}`)
    switch (action) {
      case 'start':
        if (b.status !== 'pending') throw refuse(`it is ${b.status}`)
        startBatch(b, t)
        break
      case 'pause':
        if (b.status !== 'active') throw refuse(`it is ${b.status}`)
        if (paused) throw refuse('it is already paused')
        setPausedStm.run(1, batchId)
        break
      case 'resume':
        if (b.status !== 'active') throw refuse(`it is ${b.status}`)
        if (!paused) throw refuse('it is not paused')
        setPausedStm.run(0, batchId)
        adopt(b, t)
        fillLanes(b, t)
        refresh(b, t)
        break
      case 'cancel':
      case 'fail': {
        if (b.status !== 'pending' && b.status !== 'active') throw refuse(`it is ${b.status}`)
        const to = action === 'cancel' ? 'cancelled' : 'failed'
        hangUp(b, t, to)
        setPausedStm.run(0, batchId)
        b.status = to
        refresh(b, t)
        emit(b, to === 'cancelled' ? 'batch.cancelled' : 'batch.failed', t, batchData(b))
        break
      }
    }
    return repos.batches.findById(batchId) as BatchRecord
  })

  webhooks.requeueInterrupted(clock.now())

  return {
    create,
    transition,
    advanceTo,
    syncTimer,
    isPaused: (batchId: string): boolean => pausedStm.get(batchId) === 1,
    nextEventAt: (batchId: string): number | null => nextForBatchStm.get(batchId) ?? null,
    /** Forget cached state after the whole state was replaced (admin reset, fixture import). */
    reload (): void {
      agentCache.clear()
      fates.clear()
      webhooks.requeueInterrupted(clock.now())
    },
    async close (): Promise<void> {
      closed = true
      if (timer !== null) clearInterval(timer)
      timer = null
      await running.catch(() => {})
      await webhooks.close()
      if (db.open) saveClockStm.run(String(clock.now()))
    }
  }
}

export type Engine = ReturnType<typeof createEngine>
