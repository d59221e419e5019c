/**
 * Ultravox's seeded data: two accounts (`uv_test_key`, and `uv_other_key` for ownership tests), the
 * docs' example agent and batch (`3c90c3cc-0d44-4b50-8888-8dd25736052a`, exactly as the Get
 * Scheduled Call Batch example shows it, `frozen`: never simulated), and the core's synthetic
 * batches shaped into Ultravox's states: a future window, running, paused mid-way, ended (with
 * errored calls), ended after the window closed (expired calls), ended after the window closed
 * while paused, and a non-outgoing (WebRTC) batch with a webhook.
 */
import type { Db } from '../../core/store/database.js'
import type { Repositories } from '../../core/store/index.js'
import type { SeedOptions } from '../../core/seed/index.js'
import { batchDefaults, counterFor, wasDialed, type AccountRecord, type AgentRecord, type BatchRecord, type CallRecord, type CallStatus } from '../../core/model/records.js'
import { makeCall } from '../../core/simulation/call-description.js'
import { createSeededFaker } from '../../core/simulation/faker.js'
import { uuidFrom, webhookSecretFor } from './ids.js'
import { DOCS_UUID, type BatchExtra } from './presenters.js'

/** The calls behind the documented batch come from this fixed seed: the same bytes on every server. */
const DOCUMENTED_SEED = 1107

export const ULTRAVOX_ACCOUNTS = { main: 'acc_uv_main', other: 'acc_uv_other' } as const
export const ULTRAVOX_KEYS = { main: 'uv_test_key', other: 'uv_other_key' } as const

const SEED_TIME = '2026-05-14T09:00:00Z'
/** The docs' example instant: created, window start and end, endedAt. */
export const DOCS_TIME = '2023-11-07T05:31:56Z'

const account = (account_id: string, name: string, email: string): AccountRecord => ({
  account_id,
  name,
  email,
  api_enabled: true,
  max_batch_size: 10000,
  max_concurrent_calls: 20,
  max_call_duration_seconds: 3600,
  rate_limit_per_minute: null,
  webhook_secret: `whsec_${account_id}`,
  created_at: SEED_TIME,
  provider: 'ultravox',
  profile: null
})

export const DOCS_AGENT: AgentRecord = {
  agent_id: DOCS_UUID,
  account_id: ULTRAVOX_ACCOUNTS.main,
  agent_name: 'Docs Example Agent',
  voice: 'Jessica',
  current_version: uuidFrom('ultravox:docs-agent-revision'),
  versions: [uuidFrom('ultravox:docs-agent-revision')],
  outcome_keys: [],
  created_at: DOCS_TIME
}

/** Accounts, keys and the docs' agent (written before the synthetic data, which gives every account agents of its own). */
export function seedUltravoxAccounts (db: Db, repos: Repositories): void {
  db.transaction(() => {
    repos.accounts.insertAccount(account(ULTRAVOX_ACCOUNTS.main, 'Ultravox Test Co', 'dev@uv-test.example'))
    repos.accounts.insertAccount(account(ULTRAVOX_ACCOUNTS.other, 'Ultravox Other Co', 'dev@uv-other.example'))
    repos.accounts.insertApiKey({ api_key: ULTRAVOX_KEYS.main, account_id: ULTRAVOX_ACCOUNTS.main, active: true, created_at: SEED_TIME })
    repos.accounts.insertApiKey({ api_key: ULTRAVOX_KEYS.other, account_id: ULTRAVOX_ACCOUNTS.other, active: true, created_at: SEED_TIME })
    repos.accounts.insertAgent(DOCS_AGENT)
  })()
}

/** The docs' batch: 123 calls, all created or errored (118 SUCCESS, 5 ERROR), paused, window and endedAt as shown. */
function seedDocumentedBatch (db: Db, repos: Repositories): void {
  const batch: BatchRecord = {
    schedule_id: DOCS_UUID,
    account_id: ULTRAVOX_ACCOUNTS.main,
    agent_id: DOCS_AGENT.agent_id,
    agent_name: DOCS_AGENT.agent_name,
    version_id: DOCS_AGENT.current_version,
    status: 'completed',
    start_mode: 'scheduled',
    voice: DOCS_AGENT.voice,
    did_number: null,
    total_contacts: 123,
    completed_contacts: 0,
    failed_contacts: 0,
    pending_contacts: 0,
    concurrency: 5,
    recording_enabled: true,
    scheduled_at: DOCS_TIME,
    started_at: DOCS_TIME,
    created_at: DOCS_TIME,
    updated_at: DOCS_TIME,
    interruption: false,
    use_alternate_number: false,
    deduplicate_by_phone: false,
    callback_url: null,
    max_duration_seconds_per_call: null,
    metadata: null,
    frozen: true,
    ...batchDefaults(),
    window_end_at: DOCS_TIME,
    drained_at: DOCS_TIME,
    extra: { windowStart: DOCS_TIME, windowEnd: DOCS_TIME, webhookUrl: null, throttle: null, nonOutgoing: false } satisfies BatchExtra
  }
  const f = createSeededFaker(DOCUMENTED_SEED)
  const calls: CallRecord[] = []
  for (let seq = 1; seq <= 123; seq++) {
    // Every 24th call (5 of them) could not be placed: ERROR, no call.
    const errored = seq % 24 === 0
    const status: CallStatus = errored ? 'failed' : seq % 9 === 0 ? 'no_answer' : seq % 13 === 0 ? 'busy' : 'completed'
    const call = makeCall(f, { batch, outcomeKeys: [], seq, callId: uuidFrom(`ultravox:docs-call:${seq}`), externalId: String(seq), status, startedAt: DOCS_TIME })
    calls.push(errored
      ? { ...call, dial_error: 'The number is unreachable', duration_seconds: 0, answer_duration_seconds: 0, ended_at: DOCS_TIME, disconnect_reason: 'number_unreachable' }
      : call)
  }
  const counts = { completed: 0, failed: 0, pending: 0 }
  for (const c of calls) counts[counterFor(c.status)]++
  db.transaction(() => {
    repos.batches.insert({ ...batch, completed_contacts: counts.completed, failed_contacts: counts.failed, pending_contacts: counts.pending })
    repos.batches.setPaused(DOCS_UUID, true)
    let ord = nextDialOrd(db)
    for (const c of calls) repos.calls.insert(wasDialed(c.status) ? { ...c, dialed_ord: ord++ } : c)
  })()
}

