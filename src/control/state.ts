/**
 * Whole-state operations of the control plane: clear every table, reseed, export the state as a
 * fixture and import one. Each swap runs in one transaction: a request never sees half a state.
 *
 * Fixture format (version 1): `{ version, accounts, api_keys, agents, batches, calls, tables }`, the
 * arrays holding the record shapes of src/repositories/records.ts; `tables` carries every other
 * table (added by later features) as raw rows, and columns later features add to the record tables
 * ride along as extra fields of the records. Import validates every record first and
 * refuses the whole fixture, naming each bad record (`batches[3].status: Must be one of …`).
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../db/database.js'
import { Errors } from '../errors.js'
import type { Repositories } from '../repositories/index.js'
import {
  counterFor,
  type AccountRecord,
  type AgentRecord,
  type ApiKeyRecord,
  type BatchRecord,
  type CallRecord
} from '../repositories/records.js'
import { CALL_STATUSES, PROCESSING_STATUSES, type CallStatus } from '../schemas/call.js'
import { seedDatabase, type SeedOptions } from '../../seed/index.js'

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
const MAX_DETAILS = 20

/** Every table of the schema, whoever added it (other features add tables through migrations). */
function userTables (db: Db): string[] {
  return db.prepare<[], string>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()
}

/**
 * Runs `fill` on an emptied database, in one transaction. Foreign keys are off for the swap so the
 * tables empty in any order at truncate speed (fixtures are checked beforehand; the seed is ours).
 */
function replaceState (db: Db, fill: () => void): void {
  const tables = userTables(db)
  const hasSequence = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      for (const table of tables) db.prepare(`DELETE FROM "${table.replace(/"/g, '""')}"`).run()
      if (hasSequence) db.prepare('DELETE FROM sqlite_sequence').run()
      fill()
    })()
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

/** Empties every table and seeds again with `options`: the state a fresh server starts with. */
export function resetToSeed (db: Db, options: SeedOptions): void {
  replaceState(db, () => seedDatabase(db, options))
}

// ---------------------------------------------------------------------------------------------
// Tables the record arrays cover, the columns the records account for, and the key that finds a
// record's row. Any other column of these tables (added by a later migration) is exported as an
// extra field of the record and written back by key; any other table goes to `tables` raw.

