import type { Db } from './database.js'
import type { BatchRecord, BatchStatus } from '../model/records.js'
import { changeVersions } from './versions.js'

type Flag = 0 | 1
interface BatchRow extends Omit<BatchRecord, 'recording_enabled' | 'interruption' | 'use_alternate_number' | 'deduplicate_by_phone' | 'frozen' | 'metadata' | 'extra'> {
  recording_enabled: Flag
  interruption: Flag
  use_alternate_number: Flag
  deduplicate_by_phone: Flag
  frozen: Flag
  metadata: string | null
  extra: string | null
}

const BATCH_COLUMNS = `schedule_id, account_id, agent_id, agent_name, version_id, status, start_mode, voice, did_number,
  total_contacts, completed_contacts, failed_contacts, pending_contacts, concurrency, recording_enabled,
  scheduled_at, started_at, created_at, updated_at, interruption, use_alternate_number, deduplicate_by_phone,
  callback_url, max_duration_seconds_per_call, metadata, frozen, name, from_number_id, retry_count, window_end_at,
  webhook_secret, drained_at, deleted_at, extra`

const toRecord = (r: BatchRow): BatchRecord => ({
  ...r,
  recording_enabled: r.recording_enabled === 1,
  interruption: r.interruption === 1,
  use_alternate_number: r.use_alternate_number === 1,
  deduplicate_by_phone: r.deduplicate_by_phone === 1,
  frozen: r.frozen === 1,
  metadata: r.metadata === null ? null : JSON.parse(r.metadata) as Record<string, unknown>,
  extra: r.extra === null ? null : JSON.parse(r.extra) as Record<string, unknown>
})

const toRow = (b: BatchRecord) => ({
  ...b,
  recording_enabled: b.recording_enabled ? 1 : 0,
  interruption: b.interruption ? 1 : 0,
  use_alternate_number: b.use_alternate_number ? 1 : 0,
  deduplicate_by_phone: b.deduplicate_by_phone ? 1 : 0,
  frozen: b.frozen ? 1 : 0,
  metadata: b.metadata === null ? null : JSON.stringify(b.metadata),
  name: b.name ?? null,
  from_number_id: b.from_number_id ?? null,
  retry_count: b.retry_count ?? 0,
  window_end_at: b.window_end_at ?? null,
  webhook_secret: b.webhook_secret ?? null,
  drained_at: b.drained_at ?? null,
  deleted_at: b.deleted_at ?? null,
  extra: b.extra === null || b.extra === undefined ? null : JSON.stringify(b.extra)
})

/**
 * A keyset walk over an account's batches in list order (newest first: `created_at`, then
 * `schedule_id`, descending), for cursor pagination: the batches strictly after (older than)
 * `after`, or strictly before (newer than) `before`, whatever changed since the cursor was read.
 * Deleted batches are left out.
 */
export interface BatchWalk {
  accountId: string
  agentId?: string
  /** Older than this batch's place in the list. */
  after?: Pick<BatchRecord, 'created_at' | 'schedule_id'>
  /** Newer than this batch's place in the list. */
  before?: Pick<BatchRecord, 'created_at' | 'schedule_id'>
  limit: number
  /** desc: list order (walking forward); asc: the reverse, nearest to `before` first (walking backward). */
  order: 'desc' | 'asc'
}

export interface BatchListFilter {
  accountId: string
  agentId?: string
  status?: BatchStatus
  /**
   * Leave out batches whose `extra[key]` is `value` (a surface's own batches that its lists do not
   * show, e.g. TechLadder's test calls). The core does not interpret either.
   */
  unlisted?: { key: string, value: string }
  offset: number
  limit: number
}

/**
 * Batches. Lists are newest first (`created_at` descending, then `schedule_id` descending), so the
 * order is total and the same whatever the page size.
 */
