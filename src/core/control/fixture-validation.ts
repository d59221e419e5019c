/**
 * Fixture validation: hand-written rather than a JSON Schema, so a million calls are checked in one
 * pass and each message names its record the way a person would look for it
 * (`batches[3].status: Must be one of …`).
 */
import { DomainErrors } from '../model/errors.js'
import {
  BATCH_STATUSES, CALL_STATUSES, PROCESSING_STATUSES, PROFILES, PROVIDERS, START_MODES, counterFor,
  type AccountRecord, type AgentRecord, type ApiKeyRecord, type BatchRecord, type CallRecord, type CallStatus, type Provider
} from '../model/records.js'
import { FIXTURE_VERSION, MAX_DETAILS, type Fixture } from './fixture-io.js'

/** What a provider's ids start with (an empty prefix: any string). */
export interface IdRules {
  key: string
  agent: string
  /** null: this provider's agents have no prompt versions. */
  version: string | null
  batch: string
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/
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
    /** Whether the field is present; an absent field of a later feature takes its default. */
    has: (k: string): boolean => rec[k] !== undefined,
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
 * (total = completed + failed + pending, seq 1..total). Throws DomainErrors.invalidFixture naming every
 * bad record (up to 20); returns the fixture typed. A missing array means an empty one.
 */
export function validateFixture (input: unknown, idRules: Record<Provider, IdRules>): Fixture {
  const p = new Problems()
  if (!isObj(input)) throw DomainErrors.invalidFixture(['body: Must be a fixture object'])
  if (input.version !== FIXTURE_VERSION) p.add('version', `Must be ${FIXTURE_VERSION}`)
  for (const name of ARRAYS) {
    if (input[name] !== undefined && !Array.isArray(input[name])) p.add(name, 'Must be an array')
  }
  if (input.tables !== undefined && !isObj(input.tables)) p.add('tables', 'Must be an object of arrays of rows')
  if (p.list.length > 0) throw DomainErrors.invalidFixture(p.list)
  const arr = (name: typeof ARRAYS[number]): unknown[] => (input[name] as unknown[] | undefined) ?? []
  const each = (name: typeof ARRAYS[number], check: (rec: Obj, where: string) => void) => {
    const items = arr(name)
    for (let i = 0; i < items.length && !p.full; i++) {
      const where = `${name}[${i}]`
      if (!isObj(items[i])) { p.add(where, 'Must be an object'); continue }
      check(items[i] as Obj, where)
    }
  }

  /** account id -> its provider's id rules. */
  const accounts = new Map<string, IdRules>()
  const rulesOf = (accountId: unknown): IdRules | undefined => typeof accountId === 'string' ? accounts.get(accountId) : undefined
  each('accounts', (a, where) => {
    const f = fields(p, a, where)
    let provider: Provider = 'techladder'
    if (f.has('provider') && f.oneOf('provider', PROVIDERS)) provider = a.provider as Provider
    if (f.str('account_id', { prefix: 'acc_' })) {
      if (accounts.has(a.account_id as string)) p.add(`${where}.account_id`, `Duplicate id ${String(a.account_id)}`)
      accounts.set(a.account_id as string, idRules[provider])
    }
    f.str('name'); f.str('email'); f.bool('api_enabled')
    f.int('max_batch_size', 1); f.int('max_concurrent_calls', 1); f.int('max_call_duration_seconds', 1)
    f.int('rate_limit_per_minute', 0, { nullable: true }); f.str('webhook_secret'); f.time('created_at')
    if (f.has('profile') && a.profile !== null) f.oneOf('profile', PROFILES)
  })

  const keys = new Set<string>()
  each('api_keys', (k, where) => {
    const f = fields(p, k, where)
    const rules = rulesOf(k.account_id)
    if (f.str('api_key', { prefix: rules?.key })) {
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
    const rules = rulesOf(g.account_id)
    const idOk = f.str('agent_id', { prefix: rules?.agent })
    if (idOk && agents.has(g.agent_id as string)) p.add(`${where}.agent_id`, `Duplicate id ${String(g.agent_id)}`)
    if (f.str('account_id') && !accounts.has(g.account_id as string)) p.add(`${where}.account_id`, `No account ${String(g.account_id)} in accounts`)
    f.str('agent_name'); f.str('voice')
    const versionPrefix = rules?.version ?? undefined
    const currentOk = f.str('current_version', { prefix: versionPrefix })
    const versionsOk = f.stringArray('versions', versionPrefix)
    f.stringArray('outcome_keys')
    if (f.has('created_at')) f.time('created_at', { nullable: true })
    if (idOk && currentOk && versionsOk) {
      // An agent of a provider without prompt versions has current_version '': no version to own.
      const versions = new Set([g.current_version as string, ...(g.versions as string[])].filter(v => v !== ''))
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
    const rules = rulesOf(b.account_id)
    const idOk = f.str('schedule_id', { prefix: rules?.batch })
    if (idOk && batches.has(b.schedule_id as string)) p.add(`${where}.schedule_id`, `Duplicate id ${String(b.schedule_id)}`)
    const accountOk = f.str('account_id') && accounts.has(b.account_id as string)
    if (!accountOk && typeof b.account_id === 'string') p.add(`${where}.account_id`, `No account ${b.account_id} in accounts`)
    if (f.str('agent_id', { prefix: rules?.agent })) {
      const agent = agents.get(b.agent_id as string)
      if (agent === undefined) p.add(`${where}.agent_id`, `No agent ${String(b.agent_id)} in agents`)
      else if (accountOk && agent.account !== b.account_id) p.add(`${where}.agent_id`, `Agent ${String(b.agent_id)} belongs to ${agent.account}, not ${String(b.account_id)}`)
    }
    f.str('agent_name'); f.str('version_id', { prefix: rules?.version ?? undefined })
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
    // Fields later features added: absent means their default.
    for (const k of ['name', 'from_number_id', 'webhook_secret']) if (f.has(k)) f.str(k, { nullable: true })
    for (const k of ['window_end_at', 'drained_at', 'deleted_at']) if (f.has(k)) f.time(k, { nullable: true })
    if (f.has('retry_count')) f.int('retry_count', 0)
    if (f.has('extra')) f.object('extra', { nullable: true })
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
    if (f.has('attempt')) f.int('attempt', 1)
    if (f.has('dialed_ord')) f.int('dialed_ord', 1, { nullable: true })
    if (f.has('dial_error')) f.str('dial_error', { nullable: true })
    if (f.has('extra')) f.object('extra', { nullable: true })
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
  if (p.list.length > 0) throw DomainErrors.invalidFixture(p.list)
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