/** The next free place in the store-wide order of dialing. */
function nextDialOrd (db: Db): number {
  const max = db.prepare('SELECT MAX(m) FROM (SELECT MAX(dialed_ord) AS m FROM calls UNION ALL SELECT MAX(dialed_ord) FROM call_attempts)').pluck().get() as number | null
  return (max ?? 0) + 1
}

const addSeconds = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const DAY = 86_400

/**
 * After the synthetic data: the documented batch (its calls take dial places after every seeded
 * one, so no other provider's seeded data moves), then every synthetic batch of an Ultravox account
 * in an Ultravox state. The core seeder made them in TechLadder's five statuses; they become:
 * pending -> a future window; active -> running (the account's first one paused mid-way);
 * completed -> ended (a few calls failed before dialing: ERROR; the account's first one is a
 * WebRTC batch with a webhook); failed -> ended when its window closed (errored and EXPIRED
 * calls); cancelled -> ended when its window closed while it was paused (mostly EXPIRED).
 */
export function shapeUltravoxBatches (db: Db, repos: Repositories, options: SeedOptions): void {
  seedDocumentedBatch(db, repos)
  for (const acct of repos.accounts.listAccounts()) {
    if (acct.provider !== 'ultravox') continue
    const batches = repos.batches.listForAccount(acct.account_id).filter(b => !b.frozen).reverse() // oldest first
    let pausedOne = false
    let webRtcOne = false
    db.transaction(() => {
      for (const b of batches) {
        const calls = repos.calls.all(b.schedule_id)
        const extra: BatchExtra = { windowStart: null, windowEnd: null, webhookUrl: null, throttle: null, nonOutgoing: false }
        const shaped: BatchRecord = { ...b }
        const lastStart = calls.reduce((m, c) => c.started_at !== null && c.started_at > m ? c.started_at : m, b.started_at ?? b.created_at)
        const update = (c: CallRecord, fields: Partial<CallRecord>) => repos.calls.update({ ...c, ...fields }, c.status)
        const failBeforeDialing = (c: CallRecord) => update(c, {
          dial_error: 'The number is unreachable', disconnect_reason: 'number_unreachable', duration_seconds: 0, answer_duration_seconds: 0,
          ended_at: c.started_at, recording_available: false, summary: null, outcomes: {}
        })
        const closeWindow = (at: string) => {
          for (const c of calls) {
            if (c.status === 'pending') update(c, { status: 'expired', ended_at: at, transcript_status: 'failed', analysis_status: 'failed' })
          }
          shaped.status = 'completed'
          shaped.window_end_at = at
          shaped.drained_at = at
          extra.windowEnd = at
        }
        switch (b.status) {
          case 'pending': {
            const start = addSeconds(b.created_at, 2 * DAY)
            shaped.start_mode = 'scheduled'
            shaped.scheduled_at = start
            shaped.window_end_at = addSeconds(start, 8 * 3600)
            extra.windowStart = start
            extra.windowEnd = shaped.window_end_at
            break
          }
          case 'active':
            if (!pausedOne) {
              repos.batches.setPaused(b.schedule_id, true)
              pausedOne = true
            }
            break
          case 'completed':
            for (const c of calls) if (c.status === 'failed' && c.seq % 2 === 0) failBeforeDialing(c)
            shaped.drained_at = lastStart
            if (!webRtcOne) {
              webRtcOne = true
              extra.seedMedium = { webRtc: {} }
              extra.nonOutgoing = true
              extra.webhookUrl = 'http://127.0.0.1:9/ultravox-webhook'
              shaped.webhook_secret = webhookSecretFor(options.seed, b.schedule_id)
            }
            break
          case 'failed':
            for (const c of calls) if (c.status === 'failed') failBeforeDialing(c)
            closeWindow(addSeconds(lastStart, 600))
            break
          case 'cancelled':
            repos.batches.setPaused(b.schedule_id, true)
            closeWindow(addSeconds(lastStart, 1800))
            break
        }
        const counts = { completed: 0, failed: 0, pending: 0 }
        for (const [status, n] of Object.entries(repos.calls.statusCounts(b.schedule_id)) as Array<[CallStatus, number]>) counts[counterFor(status)] += n
        repos.batches.update({
          ...shaped,
          completed_contacts: counts.completed,
          failed_contacts: counts.failed,
          pending_contacts: counts.pending,
          extra: extra as Record<string, unknown>
        })
      }
    })()
  }
}
