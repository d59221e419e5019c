/**
 * TypeScript types of what this server answers and accepts, for a client's own code and tests:
 *
 *   import type { GetBatchResponse, BatchDetail, ApiErrorResponse } from 'techladder-mock'
 *
 * Response types come from the TypeBox schemas the routes serialize with and the OpenAPI document is
 * built from (`Static<>`), so they cannot drift from the bytes on the wire. The control API's
 * argument types are narrower than its schemas where the server checks more than a schema can say
 * (one of two fields, not both; only the statuses a scenario can force): what type-checks here is
 * what the server accepts.
 */
import type { Static } from 'typebox'
import type { AccountRecordSchema, AgentRecordSchema, ApiKeyRecordSchema, PROCESSING_STATUSES } from './core/model/records.js'
import type { StartupFactsSchema } from './http/start-page-schema.js'
import type {
  AdminAccountSchema, CreateAccountBodySchema, FixtureSchema, FORCEABLE_STATUSES,
  JournalEntrySchema, JournalPageSchema, KeyResultSchema, ReseedBodySchema, ScenarioSchema, StateResultSchema
} from './surfaces/admin/schemas/admin.js'
import type { AdminBatchSchema, ClockSchema, DeliverySchema } from './surfaces/admin/schemas/simulation.js'
import type { ErrorEnvelopeSchema } from './surfaces/techladder/envelope.js'
import type { AccountSchema, MeResponses } from './surfaces/techladder/schemas/account.js'
import type {
  BatchDetailSchema, BatchListItemSchema, BatchStatus as BatchStatusSchema, GetBatchDocumented, GetBatchObserved, ListBatchesDocumented,
  ListBatchesObserved, ListBatchesQuerySchema, ObservedBatchDetailSchema, ObservedBatchListItemSchema, StartMode as StartModeSchema
} from './surfaces/techladder/schemas/batch.js'
import type {
  CallItemSchema, CALL_STATUSES, ListCallsQuerySchema, ListCallsResponses, ObservedResultItemSchema, ResultItemSchema, ResultsDocumented,
  ResultsObserved, ResultsQuerySchema
} from './surfaces/techladder/schemas/call.js'
import type {
  AgentItemSchema, CallResultResponses, CallResultSchema, ListAgentsResponses, TestCallBodySchema, TestCallResponses, TestCallSchema
} from './surfaces/techladder/schemas/observed.js'
import type { ContactSchema, CreateBatchBodySchema, CreateBatchResponses, CreatedBatchSchema } from './surfaces/techladder/schemas/create-batch.js'

// ------------------------------------------------------------------------------------------------
// The public API (/api/v1/public): what TechLadder documents

export type BatchStatus = Static<typeof BatchStatusSchema>
export type StartMode = Static<typeof StartModeSchema>
export type CallStatus = typeof CALL_STATUSES[number]
export type ProcessingStatus = typeof PROCESSING_STATUSES[number]

/** The documented success envelope around `data`. */
export interface Envelope<T> {
  status_code: number
  message: string
  error: null
  data: T
}
/** The documented page inside `data` of every list. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  limit: number
  has_more: boolean
}
/** Every error answer, of the public API and the control API alike. */
export type ApiErrorResponse = Static<typeof ErrorEnvelopeSchema>

/** An item of List Call Batches. */
export type BatchListItem = Static<typeof BatchListItemSchema>
/** Get Call Batch's `data`. */
export type BatchDetail = Static<typeof BatchDetailSchema>
/** Create Call Batch's `data`: the batch with `batch_id` first and `duplicates_removed`. */
export type CreatedBatch = Static<typeof CreatedBatchSchema>
/** An item of List Batch Calls. */
export type CallItem = Static<typeof CallItemSchema>
/** An item of Get Batch Results. */
export type ResultItem = Static<typeof ResultItemSchema>
/** `GET /api/v1/public/me`'s `data`. */
export type Account = Static<typeof AccountSchema>

/** `GET /api/v1/public/call-batches` (200). */
export type ListBatchesResponse = Static<typeof ListBatchesDocumented>
/** `GET /api/v1/public/call-batches/{batch_id}` (200). */
export type GetBatchResponse = Static<typeof GetBatchDocumented>
/** `POST /api/v1/public/call-batches` (201). */
export type CreateBatchResponse = Static<typeof CreateBatchResponses[201]>
/** `GET /api/v1/public/call-batches/{batch_id}/calls` (200). */
export type ListCallsResponse = Static<typeof ListCallsResponses[200]>
/** `GET /api/v1/public/call-batches/{batch_id}/results` (200). */
export type GetResultsResponse = Static<typeof ResultsDocumented>
/** `GET /api/v1/public/me` (200). */
export type MeResponse = Static<typeof MeResponses[200]>

// ------------------------------------------------------------------------------------------------
// The observed profile (docs/profiles.md): the live API's shapes, where they differ, and its extra endpoints

