/**
 * Schemas of the control API (/__admin): this mock's own endpoints, tagged `Admin` in the OpenAPI
 * document. Same envelope as the public API.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, SuccessEnvelope } from './envelope.js'
import { BatchStatus, StartMode } from './batch.js'
import { CALL_STATUSES, PROCESSING_STATUSES } from './call.js'

export const ADMIN_TAG = 'Admin'

export const AdminErrors = {
  401: { ...ErrorEnvelopeSchema, description: 'ADMIN_TOKEN is set and the request did not carry it' },
  413: { ...ErrorEnvelopeSchema, description: 'Request body too large' },
  415: { ...ErrorEnvelopeSchema, description: 'Content type is not application/json' },
  500: { ...ErrorEnvelopeSchema, description: 'Internal server error' }
}
const err = (description: string) => ({ ...ErrorEnvelopeSchema, description })
export const NotFound = err('No such record')
export const BadRequest = err('The body failed validation')
export const Conflict = err('The id or key is already taken')

export const OkEnvelope = <T extends TSchema>(data: T, description: string) => SuccessEnvelope(data, description)

// ------------------------------------------------------------------------------------------------
// Records (the fixture format)

const Time = Type.String({ format: 'date-time' })
const NullableTime = Nullable(Time)

export const AccountRecordSchema = Type.Object({
  account_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  api_enabled: Type.Boolean(),
  max_batch_size: Type.Integer(),
  max_concurrent_calls: Type.Integer(),
  max_call_duration_seconds: Type.Integer(),
  rate_limit_per_minute: Nullable(Type.Integer()),
  webhook_secret: Type.String(),
  created_at: Time
})

export const ApiKeyRecordSchema = Type.Object({
  api_key: Type.String(),
  account_id: Type.String(),
  active: Type.Boolean(),
  created_at: Time
})

export const AgentRecordSchema = Type.Object({
  agent_id: Type.String(),
  account_id: Type.String(),
  agent_name: Type.String(),
  voice: Type.String(),
  current_version: Type.String(),
  versions: Type.Array(Type.String()),
  outcome_keys: Type.Array(Type.String())
})

export const BatchRecordSchema = Type.Object({
  schedule_id: Type.String(),
  account_id: Type.String(),
  agent_id: Type.String(),
  agent_name: Type.String(),
  version_id: Type.String(),
  status: BatchStatus,
  start_mode: StartMode,
  voice: Type.String(),
  did_number: Nullable(Type.String()),
  total_contacts: Type.Integer({ minimum: 0 }),
  completed_contacts: Type.Integer({ minimum: 0 }),
  failed_contacts: Type.Integer({ minimum: 0 }),
  pending_contacts: Type.Integer({ minimum: 0 }),
  concurrency: Type.Integer({ minimum: 1 }),
  recording_enabled: Type.Boolean(),
  scheduled_at: NullableTime,
  started_at: NullableTime,
  created_at: Time,
  updated_at: Time,
  interruption: Type.Boolean(),
  use_alternate_number: Type.Boolean(),
  deduplicate_by_phone: Type.Boolean(),
  callback_url: Nullable(Type.String()),
  max_duration_seconds_per_call: Nullable(Type.Integer()),
  metadata: Nullable(Type.Record(Type.String(), Type.Unknown())),
  frozen: Type.Boolean()
})

export const CallRecordSchema = Type.Object({
  batch_id: Type.String(),
  seq: Type.Integer({ minimum: 1 }),
  call_id: Type.String(),
  external_id: Type.String(),
  phone_number: Type.String(),
  name: Nullable(Type.String()),
  status: Type.Enum(CALL_STATUSES),
  duration_seconds: Nullable(Type.Integer()),
  answer_duration_seconds: Nullable(Type.Integer()),
  disconnect_reason: Nullable(Type.String()),
  transcript_status: Type.Enum(PROCESSING_STATUSES),
  analysis_status: Type.Enum(PROCESSING_STATUSES),
  summary: Nullable(Type.String()),
  outcomes: Type.Record(Type.String(), Type.String()),
  recording_available: Type.Boolean(),
  started_at: NullableTime,
  ended_at: NullableTime,
  metadata: Type.Record(Type.String(), Type.String())
})

export const FixtureSchema = Type.Object({
  version: Type.Literal(1),
  accounts: Type.Array(AccountRecordSchema),
  api_keys: Type.Array(ApiKeyRecordSchema),
  agents: Type.Array(AgentRecordSchema),
  batches: Type.Array(BatchRecordSchema),
  calls: Type.Array(CallRecordSchema),
  tables: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown())), {
    description: 'Every other table (simulation schedule, webhook deliveries, …) as raw rows; BLOBs as {"$base64": "…"}'
  }))
}, { description: 'The whole state. Columns that later features add to the record tables appear as extra fields of the records.' })

export const StateSummarySchema = Type.Object({
  accounts: Type.Integer(),
  api_keys: Type.Integer(),
  agents: Type.Integer(),
  batches: Type.Integer(),
  calls: Type.Integer()
})

export const ReseedBodySchema = Type.Object({
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  batches_per_account: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  calls_per_batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000000 }))
}, { additionalProperties: false, examples: [{ seed: 7, batches_per_account: 2, calls_per_batch: 5 }] })
export type ReseedBody = Static<typeof ReseedBodySchema>

export const StateResultSchema = Type.Object({
  seed: Nullable(Type.Object({ seed: Type.Integer(), batches_per_account: Type.Integer(), calls_per_batch: Type.Integer() })),
  counts: StateSummarySchema,
  took_ms: Type.Number()
})

// ------------------------------------------------------------------------------------------------
// Accounts and keys

export const AdminAccountSchema = Type.Object({
  ...AccountRecordSchema.properties,
  api_keys: Type.Array(ApiKeyRecordSchema),
  agents: Type.Array(AgentRecordSchema)
})

export const CreateAccountBodySchema = Type.Object({
  account_id: Type.Optional(Type.String({ pattern: '^acc_[A-Za-z0-9_-]{1,64}$', 'x-error': 'Must be acc_ followed by 1 to 64 letters, digits, _ or -' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  api_enabled: Type.Optional(Type.Boolean()),
  max_batch_size: Type.Optional(Type.Integer({ minimum: 1 })),
  max_concurrent_calls: Type.Optional(Type.Integer({ minimum: 1 })),
  max_call_duration_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
  rate_limit_per_minute: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  api_key: Type.Optional(Type.String({ pattern: '^sk_[A-Za-z0-9_-]{4,200}$', 'x-error': 'Must be sk_ followed by 4 to 200 letters, digits, _ or -' })),
  agent_id: Type.Optional(Type.String({ pattern: '^agt-[A-Za-z0-9]{1,64}$', 'x-error': 'Must be agt- followed by letters or digits' })),
  agent_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  version_id: Type.Optional(Type.String({ pattern: '^pmt-[A-Za-z0-9]{1,64}$', 'x-error': 'Must be pmt- followed by letters or digits' }))
}, { additionalProperties: false, description: 'Every field optional: what is left out is generated', examples: [{}] })
export type CreateAccountBody = Static<typeof CreateAccountBodySchema>

export const AccountIdParamsSchema = Type.Object({ account_id: Type.String({ examples: ['acc_abc123'] }) })

export const AddKeyBodySchema = Type.Object({
  api_key: Type.Optional(Type.String({ pattern: '^sk_[A-Za-z0-9_-]{4,200}$', 'x-error': 'Must be sk_ followed by 4 to 200 letters, digits, _ or -' }))
}, { additionalProperties: false, examples: [{}] })

export const RotateKeyBodySchema = Type.Object({
  api_key: Type.Optional(Type.String({ description: 'The key to revoke; default: every active key of the account' })),
  new_api_key: Type.Optional(Type.String({ pattern: '^sk_[A-Za-z0-9_-]{4,200}$', 'x-error': 'Must be sk_ followed by 4 to 200 letters, digits, _ or -' }))
}, { additionalProperties: false, examples: [{}] })

export const RevokeKeyBodySchema = Type.Object({ api_key: Type.String() }, {
  additionalProperties: false,
  // The Authentication page's example key of acc_abc123: revoking it leaves sk_your_api_key working.
  examples: [{ api_key: 'sk_bvTQr74V8Rk-bNM7mPOR2rwWQQrqs_m9K8HNeemSECfb--2L9VfVyElni0qzkF-D' }]
})

export const KeyResultSchema = Type.Object({
  account_id: Type.String(),
  api_key: Nullable(Type.String({ description: 'The new key (shown here once)' })),
  revoked: Type.Array(Type.String())
})

// ------------------------------------------------------------------------------------------------
// Scenarios

export const FORCEABLE_STATUSES = [400, 401, 403, 404, 422, 429, 500] as const

export const ScenarioMatchSchema = Type.Object({
  method: Type.Optional(Type.String({ description: 'HTTP method; omitted or * matches any' })),
  path: Type.Optional(Type.String({ description: 'Glob on the path (no query): * is one segment, ** any number, e.g. /api/v1/public/call-batches/*/results' })),
  path_regex: Type.Optional(Type.String({ description: 'JavaScript regular expression tested against the path (instead of path)' })),
  account_id: Type.Optional(Type.String({ description: 'Only requests authenticated as this account' })),
  header: Type.Optional(Type.Object({
    name: Type.String({ minLength: 1 }),
    value: Type.Optional(Type.String({ description: 'Exact value; omitted: the header only has to be present' }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })

export const ScenarioActionSchema = Type.Object({
  status: Type.Optional(Type.Integer({ enum: [...FORCEABLE_STATUSES], description: 'Answer with this documented error (its exact catalogue body)', 'x-error': `Must be one of ${FORCEABLE_STATUSES.join(', ')}` })),
  latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000, description: 'Wall-clock delay before answering' })),
  fault: Type.Optional(Type.Enum(['reset', 'empty'], { description: 'reset: destroy the connection; empty: close it without a response' }))
}, { additionalProperties: false })

