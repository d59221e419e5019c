/**
 * A batch's calls over simulated time: how many were dialed (first ring), answered and ended in
 * each interval, and how many were in flight (ringing or talking) at its end, so a chart shows the
 * batch's concurrency at work.
 *
 * Computed without scanning a large batch on every read. Every dialed call attempt has a place in
 * the store-wide dial order (`dialed_ord`, indexed per batch, never reused), and once an attempt
 * has ended its times never change again (a retry keeps it, as an earlier attempt, with the same
 * place). So the timeline of a batch is kept in memory and brought up to date from the dial order:
 * the attempts dialed since the last read, and the few that were still open then (at most the
 * batch's concurrency). The first read of a batch walks its dialed calls once, in chunks, yielding
 * between them; a read of a batch whose change version has not moved costs nothing.
 *
 * Counts are kept in a histogram of at most SLOTS intervals, starting at one second each and
 * doubling as the batch's span grows; a view regroups whole intervals into at most the buckets
 * asked for, so every count is exact for its bucket.
 */
import type { Db } from './database.js'
import type { CallStatus } from '../model/records.js'
import { changeVersions } from './versions.js'

const SLOTS = 4096
/** Dialed attempts read per step of a first walk (the event loop gets a turn between steps). */
const CHUNK = 10_000
/** Batches whose timeline is kept (the least recently read go first). */
const KEPT = 32

const DIALED = 0
const ANSWERED = 1
const ENDED = 2
type Series = typeof DIALED | typeof ANSWERED | typeof ENDED

interface Attempt {
  ord: number
  seq: number
  status: CallStatus
  started_at: string | null
  ended_at: string | null
  answer_duration_seconds: number | null
}

/** An attempt still open when read (queued, ringing or talking), with its answer time once known. */
interface OpenAttempt extends Attempt { answeredMs: number | null }

/** Counts per interval since `origin` (ms, a whole second); intervals double in length as needed. */
class Histogram {
  origin: number | null = null
  res = 1000
  used = 0
  last = -Infinity
  readonly counts = [new Int32Array(SLOTS), new Int32Array(SLOTS), new Int32Array(SLOTS)]

  add (series: Series, atMs: number): void {
    if (this.origin === null) this.origin = Math.floor(atMs / 1000) * 1000
    if (atMs < this.origin) this.extendBack(atMs)
    let i = Math.floor((atMs - this.origin) / this.res)
    while (i >= SLOTS) {
      this.coarsen()
      i = Math.floor((atMs - this.origin) / this.res)
    }
    this.counts[series][i]++
    if (i >= this.used) this.used = i + 1
    if (atMs > this.last) this.last = atMs
  }

  /** Intervals twice as long: each pair of neighbours becomes one. */
  private coarsen (): void {
    for (const c of this.counts) {
      for (let i = 0; i < SLOTS / 2; i++) c[i] = c[2 * i] + c[2 * i + 1]
      c.fill(0, SLOTS / 2)
    }
    this.used = Math.ceil(this.used / 2)
    this.res *= 2
  }

  /** Moves the origin back to cover `atMs` (an attempt that began before every one seen so far). */
  private extendBack (atMs: number): void {
    const origin = this.origin as number
    let k = Math.ceil((origin - atMs) / this.res)
    while (this.used + k > SLOTS) {
      this.coarsen()
      k = Math.ceil((origin - atMs) / this.res)
    }
    for (const c of this.counts) {
      c.copyWithin(k, 0, this.used)
      c.fill(0, 0, k)
    }
    this.origin = origin - k * this.res
    this.used += k
  }

  clone (): Histogram {
    const h = new Histogram()
    h.origin = this.origin
    h.res = this.res
    h.used = this.used
    h.last = this.last
    this.counts.forEach((c, i) => h.counts[i].set(c))
    return h
  }
}

const parse = (iso: string): number => Date.parse(iso)

/** What an ended attempt adds: its first ring, its answer (talk time before its end) and its end. */
function fold (h: Histogram, a: Attempt): void {
  if (a.started_at === null) return // never rang (expired, or put back before its first ring)
  h.add(DIALED, parse(a.started_at))
  if (a.ended_at === null) return
  const ended = parse(a.ended_at)
  if ((a.answer_duration_seconds ?? 0) > 0) h.add(ANSWERED, ended - (a.answer_duration_seconds as number) * 1000)
  h.add(ENDED, ended)
}

export interface TimelineBucket {
  /** Start of the interval (ms). */
  startMs: number
  dialed: number
  answered: number
  ended: number
  /** Calls ringing or talking at the end of the interval. */
  inFlight: number
}

export interface TimelineView {
  /** Start of the first interval (ms), null when no call of the batch has rung yet. */
  fromMs: number | null
  /** Length of every interval (ms). */
  bucketMs: number
  buckets: TimelineBucket[]
  totals: { dialed: number, answered: number, ended: number, inFlight: number }
  /** The most calls in flight at the end of any interval. */
  peakInFlight: number
}

interface Entry {
  version: number
  hist: Histogram
  /** Highest dial position read so far. */
  scanned: number
  open: Map<number, OpenAttempt>
  busy: Promise<void> | null
}

/**
 * `answeredAt(batchId, seq)`: when the talking call `seq` was answered (ms), which its record does
 * not say until it ends (the simulation knows its fate).
 */
