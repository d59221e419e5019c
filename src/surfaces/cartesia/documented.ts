/**
 * Cartesia's seeded organizations and the records its docs show, the same whatever the seed: two
 * organizations (a second one for ownership tests), their keys, phone numbers (one a SIP trunk
 * each) and, owned by the first, the batch-calling guide's example batch `acb_PDWFN995PzAudChwFDqVZ2`
 * with its agent and from-number, answering the guide's values. The example batch is `frozen`: the
 * simulation never moves it. Synthetic agents and batches come from the seeder (seed.ts).
 */
import type { Db } from '../../core/store/database.js'
import type { Repositories } from '../../core/store/index.js'
import { batchDefaults, firstAttempt, notStartedCall, type AccountRecord, type AgentRecord, type BatchRecord, type PhoneNumberRecord } from '../../core/model/records.js'
import type { BatchExtra, RecipientExtra } from './presenters.js'
import { keyedId } from './ids.js'

export const CARTESIA_ACCOUNTS = {
  main: 'acc_car_test',
  other: 'acc_car_other'
} as const

export const CARTESIA_KEYS = {
  /** The main organization: owns the guide's example batch. */
  main: 'sk_car_test_key',
  /** A second organization with data of its own, for ownership tests. */
  other: 'sk_car_other_key'
} as const

const SEED_TIME = '2026-03-01T00:00:00Z'
/**
 * The guide's agent and number are the organization's first (the n-th number shows on the n-th
 * agent: presenters.ts): made before the seeder's agents, which it dates 2026-03-01.
 */
const GUIDE_TIME = '2026-02-15T00:00:00Z'
/** Cartesia's org-wide agent-call concurrency limit on these organizations (batches default to half). */
export const ORG_CONCURRENCY = 20

const account = (account_id: string, name: string, email: string, secret: string): AccountRecord => ({
  account_id,
  name,
  email,
  api_enabled: true,
  max_batch_size: 5000,
  max_concurrent_calls: ORG_CONCURRENCY,
  max_call_duration_seconds: 480 * 60,
  rate_limit_per_minute: null,
  webhook_secret: secret,
  created_at: SEED_TIME,
  provider: 'cartesia',
  profile: null
})

const ACCOUNTS: AccountRecord[] = [
  account(CARTESIA_ACCOUNTS.main, 'Cartesia Test Org', 'dev@cartesia-test.example', 'whsec_car_test_5c1d2e3f4a5b'),
  account(CARTESIA_ACCOUNTS.other, 'Cartesia Other Org', 'dev@cartesia-other.example', 'whsec_car_other_6d7e8f9a0b1c')
]

/** The guide's agent. */
export const GUIDE_AGENT: AgentRecord = {
  agent_id: 'agent_Fo7pKNBUwLZxrTd6jvhpaE',
  account_id: CARTESIA_ACCOUNTS.main,
  agent_name: 'Outreach Agent',
  voice: 'a0e99841-438c-4a64-b679-ae501e7d6091',
  current_version: '',
  versions: [],
  outcome_keys: ['Interested', 'Follow Up Required'],
  created_at: GUIDE_TIME
}

const number = (number_id: string, account_id: string, e164: string, kind: PhoneNumberRecord['kind'], created_at = SEED_TIME): PhoneNumberRecord =>
  ({ number_id, account_id, number: e164, kind, created_at })

/** Each organization's numbers: a Cartesia number, a Twilio one (main only) and a SIP trunk. */
export const CARTESIA_NUMBERS = {
  /** The guide's from-number. */
  guide: number('ap_Q8PRh7lXyZsawXJmN2KcT5', CARTESIA_ACCOUNTS.main, '+14155550100', 'provider', GUIDE_TIME),
  twilio: number('ap_T3wL9qBv2XcRn7KmPd4sYh', CARTESIA_ACCOUNTS.main, '+14155550111', 'twilio'),
  sipTrunk: number('ap_S1pTrk8ZaQ5wEr6Ty7Ui9O', CARTESIA_ACCOUNTS.main, '+14155550122', 'sip_trunk'),
  other: number('ap_Ot4rN8mB3vC6xZ1aS5dF7g', CARTESIA_ACCOUNTS.other, '+12125550100', 'provider'),
  otherSipTrunk: number('ap_Ot5rS2pK9jH4gF6dS8aQ1w', CARTESIA_ACCOUNTS.other, '+12125550133', 'sip_trunk')
} as const

