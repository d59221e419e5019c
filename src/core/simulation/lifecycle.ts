/**
 * The lifecycle of batches and calls: what each due event does, how a batch starts, dials, ends,
 * and how it is created and moved by hand. Synchronous: every function here runs inside the
 * engine's (or the caller's) transaction.
 *
 * A batch runs while `active` and not paused: at most `concurrency` of its calls are in flight
 * (queued, ringing, in_progress); when one ends, the next pending call is dialed. Each call goes
 * pending -> queued -> ringing -> (in_progress) -> completed | failed | no_answer | busy, then a
 * completed call's transcript and analysis go processing -> ready. A call that cannot be placed
 * at all fails at its first ring (`dial_error`); a call still pending when the batch's window
 * closes expires. Batch counters are recomputed from the per-status call counts at every change,
 * so total = completed + failed + pending holds at every instant. Documented (frozen) batches are
 * never touched; seeded synthetic batches are snapshots that only move when the control API
 * starts, resumes, cancels or fails them.
 *
 * Where providers' rules differ, the difference is a property of the batch or an option of the
 * move, never a second engine: a batch's `drained_at` (no call left waiting to be dialed: what
 * Cartesia calls `completed` and Ultravox `endedAt`), a window end, cancelling with calls in flight
 * hung up or left to finish, dialing failed calls again as new attempts.
 */
import { DomainErrors } from '../model/errors.js'
import {
  IN_FLIGHT_CALL_STATUSES, batchDefaults, counterFor, firstAttempt, notStartedCall,
  type AccountRecord, type AgentRecord, type BatchRecord, type CallRecord, type CallStatus, type StartMode
} from '../model/records.js'
import type { Repositories } from '../store/index.js'
import type { EventListener, EventType } from '../webhooks/events.js'
import { isoSeconds, type SimClock } from './clock.js'
import { FateSource } from './call-outcome.js'
import type { Scheduler, SimEvent } from './scheduler.js'

export type Transition = 'start' | 'pause' | 'resume' | 'cancel' | 'fail'

/** A batch to create: everything but what the core fills in (ids, status, counters, timestamps). */
export interface NewBatch {
  version_id: string
  voice: string | null
  did_number: string | null
  interruption: boolean
  use_alternate_number: boolean
  start_mode: StartMode
  /** ms since the epoch, scheduled mode only. */
  scheduled_ms: number | null
  concurrency: number
  callback_url: string | null
  deduplicate_by_phone: boolean
  recording_enabled: boolean
  max_duration_seconds_per_call: number | null
  metadata: Record<string, unknown> | null
  contacts: Array<{ external_id: string, name: string | null, phone_number: string, metadata: Record<string, string>, extra?: Record<string, unknown> | null }>
  name?: string | null
  from_number_id?: string | null
  /** Calls not dialed by this instant expire (ms); null or absent: no expiry. */
  window_end_ms?: number | null
  webhook_secret?: string | null
  /** Created paused: nothing is dialed until it is resumed. */
  paused?: boolean
  extra?: Record<string, unknown> | null
}

/**
 * How a surface names what the core creates: the n-th batch id candidate, and a call's id per
 * attempt; `retry` counts the candidates of one call already taken by another call of the store
 * (call ids are unique store-wide, so a call can be found by its id alone).
 */
export interface IdFormat {
  batchId: (n: number) => string
  callId: (batchId: string, seq: number, attempt: number, retry: number) => string
}

/** What happens to calls in flight when a batch is cancelled: hung up, or left to finish. */
export type InFlightOnCancel = 'hang_up' | 'finish'

/** Batch-level events: dropped with the batch's dialing when it is cancelled or fails. */
const BATCH_EVENT_KINDS = ['batch.start', 'batch.window_end'] as const

