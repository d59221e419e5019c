/**
 * Cartesia's agent-call and call-batch wire shapes (TypeBox), as this surface serves them. Sources,
 * newest first:
 *   - Cartesia's OpenAPI 3.0.1 with the batch routes (`Cartesia-Version` 2026-08-14): AgentCall,
 *     AgentTranscript, ToolCall, TelephonyParams, EndReason, GetCallsResponse, AgentOutboundCallItem,
 *     AgentCallBatchRequest, AgentCallBatch, AgentCallBatchRecipient, ListAgentCallBatchesResponse,
 *     PublicErrorResponse.
 *   - The older OpenAPI subset: AgentSummary, GetAgentsResponse (unchanged in the newer spec).
 *   - docs.cartesia.ai "API Errors" for the error body.
 * Required/optional and nullable follow the newer spec, with three exceptions the docs' prose
 * states: the recipient-status enum (the spec types it as a string and lists the values in a
 * table), the E.164 pattern on `to_number`, and the UUID format of `request_id`.
 *
 * Response objects carry `additionalProperties: false` (the serializer drops anything else, and
 * writes properties in the order declared here: the guide's example order for batches). Request
 * bodies do not (the docs say nothing about unknown fields: they are ignored).
 */
import { Type, type Static, type TSchema } from 'typebox'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) })
/** A free-form JSON object (`type: object, additionalProperties: true`). */
const FreeObject = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description })
/** E.164: the pattern the same Cartesia spec uses for its other E.164 field (transfer `phone_number`). */
export const E164_PATTERN = '^\\+[1-9]\\d{6,14}$'

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/** Newer API versions. The SDK 4.2.0 types still say 'active' | 'completed' | 'failed' | 'cancelled'. */
export const AgentCallStatusSchema = Type.Enum(['created', 'started', 'completed', 'failed'], {
  description: 'The status of an agent call.'
})
export type AgentCallStatus = Static<typeof AgentCallStatusSchema>

export const EndReasonSchema = Type.Enum([
  'agent_hangup',
  'client_hangup',
  'api_cancelled',
  'max_duration',
  'inactivity',
  'client_disconnected',
  'dial_busy',
  'dial_failed',
  'dial_no_answer',
  'error'
], { description: 'A machine-readable enum indicating why a call ended.' })
export type EndReason = Static<typeof EndReasonSchema>

export const TelephonyAccountTypeSchema = Type.Enum(['cartesia', 'twilio', 'sip_trunk'], {
  description: 'The telephony account type backing the call.'
})
export type TelephonyAccountType = Static<typeof TelephonyAccountTypeSchema>

export const AgentCallBatchStatusSchema = Type.Enum(['pending', 'in_progress', 'completed', 'failed', 'cancelled'], {
  description: 'Derived when read: pending = nothing dispatched; in_progress = some dispatched; completed = every ' +
    'recipient dispatched (calls may still be running); failed = every recipient failed before dialing; ' +
    'cancelled = cancelled before every call was dispatched.'
})
export type AgentCallBatchStatus = Static<typeof AgentCallBatchStatusSchema>

/** The spec types this as a plain string and lists the values in prose; this server emits only these. */
export const AgentCallBatchRecipientStatusSchema = Type.Enum(['queued', 'dispatched', 'started', 'completed', 'failed', 'cancelled'], {
  description: 'Before dispatch the queue state; after dispatch the latest call attempt.'
})
export type AgentCallBatchRecipientStatus = Static<typeof AgentCallBatchRecipientStatusSchema>

export const AgentCallBatchRegionSchema = Type.Enum(['US', 'EU', 'APAC'])
export type AgentCallBatchRegion = Static<typeof AgentCallBatchRegionSchema>

// ---------------------------------------------------------------------------------------------
// Agents (GET /agents, GET /agents/{agent_id}): shapes from cartesia-openapi-subset.yaml
// ---------------------------------------------------------------------------------------------

export const GitRepositorySchema = Type.Object({
  provider: Type.String({ description: 'The provider of the Git repository, e.g., GitHub.' }),
  account: Type.String(),
  name: Type.String()
}, { additionalProperties: false })
export type GitRepository = Static<typeof GitRepositorySchema>

