/**
 * The records the docs show, verbatim. They do not depend on the user's seed: the calls that fill
 * the documented batches come from a fixed internal seed, so every documented example answers the
 * same bytes on every server. These batches are `frozen`: the simulation never moves them.
 */
import type { Db } from '../../core/store/database.js'
import type { Repositories } from '../../core/store/index.js'
import { batchDefaults, counterFor, firstAttempt, notStartedCall, wasDialed, type AccountRecord, type AgentRecord, type BatchRecord, type CallRecord, type CallStatus } from '../../core/model/records.js'
import { makeCall } from '../../core/simulation/call-description.js'
import { createSeededFaker } from '../../core/simulation/faker.js'

export const DOCUMENTED_SEED = 514

export const SEEDED_ACCOUNTS = {
  main: 'acc_abc123',
  other: 'acc_def456',
  disabled: 'acc_ghi789'
} as const

export const SEEDED_KEYS = {
  /** The key every docs example uses (account acc_abc123). */
  main: 'sk_your_api_key',
  /** The Authentication page's example key, also acc_abc123. */
  docsExample: 'sk_bvTQr74V8Rk-bNM7mPOR2rwWQQrqs_m9K8HNeemSECfb--2L9VfVyElni0qzkF-D',
  /** A second account with batches of its own, for ownership tests. */
  other: 'sk_other_account_key',
  /** An account whose API access is disabled: every request gets 403. */
  disabled: 'sk_disabled_account_key'
} as const

const SEED_TIME = '2026-05-14T09:00:00Z'

const ACCOUNTS: AccountRecord[] = [
  { account_id: 'acc_abc123', name: 'Your Company', email: 'dev@yourcompany.com', api_enabled: true, max_batch_size: 10000, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: null, webhook_secret: 'whsec_your_company_0a1b2c3d4e5f', created_at: SEED_TIME, provider: 'techladder', profile: null },
  { account_id: 'acc_def456', name: 'Northwind Health', email: 'api@northwind-health.example', api_enabled: true, max_batch_size: 10000, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: null, webhook_secret: 'whsec_northwind_9f8e7d6c5b4a', created_at: SEED_TIME, provider: 'techladder', profile: null },
  { account_id: 'acc_ghi789', name: 'Dormant Traders', email: 'it@dormant-traders.example', api_enabled: false, max_batch_size: 10000, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: null, webhook_secret: 'whsec_dormant_1a2b3c4d5e6f', created_at: SEED_TIME, provider: 'techladder', profile: null }
]

export const DOCUMENTED_AGENT: AgentRecord = {
  agent_id: 'agt-57949b14',
  account_id: 'acc_abc123',
  agent_name: 'Customer Outreach Agent',
  voice: 'Tara',
  current_version: 'pmt-667ddf271b',
  versions: ['pmt-667ddf271b'],
  outcome_keys: ['Interested', 'Follow Up Required', 'Callback Date', 'Product Interest'],
  created_at: SEED_TIME
}

const documentedBatch = (fields: Partial<BatchRecord> & Pick<BatchRecord, 'schedule_id' | 'status' | 'start_mode'>): BatchRecord => ({
  account_id: 'acc_abc123',
  agent_id: 'agt-57949b14',
  agent_name: 'Customer Outreach Agent',
  version_id: 'pmt-667ddf271b',
  voice: 'Tara',
  did_number: '08037236753',
  total_contacts: 150,
  completed_contacts: 0,
  failed_contacts: 0,
  pending_contacts: 150,
  concurrency: 20,
  recording_enabled: true,
  scheduled_at: null,
  started_at: null,
  created_at: '2026-05-14T10:00:00Z',
  updated_at: '2026-05-14T10:00:00Z',
  interruption: false,
  use_alternate_number: false,
  deduplicate_by_phone: true,
  callback_url: null,
  max_duration_seconds_per_call: null,
  metadata: null,
  frozen: true,
  ...batchDefaults(),
  ...fields
})

/** Get Batch page: `sched_7bac6f2a`, exactly its `data`. */
const GET_BATCH_EXAMPLE = documentedBatch({
  schedule_id: 'sched_7bac6f2a',
  status: 'active',
  start_mode: 'scheduled',
  completed_contacts: 75,
  failed_contacts: 3,
  pending_contacts: 72,
  scheduled_at: '2026-05-15T08:30:00Z',
  started_at: '2026-05-15T08:30:02Z',
  updated_at: '2026-05-15T09:15:30Z'
})

/** Get Batch Results page: `sched_5d398018`, 150 calls, the first being `call_a1b2c3d4`. */
const RESULTS_EXAMPLE = documentedBatch({
  schedule_id: 'sched_5d398018',
  status: 'completed',
  start_mode: 'immediate',
  created_at: '2026-05-15T08:29:58Z',
  started_at: '2026-05-15T08:30:02Z'
})

/**
 * List Batches page: the example query `agent_id=agt-57949b14&status=pending` answers this batch only.
 * Its fields are the List example's, but its id differs: the docs show `sched_7bac6f2a` there too,
 * which the Get Batch page shows as active, and one id cannot be both.
 */
const LIST_EXAMPLE = documentedBatch({
  schedule_id: 'sched_3c1e9a47',
  status: 'pending',
  start_mode: 'scheduled',
  scheduled_at: '2026-05-15T08:30:00Z'
})

