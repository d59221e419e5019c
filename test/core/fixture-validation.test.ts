/** Fixture validation without HTTP: each provider's id rules, the fields later features added, counters. */
import t from 'tap'
import { validateFixture, type IdRules } from '../../src/core/control/fixture-validation.js'
import { DomainError } from '../../src/core/model/errors.js'
import type { Provider } from '../../src/core/model/records.js'

const RULES: Record<Provider, IdRules> = {
  techladder: { key: 'sk_', agent: 'agt-', version: 'pmt-', batch: 'sched_' },
  cartesia: { key: 'sk_car_', agent: 'agent_', version: null, batch: 'acb_' },
  ultravox: { key: '', agent: '', version: '', batch: '' }
}
const account = (id: string, provider?: Provider) => ({
  account_id: id, name: 'N', email: 'e@x', api_enabled: true, max_batch_size: 10, max_concurrent_calls: 2,
  max_call_duration_seconds: 900, rate_limit_per_minute: null, webhook_secret: 'w', created_at: '2026-06-01T00:00:00Z',
  ...(provider === undefined ? {} : { provider })
})
const problems = (fixture: unknown): string[] => {
  try { validateFixture(fixture, RULES); return [] } catch (err) { return err instanceof DomainError ? err.details : [String(err)] }
}

t.test('a fixture without the fields later features added is valid (they take their defaults)', async t => {
  t.same(problems({ version: 1, accounts: [account('acc_a')], api_keys: [{ api_key: 'sk_a1234', account_id: 'acc_a', active: true, created_at: '2026-06-01T00:00:00Z' }] }), [])
})

t.test('ids are checked against the account\'s provider', async t => {
  const fixture = {
    version: 1,
    accounts: [account('acc_t'), account('acc_c', 'cartesia'), account('acc_u', 'ultravox'), account('acc_x', 'nobody' as Provider)],
    api_keys: [
      { api_key: 'sk_car_ok', account_id: 'acc_c', active: true, created_at: '2026-06-01T00:00:00Z' },
      { api_key: 'sk_only', account_id: 'acc_c', active: true, created_at: '2026-06-01T00:00:00Z' },
      { api_key: 'uv_anything', account_id: 'acc_u', active: true, created_at: '2026-06-01T00:00:00Z' },
      { api_key: 'uv_bad', account_id: 'acc_t', active: true, created_at: '2026-06-01T00:00:00Z' }
    ],
    agents: [
      { agent_id: 'agent_1', account_id: 'acc_c', agent_name: 'C', voice: 'v', current_version: '', versions: [], outcome_keys: [] },
      { agent_id: 'agt-1', account_id: 'acc_c', agent_name: 'C', voice: 'v', current_version: '', versions: [], outcome_keys: [] }
    ]
  }
  t.same(problems(fixture), [
    'accounts[3].provider: Must be one of techladder, cartesia, ultravox',
    'api_keys[1].api_key: Must start with sk_car_',
    'api_keys[3].api_key: Must start with sk_',
    'agents[1].agent_id: Must start with agent_'
  ])
})

t.test('agents without prompt versions (current_version \'\') never clash over a version', async t => {
  const agent = (id: string) => ({ agent_id: id, account_id: 'acc_c', agent_name: 'C', voice: 'v', current_version: '', versions: [], outcome_keys: [] })
  t.same(problems({ version: 1, accounts: [account('acc_c', 'cartesia')], agents: [agent('agent_1'), agent('agent_2'), agent('agent_3')] }), [])
})

t.test('the fields later features added are checked when present', async t => {
  const batch = {
    schedule_id: 'sched_1', account_id: 'acc_t', agent_id: 'agt-1', agent_name: 'A', version_id: 'pmt-1', status: 'pending',
    start_mode: 'manual', voice: 'v', did_number: null, total_contacts: 0, completed_contacts: 0, failed_contacts: 0, pending_contacts: 0,
    concurrency: 1, recording_enabled: true, scheduled_at: null, started_at: null, created_at: '2026-06-01T00:00:00Z', updated_at: '2026-06-01T00:00:00Z',
    interruption: false, use_alternate_number: false, deduplicate_by_phone: true, callback_url: null, max_duration_seconds_per_call: null,
    metadata: null, frozen: false, retry_count: -1, window_end_at: 'soon', extra: 'x'
  }
  t.same(problems({
    version: 1,
    accounts: [account('acc_t')],
    agents: [{ agent_id: 'agt-1', account_id: 'acc_t', agent_name: 'A', voice: 'v', current_version: 'pmt-1', versions: ['pmt-1'], outcome_keys: [] }],
    batches: [batch]
  }), [
    'batches[0].window_end_at: Must be an ISO 8601 date-time or null',
    'batches[0].retry_count: Must be an integer of at least 0',
    'batches[0].extra: Must be an object or null'
  ])
})