export const PhoneNumberSummarySchema = Type.Object({
  id: Type.String({ description: 'The ID of the phone number.' }),
  number: Type.String({ description: 'The phone number with country code included.' })
}, { additionalProperties: false })
export type PhoneNumberSummary = Static<typeof PhoneNumberSummarySchema>

export const AgentSummarySchema = Type.Object({
  id: Type.String({ description: 'The ID of the agent (agent_…).' }),
  name: Type.String(),
  description: Type.Optional(Nullable(Type.String())),
  created_at: DateTime(),
  updated_at: DateTime(),
  tts_voice: Type.String({ description: 'VoiceId' }),
  tts_language: Type.String(),
  webhook_id: Type.Optional(Nullable(Type.String())),
  deleted_at: Type.Optional(Nullable(DateTime())),
  git_repository: Type.Optional(Nullable(GitRepositorySchema)),
  git_deploy_branch: Type.Optional(Nullable(Type.String())),
  phone_numbers: Type.Optional(Nullable(Type.Array(PhoneNumberSummarySchema, {
    description: 'Currently, you can only have one phone number per agent.'
  }))),
  has_text_to_agent_run: Type.Boolean(),
  deployment_count: Type.Integer()
}, { additionalProperties: false, description: 'A summary of essential information about an agent.' })
export type AgentSummary = Static<typeof AgentSummarySchema>

/** Not paginated: the SDK's agents.list() returns this object as is. */
export const GetAgentsResponseSchema = Type.Object({
  summaries: Type.Array(AgentSummarySchema)
}, { additionalProperties: false })
export type GetAgentsResponse = Static<typeof GetAgentsResponseSchema>

// ---------------------------------------------------------------------------------------------
// Agent calls (GET /agents/calls, GET /agents/calls/{call_id})
// ---------------------------------------------------------------------------------------------

/** Newer spec: `id` and `result` optional, `arguments` any JSON object. (SDK 4.2.0 types: id required, string values.) */
export const ToolCallSchema = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.String(),
  arguments: FreeObject('The arguments passed to the tool.'),
  result: Type.Optional(Type.String())
}, { additionalProperties: false })
export type ToolCall = Static<typeof ToolCallSchema>

/**
 * Newer spec fields only. The older spec also had text_chunks, end_reason, vad_buffer_ms, log_event
 * and log_metric (all optional); this server does not emit them.
 */
export const AgentTranscriptSchema = Type.Object({
  role: Type.String({ description: '`user`, `assistant` (the agent) or `system`.' }),
  text: Type.Optional(Nullable(Type.String())),
  start_timestamp: Type.Number({ description: 'Seconds from the start of the call.' }),
  end_timestamp: Type.Number({ description: 'Seconds from the start of the call.' }),
  tool_calls: Type.Optional(Nullable(Type.Array(ToolCallSchema))),
  stt_ttfb: Type.Optional(Nullable(Type.Number())),
  tts_ttfb: Type.Optional(Nullable(Type.Number()))
}, { additionalProperties: false })
export type AgentTranscript = Static<typeof AgentTranscriptSchema>

/** Every field optional in the newer spec; the older spec (and SDK 4.2.0 types) require `to` and `from`. */
export const TelephonyParamsSchema = Type.Object({
  to: Type.Optional(Type.String({ description: 'The callee (outbound) / caller (inbound) number.' })),
  from: Type.Optional(Type.String({ description: 'The agent\'s number.' })),
  call_sid: Type.Optional(Type.String()),
  direction: Type.Optional(Type.String({ description: '`inbound` or `outbound`.' })),
  parameters: Type.Optional(Type.Record(Type.String(), Type.String())),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  connection_type: Type.Optional(Type.Enum(['websocket', 'phone']))
}, { additionalProperties: false })
export type TelephonyParams = Static<typeof TelephonyParamsSchema>

