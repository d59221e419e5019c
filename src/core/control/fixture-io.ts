/**
 * Fixtures: the whole state as one JSON document, exported and imported.
 *
 * Fixture format (version 1): `{ version, accounts, api_keys, agents, batches, calls, tables }`, the
 * arrays holding the record shapes of src/core/model/records.ts; `tables` carries every other
 * table (added by later features) as raw rows, and columns later features add to the record tables
 * ride along as extra fields of the records. Import validates every record first (see
 * fixture-validation.ts) and refuses the whole fixture, naming each bad record.
 */
import type { Statement } from 'better-sqlite3'
import { DomainErrors } from '../model/errors.js'
import type { AccountRecord, AgentRecord, ApiKeyRecord, BatchRecord, CallRecord } from '../model/records.js'
import type { Db } from '../store/database.js'
import type { Repositories } from '../store/index.js'
import { replaceState, userTables } from './state-swap.js'

export const FIXTURE_VERSION = 1

export interface Fixture {
  version: 1
  accounts: AccountRecord[]
  api_keys: ApiKeyRecord[]
  agents: AgentRecord[]
  batches: BatchRecord[]
  calls: CallRecord[]
  /**
   * Every other table (the simulation's schedule, webhook deliveries, …) as raw rows, so a snapshot
   * restores running batches exactly. BLOB values are `{"$base64": "…"}`. Optional on import.
   */
  tables?: Record<string, Array<Record<string, unknown>>>
}

/** The most problems one refused fixture reports (the first ones found, in record order). */
export const MAX_DETAILS = 20

// ---------------------------------------------------------------------------------------------
// Tables the record arrays cover, the columns the records account for, and the key that finds a
// record's row. Any other column of these tables (added by a later migration) is exported as an
// extra field of the record and written back by key; any other table goes to `tables` raw.

const COVERED: Record<string, { known: string[], key: string[] } | null> = {
  accounts: { key: ['account_id'], known: ['account_id', 'name', 'email', 'api_enabled', 'max_batch_size', 'max_concurrent_calls', 'max_call_duration_seconds', 'rate_limit_per_minute', 'webhook_secret', 'created_at', 'provider', 'profile'] },
  api_keys: { key: ['api_key'], known: ['key_hash', 'api_key', 'account_id', 'active', 'created_at'] },
  agents: { key: ['agent_id'], known: ['agent_id', 'account_id', 'agent_name', 'voice', 'current_version', 'outcome_keys', 'created_at'] },
  batches: { key: ['schedule_id'], known: ['schedule_id', 'account_id', 'agent_id', 'agent_name', 'version_id', 'status', 'start_mode', 'voice', 'did_number', 'total_contacts', 'completed_contacts', 'failed_contacts', 'pending_contacts', 'concurrency', 'recording_enabled', 'scheduled_at', 'started_at', 'created_at', 'updated_at', 'interruption', 'use_alternate_number', 'deduplicate_by_phone', 'callback_url', 'max_duration_seconds_per_call', 'metadata', 'frozen', 'name', 'from_number_id', 'retry_count', 'window_end_at', 'webhook_secret', 'drained_at', 'deleted_at', 'extra'] },
  calls: { key: ['batch_id', 'seq'], known: ['batch_id', 'seq', 'call_id', 'external_id', 'phone_number', 'name', 'status', 'duration_seconds', 'answer_duration_seconds', 'disconnect_reason', 'transcript_status', 'analysis_status', 'summary', 'outcomes', 'recording_available', 'started_at', 'ended_at', 'metadata', 'attempt', 'dialed_ord', 'dial_error', 'extra'] },
  // Derived from the records on insert.
  prompt_versions: null,
  call_status_counts: null
}
const RECORD_ARRAY: Record<string, keyof Fixture> = { accounts: 'accounts', api_keys: 'api_keys', agents: 'agents', batches: 'batches', calls: 'calls' }

const q = (name: string) => `"${name.replace(/"/g, '""')}"`
const columnsOf = (db: Db, table: string): string[] =>
  (db.prepare(`PRAGMA table_info(${q(table)})`).all() as Array<{ name: string }>).map(c => c.name)

