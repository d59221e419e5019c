/**
 * Dialed calls, one row per attempt: a call's latest attempt (from `calls`) and its earlier ones
 * (from `call_attempts`), in the store-wide order of dialing. Providers whose APIs list call records
 * (Cartesia's agent calls, Ultravox's created calls) page through these newest first, by dial order,
 * which never changes once given: a walk sees every record once even while calls change state.
 */
import type { Db } from './database.js'
import type { CallRecord } from '../model/records.js'

/** One attempt of a dialed call, with what the views need of its batch. */
export interface DialedCall extends CallRecord {
  /** The batch's agent (for agent-wide listings). */
  agent_id: string
  /** Whether this is the call's latest attempt (an earlier one was dialed again by a retry). */
  latest: boolean
}

export interface DialedQuery {
  accountId: string
  /** Only this batch's calls; otherwise every batch of `agentId`. */
  batchId?: string
  agentId?: string
  /** Dial order strictly below (older than) this. */
  before?: number
  /** Dial order strictly above (newer than) this. */
  after?: number
  /** Start time bounds (ISO 8601, inclusive). */
  startedGte?: string
  startedLte?: string
  /** Leave out calls that failed before dialing (they have no call record on some providers). */
  placedOnly: boolean
  /** Leave out calls handed to the dialer that have not started ringing yet (no start time). */
  startedOnly?: boolean
  limit: number
  /** newest first (desc) or oldest first (asc). */
  order: 'desc' | 'asc'
}

/** What `count` counts: a walk's selection without position or limit. */
export type DialedCount = Pick<DialedQuery, 'accountId' | 'batchId' | 'agentId' | 'placedOnly' | 'startedOnly'>

type Row = Omit<DialedCall, 'outcomes' | 'metadata' | 'recording_available' | 'extra' | 'latest'> & {
  outcomes: string, metadata: string, recording_available: 0 | 1, extra: string | null, latest: 0 | 1
}

const toRecord = (r: Row): DialedCall => ({
  ...r,
  outcomes: JSON.parse(r.outcomes) as Record<string, string>,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  recording_available: r.recording_available === 1,
  extra: r.extra === null ? null : JSON.parse(r.extra) as Record<string, unknown>,
  latest: r.latest === 1
})

const LATEST = `c.batch_id, c.seq, c.call_id, c.external_id, c.phone_number, c.name, c.status, c.duration_seconds,
  c.answer_duration_seconds, c.disconnect_reason, c.transcript_status, c.analysis_status, c.summary, c.outcomes,
  c.recording_available, c.started_at, c.ended_at, c.metadata, c.attempt, c.dialed_ord, c.dial_error, c.extra,
  b.agent_id, 1 AS latest`
const EARLIER = `a.batch_id, a.seq, a.call_id, c.external_id, c.phone_number, c.name, a.status, a.duration_seconds,
  a.answer_duration_seconds, a.disconnect_reason, a.transcript_status, a.analysis_status, a.summary, a.outcomes,
  a.recording_available, a.started_at, a.ended_at, c.metadata, a.attempt, a.dialed_ord, a.dial_error, c.extra,
  b.agent_id, 0 AS latest`

