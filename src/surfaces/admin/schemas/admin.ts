/**
 * Schemas of the control API (/__admin): this mock's own endpoints, tagged `Admin` in the OpenAPI
 * document, in the TechLadder envelope.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, SuccessEnvelope } from '../../techladder/envelope.js'
import { AccountRecordSchema, AgentRecordSchema, ApiKeyRecordSchema, BatchRecordSchema, CallRecordSchema, PROFILES, PROVIDERS } from '../../../core/model/records.js'

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
// The fixture format: the core's records as they are

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

/** Each field absent or null: the start-up value. */
export const ReseedBodySchema = Type.Object({
  seed: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }))),
  batches_per_account: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100000 }))),
  calls_per_batch: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10000000 })))
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

/**
 * The id and key formats a new account's fields must have, per provider (TechLadder's when no
 * provider is given). Conditional subschemas, so that one 400 still lists every bad field.
 */
type Format = readonly [pattern: string, message: string]
const idFormats = (provider: string | null, f: { key: Format, agent: Format, version: Format | null }) => {
  const then = {
    properties: {
      api_key: { type: 'string', pattern: f.key[0], 'x-error': f.key[1] },
      agent_id: { type: 'string', pattern: f.agent[0], 'x-error': f.agent[1] },
      version_id: f.version === null ? { not: {}, 'x-error': `Is not used: ${String(provider)} agents have no prompt versions` } : { type: 'string', pattern: f.version[0], 'x-error': f.version[1] }
    }
  }
  return provider === null
    ? { if: { not: { required: ['provider'] } }, then }
    : { if: { required: ['provider'], properties: { provider: { const: provider } } }, then }
}
const TECHLADDER_IDS = {
  key: ['^sk_[A-Za-z0-9_-]{4,200}$', 'Must be sk_ followed by 4 to 200 letters, digits, _ or -'],
  agent: ['^agt-[A-Za-z0-9]{1,64}$', 'Must be agt- followed by letters or digits'],
  version: ['^pmt-[A-Za-z0-9]{1,64}$', 'Must be pmt- followed by letters or digits']
} as const
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

export const CreateAccountBodySchema = Type.Object({
  provider: Type.Optional(Type.Enum(PROVIDERS, { description: 'Whose API the account uses; default techladder', 'x-error': `Must be one of ${PROVIDERS.join(', ')}` })),
  profile: Type.Optional(Type.Union([Type.Enum(PROFILES), Type.Null()], { description: 'TechLadder accounts: documented or observed responses; null or absent: the server\'s --profile', 'x-error': `Must be one of ${PROFILES.join(', ')}, or null` })),
  account_id: Type.Optional(Type.String({ pattern: '^acc_[A-Za-z0-9_-]{1,64}$', 'x-error': 'Must be acc_ followed by 1 to 64 letters, digits, _ or -' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  api_enabled: Type.Optional(Type.Boolean()),
  max_batch_size: Type.Optional(Type.Integer({ minimum: 1 })),
  max_concurrent_calls: Type.Optional(Type.Integer({ minimum: 1 })),
  max_call_duration_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
  rate_limit_per_minute: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  api_key: Type.Optional(Type.String({ description: 'The account\'s key; default: generated in the provider\'s format (sk_… TechLadder, sk_car_… Cartesia, Ultravox\'s shape: 8 letters or digits, a dot, 32 more)' })),
  agent_id: Type.Optional(Type.String({ description: 'The agent\'s id; default: generated (agt-… TechLadder, agent_… Cartesia, a UUID for Ultravox)' })),
  agent_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  version_id: Type.Optional(Type.String({ description: 'TechLadder: the agent\'s prompt version (pmt-…); Ultravox: its published revision (a UUID)' }))
}, {
  additionalProperties: false,
  description: 'Every field optional: what is left out is generated',
  examples: [{}],
  allOf: [
    idFormats(null, TECHLADDER_IDS),
    idFormats('techladder', TECHLADDER_IDS),
    idFormats('cartesia', {
      key: ['^sk_car_[A-Za-z0-9_-]{1,200}$', 'Must be sk_car_ followed by 1 to 200 letters, digits, _ or -'],
      agent: ['^agent_[A-Za-z0-9]{1,64}$', 'Must be agent_ followed by letters or digits'],
      version: null
    }),
    idFormats('ultravox', {
      key: ['^(?:uv_[A-Za-z0-9_-]{4,200}|[A-Za-z0-9]{8}\\.[A-Za-z0-9]{32})$', 'Must be uv_ followed by 4 to 200 letters, digits, _ or -, or Ultravox\'s own shape: 8 letters or digits, a dot, 32 more'],
      agent: [UUID, 'Must be a lowercase UUID'],
      version: [UUID, 'Must be a lowercase UUID']
    })
  ]
})
export type CreateAccountBody = Static<typeof CreateAccountBodySchema>

export const AccountIdParamsSchema = Type.Object({ account_id: Type.String({ examples: ['acc_abc123'] }) })

/** A key given for an existing account (the account's provider decides what its keys look like). */
const GivenKey = Type.String({ pattern: '^[A-Za-z0-9_.-]{4,200}$', 'x-error': 'Must be 4 to 200 letters, digits, _, . or -' })

export const AddKeyBodySchema = Type.Object({
  api_key: Type.Optional(GivenKey)
}, { additionalProperties: false, examples: [{}] })

export const RotateKeyBodySchema = Type.Object({
  api_key: Type.Optional(Type.String({ description: 'The key to revoke; default: every active key of the account' })),
  new_api_key: Type.Optional(GivenKey)
}, { additionalProperties: false, examples: [{}] })

export const SetProfileBodySchema = Type.Object({
  profile: Type.Union([Type.Enum(PROFILES), Type.Null()], {
    description: 'documented (the docs\' shapes), observed (the live API\'s, and its extra endpoints), or null (the server\'s --profile)',
    'x-error': `Must be one of ${PROFILES.join(', ')}, or null`
  })
}, { additionalProperties: false, examples: [{ profile: 'observed' }] })
export type SetProfileBody = Static<typeof SetProfileBodySchema>

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
// Scenarios and the journal: the harness's own schemas

export {
  FORCEABLE_STATUSES, ScenarioActionSchema, ScenarioInputSchema, ScenarioMatchSchema, ScenarioSchema,
  type ScenarioInput, type ScenarioView
} from '../../../harness/scenarios.js'
export { JournalEntrySchema, JournalPageSchema, JournalQuerySchema } from '../../../harness/journal.js'

export const ScenarioIdParamsSchema = Type.Object({ id: Type.String() })