/** The batch-calling guide's example batch, as its create response shows it (C1). */
export const GUIDE_BATCH_ID = 'acb_PDWFN995PzAudChwFDqVZ2'
export const GUIDE_BATCH_JSON = '{"id":"acb_PDWFN995PzAudChwFDqVZ2","name":"March outreach","agent_id":"agent_Fo7pKNBUwLZxrTd6jvhpaE",' +
  '"from_number_id":"ap_Q8PRh7lXyZsawXJmN2KcT5","region":"US","target_concurrency_limit":10,' +
  '"status":"pending","total_calls_scheduled":2,"total_calls_dispatched":0,"total_calls_finished":0,' +
  '"retry_count":0,"created_at":"2026-03-01T12:00:00Z","last_updated_at":"2026-03-01T12:00:00Z"}'

const GUIDE_CREATED = '2026-03-01T12:00:00Z'
const GUIDE_EXTRA: BatchExtra = { region: 'US', ringing_timeout_seconds: 60, max_call_duration_minutes: 480 }
/** Its two recipients (the guide does not show them). */
const GUIDE_RECIPIENTS: Array<{ to: string, metadata: RecipientExtra['metadata'] }> = [
  { to: '+14155559876', metadata: { customer_name: 'Ada', account_id: 'cust_1001' } },
  { to: '+14155559877', metadata: null }
]

const GUIDE_BATCH: BatchRecord = {
  schedule_id: GUIDE_BATCH_ID,
  account_id: CARTESIA_ACCOUNTS.main,
  agent_id: GUIDE_AGENT.agent_id,
  agent_name: GUIDE_AGENT.agent_name,
  version_id: '',
  status: 'pending',
  start_mode: 'immediate',
  voice: GUIDE_AGENT.voice,
  did_number: CARTESIA_NUMBERS.guide.number,
  total_contacts: 2,
  completed_contacts: 0,
  failed_contacts: 0,
  pending_contacts: 2,
  concurrency: 10,
  recording_enabled: true,
  scheduled_at: null,
  started_at: null,
  created_at: GUIDE_CREATED,
  updated_at: GUIDE_CREATED,
  interruption: false,
  use_alternate_number: false,
  deduplicate_by_phone: false,
  callback_url: null,
  max_duration_seconds_per_call: 480 * 60,
  metadata: null,
  frozen: true,
  ...batchDefaults(),
  name: 'March outreach',
  from_number_id: CARTESIA_NUMBERS.guide.number_id,
  extra: { ...GUIDE_EXTRA }
}

export function seedCartesiaDocumented (db: Db, repos: Repositories): void {
  db.transaction(() => {
    for (const a of ACCOUNTS) repos.accounts.insertAccount(a)
    repos.accounts.insertApiKey({ api_key: CARTESIA_KEYS.main, account_id: CARTESIA_ACCOUNTS.main, active: true, created_at: SEED_TIME })
    repos.accounts.insertApiKey({ api_key: CARTESIA_KEYS.other, account_id: CARTESIA_ACCOUNTS.other, active: true, created_at: SEED_TIME })
    repos.accounts.insertAgent(GUIDE_AGENT)
    for (const n of Object.values(CARTESIA_NUMBERS)) repos.accounts.insertPhoneNumber(n)
    repos.batches.insert(GUIDE_BATCH)
    GUIDE_RECIPIENTS.forEach((r, i) => {
      const seq = i + 1
      repos.calls.insert({
        batch_id: GUIDE_BATCH_ID,
        seq,
        call_id: keyedId('ac_', `guide:${GUIDE_BATCH_ID}:${seq}`),
        external_id: String(seq),
        phone_number: r.to,
        name: null,
        ...notStartedCall(),
        ...firstAttempt(),
        metadata: {},
        extra: { metadata: r.metadata } satisfies RecipientExtra
      })
    })
  })()
}