/** An item of List Call Batches, observed: `batch_id` first. */
export type ObservedBatchListItem = Static<typeof ObservedBatchListItemSchema>
/** Get Call Batch's `data`, observed: `batch_id` first. */
export type ObservedBatchDetail = Static<typeof ObservedBatchDetailSchema>
/** An item of Get Batch Results, observed: `call_status`, `completed_at`, `recording_available`, `llm_transcript`. */
export type ObservedResultItem = Static<typeof ObservedResultItemSchema>
export type ObservedListBatchesResponse = Static<typeof ListBatchesObserved>
export type ObservedGetBatchResponse = Static<typeof GetBatchObserved>
/** Observed results: the page with the batch's `status` in `data`. */
export type ObservedGetResultsResponse = Static<typeof ResultsObserved>
/** An item of `GET /api/v1/public/agents`. */
export type AgentItem = Static<typeof AgentItemSchema>
export type ListAgentsResponse = Static<typeof ListAgentsResponses[200]>
/** `GET /api/v1/public/calls/{call_id}/result`'s `data`. */
export type CallResult = Static<typeof CallResultSchema>
export type CallResultResponse = Static<typeof CallResultResponses[200]>
/** `POST /api/v1/public/calls/test`: its body and its 201. */
export type TestCallBody = Static<typeof TestCallBodySchema>
export type TestCall = Static<typeof TestCallSchema>
export type TestCallResponse = Static<typeof TestCallResponses[201]>

/** Create Call Batch's body. */
export type CreateBatchBody = Static<typeof CreateBatchBodySchema>
export type CreateBatchContact = Static<typeof ContactSchema>
/** Query strings of the lists (every field optional: `limit` and `page` have defaults). */
export type ListBatchesQuery = Partial<Static<typeof ListBatchesQuerySchema>>
export type ListCallsQuery = Partial<Static<typeof ListCallsQuerySchema>>
export type ResultsQuery = Partial<Static<typeof ResultsQuerySchema>>

// ------------------------------------------------------------------------------------------------
// This server's own answers: the start page and the control API (/__admin)

/** `GET /` (JSON): where the API, docs and admin API are, the seeded keys, clock and database. */
export type StartupInfo = Static<typeof StartupFactsSchema>

export type AccountRecord = Static<typeof AccountRecordSchema>
export type ApiKeyRecord = Static<typeof ApiKeyRecordSchema>
export type AgentRecord = Static<typeof AgentRecordSchema>
/** An account with its keys (in full) and agents. */
export type AdminAccount = Static<typeof AdminAccountSchema>
export type KeyResult = Static<typeof KeyResultSchema>
/** The whole state, as `GET /__admin/state` exports it and `PUT /__admin/state` imports it. */
export type Fixture = Static<typeof FixtureSchema>
/** What reset, reseed and import answer. */
export type StateResult = Static<typeof StateResultSchema>
/** A batch as the control API sees it (paused, frozen, callback_url, call counts, next event). */
export type AdminBatch = Static<typeof AdminBatchSchema>
export type ClockState = Static<typeof ClockSchema>
export type WebhookDelivery = Static<typeof DeliverySchema>
export type ScenarioView = Static<typeof ScenarioSchema>
export type JournalEntry = Static<typeof JournalEntrySchema>
export type JournalPage = Static<typeof JournalPageSchema>

// ------------------------------------------------------------------------------------------------
// The control API's arguments: unions that reject what the server rejects

export type BatchAction = 'start' | 'pause' | 'resume' | 'cancel' | 'fail'
export type WebhookEventType = 'batch.started' | 'call.finished' | 'batch.completed' | 'batch.cancelled' | 'batch.failed'

/** The statuses a scenario can force: the documented error statuses (400, 401, 403, 404, 422, 429, 500). */
export type ForceableStatus = typeof FORCEABLE_STATUSES[number]

/** What a scenario does: a forced error or a fault (never both), with or without latency; at least one. */
export type ScenarioAction =
  | { status: ForceableStatus, fault?: never, latency_ms?: number }
  | { fault: 'reset' | 'empty', status?: never, latency_ms?: number }
  | { latency_ms: number, status?: never, fault?: never }

interface ScenarioMatchCommon {
  /** HTTP method; omitted or `*`: any. */
  method?: string
  /** Only requests authenticated as this account. */
  account_id?: string
  /** The header must be present, with exactly `value` when given. */
  header?: { name: string, value?: string }
}
/** Which requests a scenario applies to: a path glob or a path regex, not both. */
export type ScenarioMatch = ScenarioMatchCommon & (
  | { /** Glob on the path: `*` one segment, `**` any number. */ path?: string, path_regex?: never }
  | { /** A JavaScript regular expression tested against the path. */ path_regex: string, path?: never }
)

/** `POST /__admin/scenarios`. */
export interface ScenarioInput {
  name?: string
  match?: ScenarioMatch
  action: ScenarioAction
  /** Fire this many times (at least 1), then stop; omitted: always. */
  times?: number
  /** 0..1: the chance a matching request fires (seeded). */
  probability?: number
  seed?: number
}

/** `POST /__admin/clock/advance`: by a number of seconds, or to an instant; exactly one. */
export type AdvanceClockInput =
  | { seconds: number, to?: never }
  | { to: string, seconds?: never }

/** `PUT /__admin/clock`: any of mode, speed and a later time. */
export interface SetClockInput {
  mode?: 'realtime' | 'manual'
  /** Simulated seconds per wall-clock second, above 0. */
  speed?: number
  /** A later instant (ISO 8601): everything due on the way is processed. */
  time?: string
}

/** `GET /__admin/webhooks/deliveries` filters. */
export interface DeliveriesQuery {
  batch_id?: string
  event_type?: WebhookEventType
  status?: 'pending' | 'succeeded' | 'failed'
  page?: number
  limit?: number
  /** asc: oldest first (default); desc: newest first. */
  order?: 'asc' | 'desc'
}

export type CreateAccountBody = Static<typeof CreateAccountBodySchema>
export type ReseedBody = Static<typeof ReseedBodySchema>
/** `POST /__admin/accounts/{id}/keys/rotate`. */
export interface RotateKeyBody {
  /** The key to revoke; default: every active key of the account. */
  api_key?: string
  /** The new key; default: generated. */
  new_api_key?: string
}
