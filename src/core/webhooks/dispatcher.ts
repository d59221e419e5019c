/**
 * Webhook deliveries: queued inside the simulation's transaction (so a delivery exists exactly when
 * the state change it reports does), then POSTed with real HTTP, retried with backoff on the
 * simulation clock, and every attempt recorded. What is sent (the body, the signature headers) is
 * the business of the surface that queued it: the dispatcher stores the exact body and asks the
 * surface's header builder at each attempt.
 */
import type { Db } from '../store/database.js'
import { isoSeconds, type SimClock } from '../simulation/clock.js'
import { eventIdFor } from '../simulation/random.js'
import type { EventType } from './events.js'

/** Delays after a failed automatic attempt; its length + 1 is the number of automatic attempts. */
export const RETRY_DELAYS_SECONDS = [10, 30, 120, 600] as const
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1
export const DELIVERY_TIMEOUT_MS = 5000

export interface DeliveryRow {
  n: number
  event_id: string
  event_type: EventType
  account_id: string
  batch_id: string
  url: string
  payload: string
  status: 'pending' | 'succeeded' | 'failed'
  attempt_count: number
  next_attempt_ms: number | null
  created_at: string
}

export interface AttemptRow {
  event_id: string
  attempt: number
  attempted_at: string
  success: number
  response_status: number | null
  latency_ms: number
  error: string | null
  redelivery: number
}

/**
 * The request headers of one attempt (content type and user agent are the dispatcher's): the
 * event's name and id, the attempt number, the signature. Given by the surface that queued it.
 */
export type AttemptHeaders = (delivery: DeliveryRow, attempt: number, unixSeconds: number) => Record<string, string>

export interface DeliveryFilter {
  batchId?: string
  eventType?: string
  status?: string
  page: number
  limit: number
  /** oldest first (asc, the default) or newest first (desc). */
  order?: 'asc' | 'desc'
}

/** The part of a pino/Fastify logger the dispatcher writes to. */
export interface WebhookLogger {
  warn: (fields: Record<string, unknown>, message: string) => void
}

export interface DispatcherOptions {
  /** Each attempt's own headers (the surface that queued the delivery decides them). */
  headersFor: AttemptHeaders
  /**
   * One warn line per failed attempt and one when a delivery gives up, so a receiver that is down
   * or answers 500 shows in the server's output, not only in the deliveries API.
   */
  log?: WebhookLogger
  /** Attempts in flight at most (150 batches' events must not open 150 connections at once). */
  concurrency?: number
}

/**
 * Where a delivery is never sent: this mock's own control API, whatever host spells it (a webhook
 * must not let one customer disable another account through an open /__admin).
 */
export function refusedTarget (url: string): string | null {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    return null
  }
  try { path = decodeURIComponent(path) } catch {}
  return /^\/+__admin(\/|$)/i.test(path.replace(/\/{2,}/g, '/')) ? 'refused: /__admin is this mock\'s control API, never a webhook receiver' : null
}

