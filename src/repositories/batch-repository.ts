import type { Db } from '../db/database.js'
import { batchListItem, type BatchRecord, type BatchStatus } from './records.js'
import type { BatchDetail } from '../schemas/batch.js'

type Flag = 0 | 1
interface BatchRow extends Omit<BatchRecord, 'recording_enabled' | 'interruption' | 'use_alternate_number' | 'deduplicate_by_phone' | 'frozen' | 'metadata'> {
  recording_enabled: Flag
  interruption: Flag
  use_alternate_number: Flag
  deduplicate_by_phone: Flag
  frozen: Flag
  metadata: string | null
}

const BATCH_COLUMNS = `schedule_id, account_id, agent_id, agent_name, version_id, status, start_mode, voice, did_number,
  total_contacts, completed_contacts, failed_contacts, pending_contacts, concurrency, recording_enabled,
  scheduled_at, started_at, created_at, updated_at, interruption, use_alternate_number, deduplicate_by_phone,
  callback_url, max_duration_seconds_per_call, metadata, frozen`

const toRecord = (r: BatchRow): BatchRecord => ({
  ...r,
  recording_enabled: r.recording_enabled === 1,
  interruption: r.interruption === 1,
  use_alternate_number: r.use_alternate_number === 1,
  deduplicate_by_phone: r.deduplicate_by_phone === 1,
  frozen: r.frozen === 1,
  metadata: r.metadata === null ? null : JSON.parse(r.metadata) as Record<string, unknown>
})

const toRow = (b: BatchRecord) => ({
  ...b,
  recording_enabled: b.recording_enabled ? 1 : 0,
  interruption: b.interruption ? 1 : 0,
  use_alternate_number: b.use_alternate_number ? 1 : 0,
  deduplicate_by_phone: b.deduplicate_by_phone ? 1 : 0,
  frozen: b.frozen ? 1 : 0,
  metadata: b.metadata === null ? null : JSON.stringify(b.metadata),
  list_json: Buffer.from(JSON.stringify(batchListItem(b)), 'utf8')
})

/**
 * List pages kept once built, per database (shared by every repository on it): an entry is used
 * while its account's version is unchanged; every batch write goes through insert/update, which
 * bump it. Bounded by entries (oldest go first); a page of 50 is ~15 KiB.
 */
const LIST_CACHE_ENTRIES = 1000
interface ListCache {
  versions: Map<string, number>
  entries: Map<string, { version: number, items: Buffer[], total: number }>
}
const listCaches = new WeakMap<Db, ListCache>()

/** Drops every cached list page of `db` (after a state swap that wrote with raw SQL). */
export function forgetCachedLists (db: Db): void {
  listCaches.delete(db)
}

export interface BatchListFilter {
  accountId: string
  agentId?: string
  status?: BatchStatus
  page: number
  limit: number
}

/**
 * Batches. Lists are newest first (`created_at` descending, then `schedule_id` descending), so the
 * order is total and the same whatever the page size. A list page is the stored list JSON of its rows.
 */