export const AgentCallSchema = Type.Object({
  id: Type.String({ description: 'e.g. ac_abc123' }),
  agent_id: Type.String(),
  agent_name: Type.Optional(Type.String()),
  start_time: Type.Optional(Nullable(DateTime())),
  end_time: Type.Optional(Nullable(DateTime())),
  redacted_at: Type.Optional(Nullable(DateTime())),
  transcript: Type.Optional(Nullable(Type.Array(AgentTranscriptSchema, { description: 'Only with expand=transcript.' }))),
  telephony_params: Type.Optional(Nullable(TelephonyParamsSchema)),
  telephony_account_type: Type.Optional(Nullable(TelephonyAccountTypeSchema)),
  summary: Type.Optional(Nullable(Type.String())),
  status: AgentCallStatusSchema,
  error_message: Type.Optional(Nullable(Type.String())),
  end_reason: Type.Optional(Nullable(EndReasonSchema)),
  metadata: Type.Optional(Nullable(FreeObject('Custom metadata (the recipient\'s, for batch calls).')))
}, { additionalProperties: false })
export type AgentCall = Static<typeof AgentCallSchema>

/** `next_page` is optional in the spec; this server always sends it (null at the end), in the docs' envelope order. */
export const GetCallsResponseSchema = Type.Object({
  data: Type.Array(AgentCallSchema),
  next_page: Nullable(Type.String({
    description: 'An ID that can be passed as `starting_after` or `ending_before` to get the next page.'
  })),
  has_more: Type.Boolean()
}, { additionalProperties: false })
export type GetCallsResponse = Static<typeof GetCallsResponseSchema>

// ---------------------------------------------------------------------------------------------
// Call batches (POST/GET /agents/calls/batches, GET /agents/calls/batches/{id}, …/cancel, …/retry)
// ---------------------------------------------------------------------------------------------

/** Request item. `to_number` must be E.164 (checked by the route so the 400 is a Cartesia body). */
export const AgentOutboundCallItemSchema = Type.Object({
  to_number: Type.String({ pattern: E164_PATTERN, description: 'E.164, e.g. +14155559876' }),
  metadata: Type.Optional(Nullable(FreeObject('Custom metadata associated with this call.')))
})
export type AgentOutboundCallItem = Static<typeof AgentOutboundCallItemSchema>

export const AgentCallBatchRequestSchema = Type.Object({
  name: Type.String({ description: 'A label for the batch.' }),
  agent_id: Type.String(),
  from_number_id: Type.String({ description: 'A phone-number resource ID (ap_… / pn_…), not an E.164 number.' }),
  recipients: Type.Array(AgentOutboundCallItemSchema, { minItems: 1, maxItems: 5000 }),
  target_concurrency_limit: Type.Optional(Type.Integer({
    minimum: 1,
    description: 'At most the org\'s agent-call concurrency limit. Default: half of that limit.'
  })),
  ringing_timeout_seconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 80, default: 60 })),
  max_call_duration_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 480, default: 480 })),
  scheduled_at: Type.Optional(DateTime('RFC 3339 with an offset; in the future and within 30 days. Omit to dispatch now.')),
  region: Type.Optional(Type.Enum(['US', 'EU', 'APAC'], {
    description: 'Only for SIP-trunk numbers; otherwise derived from the telephony account.'
  }))
}, {
  // The docs page's example: the guide's agent and number, two test numbers (a full call, no answer).
  examples: [{
    name: 'March outreach',
    agent_id: 'agent_Fo7pKNBUwLZxrTd6jvhpaE',
    from_number_id: 'ap_Q8PRh7lXyZsawXJmN2KcT5',
    recipients: [{ to_number: '+15005550006', metadata: { customer_name: 'Ada' } }, { to_number: '+15005550002' }]
  }]
})
export type AgentCallBatchRequest = Static<typeof AgentCallBatchRequestSchema>

/**
 * `agent_call_id`, `end_reason` and `error_message` are optional and NOT nullable: omit them when
 * unset (`error_message` only for recipients that never got a dial attempt).
 */
export const AgentCallBatchRecipientSchema = Type.Object({
  id: Type.String(),
  to_number: Type.String(),
  status: AgentCallBatchRecipientStatusSchema,
  agent_call_id: Type.Optional(Type.String({ description: 'The latest attempt\'s call ID; set once dispatched.' })),
  end_reason: Type.Optional(EndReasonSchema),
  error_message: Type.Optional(Type.String()),
  metadata: Type.Optional(Nullable(FreeObject('Custom metadata associated with this recipient.'))),
  created_at: DateTime('When the recipient was queued.')
}, { additionalProperties: false })
export type AgentCallBatchRecipient = Static<typeof AgentCallBatchRecipientSchema>