/** Runs at most `n` tasks at once, the rest in order as places free up. */
function limiter (n: number) {
  let active = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>(resolve => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

export function createWebhookDispatcher (db: Db, clock: SimClock, seed: number, { headersFor, log, concurrency = 8 }: DispatcherOptions) {
  const counterStm = db.prepare<[], string>(`
    INSERT INTO sim_state (key, value) VALUES ('event_counter', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`).pluck()
  const insertStm = db.prepare(`
    INSERT INTO webhook_deliveries (event_id, event_type, account_id, batch_id, url, payload, status, attempt_count, next_attempt_ms, created_at)
    VALUES (@event_id, @event_type, @account_id, @batch_id, @url, @payload, 'pending', 0, @next_attempt_ms, @created_at)`)
  const nextDueStm = db.prepare<[], number>(
    'SELECT next_attempt_ms FROM webhook_deliveries WHERE next_attempt_ms IS NOT NULL ORDER BY next_attempt_ms, n LIMIT 1').pluck()
  const nextDueDeliveryStm = db.prepare<[], Pick<DeliveryRow, 'event_id' | 'event_type' | 'batch_id'> & { next_attempt_ms: number }>(
    'SELECT event_id, event_type, batch_id, next_attempt_ms FROM webhook_deliveries WHERE next_attempt_ms IS NOT NULL ORDER BY next_attempt_ms, n LIMIT 1')
  const dueStm = db.prepare<[number], DeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE next_attempt_ms IS NOT NULL AND next_attempt_ms <= ? ORDER BY next_attempt_ms, n')
  const claimStm = db.prepare<[string]>('UPDATE webhook_deliveries SET next_attempt_ms = NULL WHERE event_id = ?')
  const getStm = db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE event_id = ?')
  const autoAttemptsStm = db.prepare<[string], number>(
    'SELECT COUNT(*) FROM webhook_attempts WHERE event_id = ? AND redelivery = 0').pluck()
  const insertAttemptStm = db.prepare(`
    INSERT INTO webhook_attempts (event_id, attempt, attempted_at, success, response_status, latency_ms, error, redelivery)
    VALUES (@event_id, @attempt, @attempted_at, @success, @response_status, @latency_ms, @error, @redelivery)`)
  const finishAttemptStm = db.prepare(`
    UPDATE webhook_deliveries SET attempt_count = @attempt_count, status = @status, next_attempt_ms = @next_attempt_ms
    WHERE event_id = @event_id`)
  const attemptsStm = db.prepare<[string], AttemptRow>('SELECT * FROM webhook_attempts WHERE event_id = ? ORDER BY attempt')
  // Attempts cut short by a stop (claimed, never recorded) are due again after a restart.
  const requeueStm = db.prepare<[number]>(
    "UPDATE webhook_deliveries SET next_attempt_ms = ? WHERE status = 'pending' AND next_attempt_ms IS NULL")

  const closing = new AbortController()
  const inFlight = new Set<Promise<unknown>>()
  const slot = limiter(Math.max(1, concurrency))

  const recordAttempt = db.transaction((d: DeliveryRow, attempt: Omit<AttemptRow, 'event_id' | 'attempt'>, redelivery: boolean, attemptMs: number, final: boolean) => {
    const current = getStm.get(d.event_id)
    if (current === undefined) return undefined // deleted meanwhile (reset)
    const number = current.attempt_count + 1
    insertAttemptStm.run({ ...attempt, event_id: d.event_id, attempt: number })
    let status = current.status
    let next = current.next_attempt_ms
    let automatic = 0
    if (attempt.success === 1) {
      status = 'succeeded'
      next = null
    } else if (final) {
      status = 'failed'
      next = null
    } else if (!redelivery) {
      automatic = autoAttemptsStm.get(d.event_id) ?? number
      if (automatic >= MAX_ATTEMPTS) { status = 'failed'; next = null } else next = attemptMs + RETRY_DELAYS_SECONDS[automatic - 1] * 1000
    }
    finishAttemptStm.run({ event_id: d.event_id, attempt_count: number, status, next_attempt_ms: next })
    return { number, automatic, status, next }
  })

  /** Every header an attempt of `d` sends: the dispatcher's own, then the surface's (event, id, attempt, signature). */
  const requestHeaders = (d: DeliveryRow, attempt: number, unixSeconds: number): Record<string, string> => ({
    'content-type': 'application/json',
    'user-agent': 'techladder-mock-webhooks/1',
    ...headersFor(d, attempt, unixSeconds)
  })

  /**
   * One HTTP attempt; never throws. An attempt cut off by a stop is not recorded: the delivery stays
   * claimed and is due again at the next start, its attempt not used up.
   */
  async function attempt (d: DeliveryRow, redelivery: boolean): Promise<void> {
    if (closing.signal.aborted) return
    const attemptMs = clock.now()
    const unix = Math.floor(attemptMs / 1000)
    const started = performance.now()
    let responseStatus: number | null = null
    const refused = refusedTarget(d.url)
    let error: string | null = refused
    if (refused === null) {
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          redirect: 'manual',
          headers: requestHeaders(d, d.attempt_count + 1, unix),
          body: d.payload,
          signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), closing.signal])
        })
        responseStatus = res.status
        await res.body?.cancel().catch(() => {})
        if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`
      } catch (err) {
        const e = err as Error & { cause?: { code?: string, message?: string } }
        error = e.name === 'TimeoutError' ? `timeout after ${DELIVERY_TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message)
      }
    }
    const latency = Math.round(performance.now() - started)
    if (!db.open || closing.signal.aborted) return
    const outcome = recordAttempt(d, {
      attempted_at: isoSeconds(attemptMs),
      success: error === null ? 1 : 0,
      response_status: responseStatus,
      latency_ms: latency,
      error,
      redelivery: redelivery ? 1 : 0
    }, redelivery, attemptMs, refused !== null)
    if (error !== null && outcome !== undefined && log !== undefined) {
      const fields = { event_id: d.event_id, event_type: d.event_type, batch_id: d.batch_id, url: d.url, attempt: outcome.number, redelivery, response_status: responseStatus, error }
      const what = `webhook ${d.event_type} ${d.event_id} to ${d.url}`
      if (refused !== null) {
        log.warn(fields, `${what}: ${refused}`)
      } else if (redelivery) {
        log.warn(fields, `${what}: redelivery failed (${error})`)
      } else if (outcome.status === 'failed') {
        log.warn(fields, `${what}: attempt ${outcome.automatic} of ${MAX_ATTEMPTS} failed (${error})`)
        log.warn({ ...fields, attempts: outcome.number }, `${what}: gave up after ${MAX_ATTEMPTS} failed attempts; POST /__admin/webhooks/deliveries/${d.event_id}/redeliver sends it again`)
      } else {
        const next = outcome.next === null ? null : isoSeconds(outcome.next)
        log.warn({ ...fields, next_attempt_at: next }, `${what}: attempt ${outcome.automatic} of ${MAX_ATTEMPTS} failed (${error}); next attempt at ${String(next)} (simulated clock)`)
      }
    }
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
    return p
  }

  return {
    /**
     * Queues an event for delivery at `atMs` (call inside the transaction that made the change);
     * `body` builds the exact bytes to send from the event's id and creation time.
     */
    enqueue (type: EventType, accountId: string, batchId: string, url: string, atMs: number, body: (eventId: string, createdAt: string) => string): string {
      // A counter behind the stored events (an imported fixture's) must not reuse an event's id.
      let id: string
      do id = eventIdFor(seed, Number(counterStm.get()))
      while (getStm.get(id) !== undefined)
      const createdAt = isoSeconds(atMs)
      const payload = body(id, createdAt)
      insertStm.run({ event_id: id, event_type: type, account_id: accountId, batch_id: batchId, url, payload, next_attempt_ms: atMs, created_at: createdAt })
      return id
    },
    /** When the next automatic attempt is due (ms), or null. */
    nextDue (): number | null {
      return nextDueStm.get() ?? null
    },
    /** The delivery whose automatic attempt is due next, or undefined. */
    nextDueDelivery (): { atMs: number, eventId: string, eventType: string, batchId: string } | undefined {
      const r = nextDueDeliveryStm.get()
      return r === undefined ? undefined : { atMs: r.next_attempt_ms, eventId: r.event_id, eventType: r.event_type, batchId: r.batch_id }
    },
    /**
     * The headers attempt number `attempt` of a delivery sends at `unixSeconds` (the signature is
     * computed again, with the secret as it is now: what was sent, unless the secret changed since).
     */
    headersOf (d: DeliveryRow, attempt: number, unixSeconds: number): Record<string, string> {
      return requestHeaders(d, attempt, unixSeconds)
    },
    /** Starts every attempt due at or before `atMs`; resolves when they have all been recorded. */
    deliverDue (atMs: number): Promise<void> {
      const due = dueStm.all(atMs)
      for (const d of due) claimStm.run(d.event_id)
      return track(Promise.all(due.map(d => slot(async () => { await attempt(d, false) }))).then(() => {}))
    },
    /** One extra attempt now (POST …/redeliver); it does not count against the retry budget. */
    async redeliver (eventId: string): Promise<void> {
      const d = getStm.get(eventId)
      if (d === undefined) return
      await track(slot(async () => { await attempt(d, true) }))
    },
    get (eventId: string): DeliveryRow | undefined {
      return getStm.get(eventId)
    },
    attempts (eventId: string): AttemptRow[] {
      return attemptsStm.all(eventId)
    },
    list (f: DeliveryFilter): { items: DeliveryRow[], total: number } {
      const where: string[] = []
      const params: Record<string, unknown> = { limit: f.limit, offset: (f.page - 1) * f.limit }
      if (f.batchId !== undefined) { where.push('batch_id = @batchId'); params.batchId = f.batchId }
      if (f.eventType !== undefined) { where.push('event_type = @eventType'); params.eventType = f.eventType }
      if (f.status !== undefined) { where.push('status = @status'); params.status = f.status }
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
      // Only these fixed clauses are ever built (no user text in SQL); a handful of shapes, cached by SQLite.
      const total = db.prepare(`SELECT COUNT(*) FROM webhook_deliveries ${clause}`).pluck().get(params) as number
      const order = f.order === 'desc' ? 'DESC' : ''
      const items = db.prepare(`SELECT * FROM webhook_deliveries ${clause} ORDER BY n ${order} LIMIT @limit OFFSET @offset`).all(params) as DeliveryRow[]
      return { items, total }
    },
    requeueInterrupted (atMs: number): void {
      requeueStm.run(atMs)
    },
    /** Stops sending: attempts in flight are cut off (and not counted), none starts after. */
    stop (): void {
      closing.abort()
    },
    /** Stops sending and waits for the attempts in flight to end (app close). */
    async close (): Promise<void> {
      closing.abort()
      await Promise.allSettled([...inFlight])
    }
  }
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>