export function createDialedRepository (db: Db) {
  const stms = new Map<string, ReturnType<Db['prepare']>>()
  /** One statement per shape of query (a handful), prepared on first use; no user text in SQL. */
  const statement = (q: DialedQuery) => {
    const scope = q.batchId !== undefined ? 'b.schedule_id = @batchId' : 'b.agent_id = @agentId'
    const conditions = (t: 'c' | 'a') => [
      `b.account_id = @accountId AND b.deleted_at IS NULL AND ${scope} AND ${t}.dialed_ord IS NOT NULL`,
      q.before !== undefined ? `${t}.dialed_ord < @before` : '',
      q.after !== undefined ? `${t}.dialed_ord > @after` : '',
      q.startedGte !== undefined ? `${t}.started_at >= @startedGte` : '',
      q.startedLte !== undefined ? `${t}.started_at <= @startedLte` : '',
      q.placedOnly ? `${t}.dial_error IS NULL` : '',
      q.startedOnly === true ? `${t}.started_at IS NOT NULL` : ''
    ].filter(s => s !== '').join(' AND ')
    const key = `${scope}|${conditions('c')}|${q.order}`
    let stm = stms.get(key)
    if (stm === undefined) {
      stm = db.prepare(`SELECT * FROM (
          SELECT ${LATEST} FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE ${conditions('c')}
          UNION ALL
          SELECT ${EARLIER} FROM call_attempts a JOIN batches b ON b.schedule_id = a.batch_id
            JOIN calls c ON c.batch_id = a.batch_id AND c.seq = a.seq WHERE ${conditions('a')}
        ) ORDER BY dialed_ord ${q.order === 'desc' ? 'DESC' : 'ASC'} LIMIT @limit`)
      stms.set(key, stm)
    }
    return stm
  }
  const countStms = new Map<string, ReturnType<Db['prepare']>>()
  /** The count of what `statement` walks (no position, no limit). */
  const countStatement = (q: DialedCount) => {
    const scope = q.batchId !== undefined ? 'b.schedule_id = @batchId' : 'b.agent_id = @agentId'
    const conditions = (t: 'c' | 'a') => [
      `b.account_id = @accountId AND b.deleted_at IS NULL AND ${scope} AND ${t}.dialed_ord IS NOT NULL`,
      q.placedOnly ? `${t}.dial_error IS NULL` : '',
      q.startedOnly === true ? `${t}.started_at IS NOT NULL` : ''
    ].filter(s => s !== '').join(' AND ')
    const key = conditions('c')
    let stm = countStms.get(key)
    if (stm === undefined) {
      stm = db.prepare(`SELECT
          (SELECT COUNT(*) FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE ${conditions('c')})
          + (SELECT COUNT(*) FROM call_attempts a JOIN batches b ON b.schedule_id = a.batch_id WHERE ${conditions('a')})`).pluck()
      countStms.set(key, stm)
    }
    return stm
  }
  const byCallIdAnyStm = db.prepare<[{ callId: string, accountId: string }], Row>(`SELECT * FROM (
      SELECT ${LATEST} FROM calls c JOIN batches b ON b.schedule_id = c.batch_id
        WHERE c.call_id = @callId AND b.account_id = @accountId
      UNION ALL
      SELECT ${EARLIER} FROM call_attempts a JOIN batches b ON b.schedule_id = a.batch_id
        JOIN calls c ON c.batch_id = a.batch_id AND c.seq = a.seq
        WHERE a.call_id = @callId AND b.account_id = @accountId
    ) ORDER BY dialed_ord DESC LIMIT 1`)
  const byCallIdStm = db.prepare<[{ callId: string, accountId: string }], Row>(`SELECT * FROM (
      SELECT ${LATEST} FROM calls c JOIN batches b ON b.schedule_id = c.batch_id
        WHERE c.call_id = @callId AND b.account_id = @accountId AND b.deleted_at IS NULL
      UNION ALL
      SELECT ${EARLIER} FROM call_attempts a JOIN batches b ON b.schedule_id = a.batch_id
        JOIN calls c ON c.batch_id = a.batch_id AND c.seq = a.seq
        WHERE a.call_id = @callId AND b.account_id = @accountId AND b.deleted_at IS NULL
    ) ORDER BY dialed_ord DESC LIMIT 1`)
  const placedCountStm = db.prepare<[{ batchId: string }], number>(
    'SELECT (SELECT COUNT(*) FROM calls WHERE batch_id = @batchId AND dialed_ord IS NOT NULL AND dial_error IS NULL) + (SELECT COUNT(*) FROM call_attempts WHERE batch_id = @batchId AND dial_error IS NULL)').pluck()

  return {
    /** Dialed calls (every attempt) in dial order, at most `limit`. */
    list (q: DialedQuery): DialedCall[] {
      return (statement(q).all({ ...q, limit: q.limit }) as Row[]).map(toRecord)
    },
    /** How many dialed calls (every attempt) a query selects, whatever its position and limit. */
    count (q: DialedCount): number {
      return (countStatement(q).get({ ...q }) as number | undefined) ?? 0
    },
    /**
     * One attempt by its call id, if it belongs to the account, deleted batches included: where a
     * provider's calls outlive the batch that made them.
     */
    byCallIdIncludingDeleted (accountId: string, callId: string): DialedCall | undefined {
      const row = byCallIdAnyStm.get({ callId, accountId })
      return row === undefined ? undefined : toRecord(row)
    },
    /** One attempt by its call id, if it belongs to the account (a batch not deleted). */
    byCallId (accountId: string, callId: string): DialedCall | undefined {
      const row = byCallIdStm.get({ callId, accountId })
      return row === undefined ? undefined : toRecord(row)
    },
    /** Attempts of a batch that were placed (dialed, not failed before dialing), earlier ones included. */
    placedCount (batchId: string): number {
      return placedCountStm.get({ batchId }) ?? 0
    }
  }
}

export type DialedRepository = ReturnType<typeof createDialedRepository>