/** The Get Batch Results example item, verbatim. */
const RESULT_EXAMPLE_CALL: Omit<CallRecord, 'batch_id' | 'seq'> = {
  call_id: 'call_a1b2c3d4',
  external_id: '101',
  phone_number: '919876543210',
  name: 'John Doe',
  status: 'completed',
  duration_seconds: 145,
  answer_duration_seconds: 132,
  disconnect_reason: 'agent_hangup',
  transcript_status: 'ready',
  analysis_status: 'ready',
  summary: 'Customer was interested in the product demo. Agreed to a follow-up call next week.',
  outcomes: { Interested: 'Yes', 'Follow Up Required': 'Yes', 'Callback Date': '2026-05-20', 'Product Interest': 'Premium Plan' },
  recording_available: true,
  started_at: '2026-05-15T08:30:05Z',
  ended_at: '2026-05-15T08:32:30Z',
  metadata: { Name: 'John Doe', 'Company Name': 'Acme Corporation' },
  ...firstAttempt(),
  dialed_ord: null,
  dial_error: null
}

/**
 * The List Batch Calls example item (`call_a1b2c3d4`, pending), verbatim. The docs show the same
 * call id completed on the Results page; here it lives in the active batch, found with
 * `external_id=101`, while the completed one lives in `sched_5d398018`.
 */
const CALLS_EXAMPLE_CALL: Omit<CallRecord, 'batch_id' | 'seq'> = { ...RESULT_EXAMPLE_CALL, ...notStartedCall() }

const addSeconds = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** @internal Takes the better-sqlite3 handle, whose types are not in the published declarations. */
export function seedDocumentedRecords (db: Db, repos: Repositories): void {
  db.transaction(() => {
    for (const account of ACCOUNTS) repos.accounts.insertAccount(account)
    for (const [name, key] of Object.entries(SEEDED_KEYS)) {
      const account_id = name === 'other' ? 'acc_def456' : name === 'disabled' ? 'acc_ghi789' : 'acc_abc123'
      repos.accounts.insertApiKey({ api_key: key, account_id, active: true, created_at: SEED_TIME })
    }
    repos.accounts.insertAgent(DOCUMENTED_AGENT)

    const f = createSeededFaker(DOCUMENTED_SEED)
    let dialOrd = 0
    /** Dialed calls get their place in the order of dialing, in the order they are written. */
    const insert = (c: CallRecord) => repos.calls.insert(wasDialed(c.status) ? { ...c, dialed_ord: ++dialOrd } : c)
    let callCounter = 0
    const nextCallId = () => `call_${(0x5eed0000 + (++callCounter) * 2654435761 >>> 0).toString(16).padStart(8, '0')}`

    // sched_7bac6f2a: 75 completed, 3 failed, 72 not finished (20 in flight), as of 09:15:30Z.
    // The last call is the List Batch Calls example (external_id 101, pending).
    {
      const batch = GET_BATCH_EXAMPLE
      repos.batches.insert(batch)
      const plan: CallStatus[] = []
      for (let i = 0; i < 78; i++) plan.push(i === 20 ? 'no_answer' : i === 41 ? 'busy' : i === 63 ? 'failed' : 'completed')
      for (let i = 0; i < 20; i++) plan.push(i < 14 ? 'in_progress' : i < 18 ? 'ringing' : 'queued')
      while (plan.length < 149) plan.push('pending')
      plan.forEach((status, i) => {
        const seq = i + 1
        // Finished calls spread over 08:30:05Z..09:14:30Z; in-flight ones started in the last minutes.
        const startedAt = status === 'pending' || status === 'queued'
          ? null
          : i < 78 ? addSeconds('2026-05-15T08:30:05Z', Math.floor(i / 20) * 660 + (i % 20) * 3) : addSeconds('2026-05-15T09:11:00Z', (i - 78) * 10)
        const call = makeCall(f, { batch, outcomeKeys: DOCUMENTED_AGENT.outcome_keys, seq, callId: nextCallId(), externalId: String(1000 + seq), status, startedAt })
        insert(call)
      })
      insert({ ...CALLS_EXAMPLE_CALL, batch_id: batch.schedule_id, seq: 150 })
    }

    // sched_5d398018: completed; the first call is the Results example. Counters follow the calls.
    {
      const base = RESULTS_EXAMPLE
      const calls: CallRecord[] = [{ ...RESULT_EXAMPLE_CALL, batch_id: base.schedule_id, seq: 1 }]
      for (let seq = 2; seq <= 150; seq++) {
        const status: CallStatus = seq % 11 === 0 ? 'no_answer' : seq % 17 === 0 ? 'busy' : seq % 29 === 0 ? 'failed' : 'completed'
        const startedAt = addSeconds('2026-05-15T08:30:05Z', Math.floor((seq - 1) / 20) * 420 + ((seq - 1) % 20) * 3)
        calls.push(makeCall(f, { batch: base, outcomeKeys: DOCUMENTED_AGENT.outcome_keys, seq, callId: nextCallId(), externalId: String(100 + seq), status, startedAt }))
      }
      const counts = { completed: 0, failed: 0, pending: 0 }
      let updatedAt = base.started_at as string
      for (const c of calls) {
        counts[counterFor(c.status)]++
        if (c.ended_at !== null && c.ended_at > updatedAt) updatedAt = c.ended_at
      }
      const batch: BatchRecord = { ...base, completed_contacts: counts.completed, failed_contacts: counts.failed, pending_contacts: counts.pending, updated_at: updatedAt }
      repos.batches.insert(batch)
      for (const c of calls) insert(c)
    }

    // The List example's pending scheduled batch: 150 contacts, none dialed.
    {
      const batch = LIST_EXAMPLE
      repos.batches.insert(batch)
      for (let seq = 1; seq <= 150; seq++) {
        insert(makeCall(f, { batch, outcomeKeys: DOCUMENTED_AGENT.outcome_keys, seq, callId: nextCallId(), externalId: String(5000 + seq), status: 'pending', startedAt: null }))
      }
    }
  })()
}