/** `scheduled_at`, `admitted_at` and `recipients` are omitted (never null) when absent. */
export const AgentCallBatchSchema = Type.Object({
  id: Type.String({ description: 'e.g. acb_PDWFN995PzAudChwFDqVZ2' }),
  name: Type.String(),
  agent_id: Type.String(),
  from_number_id: Type.String(),
  region: AgentCallBatchRegionSchema,
  target_concurrency_limit: Type.Integer(),
  status: AgentCallBatchStatusSchema,
  total_calls_scheduled: Type.Integer(),
  total_calls_dispatched: Type.Integer(),
  total_calls_finished: Type.Integer(),
  retry_count: Type.Integer(),
  created_at: DateTime(),
  last_updated_at: DateTime(),
  scheduled_at: Type.Optional(DateTime('Omitted for batches that dispatch immediately.')),
  admitted_at: Type.Optional(DateTime('When dispatch actually began.')),
  recipients: Type.Optional(Type.Array(AgentCallBatchRecipientSchema, {
    description: 'Returned only on GET /agents/calls/batches/{batch_id}.'
  }))
}, { additionalProperties: false })
export type AgentCallBatch = Static<typeof AgentCallBatchSchema>

export const ListAgentCallBatchesResponseSchema = Type.Object({
  data: Type.Array(AgentCallBatchSchema, { description: 'Newest first, without recipients.' }),
  next_page: Nullable(Type.String({ description: 'The id to pass as starting_after (or ending_before, walking backward); null at the end.' })),
  has_more: Type.Boolean()
}, { additionalProperties: false })
export type ListAgentCallBatchesResponse = Static<typeof ListAgentCallBatchesResponseSchema>

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * PublicErrorResponse. OpenAPI: title, message, request_id required; error_code and doc_url optional
 * and nullable. Docs "API Errors" page: error_code required (nullable), request_id a UUID, doc_url
 * optional and omitted (not null) when unavailable. This schema accepts both readings; this server
 * always sends both error_code and doc_url as strings (docs/cartesia.md).
 */
export const CartesiaErrorSchema = Type.Object({
  title: Type.String({ description: 'Short human-readable summary, e.g. "Too many concurrent requests".' }),
  message: Type.String({ description: 'Detailed human-readable message.' }),
  error_code: Nullable(Type.String({ description: 'Machine-readable code, e.g. concurrency_limited, quota_exceeded.' })),
  request_id: Type.String({ format: 'uuid', description: 'Equals the X-Request-Id response header.' }),
  doc_url: Type.Optional(Nullable(Type.String()))
}, { additionalProperties: false })
export type CartesiaError = Static<typeof CartesiaErrorSchema>

// ---------------------------------------------------------------------------------------------
// Request-side helpers: path params, query strings, the version header
// ---------------------------------------------------------------------------------------------

/** `Cartesia-Version: YYYY-MM-DD` (any real date): checked by the guard, so a miss is a Cartesia 400. */
export const CARTESIA_VERSION_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'

const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Items per page, 1 to 100; default 10', 'x-error': 'Must be an integer between 1 and 100' })
const Cursor = (description: string) => Type.String({ minLength: 1, description, 'x-error': 'Must be a single non-empty id' })
const Single = (description: string) => Type.String({ description, 'x-error': 'Must be a single string' })

export const ListCallsQuerySchema = Type.Object({
  agent_id: Type.Optional(Type.String({ description: 'Required unless batch_id is given; must be the batch\'s agent if both are.', 'x-error': 'Must be a single string', examples: ['agent_Fo7pKNBUwLZxrTd6jvhpaE'] })),
  batch_id: Type.Optional(Single('Required unless agent_id is given.')),
  start_time_gte: Type.Optional(Single('RFC 3339: calls that started at or after this instant.')),
  start_time_lte: Type.Optional(Single('RFC 3339: calls that started at or before this instant.')),
  expand: Type.Optional(Single('`transcript` adds each call\'s transcript; empty counts as absent.')),
  starting_after: Type.Optional(Cursor('A call id: the calls after it in the list (older).')),
  ending_before: Type.Optional(Cursor('A call id: the calls before it in the list (newer).')),
  limit: Limit
})
export type ListCallsQuery = Static<typeof ListCallsQuerySchema>