const COVERED: Record<string, { known: string[], key: string[] } | null> = {
  accounts: { key: ['account_id'], known: ['account_id', 'name', 'email', 'api_enabled', 'max_batch_size', 'max_concurrent_calls', 'max_call_duration_seconds', 'rate_limit_per_minute', 'webhook_secret', 'created_at'] },
  api_keys: { key: ['api_key'], known: ['key_hash', 'api_key', 'account_id', 'active', 'created_at'] },
  agents: { key: ['agent_id'], known: ['agent_id', 'account_id', 'agent_name', 'voice', 'current_version', 'outcome_keys'] },
  batches: { key: ['schedule_id'], known: ['schedule_id', 'account_id', 'agent_id', 'agent_name', 'version_id', 'status', 'start_mode', 'voice', 'did_number', 'total_contacts', 'completed_contacts', 'failed_contacts', 'pending_contacts', 'concurrency', 'recording_enabled', 'scheduled_at', 'started_at', 'created_at', 'updated_at', 'interruption', 'use_alternate_number', 'deduplicate_by_phone', 'callback_url', 'max_duration_seconds_per_call', 'metadata', 'frozen', 'list_json'] },
  calls: { key: ['batch_id', 'seq'], known: ['batch_id', 'seq', 'call_id', 'external_id', 'phone_number', 'name', 'status', 'duration_seconds', 'answer_duration_seconds', 'disconnect_reason', 'transcript_status', 'analysis_status', 'summary', 'outcomes', 'recording_available', 'started_at', 'ended_at', 'metadata', 'call_json', 'result_json'] },
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
  if (problems.length > 0) throw Errors.invalidFixture(problems.slice(0, MAX_DETAILS))

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
          throw Errors.invalidFixture([`${RECORD_ARRAY[table]}[${i}]: ${(err as Error).message}`])
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
          throw Errors.invalidFixture([`tables.${table}[${i}]: ${(err as Error).message}`])
        }
      })
    }
    const broken = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string, rowid: number | null, parent: string }>
    if (broken.length > 0) {
      throw Errors.invalidFixture(broken.slice(0, MAX_DETAILS).map(b => `tables.${b.table}: A row (rowid ${String(b.rowid)}) references a missing ${b.parent} record`))
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Validation: hand-written rather than a JSON Schema, so a million calls are checked in one pass
// and each message names its record the way a person would look for it.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/
const BATCH_STATUSES = ['pending', 'active', 'completed', 'failed', 'cancelled'] as const
const START_MODES = ['manual', 'immediate', 'scheduled'] as const

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

class Problems {
  readonly list: string[] = []
  add (where: string, message: string): void {
    if (this.list.length < MAX_DETAILS) this.list.push(`${where}: ${message}`)
  }

  get full (): boolean { return this.list.length >= MAX_DETAILS }
}

/** Field checkers: each reports `<record>.<field>: <message>` and returns whether the value is good. */
function fields (p: Problems, rec: Obj, where: string) {
  const at = (k: string) => `${where}.${k}`
  const missing = (k: string) => { p.add(at(k), 'This field is required'); return false }
  return {
    str (k: string, opts: { prefix?: string, nullable?: boolean, nonEmpty?: boolean } = {}): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (v === null && opts.nullable === true) return true
      if (typeof v !== 'string') { p.add(at(k), `Must be a string${opts.nullable === true ? ' or null' : ''}`); return false }
      if (opts.prefix !== undefined && !v.startsWith(opts.prefix)) { p.add(at(k), `Must start with ${opts.prefix}`); return false }
      if (opts.nonEmpty === true && v === '') { p.add(at(k), 'Must not be empty'); return false }
      return true
    },
    int (k: string, min: number, opts: { nullable?: boolean } = {}): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (v === null && opts.nullable === true) return true
      if (!Number.isSafeInteger(v) || (v as number) < min) { p.add(at(k), `Must be an integer of at least ${min}${opts.nullable === true ? ' or null' : ''}`); return false }
      return true
    },
    bool (k: string): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (typeof v !== 'boolean') { p.add(at(k), 'Must be a boolean'); return false }
      return true
    },
    time (k: string, opts: { nullable?: boolean } = {}): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (v === null && opts.nullable === true) return true
      if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v))) { p.add(at(k), `Must be an ISO 8601 date-time${opts.nullable === true ? ' or null' : ''}`); return false }
      return true
    },
    oneOf (k: string, values: readonly string[]): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (typeof v !== 'string' || !values.includes(v)) { p.add(at(k), `Must be one of ${values.join(', ')}`); return false }
      return true
    },
    stringArray (k: string, prefix?: string): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (!Array.isArray(v) || v.some(x => typeof x !== 'string' || (prefix !== undefined && !x.startsWith(prefix)))) {
        p.add(at(k), `Must be an array of strings${prefix !== undefined ? ` starting with ${prefix}` : ''}`); return false
      }
      return true
    },
    object (k: string, opts: { nullable?: boolean, stringValues?: boolean } = {}): boolean {
      const v = rec[k]
      if (v === undefined) return missing(k)
      if (v === null && opts.nullable === true) return true
      if (!isObj(v)) { p.add(at(k), `Must be an object${opts.nullable === true ? ' or null' : ''}`); return false }
      if (opts.stringValues === true && Object.values(v).some(x => typeof x !== 'string')) { p.add(at(k), 'Must be an object of strings'); return false }
      return true
    }
  }
}

const ARRAYS = ['accounts', 'api_keys', 'agents', 'batches', 'calls'] as const

/**
 * Checks a fixture record by record: types, id prefixes, unique ids, references that exist,
 * statuses from the documented enums, and batch counters that agree with the batch's calls
 * (total = completed + failed + pending, seq 1..total). Throws Errors.invalidFixture naming every
 * bad record (up to 20); returns the fixture typed. A missing array means an empty one.
 */