export function createBatchRepository (db: Db) {
  const versions = changeVersions(db)
  const changed = (b: BatchRecord) => {
    versions.bumpBatch(b.schedule_id)
    versions.bumpAccount(b.account_id)
  }
  const findStm = db.prepare<[string, string], BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE schedule_id = ? AND account_id = ? AND deleted_at IS NULL`)
  const findAnyStm = db.prepare<[string], BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE schedule_id = ?`)
  const existsStm = db.prepare<[string], number>('SELECT 1 FROM batches WHERE schedule_id = ?').pluck()
  const insertStm = db.prepare(`
    INSERT INTO batches (${BATCH_COLUMNS}) VALUES (@schedule_id, @account_id, @agent_id, @agent_name,
      @version_id, @status, @start_mode, @voice, @did_number, @total_contacts, @completed_contacts, @failed_contacts,
      @pending_contacts, @concurrency, @recording_enabled, @scheduled_at, @started_at, @created_at, @updated_at,
      @interruption, @use_alternate_number, @deduplicate_by_phone, @callback_url, @max_duration_seconds_per_call,
      @metadata, @frozen, @name, @from_number_id, @retry_count, @window_end_at, @webhook_secret, @drained_at,
      @deleted_at, @extra)`)
  const updateStm = db.prepare(`
    UPDATE batches SET status = @status, total_contacts = @total_contacts, completed_contacts = @completed_contacts,
      failed_contacts = @failed_contacts, pending_contacts = @pending_contacts, concurrency = @concurrency,
      scheduled_at = @scheduled_at, started_at = @started_at, updated_at = @updated_at, start_mode = @start_mode,
      retry_count = @retry_count, window_end_at = @window_end_at, callback_url = @callback_url,
      webhook_secret = @webhook_secret, drained_at = @drained_at, deleted_at = @deleted_at, extra = @extra
    WHERE schedule_id = @schedule_id`)
  const pausedStm = db.prepare<[string], number>('SELECT paused FROM batches WHERE schedule_id = ?').pluck()
  const setPausedStm = db.prepare<[number, string]>('UPDATE batches SET paused = ? WHERE schedule_id = ?')
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
  const unlistedPageStms = {} as Record<Key, ReturnType<Db['prepare']>>
  const unlistedCountStms = {} as Record<Key, ReturnType<Db['prepare']>>
  // The path and value are bound parameters: nothing a caller gives becomes SQL text.
  const listed = '(extra IS NULL OR json_extract(extra, @unlistedPath) IS NOT @unlistedValue)'
  for (const key of Object.keys(where) as Key[]) {
    pageStms[key] = db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches
      WHERE ${where[key]} ORDER BY created_at DESC, schedule_id DESC LIMIT @limit OFFSET @offset`)
    countStms[key] = db.prepare(`SELECT COUNT(*) FROM batches WHERE ${where[key]}`).pluck()
    unlistedPageStms[key] = db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches
      WHERE ${where[key]} AND ${listed} ORDER BY created_at DESC, schedule_id DESC LIMIT @limit OFFSET @offset`)
    unlistedCountStms[key] = db.prepare(`SELECT COUNT(*) FROM batches WHERE ${where[key]} AND ${listed}`).pluck()
  }

  const walkStms = new Map<string, ReturnType<Db['prepare']>>()
  /** One statement per shape of walk (a handful), prepared on first use; no user text in SQL. */
  const walkStatement = (w: BatchWalk) => {
    const conditions = [
      'account_id = @accountId AND deleted_at IS NULL',
      w.agentId !== undefined ? 'agent_id = @agentId' : '',
      w.after !== undefined ? '(created_at, schedule_id) < (@afterCreated, @afterId)' : '',
      w.before !== undefined ? '(created_at, schedule_id) > (@beforeCreated, @beforeId)' : ''
    ].filter(c => c !== '').join(' AND ')
    const dir = w.order === 'desc' ? 'DESC' : 'ASC'
    const key = `${conditions}|${dir}`
    let stm = walkStms.get(key)
    if (stm === undefined) {
      stm = db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches WHERE ${conditions} ORDER BY created_at ${dir}, schedule_id ${dir} LIMIT @limit`)
      walkStms.set(key, stm)
    }
    return stm
  }
  const countLiveStm = db.prepare<[{ accountId: string, agentId: string }], number>(
    'SELECT COUNT(*) FROM batches WHERE account_id = @accountId AND agent_id = @agentId AND deleted_at IS NULL').pluck()

  return {
    /** The batch if it exists, belongs to the account and was not deleted; another account's batch is not found. */
    findOwned (accountId: string, scheduleId: string): BatchRecord | undefined {
      const row = findStm.get(scheduleId, accountId)
      return row === undefined ? undefined : toRecord(row)
    },
    findById (scheduleId: string): BatchRecord | undefined {
      const row = findAnyStm.get(scheduleId)
      return row === undefined ? undefined : toRecord(row)
    },
    exists (scheduleId: string): boolean {
      return existsStm.get(scheduleId) === 1
    },
    /** One page of an account's batches (newest first) and the filtered total. */
    list (f: BatchListFilter): { items: BatchRecord[], total: number } {
      const key: Key = f.agentId !== undefined
        ? (f.status !== undefined ? 'both' : 'agent')
        : (f.status !== undefined ? 'status' : 'none')
      const params = { accountId: f.accountId, agentId: f.agentId, status: f.status, limit: f.limit, offset: f.offset }
      if (f.unlisted !== undefined) {
        const p = { ...params, unlistedPath: `$.${JSON.stringify(f.unlisted.key)}`, unlistedValue: f.unlisted.value }
        const total = unlistedCountStms[key].get(p) as number
        const items = f.offset >= total ? [] : (unlistedPageStms[key].all(p) as BatchRow[]).map(toRecord)
        return { items, total }
      }
      const total = countStms[key].get(params) as number
      const items = f.offset >= total ? [] : (pageStms[key].all(params) as BatchRow[]).map(toRecord)
      return { items, total }
    },
    /** At most `limit` batches of a keyset walk (see BatchWalk). */
    walk (w: BatchWalk): BatchRecord[] {
      const params = {
        accountId: w.accountId,
        agentId: w.agentId,
        afterCreated: w.after?.created_at,
        afterId: w.after?.schedule_id,
        beforeCreated: w.before?.created_at,
        beforeId: w.before?.schedule_id,
        limit: w.limit
      }
      return (walkStatement(w).all(params) as BatchRow[]).map(toRecord)
    },
    /** How many live (not deleted) batches an agent of the account has. */
    countLive (accountId: string, agentId: string): number {
      return countLiveStm.get({ accountId, agentId }) ?? 0
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
    /** Paused batches dial no new call (calls in flight finish). */
    isPaused (scheduleId: string): boolean {
      return pausedStm.get(scheduleId) === 1
    },
    setPaused (scheduleId: string, paused: boolean): void {
      setPausedStm.run(paused ? 1 : 0, scheduleId)
      versions.bumpBatch(scheduleId)
    },
    insert (b: BatchRecord): void {
      insertStm.run(toRow(b))
      changed(b)
    },
    /** Writes the mutable fields (status, counters, timestamps, concurrency, window, webhook, retries, deletion). */
    update (b: BatchRecord): void {
      updateStm.run(toRow(b))
      changed(b)
    }
  }
}

export type BatchRepository = ReturnType<typeof createBatchRepository>
