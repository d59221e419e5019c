/**
 * A typed client for the control API (/__admin), over HTTP with the global fetch: what a test suite
 * uses to put the server in a known state, make it misbehave and read what its client sent.
 * Every method returns the envelope's `data`; an error answer throws a ControlError carrying the
 * envelope's status, code and details.
 */
import type { Fixture } from '../../core/control/fixture-io.js'
import type { AccountRecord, AgentRecord, ApiKeyRecord, BatchStatus, StartMode } from '../../core/model/records.js'
import type { JournalEntry, JournalFilter } from '../../harness/journal.js'
import type { CreateAccountBody, ReseedBody, ScenarioInput, ScenarioView } from './schemas/admin.js'

export type { Fixture, JournalEntry, ScenarioInput, ScenarioView, CreateAccountBody, ReseedBody }

export class ControlError extends Error {
  constructor (
    readonly status: number,
    readonly code: string,
    readonly details: string[],
    readonly method: string,
    readonly path: string
  ) {
    super(`${method} ${path} → ${status} ${code}: ${details.join('; ')}`)
    this.name = 'ControlError'
  }
}

export interface ControlClientOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080 (no trailing /__admin). */
  baseUrl: string
  /** The ADMIN_TOKEN, when the server requires one. */
  adminToken?: string | null
}

export interface StateResult {
  seed: { seed: number, batches_per_account: number, calls_per_batch: number } | null
  counts: { accounts: number, api_keys: number, agents: number, batches: number, calls: number }
  took_ms: number
}
export interface AdminAccount extends AccountRecord { api_keys: ApiKeyRecord[], agents: AgentRecord[] }
export interface KeyResult { account_id: string, api_key: string | null, revoked: string[] }
/** Filters of GET /__admin/journal (the journal's own filter type). */
export type JournalQuery = JournalFilter
export interface JournalPage { items: JournalEntry[], total: number, capacity: number, recorded: number }

/** GET /__admin/batches/{id}: the public detail plus what only the control plane sees. */
export interface AdminBatch {
  schedule_id: string
  agent_id: string
  agent_name: string
  version_id: string
  status: BatchStatus
  start_mode: StartMode
  total_contacts: number
  completed_contacts: number
  failed_contacts: number
  pending_contacts: number
  account_id: string
  paused: boolean
  frozen: boolean
  call_counts: Record<string, number>
  next_event_at: string | null
  [field: string]: unknown
}
export type BatchAction = 'start' | 'pause' | 'resume' | 'cancel' | 'fail'
export interface ClockState { mode: 'realtime' | 'manual', speed: number, time: string, time_ms: number }
export interface SetClockInput { mode?: 'realtime' | 'manual', speed?: number, time?: string }
export type AdvanceClockInput = { seconds: number } | { to: string }
export interface WebhookDelivery {
  id: string
  event_type: string
  account_id: string
  batch_id: string
  url: string
  status: 'pending' | 'succeeded' | 'failed'
  attempt_count: number
  next_attempt_at: string | null
  created_at: string
  payload: unknown
  attempts: Array<{ attempt: number, attempted_at: string, success: boolean, response_status: number | null, latency_ms: number, error: string | null, redelivery: boolean }>
}
export interface DeliveriesQuery { batch_id?: string, event_type?: string, status?: 'pending' | 'succeeded' | 'failed', page?: number, limit?: number }
export interface Page<T> { items: T[], total: number, page: number, limit: number, has_more: boolean }

const query = (q: object | undefined): string => {
  if (q === undefined) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) params.set(k, String(v))
  const s = params.toString()
  return s === '' ? '' : `?${s}`
}
const seg = (s: string) => encodeURIComponent(s)

