/** A core without HTTP: a fresh in-memory store, one account and agent, a manual clock, the engine. */
import { openDatabase, type Db } from '../../src/core/store/database.js'
import { createRepositories } from '../../src/core/store/index.js'
import { SimClock } from '../../src/core/simulation/clock.js'
import { createEngine, type IdFormat, type NewBatch } from '../../src/core/simulation/engine.js'
import { createWebhookDispatcher } from '../../src/core/webhooks/dispatcher.js'
import type { DomainEvent } from '../../src/core/webhooks/events.js'
import type { AccountRecord, AgentRecord } from '../../src/core/model/records.js'

export const START = Date.parse('2026-06-01T09:00:00Z')

export const ACCOUNT: AccountRecord = {
  account_id: 'acc_core', name: 'Core', email: 'core@example.test', api_enabled: true, max_batch_size: 10000,
  max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: null, webhook_secret: 'whsec_core',
  created_at: '2026-06-01T00:00:00Z', provider: 'techladder', profile: null
}
export const AGENT: AgentRecord = {
  agent_id: 'agt-core0001', account_id: 'acc_core', agent_name: 'Core Agent', voice: 'Tara', current_version: 'pmt-core000001',
  versions: ['pmt-core000001'], outcome_keys: ['Interested', 'Callback Date'], created_at: '2026-06-01T00:00:00Z'
}

export const IDS: IdFormat = {
  batchId: (n) => `sched_${String(n).padStart(8, '0')}`,
  callId: (batchId, seq, attempt, retry) => `call_${batchId.slice(6)}_${seq}_${attempt}_${retry}`
}

export function newBatch (phones: string[], fields: Partial<NewBatch> = {}): NewBatch {
  return {
    version_id: AGENT.current_version, voice: null, did_number: null, interruption: false, use_alternate_number: false,
    start_mode: 'immediate', scheduled_ms: null, concurrency: 2, callback_url: null, deduplicate_by_phone: true,
    recording_enabled: true, max_duration_seconds_per_call: null, metadata: null,
    contacts: phones.map((phone, i) => ({ external_id: `c${i + 1}`, name: `Contact ${i + 1}`, phone_number: phone, metadata: {} })),
    ...fields
  }
}

export function core (seed = 7) {
  const db: Db = openDatabase(':memory:')
  const repos = createRepositories(db)
  repos.accounts.insertAccount(ACCOUNT)
  repos.accounts.insertAgent(AGENT)
  const clock = new SimClock({ mode: 'manual', speed: 1, time: START })
  const events: DomainEvent[] = []
  const webhooks = createWebhookDispatcher(db, clock, seed, { headersFor: () => ({}) })
  const engine = createEngine({ db, repos, clock, webhooks, seed, listener: (e) => { events.push({ ...e, batch: { ...e.batch } }); return false } })
  clock.driver = async (target) => await engine.advanceTo(target)
  return {
    db, repos, clock, engine, events,
    create: (phones: string[], fields: Partial<NewBatch> = {}) => engine.create(ACCOUNT, AGENT, newBatch(phones, fields), IDS),
    calls: (batchId: string) => repos.calls.all(batchId),
    batch: (batchId: string) => repos.batches.findById(batchId)!,
    advance: async (seconds: number) => { await clock.advance(seconds * 1000) },
    close: async () => { await engine.close(); db.close() }
  }
}

/** `n` ordinary (non-test) phone numbers. */
export const phones = (n: number, base = 919800000000) => Array.from({ length: n }, (_v, i) => String(base + i))
