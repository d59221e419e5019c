import type { Db } from './database.js'
import { CALL_STATUSES, type CallAttemptRecord, type CallRecord, type CallStatus } from '../model/records.js'
import { changeVersions } from './versions.js'

interface CallRow extends Omit<CallRecord, 'outcomes' | 'metadata' | 'recording_available' | 'extra'> {
  outcomes: string
  metadata: string
  recording_available: 0 | 1
  extra: string | null
}

const CALL_COLUMNS = `batch_id, seq, call_id, external_id, phone_number, name, status, duration_seconds,
  answer_duration_seconds, disconnect_reason, transcript_status, analysis_status, summary, outcomes,
  recording_available, started_at, ended_at, metadata, attempt, dialed_ord, dial_error, extra`

const toRecord = (r: CallRow): CallRecord => ({
  ...r,
  outcomes: JSON.parse(r.outcomes) as Record<string, string>,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  recording_available: r.recording_available === 1,
  extra: r.extra === null ? null : JSON.parse(r.extra) as Record<string, unknown>
})

const toRow = (c: CallRecord) => ({
  ...c,
  outcomes: JSON.stringify(c.outcomes),
  metadata: JSON.stringify(c.metadata),
  recording_available: c.recording_available ? 1 : 0,
  attempt: c.attempt ?? 1,
  dialed_ord: c.dialed_ord ?? null,
  dial_error: c.dial_error ?? null,
  extra: c.extra === null || c.extra === undefined ? null : JSON.stringify(c.extra)
})

const ATTEMPT_COLUMNS = `batch_id, seq, attempt, call_id, dialed_ord, status, duration_seconds, answer_duration_seconds,
  disconnect_reason, dial_error, transcript_status, analysis_status, summary, outcomes, recording_available, started_at, ended_at`
type AttemptRow = Omit<CallAttemptRecord, 'outcomes' | 'recording_available'> & { outcomes: string, recording_available: 0 | 1 }
const attemptRecord = (r: AttemptRow): CallAttemptRecord => ({
  ...r,
  outcomes: JSON.parse(r.outcomes) as Record<string, string>,
  recording_available: r.recording_available === 1
})

/**
 * A call as read for a page: the record's fields, with `outcomes` and `metadata` still the JSON
 * text they are stored as (written by JSON.stringify, so a presenter may splice them into its
 * output as they are instead of parsing and serializing them again).
 */
export type CallPageRow = CallRow

/** Which calls of a batch a keyset walk or count takes. */
export interface CallSelection {
  /** Only calls in these statuses; absent: any. */
  statuses?: readonly CallStatus[]
  /** Only calls that failed before dialing (some) or that did not (none); absent: either. */
  dialError?: 'none' | 'some'
}

/** A keyset walk over a batch's calls by seq (contact order), which never changes. */
export interface CallWalk extends CallSelection {
  /** Only seqs strictly above this. */
  afterSeq?: number
  /** Only seqs strictly below this. */
  beforeSeq?: number
  limit: number
  order: 'asc' | 'desc'
}

export interface CallFilter {
  status?: CallStatus
  externalId?: string
}

/**
 * Calls of a batch, in contact order (`seq` 1..n). An unfiltered page is a keyset range
 * (`seq > offset`), so page 2,000 costs what page 1 does. Filtered pages walk the matching index;
 * their totals come from `call_status_counts`, never COUNT(*) over the batch.
 */
