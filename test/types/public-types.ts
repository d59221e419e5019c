/**
 * Type-level checks of the package's public types, compiled by `npm run typecheck` (not run by tap:
 * there is nothing to run). Each `@ts-expect-error` line is a call the server refuses at run time;
 * if the types ever accept one again, the directive itself becomes an error ("unused
 * '@ts-expect-error'") and the typecheck fails.
 */
import {
  createControlClient, startMockServer,
  type AdvanceClockInput, type ApiErrorResponse, type BatchDetail, type CreateBatchBody, type CreateBatchResponse,
  type DeliveriesQuery, type Envelope, type ForceableStatus, type GetBatchResponse, type GetResultsResponse, type ListBatchesResponse,
  type ListCallsResponse, type MeResponse, type MockServer, type Page, type ScenarioInput, type SetClockInput, type StartupInfo,
  type ObservedGetBatchResponse, type ObservedGetResultsResponse, type CallResultResponse, type ListAgentsResponse, type TestCallBody
} from '../../src/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
const assert = <T extends true>(): T => true as T

// ------------------------------------------------------------------------------------------------
// Response types: the envelope around the schema types, field by field.

assert<Equal<GetBatchResponse, Envelope<BatchDetail>>>()
assert<Equal<ListBatchesResponse['data'], Page<ListBatchesResponse['data']['items'][number]>>>()
assert<Equal<BatchDetail['status'], 'pending' | 'active' | 'completed' | 'failed' | 'cancelled'>>()
assert<Equal<BatchDetail['did_number'], string | null>>()
assert<Equal<CreateBatchResponse['data']['batch_id'], string>>()
assert<Equal<CreateBatchResponse['data']['duplicates_removed'], number>>()
assert<Equal<ListCallsResponse['data']['items'][number]['metadata'], Record<string, string>>>()
assert<Equal<GetResultsResponse['data']['items'][number]['recording'], { available: boolean, file_key: string | null }>>()
assert<Equal<MeResponse['data']['limits']['rate_limit_per_minute'], number>>()
// The observed profile's shapes (docs/profiles.md).
assert<Equal<ObservedGetBatchResponse['data'], { batch_id: string } & BatchDetail extends infer T ? { [K in keyof T]: T[K] } : never>>()
assert<Equal<ObservedGetResultsResponse['data']['status'], BatchDetail['status']>>()
assert<Equal<ObservedGetResultsResponse['data']['items'][number]['recording_available'], boolean>>()
assert<Equal<ObservedGetResultsResponse['data']['items'][number]['llm_transcript'], string | null>>()
assert<Equal<CallResultResponse['data']['batch_id'], string | null>>()
assert<Equal<keyof ListAgentsResponse['data']['items'][number], 'agent_id' | 'agent_name' | 'current_version'>>()
// @ts-expect-error: the observed results item has call_status, not status
export const noStatus: ObservedGetResultsResponse['data']['items'][number]['status'] = 'completed'
// @ts-expect-error: a test call needs a phone number
export const noPhone: TestCallBody = { agent_id: 'agt-57949b14' }
assert<Equal<ApiErrorResponse, { status_code: number, message: string, error: { code: string, details: string[] }, data: null }>>()
assert<Equal<ForceableStatus, 400 | 401 | 403 | 404 | 422 | 429 | 500>>()
assert<Equal<StartupInfo['clock']['mode'], 'realtime' | 'manual'>>()

// The Get Call Batch example of the docs is a GetBatchResponse.
export const documented: GetBatchResponse = {
  status_code: 200,
  message: 'Call batch fetched successfully',
  error: null,
  data: {
    schedule_id: 'sched_7bac6f2a', agent_id: 'agt-57949b14', agent_name: 'Customer Outreach Agent', version_id: 'pmt-667ddf271b',
    status: 'active', start_mode: 'scheduled', voice: 'Tara', did_number: '08037236753', total_contacts: 150, completed_contacts: 75,
    failed_contacts: 3, pending_contacts: 72, concurrency: 20, recording_enabled: true, scheduled_at: '2026-05-15T08:30:00Z',
    started_at: '2026-05-15T08:30:02Z', created_at: '2026-05-14T10:00:00Z', updated_at: '2026-05-15T09:15:30Z'
  }
}
// @ts-expect-error: a status the API never answers
export const badStatus: BatchDetail['status'] = 'paused'