export function validateFixture (input: unknown): Fixture {
  const p = new Problems()
  if (!isObj(input)) throw Errors.invalidFixture(['body: Must be a fixture object'])
  if (input.version !== FIXTURE_VERSION) p.add('version', `Must be ${FIXTURE_VERSION}`)
  for (const name of ARRAYS) {
    if (input[name] !== undefined && !Array.isArray(input[name])) p.add(name, 'Must be an array')
  }
  if (input.tables !== undefined && !isObj(input.tables)) p.add('tables', 'Must be an object of arrays of rows')
  if (p.list.length > 0) throw Errors.invalidFixture(p.list)
  const arr = (name: typeof ARRAYS[number]): unknown[] => (input[name] as unknown[] | undefined) ?? []
  const each = (name: typeof ARRAYS[number], check: (rec: Obj, where: string) => void) => {
    const items = arr(name)
    for (let i = 0; i < items.length && !p.full; i++) {
      const where = `${name}[${i}]`
      if (!isObj(items[i])) { p.add(where, 'Must be an object'); continue }
      check(items[i] as Obj, where)
    }
  }

  const accounts = new Set<string>()
  each('accounts', (a, where) => {
    const f = fields(p, a, where)
    if (f.str('account_id', { prefix: 'acc_' })) {
      if (accounts.has(a.account_id as string)) p.add(`${where}.account_id`, `Duplicate id ${String(a.account_id)}`)
      accounts.add(a.account_id as string)
    }
    f.str('name'); f.str('email'); f.bool('api_enabled')
    f.int('max_batch_size', 1); f.int('max_concurrent_calls', 1); f.int('max_call_duration_seconds', 1)
    f.int('rate_limit_per_minute', 0, { nullable: true }); f.str('webhook_secret'); f.time('created_at')
  })

  const keys = new Set<string>()
  each('api_keys', (k, where) => {
    const f = fields(p, k, where)
    if (f.str('api_key', { prefix: 'sk_' })) {
      if (keys.has(k.api_key as string)) p.add(`${where}.api_key`, 'Duplicate key')
      keys.add(k.api_key as string)
    }
    if (f.str('account_id') && !accounts.has(k.account_id as string)) p.add(`${where}.account_id`, `No account ${String(k.account_id)} in accounts`)
    f.bool('active'); f.time('created_at')
  })

  const agents = new Map<string, { account: string, versions: Set<string> }>()
  const versionOwner = new Map<string, string>()
  each('agents', (g, where) => {
    const f = fields(p, g, where)
    const idOk = f.str('agent_id', { prefix: 'agt-' })
    if (idOk && agents.has(g.agent_id as string)) p.add(`${where}.agent_id`, `Duplicate id ${String(g.agent_id)}`)
    if (f.str('account_id') && !accounts.has(g.account_id as string)) p.add(`${where}.account_id`, `No account ${String(g.account_id)} in accounts`)
    f.str('agent_name'); f.str('voice')
    const currentOk = f.str('current_version', { prefix: 'pmt-' })
    const versionsOk = f.stringArray('versions', 'pmt-')
    f.stringArray('outcome_keys')
    if (idOk && currentOk && versionsOk) {
      const versions = new Set([g.current_version as string, ...(g.versions as string[])])
      for (const v of versions) {
        const owner = versionOwner.get(v)
        if (owner !== undefined && owner !== g.agent_id) p.add(`${where}.versions`, `Version ${v} already belongs to agent ${owner}`)
        versionOwner.set(v, g.agent_id as string)
      }
      agents.set(g.agent_id as string, { account: g.account_id as string, versions })
    }
  })

  interface BatchCheck { total: number, completed: number, failed: number, pending: number, seen: number, seqs: Set<number> | null, where: string }
  const batches = new Map<string, BatchCheck>()
  each('batches', (b, where) => {
    const f = fields(p, b, where)
    const idOk = f.str('schedule_id', { prefix: 'sched_' })
    if (idOk && batches.has(b.schedule_id as string)) p.add(`${where}.schedule_id`, `Duplicate id ${String(b.schedule_id)}`)
    const accountOk = f.str('account_id') && accounts.has(b.account_id as string)
    if (!accountOk && typeof b.account_id === 'string') p.add(`${where}.account_id`, `No account ${b.account_id} in accounts`)
    if (f.str('agent_id', { prefix: 'agt-' })) {
      const agent = agents.get(b.agent_id as string)
      if (agent === undefined) p.add(`${where}.agent_id`, `No agent ${String(b.agent_id)} in agents`)
      else if (accountOk && agent.account !== b.account_id) p.add(`${where}.agent_id`, `Agent ${String(b.agent_id)} belongs to ${agent.account}, not ${String(b.account_id)}`)
    }
    f.str('agent_name'); f.str('version_id', { prefix: 'pmt-' })
    f.oneOf('status', BATCH_STATUSES); f.oneOf('start_mode', START_MODES)
    f.str('voice'); f.str('did_number', { nullable: true })
    const countsOk = [f.int('total_contacts', 0), f.int('completed_contacts', 0), f.int('failed_contacts', 0), f.int('pending_contacts', 0)].every(Boolean)
    if (countsOk && (b.total_contacts as number) !== (b.completed_contacts as number) + (b.failed_contacts as number) + (b.pending_contacts as number)) {
      p.add(`${where}.total_contacts`, 'Must equal completed_contacts + failed_contacts + pending_contacts')
    }
    f.int('concurrency', 1); f.bool('recording_enabled')
    f.time('scheduled_at', { nullable: true }); f.time('started_at', { nullable: true }); f.time('created_at'); f.time('updated_at')
    f.bool('interruption'); f.bool('use_alternate_number'); f.bool('deduplicate_by_phone')
    f.str('callback_url', { nullable: true }); f.int('max_duration_seconds_per_call', 1, { nullable: true })
    f.object('metadata', { nullable: true }); f.bool('frozen')
    if (idOk && countsOk) {
      batches.set(b.schedule_id as string, {
        total: b.total_contacts as number, completed: b.completed_contacts as number, failed: b.failed_contacts as number,
        pending: b.pending_contacts as number, seen: 0, seqs: null, where
      })
    }
  })

  // Call counts per batch, by counter (completed / failed / pending), to compare with the batch.
  const counted = new Map<string, { completed: number, failed: number, pending: number }>()
  each('calls', (c, where) => {
    const f = fields(p, c, where)
    let batch: BatchCheck | undefined
    if (f.str('batch_id')) {
      batch = batches.get(c.batch_id as string)
      if (batch === undefined) p.add(`${where}.batch_id`, `No batch ${String(c.batch_id)} in batches`)
    }
    if (f.int('seq', 1) && batch !== undefined) {
      const seq = c.seq as number
      if (seq > batch.total) p.add(`${where}.seq`, `Must be at most the batch's total_contacts (${batch.total})`)
      batch.seqs ??= new Set()
      if (batch.seqs.has(seq)) p.add(`${where}.seq`, `Duplicate seq ${seq} in batch ${String(c.batch_id)}`)
      batch.seqs.add(seq)
    }
    f.str('call_id', { nonEmpty: true }); f.str('external_id'); f.str('phone_number'); f.str('name', { nullable: true })
    const statusOk = f.oneOf('status', CALL_STATUSES)
    f.int('duration_seconds', 0, { nullable: true }); f.int('answer_duration_seconds', 0, { nullable: true })
    f.str('disconnect_reason', { nullable: true })
    f.oneOf('transcript_status', PROCESSING_STATUSES); f.oneOf('analysis_status', PROCESSING_STATUSES)
    f.str('summary', { nullable: true }); f.object('outcomes', { stringValues: true }); f.bool('recording_available')
    f.time('started_at', { nullable: true }); f.time('ended_at', { nullable: true }); f.object('metadata', { stringValues: true })
    if (batch !== undefined && statusOk) {
      batch.seen++
      let n = counted.get(c.batch_id as string)
      if (n === undefined) { n = { completed: 0, failed: 0, pending: 0 }; counted.set(c.batch_id as string, n) }
      n[counterFor(c.status as CallStatus)]++
    }
  })

  if (!p.full && p.list.length === 0) {
    for (const [id, b] of batches) {
      const n = counted.get(id) ?? { completed: 0, failed: 0, pending: 0 }
      if (b.seen !== b.total) p.add(`${b.where}.total_contacts`, `Is ${b.total} but calls holds ${b.seen} calls of batch ${id}`)
      else if (n.completed !== b.completed || n.failed !== b.failed || n.pending !== b.pending) {
        p.add(`${b.where}`, `Counters (completed ${b.completed}, failed ${b.failed}, pending ${b.pending}) disagree with its calls (completed ${n.completed}, failed ${n.failed}, pending ${n.pending})`)
      }
    }
  }
  if (p.list.length > 0) throw Errors.invalidFixture(p.list)
  return {
    version: FIXTURE_VERSION,
    accounts: arr('accounts') as AccountRecord[],
    api_keys: arr('api_keys') as ApiKeyRecord[],
    agents: arr('agents') as AgentRecord[],
    batches: arr('batches') as BatchRecord[],
    calls: arr('calls') as CallRecord[],
    tables: input.tables as Fixture['tables']
  }
}