/** Extra columns of each covered table: { table: [column…] } (empty when there are none). */
function extraColumns (db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [table, spec] of Object.entries(COVERED)) {
    if (spec === null) continue
    const extra = columnsOf(db, table).filter(c => !spec.known.includes(c))
    if (extra.length > 0) out[table] = extra
  }
  return out
}

/** SQLite takes numbers, strings, null and BLOBs; booleans become 0/1, anything else its JSON. */
const toSqlValue = (v: unknown): unknown =>
  v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint' || Buffer.isBuffer(v)
    ? v
    : typeof v === 'boolean' ? (v ? 1 : 0) : JSON.stringify(v)
const encode = (v: unknown): unknown => Buffer.isBuffer(v) ? { $base64: v.toString('base64') } : v
const decode = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $base64?: unknown }).$base64 === 'string'
    ? Buffer.from((v as { $base64: string }).$base64, 'base64')
    : v

/** Per covered table with extra columns: key → { column: value }. */
function extraValues (db: Db, extras: Record<string, string[]>): Map<string, Map<string, Record<string, unknown>>> {
  const out = new Map<string, Map<string, Record<string, unknown>>>()
  for (const [table, cols] of Object.entries(extras)) {
    const key = (COVERED[table] as { key: string[] }).key
    const byKey = new Map<string, Record<string, unknown>>()
    for (const row of db.prepare(`SELECT ${[...key, ...cols].map(q).join(', ')} FROM ${q(table)}`).all() as Array<Record<string, unknown>>) {
      const values: Record<string, unknown> = {}
      for (const c of cols) values[c] = encode(row[c])
      byKey.set(key.map(k => String(row[k])).join('\u0000'), values)
    }
    out.set(table, byKey)
  }
  return out
}

/**
 * The fixture as JSON text, one record per line. It is built in one synchronous pass, so it is a
 * consistent snapshot even while the simulation runs (no write can land between two reads); the
 * text, not the records, is what stays in memory while it is sent.
 */
export function exportFixtureChunks (db: Db, repos: Repositories): string[] {
  const extras = extraValues(db, extraColumns(db))
  const withExtras = (table: string, keyOf: (r: any) => string) => (r: object): object => {
    const e = extras.get(table)?.get(keyOf(r))
    return e === undefined ? r : { ...r, ...e }
  }
  const chunks: string[] = []
  const list = (name: string, items: Iterable<object>, map: (r: any) => object = r => r): void => {
    let out = `"${name}":[`
    let first = true
    let n = 0
    for (const item of items) {
      out += (first ? '\n' : ',\n') + JSON.stringify(map(item))
      first = false
      // Flush now and then: one big string per table would double the peak memory.
      if (++n % 5000 === 0) { chunks.push(out); out = '' }
    }
    chunks.push(out + '\n],\n')
  }
  chunks.push(`{"version":${FIXTURE_VERSION},\n`)
  list('accounts', repos.accounts.listAccounts(), withExtras('accounts', r => r.account_id))
  list('api_keys', repos.accounts.listAllApiKeys(), withExtras('api_keys', r => r.api_key))
  list('agents', repos.accounts.listAllAgents(), withExtras('agents', r => r.agent_id))
  const batches = repos.batches.listAll()
  list('batches', batches, withExtras('batches', r => r.schedule_id))
  list('calls', (function * () { for (const b of batches) yield * repos.calls.all(b.schedule_id) })(), withExtras('calls', r => `${String(r.batch_id)}\u0000${String(r.seq)}`))
  chunks.push('"tables":{')
  const raw = userTables(db).filter(t => !(t in COVERED))
  raw.forEach((table, i) => {
    const rows = db.prepare(`SELECT * FROM ${q(table)}`).all() as Array<Record<string, unknown>>
    let out = `${i === 0 ? '\n' : ',\n'}${JSON.stringify(table)}:[`
    rows.forEach((row, j) => {
      const encoded: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(row)) encoded[k] = encode(v)
      out += (j === 0 ? '\n' : ',\n') + JSON.stringify(encoded)
    })
    chunks.push(out + (rows.length > 0 ? '\n]' : ']'))
  })
  chunks.push('\n}}\n')
  return chunks
}