export function createCallRepository (db: Db) {
  const versions = changeVersions(db)
  const insertStm = db.prepare(`
    INSERT INTO calls (${CALL_COLUMNS}) VALUES (@batch_id, @seq, @call_id, @external_id,
      @phone_number, @name, @status, @duration_seconds, @answer_duration_seconds, @disconnect_reason,
      @transcript_status, @analysis_status, @summary, @outcomes, @recording_available, @started_at, @ended_at,
      @metadata, @attempt, @dialed_ord, @dial_error, @extra)`)
  // Positional, for bulk inserts (a create of 10,000 contacts): no parameter object per row.
  const insertPositionalStm = db.prepare(
    `INSERT INTO calls (${CALL_COLUMNS}) VALUES (${CALL_COLUMNS.split(',').map(() => '?').join(', ')})`)
  // Positional: the simulation updates calls all the time, and a parameter object per update
  // (the record spread into a row) cost more than the binding.
  const updateStm = db.prepare(`
    UPDATE calls SET status = ?, duration_seconds = ?, answer_duration_seconds = ?, disconnect_reason = ?,
      transcript_status = ?, analysis_status = ?, summary = ?, outcomes = ?, recording_available = ?,
      started_at = ?, ended_at = ?, external_id = ?, call_id = ?, attempt = ?, dialed_ord = ?, dial_error = ?
    WHERE batch_id = ? AND seq = ?`)
  const bumpCountStm = db.prepare(`
    INSERT INTO call_status_counts (batch_id, status, n) VALUES (?, ?, ?)
    ON CONFLICT (batch_id, status) DO UPDATE SET n = n + excluded.n`)
  const countStm = db.prepare<[string, string], number>(
    'SELECT n FROM call_status_counts WHERE batch_id = ? AND status = ?').pluck()
  const countsStm = db.prepare<[string], { status: CallStatus, n: number }>(
    'SELECT status, n FROM call_status_counts WHERE batch_id = ? AND n > 0')

  const pageStm = db.prepare<[string, number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
  const byStatusPageStm = db.prepare<[string, string, number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND status = ? ORDER BY seq LIMIT ? OFFSET ?`)
  const byExternalPageStm = db.prepare<[string, string, number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND external_id = ? ORDER BY seq LIMIT ? OFFSET ?`)
  const byExternalCountStm = db.prepare<[string, string], number>(
    'SELECT COUNT(*) FROM calls WHERE batch_id = ? AND external_id = ?').pluck()
  const byBothPageStm = db.prepare<[string, string, string, number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND external_id = ? AND status = ? ORDER BY seq LIMIT ? OFFSET ?`)
  const byBothCountStm = db.prepare<[string, string, string], number>(
    'SELECT COUNT(*) FROM calls WHERE batch_id = ? AND external_id = ? AND status = ?').pluck()

  const getStm = db.prepare<[string, number], CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND seq = ?`)
  const getByCallIdStm = db.prepare<[string, string], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND call_id = ?`)
  const inStatusStm = db.prepare<[string, string, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? AND status = ? ORDER BY seq LIMIT ?`)
  const allStm = db.prepare<[string], CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE batch_id = ? ORDER BY seq`)
  const byCallIdStm = db.prepare<[string], CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE call_id = ? ORDER BY rowid DESC`)
  const callIdTakenStm = db.prepare<[{ id: string }], number>(
    'SELECT EXISTS (SELECT 1 FROM calls WHERE call_id = @id) OR EXISTS (SELECT 1 FROM call_attempts WHERE call_id = @id)').pluck()
  const archiveStm = db.prepare(`INSERT INTO call_attempts (${ATTEMPT_COLUMNS}) VALUES (@batch_id, @seq, @attempt, @call_id,
    @dialed_ord, @status, @duration_seconds, @answer_duration_seconds, @disconnect_reason, @dial_error, @transcript_status,
    @analysis_status, @summary, @outcomes, @recording_available, @started_at, @ended_at)`)
  const attemptsOfStm = db.prepare<[string, number], AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS} FROM call_attempts WHERE batch_id = ? AND seq = ? ORDER BY attempt`)
  const attemptByCallIdStm = db.prepare<[string], AttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM call_attempts WHERE call_id = ?`)
  const allAttemptsStm = db.prepare<[string], AttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM call_attempts WHERE batch_id = ? ORDER BY seq, attempt`)

  // Walks and counts over a selection: one statement per shape (statuses are checked against the
  // known list and passed as parameters; no caller text reaches the SQL).
  const selectionStms = new Map<string, ReturnType<Db['prepare']>>()
  const selectionWhere = (s: CallSelection): { sql: string, params: Record<string, unknown> } => {
    const parts = ['batch_id = @batchId']
    const params: Record<string, unknown> = {}
    if (s.statuses !== undefined) {
      const names = s.statuses.map((status, i) => {
        if (!CALL_STATUSES.includes(status)) throw new Error(`unknown call status ${String(status)}`)
        params[`s${i}`] = status
        return `@s${i}`
      })
      parts.push(names.length === 0 ? '0' : `status IN (${names.join(', ')})`)
    }
    if (s.dialError === 'some') parts.push('dial_error IS NOT NULL')
    if (s.dialError === 'none') parts.push('dial_error IS NULL')
    return { sql: parts.join(' AND '), params }
  }
  const selectionStatement = (key: string, sql: string) => {
    let stm = selectionStms.get(key)
    if (stm === undefined) {
      stm = db.prepare(sql)
      selectionStms.set(key, stm)
    }
    return stm
  }

  return {
    /**
     * A page of a batch's calls by seq, after or before a seq, of the selected statuses: positions
     * never change, so a walk meets every call once (a call changing status may leave a filtered walk).
     */
    walk (batchId: string, q: CallWalk): CallRecord[] {
      const where = selectionWhere(q)
      const conditions = [where.sql, q.afterSeq !== undefined ? 'seq > @afterSeq' : '', q.beforeSeq !== undefined ? 'seq < @beforeSeq' : '']
        .filter(c => c !== '').join(' AND ')
      const dir = q.order === 'desc' ? 'DESC' : 'ASC'
      const sql = `SELECT ${CALL_COLUMNS} FROM calls WHERE ${conditions} ORDER BY seq ${dir} LIMIT @limit`
      const rows = selectionStatement(sql, sql).all({ ...where.params, batchId, afterSeq: q.afterSeq, beforeSeq: q.beforeSeq, limit: q.limit }) as CallRow[]
      return rows.map(toRecord)
    },
    /** How many of a batch's calls are selected (from the per-status counts when the selection allows). */
    count (batchId: string, s: CallSelection): number {
      if (s.dialError === undefined) {
        const wanted = new Set<CallStatus>(s.statuses ?? CALL_STATUSES)
        let n = 0
        for (const r of countsStm.all(batchId)) if (wanted.has(r.status)) n += r.n
        return n
      }
      const where = selectionWhere(s)
      const sql = `SELECT COUNT(*) AS n FROM calls WHERE ${where.sql}`
      const row = selectionStatement(sql, sql).get({ ...where.params, batchId }) as { n: number }
      return row.n
    },
    /** Inserts one call and counts it. Call inside the caller's transaction for many rows. */
    insert (c: CallRecord): void {
      insertStm.run(toRow(c))
      bumpCountStm.run(c.batch_id, c.status, 1)
      versions.bumpBatch(c.batch_id)
    },
    /**
     * Inserts many calls of one batch, in order: the same rows (and row ids) as insert() one by one,
     * with one count update per status and one version bump instead of one per call.
     */
    insertMany (batchId: string, calls: readonly CallRecord[]): void {
      const counts = new Map<CallStatus, number>()
      for (const c of calls) {
        if (c.batch_id !== batchId) throw new Error(`insertMany: call of batch ${c.batch_id} given for ${batchId}`)
        insertPositionalStm.run(
          c.batch_id, c.seq, c.call_id, c.external_id, c.phone_number, c.name, c.status, c.duration_seconds,
          c.answer_duration_seconds, c.disconnect_reason, c.transcript_status, c.analysis_status, c.summary,
          JSON.stringify(c.outcomes), c.recording_available ? 1 : 0, c.started_at, c.ended_at, JSON.stringify(c.metadata),
          c.attempt ?? 1, c.dialed_ord ?? null, c.dial_error ?? null,
          c.extra === null || c.extra === undefined ? null : JSON.stringify(c.extra))
        counts.set(c.status, (counts.get(c.status) ?? 0) + 1)
      }
      for (const [status, n] of counts) bumpCountStm.run(batchId, status, n)
      if (calls.length > 0) versions.bumpBatch(batchId)
    },
    /** Rewrites a call's changing fields; moves its count when its status changed. */
    update (c: CallRecord, previousStatus: CallStatus): void {
      updateStm.run(c.status, c.duration_seconds, c.answer_duration_seconds, c.disconnect_reason, c.transcript_status,
        c.analysis_status, c.summary, JSON.stringify(c.outcomes), c.recording_available ? 1 : 0, c.started_at, c.ended_at,
        c.external_id, c.call_id, c.attempt ?? 1, c.dialed_ord ?? null, c.dial_error ?? null, c.batch_id, c.seq)
      versions.bumpBatch(c.batch_id)
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
    /**
     * Calls (latest attempts) with this call id, newest first. Ids are unique but for the docs'
     * own examples, which show one id in two batches.
     */
    byCallId (callId: string): CallRecord[] {
      return byCallIdStm.all(callId).map(toRecord)
    },
    /** Whether any call or earlier attempt of the store has this id. */
    callIdTaken (callId: string): boolean {
      return callIdTakenStm.get({ id: callId }) === 1
    },
    /** Keeps a call's current attempt as an earlier one (before it is dialed again). */
    archiveAttempt (c: CallRecord): void {
      archiveStm.run(toRow(c))
      versions.bumpBatch(c.batch_id)
    },
    /** The earlier attempts of one call, oldest first. */
    attemptsOf (batchId: string, seq: number): CallAttemptRecord[] {
      return attemptsOfStm.all(batchId, seq).map(attemptRecord)
    },
    attemptByCallId (callId: string): CallAttemptRecord | undefined {
      const row = attemptByCallIdStm.get(callId)
      return row === undefined ? undefined : attemptRecord(row)
    },
    /** Every earlier attempt of a batch's calls (seq, then attempt order). */
    allAttempts (batchId: string): CallAttemptRecord[] {
      return allAttemptsStm.all(batchId).map(attemptRecord)
    },
    statusCounts (batchId: string): Partial<Record<CallStatus, number>> {
      const out: Partial<Record<CallStatus, number>> = {}
      for (const r of countsStm.all(batchId)) out[r.status] = r.n
      return out
    },
    /** The calls after the first `offset` (contact order), at most `limit`: a keyset range. */
    page (batchId: string, offset: number, limit: number): CallPageRow[] {
      return pageStm.all(batchId, offset, limit)
    },
    /** A filtered page of calls (contact order) and the filtered total. */
    filteredPage (batchId: string, f: CallFilter, offset: number, limit: number): { rows: CallPageRow[], total: number } {
      let total: number
      let fetch: () => CallPageRow[]
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
      return { rows: offset >= total ? [] : fetch(), total }
    }
  }
}

export type CallRepository = ReturnType<typeof createCallRepository>