export function createControlClient (options: ControlClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '')
  const headers: Record<string, string> = {}
  if (options.adminToken !== undefined && options.adminToken !== null && options.adminToken !== '') {
    headers['x-admin-token'] = options.adminToken
  }

  async function raw (method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(base + path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    let parsed: unknown
    try { parsed = JSON.parse(text) } catch { parsed = undefined }
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string, details?: string[] } } | undefined)?.error
      throw new ControlError(res.status, err?.code ?? 'HTTP_ERROR', err?.details ?? [text.slice(0, 200)], method, path)
    }
    return parsed
  }
  async function call<T> (method: string, path: string, body?: unknown): Promise<T> {
    return ((await raw(method, path, body)) as { data: T }).data
  }
  const admin = (p: string) => `/__admin${p}`

  return {
    baseUrl: base,
    // Health (outside /__admin, never behind the token).
    health: async () => await call<{ status: string }>('GET', '/healthz'),
    ready: async () => await call<{ status: string }>('GET', '/readyz'),

    // Whole state.
    /** Back to the seeded state of the server's start-up options; clears scenarios, journal, rate-limit windows. */
    reset: async () => await call<StateResult>('POST', admin('/reset')),
    reseed: async (body: ReseedBody = {}) => await call<StateResult>('POST', admin('/reseed'), body),
    /** The whole state as a fixture (save it, restore it later with importState). */
    exportState: async () => (await raw('GET', admin('/state'))) as Fixture,
    importState: async (fixture: Fixture) => await call<StateResult>('PUT', admin('/state'), fixture),

    // Accounts and keys.
    listAccounts: async () => await call<AdminAccount[]>('GET', admin('/accounts')),
    getAccount: async (accountId: string) => await call<AdminAccount>('GET', admin(`/accounts/${seg(accountId)}`)),
    createAccount: async (body: CreateAccountBody = {}) => await call<AdminAccount>('POST', admin('/accounts'), body),
    disableAccount: async (accountId: string) => await call<AdminAccount>('POST', admin(`/accounts/${seg(accountId)}/disable`)),
    enableAccount: async (accountId: string) => await call<AdminAccount>('POST', admin(`/accounts/${seg(accountId)}/enable`)),
    addKey: async (accountId: string, apiKey?: string) => await call<KeyResult>('POST', admin(`/accounts/${seg(accountId)}/keys`), apiKey === undefined ? {} : { api_key: apiKey }),
    rotateKey: async (accountId: string, body: { api_key?: string, new_api_key?: string } = {}) => await call<KeyResult>('POST', admin(`/accounts/${seg(accountId)}/keys/rotate`), body),
    revokeKey: async (accountId: string, apiKey: string) => await call<KeyResult>('POST', admin(`/accounts/${seg(accountId)}/keys/revoke`), { api_key: apiKey }),

    // Scenarios.
    listScenarios: async () => await call<ScenarioView[]>('GET', admin('/scenarios')),
    addScenario: async (rule: ScenarioInput) => await call<ScenarioView>('POST', admin('/scenarios'), rule),
    getScenario: async (id: string) => await call<ScenarioView>('GET', admin(`/scenarios/${seg(id)}`)),
    removeScenario: async (id: string) => await call<{ removed: number }>('DELETE', admin(`/scenarios/${seg(id)}`)),
    clearScenarios: async () => await call<{ removed: number }>('DELETE', admin('/scenarios')),

    // Journal.
    journal: async (q?: JournalQuery) => await call<JournalPage>('GET', admin(`/journal${query(q)}`)),
    clearJournal: async () => await call<{ removed: number }>('DELETE', admin('/journal')),

    // Batch lifecycle and clock.
    getBatch: async (batchId: string) => await call<AdminBatch>('GET', admin(`/batches/${seg(batchId)}`)),
    batchAction: async (batchId: string, action: BatchAction) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/${action}`)),
    startBatch: async (batchId: string) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/start`)),
    pauseBatch: async (batchId: string) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/pause`)),
    resumeBatch: async (batchId: string) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/resume`)),
    cancelBatch: async (batchId: string) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/cancel`)),
    failBatch: async (batchId: string) => await call<AdminBatch>('POST', admin(`/batches/${seg(batchId)}/fail`)),
    getClock: async () => await call<ClockState>('GET', admin('/clock')),
    setClock: async (body: SetClockInput) => await call<ClockState>('PUT', admin('/clock'), body),
    /** Moves the clock by `{seconds}` or to `{to}`; resolves once everything due on the way was processed. */
    advanceClock: async (body: AdvanceClockInput) => await call<ClockState>('POST', admin('/clock/advance'), body),

    // Webhook deliveries.
    listDeliveries: async (q?: DeliveriesQuery) => await call<Page<WebhookDelivery>>('GET', admin(`/webhooks/deliveries${query(q)}`)),
    redeliver: async (deliveryId: string) => await call<WebhookDelivery>('POST', admin(`/webhooks/deliveries/${seg(deliveryId)}/redeliver`))
  }
}

export type ControlClient = ReturnType<typeof createControlClient>
