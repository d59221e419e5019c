/**
 * A typed client for the control API (/__admin), over HTTP with the global fetch: what a test suite
 * uses to put the server in a known state, make it misbehave and read what its client sent.
 * Every method returns the envelope's `data`; an error answer throws a ControlError carrying the
 * envelope's status, code and details.
 */
import type { JournalFilter } from '../../harness/journal.js'
import type {
  AdminAccount, AdminBatch, AdvanceClockInput, BatchAction, ClockState, CreateAccountBody, DeliveriesQuery, Fixture, JournalEntry, JournalPage,
  KeyResult, Page, ReseedBody, RotateKeyBody, ScenarioInput, ScenarioView, SetClockInput, StateResult, WebhookDelivery
} from '../../types.js'
import type { Profile } from '../../core/model/records.js'

export type {
  AdminAccount, AdminBatch, AdvanceClockInput, BatchAction, ClockState, CreateAccountBody, DeliveriesQuery, Fixture, JournalEntry, JournalPage,
  KeyResult, Page, ReseedBody, RotateKeyBody, ScenarioInput, ScenarioView, SetClockInput, StateResult, WebhookDelivery
}
import type {
  BatchCallsQuery, BatchesQuery, BatchOverview, CallRecordView, ClockJump, ClockNext, DeliveryDetail, NextEvent, Timeline
} from './schemas/dashboard.js'

export type { BatchCallsQuery, BatchesQuery, BatchOverview, CallRecordView, ClockJump, ClockNext, DeliveryDetail, NextEvent, Timeline }
/** Filters of GET /__admin/journal (the journal's own filter type). */
export type JournalQuery = JournalFilter

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
    /** A TechLadder account's response profile: documented, observed, or null (the server's). */
    setProfile: async (accountId: string, profile: Profile | null) => await call<AdminAccount>('POST', admin(`/accounts/${seg(accountId)}/profile`), { profile }),
    addKey: async (accountId: string, apiKey?: string) => await call<KeyResult>('POST', admin(`/accounts/${seg(accountId)}/keys`), apiKey === undefined ? {} : { api_key: apiKey }),
    rotateKey: async (accountId: string, body: RotateKeyBody = {}) => await call<KeyResult>('POST', admin(`/accounts/${seg(accountId)}/keys/rotate`), body),
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

    // Overview (what the dashboard at /__admin/ui reads): every provider's batches, a batch's calls and timeline.
    /** One page of every provider's batches, newest first, with counters and per-status call counts. */
    listBatches: async (q?: BatchesQuery) => await call<Page<BatchOverview>>('GET', admin(`/batches${query(q)}`)),
    /** A batch's calls (latest attempts) in contact order, as the core keeps them. */
    listBatchCalls: async (batchId: string, q?: BatchCallsQuery) => await call<Page<CallRecordView>>('GET', admin(`/batches/${seg(batchId)}/calls${query(q)}`)),
    /** Calls dialed, answered and ended over simulated time, in at most `buckets` intervals (default 60). */
    batchTimeline: async (batchId: string, buckets?: number) => await call<Timeline>('GET', admin(`/batches/${seg(batchId)}/timeline${query({ buckets })}`)),

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
    /** The clock and the next thing due anywhere (a batch's or call's next step, or a webhook attempt). */
    nextEvent: async () => await call<ClockNext>('GET', admin('/clock/next-event')),
    /** Moves the clock to the next due event; `reached` is null when nothing was due (the clock stays). */
    advanceToNextEvent: async () => await call<ClockJump>('POST', admin('/clock/advance-to-next-event')),

    // Webhook deliveries.
    listDeliveries: async (q?: DeliveriesQuery) => await call<Page<WebhookDelivery>>('GET', admin(`/webhooks/deliveries${query(q)}`)),
    /** One delivery with the exact body sent and each attempt's request headers (signature included). */
    getDelivery: async (deliveryId: string) => await call<DeliveryDetail>('GET', admin(`/webhooks/deliveries/${seg(deliveryId)}`)),
    redeliver: async (deliveryId: string) => await call<WebhookDelivery>('POST', admin(`/webhooks/deliveries/${seg(deliveryId)}/redeliver`))
  }
}

export type ControlClient = ReturnType<typeof createControlClient>
