/**
 * The simulated dialer's run loop: walks the clock through every due event (lifecycle.ts) and
 * webhook attempt (dispatcher.ts), in time order, in transactions of at most CHUNK events so that
 * readers get a turn between chunks. Manual clock moves (advanceTo) resolve when everything due on
 * the way is done, webhook responses included; in realtime mode a timer ticks every TICK_MS.
 */
import type { Db } from '../store/database.js'
import type { AccountRecord, AgentRecord, BatchRecord } from '../model/records.js'
import type { Repositories } from '../store/index.js'
import type { WebhookDispatcher } from '../webhooks/dispatcher.js'
import type { EventListener } from '../webhooks/events.js'
import type { SimClock } from './clock.js'
import { createLifecycle, type IdFormat, type InFlightOnCancel, type NewBatch, type Transition } from './lifecycle.js'
import { createScheduler } from './scheduler.js'

export type { NewBatch, IdFormat, InFlightOnCancel, Transition } from './lifecycle.js'

/** The next thing due anywhere: a simulation event (a batch's or a call's) or a webhook attempt. */
export type NextDue =
  | { atMs: number, source: 'simulation', batchId: string, seq: number | null, kind: string }
  | { atMs: number, source: 'webhook', batchId: string, seq: null, kind: string, eventId: string }

/** Events processed per transaction at most (readers get a turn between chunks). */
const CHUNK = 250
/**
 * In realtime ticks, a chunk also ends after this much wall time: a tick never holds the event
 * loop (requests) for longer than about this. Manual advances keep count-only chunks.
 */
const TICK_BUDGET_MS = 4
const TICK_MS = 100

/** Lets pending requests run between chunks, so a long catch-up never blocks reads for long. */
const yieldToRequests = () => new Promise<void>(resolve => setImmediate(resolve))

export interface EngineOptions {
  db: Db
  repos: Repositories
  clock: SimClock
  webhooks: WebhookDispatcher
  /** Turns domain events into webhook deliveries (the surfaces' business). */
  listener: EventListener
  seed: number
  log?: { error: (obj: object, msg: string) => void }
}

export function createEngine ({ db, repos, clock, webhooks, listener, seed, log = { error: () => {} } }: EngineOptions) {
  const scheduler = createScheduler(db)
  const lifecycle = createLifecycle(repos, scheduler, clock, seed, listener)

  /**
   * Processes due events up to `target`, in order, in one transaction of at most CHUNK events
   * (and, given a `deadline` (performance.now() ms), no event started after it but the first).
   * With `stopAtHook`, stops after the instant at which a webhook was queued (so it can be sent
   * before later events). Returns the time of the last event processed, or null.
   */
  const processChunk: (target: number, stopAtHook: boolean, deadline: number | null) => number | null = db.transaction((target: number, stopAtHook: boolean, deadline: number | null): number | null => {
    const batches = new Map<string, BatchRecord>()
    lifecycle.clearHookQueued()
    let last: number | null = null
    for (let i = 0; i < CHUNK; i++) {
      if (deadline !== null && i > 0 && performance.now() >= deadline) break
      const e = scheduler.next()
      if (e === undefined || e.due_ms > target) break
      if (stopAtHook && lifecycle.hookQueued() && last !== null && e.due_ms > last) break
      scheduler.remove(e.id)
      lifecycle.apply(e, batches)
      last = e.due_ms
    }
    if (last !== null) scheduler.saveClock(Math.max(last, clock.now()))
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
      const nextSim = scheduler.next()?.due_ms ?? null
      const nextHook = webhooks.nextDue()
      if (nextSim !== null && nextSim <= target && (nextHook === null || nextSim <= nextHook)) {
        const last = processChunk(target, awaitHooks, awaitHooks ? null : performance.now() + TICK_BUDGET_MS)
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

  /**
   * Serializes clock moves: an advance waits for the one before it. Resolves true once everything
   * due up to `target` is done, false when the server stopped first (the rest is due at the next start).
   */
  function advanceTo (target: number): Promise<boolean> {
    const run = running.then(async () => {
      busy = true
      try {
        await runUntil(target, true)
        if (closed || !db.open) return false
        scheduler.saveClock(Math.max(target, clock.now()))
        return true
      } finally {
        busy = false
      }
    })
    running = run.then(() => {}, () => {})
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

  const create: (account: AccountRecord, agent: AgentRecord, input: NewBatch, ids: IdFormat) => BatchRecord = db.transaction(lifecycle.create)
  const transition: (batchId: string, action: Transition) => BatchRecord = db.transaction(lifecycle.transition)
  const pause: (batchId: string, paused: boolean) => BatchRecord = db.transaction(lifecycle.pause)
  const cancel: (batchId: string, inFlight: InFlightOnCancel) => BatchRecord = db.transaction(lifecycle.cancel)
  const remove: (batchId: string) => void = db.transaction(lifecycle.remove)
  const retry: (batchId: string, ids: IdFormat) => BatchRecord = db.transaction(lifecycle.retry)
  const reschedule: (batchId: string, change: { startMs?: number | null, windowEndMs?: number | null }) => BatchRecord = db.transaction(lifecycle.reschedule)

  webhooks.requeueInterrupted(clock.now())

  return {
    /** Creates a batch and its calls (an immediate batch starts at once), in one transaction. */
    create,
    /** The control API's moves (start, pause, resume, cancel, fail), with their rules. */
    transition,
    /** Pauses or unpauses a batch in any state (a provider's lever). */
    pause,
    /** Cancels a pending or active batch; calls in flight hang up or finish. */
    cancel,
    /** Deletes a batch: nothing more is dialed, calls in flight finish, the batch is gone from the APIs. */
    remove,
    /** Dials the failed and unanswered calls again as new attempts. */
    retry,
    /** Moves a pending batch's start and any batch's window end. */
    reschedule,
    advanceTo,
    syncTimer,
    isPaused: lifecycle.isPaused,
    nextEventAt: scheduler.nextForBatch,
    /**
     * What a clock move would reach first, anywhere: the earliest simulation event or webhook
     * attempt (the simulation's on a tie, as runUntil processes them), or null when nothing is due.
     */
    nextDue (): NextDue | null {
      const e = scheduler.next()
      const hook = webhooks.nextDueDelivery()
      if (e !== undefined && (hook === undefined || e.due_ms <= hook.atMs)) {
        return { atMs: e.due_ms, source: 'simulation', batchId: e.batch_id, seq: e.seq, kind: e.kind }
      }
      if (hook === undefined) return null
      return { atMs: hook.atMs, source: 'webhook', batchId: hook.batchId, seq: null, kind: hook.eventType, eventId: hook.eventId }
    },
    answeredAt: lifecycle.answeredAt,
    /** Forget cached state after the whole state was replaced (admin reset, fixture import). */
    reload (): void {
      lifecycle.forget()
      webhooks.requeueInterrupted(clock.now())
    },
    /** Stops where it is: clock moves end at their next step, webhook attempts in flight are cut off. */
    stop (): void {
      closed = true
      webhooks.stop()
    },
    async close (): Promise<void> {
      closed = true
      if (timer !== null) clearInterval(timer)
      timer = null
      await running.catch(() => {})
      await webhooks.close()
      if (db.open) scheduler.saveClock(clock.now())
    }
  }
}

export type Engine = ReturnType<typeof createEngine>