/** The whole fixture as one string. */
export function exportFixtureJson (db: Db, repos: Repositories): string {
  return exportFixtureChunks(db, repos).join('')
}

/**
 * Replaces the whole state with a fixture (validate it first with validateFixture). Extra record
 * fields that name columns of the record's table are written back; `tables` rows are inserted as
 * they are. A raw row that breaks a foreign key (a schedule entry for a batch that is not there)
 * refuses the whole fixture.
 */
export function importFixture (db: Db, repos: Repositories, f: Fixture): void {
  const extras = extraColumns(db)
  const rawTables = new Set(userTables(db).filter(t => !(t in COVERED)))
  const problems: string[] = []
  for (const [table, rows] of Object.entries(f.tables ?? {})) {
    if (!rawTables.has(table)) { problems.push(`tables.${table}: ${table in COVERED ? 'Is covered by the record arrays' : 'No such table'}`); continue }
    if (!Array.isArray(rows)) { problems.push(`tables.${table}: Must be an array`); continue }
    const cols = new Set(columnsOf(db, table))
    rows.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) { problems.push(`tables.${table}[${i}]: Must be an object`); return }
      for (const c of Object.keys(row)) if (!cols.has(c)) problems.push(`tables.${table}[${i}].${c}: No such column`)
    })
  }
  if (problems.length > 0) throw DomainErrors.invalidFixture(problems.slice(0, MAX_DETAILS))

  replaceState(db, () => {
    for (const a of f.accounts) repos.accounts.insertAccount(a)
    for (const k of f.api_keys) repos.accounts.insertApiKey(k)
    for (const g of f.agents) repos.accounts.insertAgent(g)
    for (const b of f.batches) repos.batches.insert(b)
    for (const c of f.calls) repos.calls.insert(c)
    for (const [table, cols] of Object.entries(extras)) {
      const key = (COVERED[table] as { key: string[] }).key
      const records = f[RECORD_ARRAY[table]] as unknown as Array<Record<string, unknown>>
      // A column the record does not mention keeps its default.
      const update = db.prepare(`UPDATE ${q(table)} SET ${cols.map(c => `${q(c)} = CASE WHEN ? THEN ? ELSE ${q(c)} END`).join(', ')} WHERE ${key.map(k => `${q(k)} = ?`).join(' AND ')}`)
      records.forEach((r, i) => {
        if (!cols.some(c => r[c] !== undefined)) return
        try {
          update.run(...cols.flatMap(c => r[c] === undefined ? [0, null] : [1, toSqlValue(decode(r[c]))]), ...key.map(k => r[k]))
        } catch (err) {
          throw DomainErrors.invalidFixture([`${RECORD_ARRAY[table]}[${i}]: ${(err as Error).message}`])
        }
      })
    }
    const inserts = new Map<string, Statement<unknown[]>>()
    for (const [table, rows] of Object.entries(f.tables ?? {})) {
      rows.forEach((row, i) => {
        const cols = Object.keys(row)
        const sig = `${table}\u0000${cols.join('\u0000')}`
        let stm = inserts.get(sig)
        if (stm === undefined) {
          stm = db.prepare<unknown[]>(cols.length === 0
            ? `INSERT INTO ${q(table)} DEFAULT VALUES`
            : `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
          inserts.set(sig, stm)
        }
        try {
          stm.run(...cols.map(c => toSqlValue(decode(row[c]))))
        } catch (err) {
          // A constraint of the other feature's table (NOT NULL, UNIQUE, CHECK): the row is bad.
          throw DomainErrors.invalidFixture([`tables.${table}[${i}]: ${(err as Error).message}`])
        }
      })
    }
    const broken = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string, rowid: number | null, parent: string }>
    if (broken.length > 0) {
      throw DomainErrors.invalidFixture(broken.slice(0, MAX_DETAILS).map(b => `tables.${b.table}: A row (rowid ${String(b.rowid)}) references a missing ${b.parent} record`))
    }
  })
}