export function createBatchRepository (db: Db) {
  const cacheOf = (): ListCache => {
    let c = listCaches.get(db)
    if (c === undefined) {
      c = { versions: new Map(), entries: new Map() }
      listCaches.set(db, c)
    }
    return c
  }
  const bump = (accountId: string) => {
    const { versions } = cacheOf()
    versions.set(accountId, (versions.get(accountId) ?? 0) + 1)
  }
  const findStm = db.prepare<[string, string], BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE schedule_id = ? AND account_id = ?`)
  // Get Batch reads only the documented detail fields (no metadata to parse), in batchDetail's order.
  const findDetailStm = db.prepare<[string, string], Omit<BatchDetail, 'recording_enabled'> & { recording_enabled: Flag }>(
    `SELECT schedule_id, agent_id, agent_name, version_id, status, start_mode, voice, did_number, total_contacts,
      completed_contacts, failed_contacts, pending_contacts, concurrency, recording_enabled, scheduled_at, started_at,
      created_at, updated_at FROM batches WHERE schedule_id = ? AND account_id = ?`)
  const findAnyStm = db.prepare<[string], BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE schedule_id = ?`)
  const existsStm = db.prepare<[string], number>('SELECT 1 FROM batches WHERE schedule_id = ?').pluck()
  const insertStm = db.prepare(`
    INSERT INTO batches (${BATCH_COLUMNS}, list_json) VALUES (@schedule_id, @account_id, @agent_id, @agent_name,
      @version_id, @status, @start_mode, @voice, @did_number, @total_contacts, @completed_contacts, @failed_contacts,
      @pending_contacts, @concurrency, @recording_enabled, @scheduled_at, @started_at, @created_at, @updated_at,
      @interruption, @use_alternate_number, @deduplicate_by_phone, @callback_url, @max_duration_seconds_per_call,
      @metadata, @frozen, @list_json)`)
  const updateStm = db.prepare(`
    UPDATE batches SET status = @status, total_contacts = @total_contacts, completed_contacts = @completed_contacts,
      failed_contacts = @failed_contacts, pending_contacts = @pending_contacts, concurrency = @concurrency,
      scheduled_at = @scheduled_at, started_at = @started_at, updated_at = @updated_at, list_json = @list_json
    WHERE schedule_id = @schedule_id`)
  const listAllForAccountStm = db.prepare<[string], BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE account_id = ? ORDER BY created_at DESC, schedule_id DESC`)
  const listAllStm = db.prepare<[], BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches ORDER BY account_id, created_at, schedule_id`)
  const listByStatusStm = db.prepare<[string], BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE status = ? AND frozen = 0 ORDER BY created_at, schedule_id`)

  // One statement per filter combination, so each uses its own index.
  const where = {
    none: 'account_id = @accountId',
    status: 'account_id = @accountId AND status = @status',
    agent: 'account_id = @accountId AND agent_id = @agentId',
    both: 'account_id = @accountId AND agent_id = @agentId AND status = @status'
  }
  type Key = keyof typeof where
  const pageStms = {} as Record<Key, ReturnType<Db['prepare']>>
  const countStms = {} as Record<Key, ReturnType<Db['prepare']>>
  for (const key of Object.keys(where) as Key[]) {
    // The page's items joined by SQLite into one BLOB (`a,b,c`): one Buffer per page, not per row.
    pageStms[key] = db.prepare(`SELECT CAST(group_concat(list_json, ',') AS BLOB) FROM (SELECT list_json FROM batches
      WHERE ${where[key]} ORDER BY created_at DESC, schedule_id DESC LIMIT @limit OFFSET @offset)`).pluck()
    countStms[key] = db.prepare(`SELECT COUNT(*) FROM batches WHERE ${where[key]}`).pluck()
  }

  return {
    /** The batch if it exists and belongs to the account; another account's batch is not found. */
    findOwned (accountId: string, scheduleId: string): BatchRecord | undefined {
      const row = findStm.get(scheduleId, accountId)
      return row === undefined ? undefined : toRecord(row)
    },
    /** findOwned's answer as batchDetail would give it, read straight from the detail columns. */
    findOwnedDetail (accountId: string, scheduleId: string): BatchDetail | undefined {
      const row = findDetailStm.get(scheduleId, accountId)
      if (row === undefined) return undefined
      const detail = row as unknown as BatchDetail
      detail.recording_enabled = row.recording_enabled === 1
      return detail
    },
    findById (scheduleId: string): BatchRecord | undefined {
      const row = findAnyStm.get(scheduleId)
      return row === undefined ? undefined : toRecord(row)
    },
    exists (scheduleId: string): boolean {
      return existsStm.get(scheduleId) === 1
    },
    /** One page of list items (stored JSON, joined by commas, as pageBody fragments) and the filtered total. */
    list (f: BatchListFilter): { items: Buffer[], total: number } {
      const key: Key = f.agentId !== undefined
        ? (f.status !== undefined ? 'both' : 'agent')
        : (f.status !== undefined ? 'status' : 'none')
      const params = { accountId: f.accountId, agentId: f.agentId, status: f.status, limit: f.limit, offset: (f.page - 1) * f.limit }
      const cacheKey = `${f.accountId} ${f.agentId ?? ''} ${f.status ?? ''} ${f.page} ${f.limit}`
      const lists = cacheOf()
      const version = lists.versions.get(f.accountId) ?? 0
      const hit = lists.entries.get(cacheKey)
      if (hit !== undefined && hit.version === version) return { items: hit.items, total: hit.total }
      const total = countStms[key].get(params) as number
      const joined = params.offset >= total ? null : pageStms[key].get(params) as Buffer | null
      const items = joined === null || joined === undefined ? [] : [joined]
      lists.entries.delete(cacheKey)
      lists.entries.set(cacheKey, { version, items, total })
      if (lists.entries.size > LIST_CACHE_ENTRIES) lists.entries.delete(lists.entries.keys().next().value as string)
      return { items, total }
    },
    listForAccount (accountId: string): BatchRecord[] {
      return listAllForAccountStm.all(accountId).map(toRecord)
    },
    /** Every batch of every account, oldest first per account (fixture export). */
    listAll (): BatchRecord[] {
      return listAllStm.all().map(toRecord)
    },
    /** Unfrozen batches in a status, oldest first (what the simulation works through). */
    listByStatus (status: BatchStatus): BatchRecord[] {
      return listByStatusStm.all(status).map(toRecord)
    },
    insert (b: BatchRecord): void {
      insertStm.run(toRow(b))
      bump(b.account_id)
    },
    /** Writes the mutable fields (status, counters, timestamps, concurrency) and the list JSON. */
    update (b: BatchRecord): void {
      updateStm.run(toRow(b))
      bump(b.account_id)
    }
  }
}

export type BatchRepository = ReturnType<typeof createBatchRepository>