export function createLifecycle (repos: Repositories, scheduler: Scheduler, clock: SimClock, seed: number, listener: EventListener) {
  const fates = new FateSource(seed)
  const { schedule } = scheduler

  const agentCache = new Map<string, AgentRecord | null>()
  const outcomeKeysOf = (b: BatchRecord): string[] => {
    let agent = agentCache.get(b.agent_id)
    if (agent === undefined) {
      agent = repos.accounts.getAgent(b.account_id, b.agent_id) ?? null
      agentCache.set(b.agent_id, agent)
    }
    return agent?.outcome_keys ?? []
  }

  /** Set when an event became at least one webhook delivery (the engine then sends it before going on). */
  let hookQueued = false
  const emit = (b: BatchRecord, type: EventType, atMs: number, call?: CallRecord) => {
    if (listener({ type, atMs, batch: b, call })) hookQueued = true
  }

  const isPaused = (batchId: string): boolean => repos.batches.isPaused(batchId)

  /** The first candidate id of a call that no other call (or earlier attempt) of the store has. */
  const freeCallId = (ids: IdFormat, batchId: string, seq: number, attempt: number): string => {
    let retry = 0
    let id: string
    do id = ids.callId(batchId, seq, attempt, retry++)
    while (repos.calls.callIdTaken(id))
    return id
  }

  /**
   * Counters from the per-status counts; marks the batch drained once no call waits to be dialed,
   * and completes an active batch whose calls are all terminal.
   */
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
    const waiting = (counts.pending ?? 0) + (counts.queued ?? 0)
    if (waiting === 0 && b.drained_at === null && b.status !== 'pending') b.drained_at = isoSeconds(t)
    const completes = b.status === 'active' && c.pending === 0
    if (completes) b.status = 'completed'
    repos.batches.update(b)
    if (completes) {
      scheduler.removeChain(b.schedule_id)
      emit(b, 'batch.completed', t)
    }
  }

  const inFlightCount = (batchId: string): number => {
    const counts = repos.calls.statusCounts(batchId)
    return (counts.queued ?? 0) + (counts.ringing ?? 0) + (counts.in_progress ?? 0)
  }

  /** Dials pending calls while the batch has free lanes. */
  function fillLanes (b: BatchRecord, t: number): boolean {
    if (b.status !== 'active' || isPaused(b.schedule_id)) return false
    const free = b.concurrency - inFlightCount(b.schedule_id)
    if (free <= 0) return false
    const next = repos.calls.inStatus(b.schedule_id, 'pending', free)
    for (const call of next) {
      const updated: CallRecord = { ...call, status: 'queued', dialed_ord: scheduler.nextDial() }
      repos.calls.update(updated, call.status)
      schedule(t + fates.fate(b, call).queueSeconds * 1000, b.schedule_id, call.seq, 'call.ring')
    }
    return next.length > 0
  }

  /** Schedules the next step of an in-flight call that has none (a seeded call being adopted). */
  function adopt (b: BatchRecord, t: number): void {
    for (const status of IN_FLIGHT_CALL_STATUSES) {
      for (const call of repos.calls.inStatus(b.schedule_id, status, Number.MAX_SAFE_INTEGER)) {
        if (scheduler.callHasEvent(b.schedule_id, call.seq)) continue
        const f = fates.fate(b, call)
        const started = call.started_at === null ? t : Date.parse(call.started_at)
        if (status === 'queued') schedule(t + f.queueSeconds * 1000, b.schedule_id, call.seq, 'call.ring')
        else if (status === 'ringing' && f.status === 'completed' && f.answerSeconds > 0) schedule(Math.max(t, started + f.ringSeconds * 1000), b.schedule_id, call.seq, 'call.answer')
        else schedule(Math.max(t, started + f.durationSeconds * 1000), b.schedule_id, call.seq, 'call.end')
      }
    }
  }

  function startBatch (b: BatchRecord, t: number): void {
    scheduler.removeBatchStart(b.schedule_id)
    b.status = 'active'
    b.started_at = isoSeconds(t)
    b.updated_at = isoSeconds(t)
    repos.batches.update(b)
    emit(b, 'batch.started', t)
    adopt(b, t)
    fillLanes(b, t)
    refresh(b, t)
  }

  /** Ends a call at `t` with the given terminal status (the normal end, or a hang-up on cancel/fail). */
  function endCall (b: BatchRecord, call: CallRecord, t: number, status: CallStatus, reason: string): CallRecord {
    const f = fates.fate(b, call)
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
    emit(b, 'call.finished', t, ended)
    return ended
  }

  /** Every call still waiting to be dialed expires (the batch's window closed). */
  function expireWaiting (b: BatchRecord, t: number): void {
    for (const call of repos.calls.inStatus(b.schedule_id, 'pending', Number.MAX_SAFE_INTEGER)) {
      repos.calls.update({ ...call, status: 'expired', ended_at: isoSeconds(t), transcript_status: 'failed', analysis_status: 'failed' }, call.status)
    }
  }

  /** Applies one due event. */
  function apply (e: SimEvent, batches: Map<string, BatchRecord>): void {
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
    if (e.kind === 'batch.window_end') {
      if (b.status !== 'pending' && b.status !== 'active') return
      expireWaiting(b, t)
      // A batch whose window closed before it started has nothing left to do.
      if (b.status === 'pending') {
        scheduler.removeBatchStart(b.schedule_id)
        b.status = 'completed'
      }
      refresh(b, t)
      return
    }
    const call = repos.calls.get(b.schedule_id, e.seq as number)
    if (call === undefined) return
    const f = fates.fate(b, call)
    switch (e.kind) {
      case 'call.ring': {
        if (call.status !== 'queued') return
        if (f.preDialError !== null) {
          // It could not be placed: failed at once, no ring, no talk.
          const failed: CallRecord = {
            ...call, status: 'failed', dial_error: f.preDialError, started_at: isoSeconds(t), ended_at: isoSeconds(t),
            duration_seconds: 0, answer_duration_seconds: 0, disconnect_reason: f.disconnectReason,
            transcript_status: 'failed', analysis_status: 'failed'
          }
          repos.calls.update(failed, call.status)
          emit(b, 'call.finished', t, failed)
          fillLanes(b, t)
          refresh(b, t)
          return
        }
        const ringing: CallRecord = { ...call, status: 'ringing', started_at: isoSeconds(t) }
        repos.calls.update(ringing, call.status)
        emit(b, 'call.dialed', t, ringing)
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
        if (!IN_FLIGHT_CALL_STATUSES.includes(call.status)) return
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
          const { summary, outcomes } = fates.analysis(b, outcomeKeysOf(b), call, started)
          repos.calls.update({ ...call, analysis_status: 'ready', summary, outcomes }, call.status)
        } else {
          repos.calls.update({ ...call, analysis_status: 'failed' }, call.status)
        }
      }
    }
  }

  /** Creates a batch and its calls; an immediate batch starts at once. Run inside a transaction. */
  function create (account: AccountRecord, agent: AgentRecord, input: NewBatch, ids: IdFormat): BatchRecord {
    const t = clock.now()
    let scheduleId: string
    do scheduleId = ids.batchId(scheduler.count('batch_counter'))
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
      frozen: false,
      ...batchDefaults(),
      name: input.name ?? null,
      from_number_id: input.from_number_id ?? null,
      window_end_at: input.window_end_ms === undefined || input.window_end_ms === null ? null : isoSeconds(input.window_end_ms),
      webhook_secret: input.webhook_secret ?? null,
      extra: input.extra ?? null
    }
    repos.batches.insert(b)
    if (input.paused === true) repos.batches.setPaused(scheduleId, true)
    // Ids are checked against the store and against this batch's own, which are written together.
    const taken = new Set<string>()
    const calls = input.contacts.map((c, i): CallRecord => {
      const seq = i + 1
      let retry = 0
      let callId: string
      do callId = ids.callId(scheduleId, seq, 1, retry++)
      while (taken.has(callId) || repos.calls.callIdTaken(callId))
      taken.add(callId)
      return {
        batch_id: scheduleId,
        seq,
        call_id: callId,
        external_id: c.external_id,
        phone_number: c.phone_number,
        name: c.name,
        ...notStartedCall(),
        ...firstAttempt(),
        metadata: c.metadata,
        extra: c.extra ?? null
      }
    })
    repos.calls.insertMany(scheduleId, calls)
    if (input.window_end_ms !== undefined && input.window_end_ms !== null) schedule(Math.max(t, input.window_end_ms), scheduleId, null, 'batch.window_end')
    if (input.start_mode === 'immediate') startBatch(b, t)
    // A scheduled time already past starts at the next clock move (as soon as possible).
    else if (input.start_mode === 'scheduled' && input.scheduled_ms !== null) schedule(Math.max(t, input.scheduled_ms), scheduleId, null, 'batch.start')
    return b
  }

  /** Calls in flight end now: talking ones as completed (cancel) or failed (fail), the others failed; queued ones go back to pending. */
  const hangUp = (b: BatchRecord, t: number, to: 'cancelled' | 'failed') => {
    scheduler.removeChain(b.schedule_id)
    for (const status of IN_FLIGHT_CALL_STATUSES) {
      for (const call of repos.calls.inStatus(b.schedule_id, status, Number.MAX_SAFE_INTEGER)) {
        if (status === 'queued') {
          repos.calls.update({ ...call, status: 'pending', dialed_ord: null }, call.status) // never dialed
        } else {
          const reason = to === 'cancelled' ? 'batch_cancelled' : 'batch_failed'
          endCall(b, call, t, to === 'cancelled' && status === 'in_progress' ? 'completed' : 'failed', reason)
        }
      }
    }
  }

  const mustFind = (batchId: string): BatchRecord => {
    const b = repos.batches.findById(batchId)
    if (b === undefined || b.deleted_at !== null) throw DomainErrors.batchNotFound(batchId)
    if (b.frozen) throw DomainErrors.invalidTransition(`${batchId} is a documented example batch and never changes`)
    return b
  }

  /** Ends a pending or active batch as cancelled or failed. */
  function stop (b: BatchRecord, t: number, to: 'cancelled' | 'failed', inFlight: InFlightOnCancel): void {
    if (inFlight === 'hang_up') hangUp(b, t, to)
    else for (const kind of BATCH_EVENT_KINDS) scheduler.removeKind(b.schedule_id, kind)
    repos.batches.setPaused(b.schedule_id, false)
    b.status = to
    refresh(b, t)
    emit(b, to === 'cancelled' ? 'batch.cancelled' : 'batch.failed', t)
  }

  /** Moves a batch by hand (control API). Run inside a transaction; returns the batch after the move. */
  function transition (batchId: string, action: Transition): BatchRecord {
    const b = mustFind(batchId)
    const t = clock.now()
    const paused = isPaused(batchId)
    const refuse = (why: string) => DomainErrors.invalidTransition(`Cannot ${action} batch ${batchId}: ${why}`)
    switch (action) {
      case 'start':
        if (b.status !== 'pending') throw refuse(`it is ${b.status}`)
        startBatch(b, t)
        break
      case 'pause':
        if (b.status !== 'active') throw refuse(`it is ${b.status}`)
        if (paused) throw refuse('it is already paused')
        repos.batches.setPaused(batchId, true)
        break
      case 'resume':
        if (b.status !== 'active') throw refuse(`it is ${b.status}`)
        if (!paused) throw refuse('it is not paused')
        setPaused(b, false, t)
        break
      case 'cancel':
      case 'fail':
        if (b.status !== 'pending' && b.status !== 'active') throw refuse(`it is ${b.status}`)
        stop(b, t, action === 'cancel' ? 'cancelled' : 'failed', 'hang_up')
        break
    }
    return repos.batches.findById(batchId) as BatchRecord
  }

  /** Pauses or unpauses a batch in any state; unpausing an active batch dials again at once. */
  function setPaused (b: BatchRecord, paused: boolean, t: number): void {
    repos.batches.setPaused(b.schedule_id, paused)
    if (!paused && b.status === 'active') {
      adopt(b, t)
      fillLanes(b, t)
      refresh(b, t)
    }
  }

  return {
    apply,
    create,
    transition,
    isPaused,
    /** Pauses or unpauses (a provider's own lever; the control API's pause/resume keep their stricter rules). */
    pause (batchId: string, paused: boolean): BatchRecord {
      const b = mustFind(batchId)
      setPaused(b, paused, clock.now())
      return repos.batches.findById(batchId) as BatchRecord
    },
    /**
     * Cancels a pending or active batch (a no-op on one already ended): calls not yet dialed are
     * never dialed; calls in flight hang up or finish.
     */
    cancel (batchId: string, inFlight: InFlightOnCancel): BatchRecord {
      const b = mustFind(batchId)
      if (b.status === 'pending' || b.status === 'active') stop(b, clock.now(), 'cancelled', inFlight)
      return repos.batches.findById(batchId) as BatchRecord
    },
    /** Deletes a batch: nothing more is dialed, calls in flight finish, and the batch is gone from every API. */
    remove (batchId: string): void {
      const b = mustFind(batchId)
      const t = clock.now()
      if (b.status === 'pending' || b.status === 'active') stop(b, t, 'cancelled', 'finish')
      const after = repos.batches.findById(batchId) as BatchRecord
      repos.batches.update({ ...after, deleted_at: isoSeconds(t) })
    },
    /**
     * Dials the failed and unanswered calls again, each as a new attempt with a new call id (the
     * ended attempt is kept); completed calls are untouched. Refused on a cancelled batch.
     */
    retry (batchId: string, ids: IdFormat): BatchRecord {
      const b = mustFind(batchId)
      if (b.status === 'cancelled') throw DomainErrors.invalidTransition(`Cannot retry batch ${batchId}: it is cancelled`)
      const t = clock.now()
      let requeued = 0
      for (const status of ['failed', 'no_answer', 'busy'] as const) {
        for (const call of repos.calls.inStatus(b.schedule_id, status, Number.MAX_SAFE_INTEGER)) {
          repos.calls.archiveAttempt(call)
          const attempt = call.attempt + 1
          repos.calls.update({ ...call, ...notStartedCall(), call_id: freeCallId(ids, b.schedule_id, call.seq, attempt), attempt }, call.status)
          requeued++
        }
      }
      if (requeued === 0) return b
      b.retry_count += 1
      b.drained_at = null
      if (b.status === 'completed' || b.status === 'failed') b.status = 'active'
      if (b.status === 'active') fillLanes(b, t)
      refresh(b, t)
      return repos.batches.findById(batchId) as BatchRecord
    },
    /**
     * Moves a batch's start (pending batches) and window end: null clears it. Returns the batch after.
     */
    reschedule (batchId: string, change: { startMs?: number | null, windowEndMs?: number | null }): BatchRecord {
      const b = mustFind(batchId)
      const t = clock.now()
      if (change.startMs !== undefined && b.status === 'pending') {
        scheduler.removeBatchStart(b.schedule_id)
        if (change.startMs === null) {
          b.start_mode = 'immediate'
          b.scheduled_at = null
          startBatch(b, t)
        } else {
          b.start_mode = 'scheduled'
          b.scheduled_at = isoSeconds(change.startMs)
          repos.batches.update(b)
          schedule(Math.max(t, change.startMs), b.schedule_id, null, 'batch.start')
        }
      }
      if (change.windowEndMs !== undefined) {
        scheduler.removeKind(b.schedule_id, 'batch.window_end')
        const current = repos.batches.findById(batchId) as BatchRecord
        current.window_end_at = change.windowEndMs === null ? null : isoSeconds(change.windowEndMs)
        repos.batches.update(current)
        if (change.windowEndMs !== null && (current.status === 'pending' || current.status === 'active')) {
          schedule(Math.max(t, change.windowEndMs), b.schedule_id, null, 'batch.window_end')
        }
      }
      return repos.batches.findById(batchId) as BatchRecord
    },
    /**
     * When a call now talking (in_progress) was answered, in ms: its first ring plus its fate's ring
     * time (what ending it will count as unanswered time); null for a call not talking.
     */
    answeredAt (b: BatchRecord, call: CallRecord): number | null {
      if (call.status !== 'in_progress' || call.started_at === null) return null
      return Date.parse(call.started_at) + fates.fate(b, call).ringSeconds * 1000
    },
    /** Whether an event queued a webhook delivery since the last clearHookQueued(). */
    hookQueued: (): boolean => hookQueued,
    clearHookQueued: (): void => { hookQueued = false },
    /** Forget cached state after the whole state was replaced (admin reset, fixture import). */
    forget (): void {
      agentCache.clear()
      fates.clear()
      scheduler.forget()
    }
  }
}

export type Lifecycle = ReturnType<typeof createLifecycle>