export const ListCallBatchesQuerySchema = Type.Object({
  agent_id: Type.Optional(Single('Only this agent\'s batches.')),
  starting_after: Type.Optional(Cursor('A batch id: the batches after it in the list (older).')),
  ending_before: Type.Optional(Cursor('A batch id: the batches before it in the list (newer).')),
  limit: Limit
})
export type ListCallBatchesQuery = Static<typeof ListCallBatchesQuerySchema>

/** The docs page's examples: the guide's batch and agent (always seeded). Call ids exist once a batch has run. */
export const EXAMPLE_BATCH_ID = 'acb_PDWFN995PzAudChwFDqVZ2'
export const EXAMPLE_AGENT_ID = 'agent_Fo7pKNBUwLZxrTd6jvhpaE'
export const EXAMPLE_NUMBER_ID = 'ap_Q8PRh7lXyZsawXJmN2KcT5'

/** An empty id (`/agents/calls/`) names no record: the route's 404. */
export const CallIdParamsSchema = Type.Object({ call_id: Type.String({ minLength: 1, description: 'A call id (ac_…), from a batch\'s recipients or the calls list' }) })
export const BatchIdParamsSchema = Type.Object({ batch_id: Type.String({ minLength: 1, description: 'e.g. acb_PDWFN995PzAudChwFDqVZ2', examples: [EXAMPLE_BATCH_ID] }) })
export const AgentIdParamsSchema = Type.Object({ agent_id: Type.String({ minLength: 1, description: 'e.g. agent_Fo7pKNBUwLZxrTd6jvhpaE', examples: [EXAMPLE_AGENT_ID] }) })

/**
 * `Cartesia-Version`, documented on every route so the docs page sends it. The guard checks it
 * first (any real YYYY-MM-DD date), so a miss is Cartesia's 400 with its own message.
 */
export const VersionHeadersSchema = Type.Object({
  'cartesia-version': Type.String({ pattern: CARTESIA_VERSION_PATTERN, description: 'API version date, e.g. 2026-08-14 (what the SDK sends) or 2026-03-01', examples: ['2026-08-14'] })
})

// ---------------------------------------------------------------------------------------------
// Responses per route: every status a route can answer, errors included (a scenario can force
// 400, 401, 403, 404, 422, 429 or 500 on any route)
// ---------------------------------------------------------------------------------------------

const err = (description: string) => ({ ...CartesiaErrorSchema, description })
const ERRORS = {
  400: err('Missing or malformed Cartesia-Version header, or invalid parameters'),
  401: err('Missing, invalid or ambiguous API key'),
  403: err('API access is disabled for this organization'),
  404: err('No such record in your organization, or no such route'),
  422: err('Only when a scenario forces it'),
  429: err('Too many requests (Retry-After says when to try again)'),
  500: err('Internal server error')
}

export const GetAgentsResponses = { 200: { ...GetAgentsResponseSchema, description: 'The organization\'s agents' }, ...ERRORS }
export const GetAgentResponses = { 200: { ...AgentSummarySchema, description: 'The agent' }, ...ERRORS }
/** A request whose body is still arriving after the server's deadline (30 s) gets a 408. */
const TIMEOUT = { 408: err('The request (its body) was not received in time') }
export const CreateBatchResponses = { 201: { ...AgentCallBatchSchema, description: 'The batch, without recipients' }, ...ERRORS, ...TIMEOUT }
export const ListBatchesResponses = { 200: { ...ListAgentCallBatchesResponseSchema, description: 'A page of batches, newest first, without recipients' }, ...ERRORS }
export const GetBatchResponses = { 200: { ...AgentCallBatchSchema, description: 'The batch, with its recipients' }, ...ERRORS }
export const BatchActionResponses = { 200: { ...AgentCallBatchSchema, description: 'The batch after the action, without recipients' }, ...ERRORS, ...TIMEOUT }
export const ListCallsResponses = { 200: { ...GetCallsResponseSchema, description: 'A page of call attempts, newest first' }, ...ERRORS }
export const GetCallResponses = { 200: { ...AgentCallSchema, description: 'The call' }, ...ERRORS }
export const AudioResponses = {
  200: { description: 'The call\'s recording: WAV, 16-bit PCM, mono, 8 kHz, as long as the call', content: { 'audio/wav': { schema: { type: 'string', format: 'binary' } } } },
  ...ERRORS
}
