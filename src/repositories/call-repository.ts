import type { Db } from '../db/database.js'
import type { CallStatus } from '../schemas/call.js'
import { callItem, resultItem, type CallRecord } from './records.js'

interface CallRow extends Omit<CallRecord, 'outcomes' | 'metadata' | 'recording_available'> {
  outcomes: string
  metadata: string
  recording_available: 0 | 1
}

const CALL_COLUMNS = `batch_id, seq, call_id, external_id, phone_number, name, status, duration_seconds,
  answer_duration_seconds, disconnect_reason, transcript_status, analysis_status, summary, outcomes,
  recording_available, started_at, ended_at, metadata`

const toRecord = (r: CallRow): CallRecord => ({
  ...r,
  outcomes: JSON.parse(r.outcomes) as Record<string, string>,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  recording_available: r.recording_available === 1
})

const toRow = (c: CallRecord) => ({
  ...c,
  outcomes: JSON.stringify(c.outcomes),
  metadata: JSON.stringify(c.metadata),
  recording_available: c.recording_available ? 1 : 0,
  call_json: Buffer.from(JSON.stringify(callItem(c)), 'utf8'),
  result_json: Buffer.from(JSON.stringify(resultItem(c)), 'utf8')
})

/**
 * Unfiltered pages (results, calls), kept once built: repeated reads of a page (a CI suite
 * polling a batch, a client walking pages again) cost a Map lookup instead of the SQLite read
 * (~0.2 ms for 500 rows). One cache per database, shared by every repository on it, so a write
 * through any of them is seen. Every call write goes through insert/update (records.ts rule),
 * which bumps the batch's version; an entry is used only while its batch's version is unchanged.
 * Bounded by bytes (oldest entries go first).
 */
class PageCache {
  private readonly versions = new Map<string, number>()
  private readonly entries = new Map<string, { batchId: string, version: number, items: Buffer[] }>()
  private bytes = 0
  constructor (private readonly maxBytes: number) {}

  bump (batchId: string): void {
    this.versions.set(batchId, (this.versions.get(batchId) ?? 0) + 1)
  }

  get (key: string, batchId: string): Buffer[] | undefined {
    const e = this.entries.get(key)
    if (e === undefined) return undefined
    if (e.version === (this.versions.get(batchId) ?? 0)) return e.items
    this.drop(key)
    return undefined
  }

  set (key: string, batchId: string, items: Buffer[]): void {
    const size = items.length === 0 ? 0 : items[0].length
    if (size > this.maxBytes / 8) return
    this.drop(key)
    this.entries.set(key, { batchId, version: this.versions.get(batchId) ?? 0, items })
    this.bytes += size
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(k)
    }
  }

  private drop (key: string): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.bytes -= e.items.length === 0 ? 0 : e.items[0].length
  }
}
/** Items bytes; pageBody keeps a built body next to each cached page, so about twice this in all. */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024
const pageCaches = new WeakMap<Db, PageCache>()

/** Drops every cached page of `db` (after a state swap that wrote with raw SQL). */
export function forgetCachedPages (db: Db): void {
  pageCaches.delete(db)
}

export interface CallFilter {
  status?: CallStatus
  externalId?: string
}

/**
 * Calls of a batch, in contact order (`seq` 1..n). An unfiltered page is a keyset range
 * (`seq > (page-1)*limit`), so page 2,000 costs what page 1 does. Filtered pages walk the
 * matching index; their totals come from `call_status_counts`, never COUNT(*) over the batch.
 */