export const ScenarioInputSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  match: Type.Optional(ScenarioMatchSchema),
  action: ScenarioActionSchema,
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'Fire this many times, then stop; omitted: always' })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Chance to fire on a matching request (seeded, deterministic); default 1' })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'Seed of this scenario\'s random draws; default: derived from the server seed' }))
}, {
  additionalProperties: false,
  examples: [{ name: 'results rate limited', match: { method: 'GET', path: '/api/v1/public/call-batches/*/results', account_id: 'acc_abc123' }, action: { status: 429 }, times: 2 }]
})
export type ScenarioInput = Static<typeof ScenarioInputSchema>

export const ScenarioSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  match: ScenarioMatchSchema,
  action: ScenarioActionSchema,
  times: Nullable(Type.Integer()),
  remaining: Nullable(Type.Integer({ description: 'Firings left; null: unlimited' })),
  probability: Type.Number(),
  seed: Type.Integer(),
  matched: Type.Integer({ description: 'Requests that matched (whether or not it fired)' }),
  fired: Type.Integer({ description: 'Requests it answered' }),
  created_at: Time
})
export type ScenarioView = Static<typeof ScenarioSchema>

export const ScenarioIdParamsSchema = Type.Object({ id: Type.String() })

// ------------------------------------------------------------------------------------------------
// Journal

export const JournalEntrySchema = Type.Object({
  id: Type.String(),
  time: Time,
  method: Type.String(),
  path: Type.String(),
  query: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  account_id: Nullable(Type.String()),
  key_hint: Nullable(Type.String()),
  status: Type.Integer({ description: '0: a fault scenario sent no response' }),
  latency_ms: Type.Number(),
  valid: Type.Boolean(),
  error_code: Nullable(Type.String()),
  scenario_id: Nullable(Type.String()),
  body: Nullable(Type.String({ description: 'The request body as sent (its first 4 KiB), null when none' })),
  body_bytes: Type.Integer({ description: 'The body\'s full size in bytes' })
})

export const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'Exact path, or a prefix ending in *' })),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
  account_id: Type.Optional(Type.String()),
  valid: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000 }))
})

export const JournalPageSchema = Type.Object({
  items: Type.Array(JournalEntrySchema),
  total: Type.Integer({ description: 'Entries held (before filtering)' }),
  capacity: Type.Integer(),
  recorded: Type.Integer({ description: 'Requests journaled since start or the last clear, evicted ones included' })
})