export function createTimelines (db: Db, answeredAt: (batchId: string, seq: number) => number | null) {
  const versions = changeVersions(db)
  const COLUMNS = 'dialed_ord AS ord, seq, status, started_at, ended_at, answer_duration_seconds'
  const afterStm = db.prepare<{ batch: string, after: number, limit: number }, Attempt>(`
    SELECT * FROM (
      SELECT ${COLUMNS} FROM calls WHERE batch_id = @batch AND dialed_ord > @after
      UNION ALL
      SELECT ${COLUMNS} FROM call_attempts WHERE batch_id = @batch AND dialed_ord > @after
    ) ORDER BY ord LIMIT @limit`)
  const byOrdStm = db.prepare<{ batch: string, ord: number }, Attempt>(`
    SELECT ${COLUMNS} FROM calls WHERE batch_id = @batch AND dialed_ord = @ord
    UNION ALL
    SELECT ${COLUMNS} FROM call_attempts INDEXED BY call_attempts_by_dial WHERE batch_id = @batch AND dialed_ord = @ord`)

  const cache = new Map<string, Entry>()
  /** Moves on at every state swap: a walk that began before one stops. */
  let generation = 0

  const isOpen = (a: Attempt) => a.ended_at === null
  const keep = (e: Entry, batchId: string, a: Attempt, previous?: OpenAttempt) => {
    let answeredMs = previous?.status === 'in_progress' ? previous.answeredMs : null
    if (a.status === 'in_progress' && answeredMs === null) answeredMs = answeredAt(batchId, a.seq)
    e.open.set(a.ord, { ...a, answeredMs })
  }

  async function bringUpToDate (batchId: string, e: Entry): Promise<void> {
    const gen = generation
    const version = versions.batch(batchId)
    for (const [ord, was] of [...e.open]) {
      const now = byOrdStm.get({ batch: batchId, ord })
      e.open.delete(ord)
      // Gone: put back to pending before its first ring (a batch stopped while it was queued).
      if (now === undefined) continue
      if (isOpen(now)) keep(e, batchId, now, was)
      else fold(e.hist, now)
    }
    for (;;) {
      const rows = afterStm.all({ batch: batchId, after: e.scanned, limit: CHUNK })
      for (const a of rows) {
        if (isOpen(a)) keep(e, batchId, a)
        else fold(e.hist, a)
      }
      if (rows.length > 0) e.scanned = rows[rows.length - 1].ord
      if (rows.length < CHUNK) break
      await new Promise<void>(resolve => setImmediate(resolve))
      if (gen !== generation) return
    }
    e.version = version
  }

  async function entryFor (batchId: string): Promise<Entry> {
    let e = cache.get(batchId)
    if (e === undefined) {
      e = { version: -1, hist: new Histogram(), scanned: 0, open: new Map(), busy: null }
      if (cache.size >= KEPT) cache.delete(cache.keys().next().value as string)
    }
    // The most recently read last.
    cache.delete(batchId)
    cache.set(batchId, e)
    while (e.busy !== null) await e.busy
    if (e.version !== versions.batch(batchId)) {
      e.busy = bringUpToDate(batchId, e)
      try { await e.busy } finally { e.busy = null }
    }
    return e
  }

  /** The view: what has ended, plus what is open now (rung, answered), up to `nowMs` while calls are open. */
  function view (e: Entry, buckets: number, nowMs: number): TimelineView {
    const h = e.hist.clone()
    for (const a of e.open.values()) {
      if (a.started_at === null) continue
      h.add(DIALED, parse(a.started_at))
      if (a.answeredMs !== null) h.add(ANSWERED, Math.min(a.answeredMs, nowMs))
    }
    const totals = { dialed: 0, answered: 0, ended: 0, inFlight: 0 }
    if (h.origin === null) return { fromMs: null, bucketMs: 1000, buckets: [], totals, peakInFlight: 0 }
    const openRinging = [...e.open.values()].some(a => a.started_at !== null)
    const end = openRinging ? Math.max(h.last, nowMs) : h.last
    const span = Math.floor((end - h.origin) / h.res) + 1
    const per = Math.max(1, Math.ceil(span / buckets))
    const count = Math.ceil(span / per)
    const out: TimelineBucket[] = []
    for (let b = 0; b < count; b++) out.push({ startMs: h.origin + b * per * h.res, dialed: 0, answered: 0, ended: 0, inFlight: 0 })
    for (let i = 0; i < h.used; i++) {
      const bucket = out[Math.floor(i / per)]
      bucket.dialed += h.counts[DIALED][i]
      bucket.answered += h.counts[ANSWERED][i]
      bucket.ended += h.counts[ENDED][i]
    }
    let peak = 0
    for (const bucket of out) {
      totals.dialed += bucket.dialed
      totals.answered += bucket.answered
      totals.ended += bucket.ended
      bucket.inFlight = totals.dialed - totals.ended
      if (bucket.inFlight > peak) peak = bucket.inFlight
    }
    totals.inFlight = totals.dialed - totals.ended
    return { fromMs: h.origin, bucketMs: per * h.res, buckets: out, totals, peakInFlight: peak }
  }

  return {
    /** The batch's timeline in at most `buckets` intervals of equal length (whole seconds). */
    async get (batchId: string, buckets: number, nowMs: number): Promise<TimelineView> {
      return view(await entryFor(batchId), Math.max(1, Math.floor(buckets)), nowMs)
    },
    /** Forget every timeline (the state was replaced). */
    forget (): void {
      generation++
      cache.clear()
    }
  }
}

export type Timelines = ReturnType<typeof createTimelines>
