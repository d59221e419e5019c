/**
 * Every provider's batches in one list, for the control API's overview (the dashboard reads it):
 * pages of the batch rows, each with its account's provider and its per-status call counts from
 * `call_status_counts`. Nothing here counts calls: a page costs the same on a server with a million
 * calls as on one with ten. Batches are few (one row per batch, not per call), so the cross-account
 * order sorts the matching rows; with an account, its index gives them in order.
 */
import type { Db } from './database.js'
import type { BatchStatus, CallStatus, Provider, StartMode } from '../model/records.js'

export interface OverviewFilter {
  provider?: Provider
  accountId?: string
  status?: BatchStatus
  /** Deleted batches too (hidden by every provider's API; their calls in flight still run). */
  includeDeleted: boolean
  offset: number
  limit: number
}

/** The fields of a batch an overview shows (the core's names). */
export interface OverviewRow {
  schedule_id: string
  account_id: string
  provider: Provider
  agent_id: string
  agent_name: string
  name: string | null
  status: BatchStatus
  paused: boolean
  frozen: boolean
  start_mode: StartMode
  concurrency: number
  total_contacts: number
  completed_contacts: number
  failed_contacts: number
  pending_contacts: number
  retry_count: number
  callback_url: string | null
  created_at: string
  scheduled_at: string | null
  started_at: string | null
  updated_at: string
  drained_at: string | null
  window_end_at: string | null
  deleted_at: string | null
}

type Row = Omit<OverviewRow, 'paused' | 'frozen'> & { paused: 0 | 1, frozen: 0 | 1 }

const COLUMNS = `b.schedule_id, b.account_id, a.provider, b.agent_id, b.agent_name, b.name, b.status, b.paused, b.frozen,
  b.start_mode, b.concurrency, b.total_contacts, b.completed_contacts, b.failed_contacts, b.pending_contacts,
  b.retry_count, b.callback_url, b.created_at, b.scheduled_at, b.started_at, b.updated_at, b.drained_at,
  b.window_end_at, b.deleted_at`

export function createBatchOverview (db: Db) {
  // One statement per filter combination (at most 16), prepared on first use.
  const stms = new Map<string, { page: ReturnType<Db['prepare']>, count: ReturnType<Db['prepare']> }>()
  const statementsFor = (f: OverviewFilter) => {
    const where: string[] = []
    if (f.provider !== undefined) where.push('a.provider = @provider')
    if (f.accountId !== undefined) where.push('b.account_id = @accountId')
    if (f.status !== undefined) where.push('b.status = @status')
    if (!f.includeDeleted) where.push('b.deleted_at IS NULL')
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
    let s = stms.get(clause)
    if (s === undefined) {
      const from = 'FROM batches b JOIN accounts a ON a.account_id = b.account_id'
      s = {
        page: db.prepare(`SELECT ${COLUMNS} ${from} ${clause} ORDER BY b.created_at DESC, b.schedule_id DESC LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT COUNT(*) ${from} ${clause}`).pluck()
      }
      stms.set(clause, s)
    }
    return s
  }
  const countsStm = db.prepare<[string], { batch_id: string, status: CallStatus, n: number }>(
    'SELECT batch_id, status, n FROM call_status_counts WHERE batch_id IN (SELECT value FROM json_each(?)) AND n > 0')

  return {
    /** One page of batches, newest first (created_at, then id, descending), and the filtered total. */
    list (f: OverviewFilter): { rows: OverviewRow[], total: number } {
      const s = statementsFor(f)
      const params = { provider: f.provider, accountId: f.accountId, status: f.status, limit: f.limit, offset: f.offset }
      const total = s.count.get(params) as number
      const rows = f.offset >= total ? [] : (s.page.all(params) as Row[])
      return { rows: rows.map(r => ({ ...r, paused: r.paused === 1, frozen: r.frozen === 1 })), total }
    },
    /** The per-status call counts of these batches (statuses with no call left out). */
    statusCounts (batchIds: readonly string[]): Map<string, Partial<Record<CallStatus, number>>> {
      const out = new Map<string, Partial<Record<CallStatus, number>>>(batchIds.map(id => [id, {}]))
      if (batchIds.length === 0) return out
      for (const r of countsStm.all(JSON.stringify(batchIds))) (out.get(r.batch_id) as Partial<Record<CallStatus, number>>)[r.status] = r.n
      return out
    }
  }
}

export type BatchOverview = ReturnType<typeof createBatchOverview>