export function createCallRepository (db: Db) {
  const pagesOf = (): PageCache => {
    let c = pageCaches.get(db)
    if (c === undefined) {
      c = new PageCache(PAGE_CACHE_BYTES)
      pageCaches.set(db, c)
    }
    return c
  }
  const insertStm = db.prepare(`
    INSERT INTO calls (${CALL_COLUMNS}, call_json, result_json) VALUES (@batch_id, @seq, @call_id, @external_id,
      @phone_number, @name, @status, @duration_seconds, @answer_duration_seconds, @disconnect_reason,
      @transcript_status, @analysis_status, @summary, @outcomes, @recording_available, @started_at, @ended_at,
      @metadata, @call_json, @result_json)`)
  const updateStm = db.prepare(`
    UPDATE calls SET status = @status, duration_seconds = @duration_seconds,
      answer_duration_seconds = @answer_duration_seconds, disconnect_reason = @disconnect_reason,
      transcript_status = @transcript_status, analysis_status = @analysis_status, summary = @summary,
      outcomes = @outcomes, recording_available = @recording_available, started_at = @started_at,
      ended_at = @ended_at, call_json = @call_json, result_json = @result_json
    WHERE batch_id = @batch_id AND seq = @seq`)
  const bumpCountStm = db.prepare(`
    INSERT INTO call_status_counts (batch_id, status, n) VALUES (?, ?, ?)
    ON CONFLICT (batch_id, status) DO UPDATE SET n = n + excluded.n`)
  const countStm = db.prepare<[string, string], number>(
    'SELECT n FROM call_status_counts WHERE batch_id = ? AND status = ?').pluck()
  const countsStm = db.prepare<[string], { status: CallStatus, n: number }>(
    'SELECT status, n FROM call_status_counts WHERE batch_id = ? AND n > 0')

  // A page's items come back joined by SQLite into one BLOB (`a,b,c`): one Buffer per page rather
  // than one per row, which costs ~5x less than 500 row Buffers (bench/README.md). The aggregate
  // reads the subquery's rows in its ORDER BY order.
  const joined = (column: string, where: string) =>
    `SELECT CAST(group_concat(${column}, ',') AS BLOB) FROM (SELECT ${column} FROM calls WHERE ${where})`
  const resultsPageStm = db.prepare<[string, number, number], Buffer | null>(
    joined('result_json', 'batch_id = ? AND seq > ? ORDER BY seq LIMIT ?')).pluck()
  const callsPageStm = db.prepare<[string, number, number], Buffer | null>(
    joined('call_json', 'batch_id = ? AND seq > ? ORDER BY seq LIMIT ?')).pluck()
  const byStatusPageStm = db.prepare<[string, string, number, number], Buffer>(
    'SELECT call_json FROM calls WHERE batch_id = ? AND status = ? ORDER BY seq LIMIT ? OFFSET ?').pluck()
  const byExternalPageStm = db.prepare<[string, string, number, number], Buffer>(
    'SELECT call_json FROM calls WHERE batch_id = ? AND external_id = ? ORDER BY seq LIMIT ? OFFSET ?').pluck()
  const byExternalCountStm = db.prepare<[string, string], number>(
    'SELECT COUNT(*) FROM calls WHERE batch_id = ? AND external_id = ?').pluck()
  const byBothPageStm = db.prepare<[string, string, string, number, number], Buffer>(
    'SELECT call_json FROM calls WHERE batch_id = ? AND external_id = ? AND status = ? ORDER BY seq LIMIT ? OFFSET ?').pluck()
  const byBothCountStm = db.prepare<[string, string, string], number>(
    'SELECT COUNT(*) FROM calls WHERE batch_id = ? AND external_id = ? AND status = ?').pluck()

  const getStm = db.prepare<[string, number], CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND seq = ?`)
  const getByCallIdStm = db.prepare<[string, string], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND call_id = ?`)
  const inStatusStm = db.prepare<[string, string, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND status = ? ORDER BY seq LIMIT ?`)
  const allStm = db.prepare<[string], CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? ORDER BY seq`)

  return {
    /** Inserts one call and counts it. Call inside the caller's transaction for many rows. */
    insert (c: CallRecord): void {
      insertStm.run(toRow(c))
      bumpCountStm.run(c.batch_id, c.status, 1)
      pagesOf().bump(c.batch_id)
    },
    /** Rewrites a call (and its stored JSON); moves its count when its status changed. */
    update (c: CallRecord, previousStatus: CallStatus): void {
      updateStm.run(toRow(c))
      pagesOf().bump(c.batch_id)
      if (previousStatus !== c.status) {
        bumpCountStm.run(c.batch_id, previousStatus, -1)
        bumpCountStm.run(c.batch_id, c.status, 1)
      }
    },
    get (batchId: string, seq: number): CallRecord | undefined {
      const row = getStm.get(batchId, seq)
      return row === undefined ? undefined : toRecord(row)
    },
    getByCallId (batchId: string, callId: string): CallRecord | undefined {
      const row = getByCallIdStm.get(batchId, callId)
      return row === undefined ? undefined : toRecord(row)
    },
    /** The first `limit` calls of a batch in a status, in contact order. */
    inStatus (batchId: string, status: CallStatus, limit: number): CallRecord[] {
      return inStatusStm.all(batchId, status, limit).map(toRecord)
    },
    all (batchId: string): CallRecord[] {
      return allStm.all(batchId).map(toRecord)
    },
    statusCounts (batchId: string): Partial<Record<CallStatus, number>> {
      const out: Partial<Record<CallStatus, number>> = {}
      for (const r of countsStm.all(batchId)) out[r.status] = r.n
      return out
    },
    /**
     * A page of results as item JSON fragments for pageBody (here one fragment, the items already
     * joined by commas; none for an empty page); the caller knows the total (total_contacts).
     */
    resultsPage (batchId: string, page: number, limit: number): Buffer[] {
      const key = `r ${batchId} ${page} ${limit}`
      const pages = pagesOf()
      const cached = pages.get(key, batchId)
      if (cached !== undefined) return cached
      const joined = resultsPageStm.get(batchId, (page - 1) * limit, limit)
      const items = joined === null || joined === undefined ? [] : [joined]
      pages.set(key, batchId, items)
      return items
    },
    /**
     * A page of calls (item JSON fragments for pageBody) and the filtered total;
     * `unfilteredTotal` is the batch's total_contacts.
     */
    callsPage (batchId: string, f: CallFilter, page: number, limit: number, unfilteredTotal: number): { items: Buffer[], total: number } {
      const offset = (page - 1) * limit
      if (f.status === undefined && f.externalId === undefined) {
        if (offset >= unfilteredTotal) return { items: [], total: unfilteredTotal }
        const key = `c ${batchId} ${page} ${limit}`
        const pages = pagesOf()
        let items = pages.get(key, batchId)
        if (items === undefined) {
          const joined = callsPageStm.get(batchId, offset, limit)
          items = joined === null || joined === undefined ? [] : [joined]
          pages.set(key, batchId, items)
        }
        return { items, total: unfilteredTotal }
      }
      let total: number
      let fetch: () => Buffer[]
      if (f.externalId === undefined) {
        total = countStm.get(batchId, f.status as string) ?? 0
        fetch = () => byStatusPageStm.all(batchId, f.status as string, limit, offset)
      } else if (f.status === undefined) {
        total = byExternalCountStm.get(batchId, f.externalId) ?? 0
        fetch = () => byExternalPageStm.all(batchId, f.externalId as string, limit, offset)
      } else {
        total = byBothCountStm.get(batchId, f.externalId, f.status) ?? 0
        fetch = () => byBothPageStm.all(batchId, f.externalId as string, f.status as string, limit, offset)
      }
      return { items: offset >= total ? [] : fetch(), total }
    }
  }
}

export type CallRepository = ReturnType<typeof createCallRepository>