export const body: CreateBatchBody = {
  agent_name: 'agt-57949b14',
  version_name: 'pmt-667ddf271b',
  start_mode: 'immediate',
  contacts: [{ contact_id: '101', phone_number: '919876543210', metadata: { company_name: 'Acme', seats: 3, vip: true } }]
}
// @ts-expect-error: contacts are required
export const noContacts: CreateBatchBody = { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b' }
// @ts-expect-error: start_mode is one of manual, immediate, scheduled
export const badMode: CreateBatchBody = { ...body, start_mode: 'later' }

// ------------------------------------------------------------------------------------------------
// The control client's arguments: what type-checks is what the server accepts.

export async function controlClientArguments (mock: MockServer): Promise<void> {
  const admin = mock.admin
  const port: number = mock.port
  void port

  // Scenarios: only the documented error statuses can be forced.
  await admin.addScenario({ action: { status: 429 }, times: 2 })
  await admin.addScenario({ action: { status: 500, latency_ms: 200 } })
  await admin.addScenario({ action: { fault: 'reset' } })
  await admin.addScenario({ action: { latency_ms: 800 }, probability: 0.3 })
  await admin.addScenario({ match: { path: '/api/v1/public/call-batches/*/results', method: 'GET' }, action: { status: 404 } })
  await admin.addScenario({ match: { path_regex: '^/api/v1/public/me$', header: { name: 'X-Test-Case' } }, action: { fault: 'empty' } })
  // @ts-expect-error: 418 is not a status the real API answers; the server refuses it (400)
  await admin.addScenario({ action: { status: 418 } })
  // @ts-expect-error: 200 cannot be forced either
  await admin.addScenario({ action: { status: 200 } })
  // @ts-expect-error: a forced status and a fault together are refused
  await admin.addScenario({ action: { status: 500, fault: 'reset' } })
  // @ts-expect-error: an action must do something
  await admin.addScenario({ action: {} })
  // @ts-expect-error: faults are reset or empty
  await admin.addScenario({ action: { fault: 'timeout' } })
  // @ts-expect-error: path and path_regex together are refused
  await admin.addScenario({ match: { path: '/a', path_regex: '^/a$' }, action: { status: 500 } })
  const rule: ScenarioInput = { action: { status: 403 }, match: { account_id: 'acc_abc123' } }
  await admin.addScenario(rule)

  // The clock: advance by seconds or to an instant, never both, never neither.
  await admin.advanceClock({ seconds: 3600 })
  await admin.advanceClock({ to: '2026-06-02T00:00:00Z' })
  // @ts-expect-error: both is refused (400 "Give exactly one of seconds, to")
  await admin.advanceClock({ seconds: 1, to: '2026-06-02T00:00:00Z' })
  // @ts-expect-error: neither is refused too
  await admin.advanceClock({})
  const advance: AdvanceClockInput = { seconds: 5 }
  await admin.advanceClock(advance)
  await admin.setClock({ mode: 'manual' })
  // @ts-expect-error: the clock is realtime or manual
  await admin.setClock({ mode: 'paused' })
  const set: SetClockInput = { speed: 60, time: '2026-06-01T10:00:00Z' }
  await admin.setClock(set)

  // Batch transitions and webhook filters are closed sets.
  await admin.batchAction('sched_7bac6f2a', 'pause')
  // @ts-expect-error: not a transition
  await admin.batchAction('sched_7bac6f2a', 'restart')
  await admin.listDeliveries({ event_type: 'call.finished', status: 'failed' })
  // @ts-expect-error: not an event type
  await admin.listDeliveries({ event_type: 'call.started' })
  const q: DeliveriesQuery = { batch_id: 'sched_7bac6f2a', limit: 100 }
  await admin.listDeliveries(q)

  // Answers are typed too.
  const batch = await admin.getBatch('sched_7bac6f2a')
  const paused: boolean = batch.paused
  const counts: Record<string, number> = batch.call_counts
  const clock = await admin.advanceClock({ seconds: 1 })
  const mode: 'realtime' | 'manual' = clock.mode
  void [paused, counts, mode]
}

// startMockServer takes configuration fields, typed.
export const started = startMockServer({ clock: 'manual', batchesPerAccount: 2, callsPerBatch: 10 })
// @ts-expect-error: the clock option is realtime or manual
export const badClock = startMockServer({ clock: 'fast' })
export const client = createControlClient({ baseUrl: 'http://127.0.0.1:8080', adminToken: null })
