/**
 * The package's library entry: run the mock inside a test suite.
 *
 *   import { startMockServer } from 'techladder-mock'
 *   const mock = await startMockServer({ clock: 'manual' })
 *   // mock.url, mock.keys.main, mock.admin.reset(), mock.admin.addScenario(…), await mock.close()
 *
 * Also exported: buildApp (the Fastify app without a listener, for inject-style tests), loadConfig,
 * the typed control client and the seeded accounts and keys.
 */
import type { FastifyServerOptions } from 'fastify'
import { buildApp, type App, type BuildOptions } from './http/app.js'
import { DEFAULT_CONFIG, type Config } from './http/config.js'
import { createControlClient, type ControlClient } from './surfaces/admin/client.js'
import { SEEDED_ACCOUNTS, SEEDED_KEYS } from './surfaces/techladder/documented.js'

export { buildApp, type App, type BuildOptions } from './http/app.js'
export { loadConfig, usage, ConfigError, DEFAULT_CONFIG, OPTIONS, type Config } from './http/config.js'
export {
  createControlClient, ControlError,
  type ControlClient, type ControlClientOptions, type AdminAccount, type AdminBatch, type BatchAction, type ClockState,
  type SetClockInput, type AdvanceClockInput, type JournalQuery, type JournalPage, type JournalEntry, type KeyResult,
  type StateResult, type WebhookDelivery, type DeliveriesQuery, type Page, type Fixture, type ScenarioInput,
  type ScenarioView, type CreateAccountBody, type ReseedBody, type RotateKeyBody
} from './surfaces/admin/client.js'
// The control API's overview (what the dashboard reads).
export type {
  BatchOverview, BatchesQuery, BatchCallsQuery, CallRecordView, Timeline, ClockNext, ClockJump, NextEvent, DeliveryDetail
} from './surfaces/admin/client.js'
// Every public response and request of the API, and the control API's argument unions.
export type {
  Envelope, ApiErrorResponse, BatchStatus, StartMode, CallStatus, ProcessingStatus,
  BatchListItem, BatchDetail, CreatedBatch, CallItem, ResultItem, Account,
  ListBatchesResponse, GetBatchResponse, CreateBatchResponse, ListCallsResponse, GetResultsResponse, MeResponse,
  CreateBatchBody, CreateBatchContact, ListBatchesQuery, ListCallsQuery, ResultsQuery,
  StartupInfo, AccountRecord, ApiKeyRecord, AgentRecord, ForceableStatus, ScenarioAction, ScenarioMatch, WebhookEventType,
  ObservedBatchListItem, ObservedBatchDetail, ObservedResultItem, ObservedListBatchesResponse, ObservedGetBatchResponse,
  ObservedGetResultsResponse, AgentItem, ListAgentsResponse, CallResult, CallResultResponse, TestCallBody, TestCall, TestCallResponse
} from './types.js'
export { SEEDED_ACCOUNTS, SEEDED_KEYS } from './surfaces/techladder/documented.js'

export interface StartMockServerOptions extends Partial<Config> {
  /** Fastify's logger option; default: off. */
  logger?: FastifyServerOptions['logger']
}

export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:53211 (no trailing slash). */
  url: string
  /** The port the server listens on (the free port it got when asked for 0, the default). */
  port: number
  /** The seeded API keys: `main` (acc_abc123, the key of every docs example), `other`, `disabled`, `docsExample`. */
  keys: typeof SEEDED_KEYS
  /** The seeded account ids: `main`, `other`, `disabled`. */
  accounts: typeof SEEDED_ACCOUNTS
  /** A typed client for every /__admin endpoint (reset, fixtures, accounts, scenarios, journal, batches, clock, webhooks). */
  admin: ControlClient
  /** The Fastify instance, for app.inject or direct access. */
  app: App
  /** The configuration the server runs with. */
  config: Config
  /** Stops listening and closes the database. */
  close: () => Promise<void>
}

/**
 * Starts a seeded mock on 127.0.0.1 and a free port (unless `host`/`port` say otherwise), with
 * logging off. Defaults are the server's (`--seed 20260514`, 30 batches × 60 calls per account).
 */
export async function startMockServer (options: StartMockServerOptions = {}): Promise<MockServer> {
  const { logger, ...partial } = options
  const config: Config = { ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', logLevel: 'silent', ...partial }
  const app = await buildApp(config, { logger: logger ?? false })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('techladder-mock: no TCP address to report')
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  let closed: Promise<void> | undefined
  return {
    url,
    port: address.port,
    keys: SEEDED_KEYS,
    accounts: SEEDED_ACCOUNTS,
    admin: createControlClient({ baseUrl: url, adminToken: config.adminToken }),
    app,
    config,
    close: async () => { closed ??= app.close(); await closed }
  }
}
