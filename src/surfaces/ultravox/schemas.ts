/**
 * Ultravox wire schemas: what this surface sends and accepts, written as TypeBox from the facts of
 * Ultravox's OpenAPI 3.0.3 document (the agent, scheduled-batch and call paths). Every response the
 * surface sends validates against these (the tests check it through the served OpenAPI document).
 *
 * Conventions:
 * - OpenAPI `nullable: true`          -> `Nullable(X)` (X | null).
 * - property not in `required`        -> `Type.Optional(...)`; the surface still sends every key it
 *                                        has (DRF serializers emit every readable field, null included).
 * - `readOnly` fields                 -> in response schemas only; request bodies ignore them (DRF does).
 * - `writeOnly` fields (`calls`)       -> in request schemas only; response schemas forbid them.
 * - Response objects                  -> `additionalProperties: false`, except where the spec declares an
 *                                        open map or leaves the type open.
 * - Request objects                   -> open: DRF ignores unknown and read-only keys. The protobuf-typed
 *                                        `medium` is closed (protobuf's JSON parser rejects unknown fields).
 *   Request schemas document the API; the surface validates bodies itself, in DRF's words (body.ts).
 * - google.protobuf.Duration strings  -> `ProtoDurationSchema` (the spec's own pattern).
 */
import { Type, type Static, type TSchema } from 'typebox'

// ---------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------

/** OpenAPI 3.0 `nullable: true`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const UuidSchema = Type.String({ format: 'uuid' })
/** DRF DateTimeField output: ISO 8601, `Z` for UTC, microseconds only when non-zero (`2023-11-07T05:31:56Z`). */
export const DateTimeSchema = Type.String({ format: 'date-time' })
/** Absolute URI (DRF URLField / pagination links). */
export const UriSchema = Type.String({ format: 'uri' })

/** The pattern Ultravox's spec puts on every google.protobuf.Duration field (e.g. `30s`, `0.384s`, `42.500s`). */
export const PROTO_DURATION_PATTERN = '^-?(?:0|[1-9][0-9]{0,11})(?:\\.[0-9]{1,9})?s$'
export const ProtoDurationSchema = Type.String({ pattern: PROTO_DURATION_PATTERN })

/** Free-form JSON object (`type: object` with no properties, or `additionalProperties: {}`). */
export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown())

// ---------------------------------------------------------------------------------------------------------------
// Enums (exact values from the spec)
// ---------------------------------------------------------------------------------------------------------------

export const ScheduledCallStatusEnumSchema = Type.Enum(['FUTURE', 'PENDING', 'SUCCESS', 'EXPIRED', 'ERROR'])
export type ScheduledCallStatus = Static<typeof ScheduledCallStatusEnumSchema>

export const EndReasonEnumSchema = Type.Enum(
  ['unjoined', 'hangup', 'agent_hangup', 'timeout', 'connection_error', 'system_error'],
  { description: 'unjoined: client never joined; hangup: client hung up; agent_hangup: agent hung up; timeout: call timed out; connection_error; system_error' }
)
export type EndReason = Static<typeof EndReasonEnumSchema>

export const BillingStatusEnumSchema = Type.Enum([
  'BILLING_STATUS_PENDING',
  'BILLING_STATUS_FREE_CONSOLE',
  'BILLING_STATUS_FREE_ZERO_EFFECTIVE_DURATION',
  'BILLING_STATUS_FREE_MINUTES',
  'BILLING_STATUS_FREE_SYSTEM_ERROR',
  'BILLING_STATUS_FREE_OTHER',
  'BILLING_STATUS_BILLED',
  'BILLING_STATUS_REFUNDED',
  'BILLING_STATUS_UNSPECIFIED'
])
export type BillingStatus = Static<typeof BillingStatusEnumSchema>

export const FirstSpeakerEnumSchema = Type.Enum(['FIRST_SPEAKER_AGENT', 'FIRST_SPEAKER_USER'])
/** `Call.initialOutputMedium` (InitialOutputMediumEnum): no UNSPECIFIED value on the Call. */
export const InitialOutputMediumEnumSchema = Type.Enum(['MESSAGE_MEDIUM_VOICE', 'MESSAGE_MEDIUM_TEXT'])
/** `Call.retentionPolicy` (RetentionPolicyEnum). */
export const RetentionPolicyEnumSchema = Type.Enum(['retain', 'auto_delete'])
export const TerminationReasonEnumSchema = Type.Enum([
  'SIP_TERMINATION_NORMAL',
  'SIP_TERMINATION_INVALID_NUMBER',
  'SIP_TERMINATION_TIMEOUT',
  'SIP_TERMINATION_DESTINATION_UNAVAILABLE',
  'SIP_TERMINATION_BUSY',
  'SIP_TERMINATION_CANCELED',
  'SIP_TERMINATION_REJECTED',
  'SIP_TERMINATION_UNKNOWN'
])
/** Proto enums used inside protobuf messages (CallTemplate, Message). */
export const MessageMediumEnumSchema = Type.Enum(['MESSAGE_MEDIUM_UNSPECIFIED', 'MESSAGE_MEDIUM_VOICE', 'MESSAGE_MEDIUM_TEXT'])
export const MessageRoleEnumSchema = Type.Enum([
  'MESSAGE_ROLE_UNSPECIFIED',
  'MESSAGE_ROLE_USER',
  'MESSAGE_ROLE_AGENT',
  'MESSAGE_ROLE_TOOL_CALL',
  'MESSAGE_ROLE_TOOL_RESULT'
])
export const CallTemplateRetentionPolicyEnumSchema = Type.Enum([
  'CALL_RETENTION_POLICY_UNSPECIFIED',
  'CALL_RETENTION_POLICY_RETAIN',
  'CALL_RETENTION_POLICY_AUTO_DELETE'
])
export const EndBehaviorEnumSchema = Type.Enum(['END_BEHAVIOR_UNSPECIFIED', 'END_BEHAVIOR_HANG_UP_SOFT', 'END_BEHAVIOR_HANG_UP_STRICT'])
export const DtmfUrgencyEnumSchema = Type.Enum(['URGENCY_UNSPECIFIED', 'URGENCY_IMMEDIATE', 'URGENCY_SOON', 'URGENCY_LATER'])
/** `mode` query parameter of GET /api/calls/{call_id}/messages (default `last_stage`). */
export const MessagesModeEnumSchema = Type.Enum(['last_stage', 'in_call'])

// ---------------------------------------------------------------------------------------------------------------
// ultravox.v1.CallMedium (a protobuf message: every field optional, closed)
// ---------------------------------------------------------------------------------------------------------------

/** ultravox.v1.EnabledDataMessages. */
export const EnabledDataMessagesSchema = Type.Object({
  pong: Type.Optional(Type.Boolean()),
  state: Type.Optional(Type.Boolean()),
  transcript: Type.Optional(Type.Boolean()),
  clientToolInvocation: Type.Optional(Type.Boolean()),
  dataConnectionToolInvocation: Type.Optional(Type.Boolean()),
  playbackClearBuffer: Type.Optional(Type.Boolean()),
  callStarted: Type.Optional(Type.Boolean()),
  debug: Type.Optional(Type.Boolean()),
  callEvent: Type.Optional(Type.Boolean()),
  toolUsed: Type.Optional(Type.Boolean()),
  userStartedSpeaking: Type.Optional(Type.Boolean()),
  userStoppedSpeaking: Type.Optional(Type.Boolean()),
  invokingTool: Type.Optional(Type.Boolean())
}, { additionalProperties: false })

/** ultravox.v1.CallMedium_DtmfHandling. */
export const DtmfHandlingSchema = Type.Object({
  ignore: Type.Optional(Type.Boolean()),
  userTextMessage: Type.Optional(Type.Object({
    text: Type.Optional(Type.String()),
    urgency: Type.Optional(DtmfUrgencyEnumSchema)
  }, { additionalProperties: false }))
}, { additionalProperties: false })

/** Twilio/Telnyx/Plivo `outgoing`: `to`, `from`, `additionalParams` (free-form provider parameters). */
export const TelephonyOutgoingSchema = Type.Object({
  to: Type.Optional(Type.String({ description: 'E.164 number to call (Twilio also accepts a SIP address; Plivo: `<`-separated list)' })),
  from: Type.Optional(Type.String({ description: 'Caller id: a number owned by the provider account' })),
  additionalParams: Type.Optional(JsonObjectSchema)
}, { additionalProperties: false })

const telephonyMedium = (provider: string) => Type.Object({
  outgoing: Type.Optional(TelephonyOutgoingSchema),
  dtmfHandling: Type.Optional(DtmfHandlingSchema)
}, { additionalProperties: false, description: `Details for a ${provider} call. With \`outgoing\`, Ultravox places the call itself.` })

export const TwilioMediumSchema = telephonyMedium('Twilio')
export const TelnyxMediumSchema = telephonyMedium('Telnyx')
export const PlivoMediumSchema = telephonyMedium('Plivo')

export const WebRtcMediumSchema = Type.Object({
  dataMessages: Type.Optional(EnabledDataMessagesSchema)
}, { additionalProperties: false })

export const ServerWebSocketMediumSchema = Type.Object({
  inputSampleRate: Type.Optional(Type.Integer({ description: 'int32. Required by Ultravox for real calls.' })),
  outputSampleRate: Type.Optional(Type.Integer()),
  clientBufferSizeMs: Type.Optional(Type.Integer()),
  dataMessages: Type.Optional(EnabledDataMessagesSchema),
  mediaIdleTimeout: Type.Optional(ProtoDurationSchema)
}, { additionalProperties: false })

export const ExotelMediumSchema = Type.Object({
  dtmfHandling: Type.Optional(DtmfHandlingSchema)
}, { additionalProperties: false })

export const SipOutgoingSchema = Type.Object({
  to: Type.Optional(Type.String({ description: 'SIP URI (phone numbers are not allowed)' })),
  from: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String())
}, { additionalProperties: false })

/** "Exactly one of incoming or outgoing must be set." */
export const SipMediumSchema = Type.Object({
  incoming: Type.Optional(Type.Object({}, { additionalProperties: false })),
  outgoing: Type.Optional(SipOutgoingSchema)
}, { additionalProperties: false, minProperties: 1, maxProperties: 1 })

/**
 * ultravox.v1.CallMedium. "At most one call medium may be set"; none set means the default, WebRTC.
 * Outgoing (Ultravox dials itself): twilio.outgoing, telnyx.outgoing, plivo.outgoing, sip.outgoing.
 * Everything else (webRtc, serverWebSocket, exotel, sip.incoming, and a provider object without `outgoing`) is
 * non-outgoing and needs the batch's `webhookUrl`.
 */
export const CallMediumSchema = Type.Object({
  webRtc: Type.Optional(WebRtcMediumSchema),
  twilio: Type.Optional(TwilioMediumSchema),
  serverWebSocket: Type.Optional(ServerWebSocketMediumSchema),
  telnyx: Type.Optional(TelnyxMediumSchema),
  plivo: Type.Optional(PlivoMediumSchema),
  exotel: Type.Optional(ExotelMediumSchema),
  sip: Type.Optional(SipMediumSchema)
}, { additionalProperties: false, maxProperties: 1 })
export type CallMedium = Static<typeof CallMediumSchema>

// ---------------------------------------------------------------------------------------------------------------
// Small protobuf messages shared by Call and Agent.callTemplate
// ---------------------------------------------------------------------------------------------------------------

/** ultravox.v1.FirstSpeakerSettings: "Exactly one of user or agent should be set." */
export const FirstSpeakerSettingsSchema = Type.Object({
  user: Type.Optional(Type.Object({
    fallback: Type.Optional(Type.Object({
      delay: Type.Optional(ProtoDurationSchema),
      text: Type.Optional(Type.String()),
      prompt: Type.Optional(Type.String())
    }, { additionalProperties: false }))
  }, { additionalProperties: false })),
  agent: Type.Optional(Type.Object({
    uninterruptible: Type.Optional(Type.Boolean()),
    text: Type.Optional(Type.String()),
    prompt: Type.Optional(Type.String()),
    delay: Type.Optional(ProtoDurationSchema)
  }, { additionalProperties: false }))
}, { additionalProperties: false })

/** ultravox.v1.TimedMessage (inactivity messages). */
export const TimedMessageSchema = Type.Object({
  duration: Type.Optional(ProtoDurationSchema),
  message: Type.Optional(Type.String()),
  endBehavior: Type.Optional(EndBehaviorEnumSchema)
}, { additionalProperties: false })

/** ultravox.v1.VadSettings. */
export const VadSettingsSchema = Type.Object({
  turnEndpointDelay: Type.Optional(ProtoDurationSchema),
  minimumTurnDuration: Type.Optional(ProtoDurationSchema),
  minimumInterruptionDuration: Type.Optional(ProtoDurationSchema),
  frameActivationThreshold: Type.Optional(Type.Number())
}, { additionalProperties: false })

// ---------------------------------------------------------------------------------------------------------------
// Agent (GET /api/agents, GET /api/agents/{agent_id})
// ---------------------------------------------------------------------------------------------------------------

export const AgentStatisticsSchema = Type.Object({
  calls: Type.Integer({ default: 0, minimum: 0 })
}, { additionalProperties: false })

/**
 * ultravox.v1.CallTemplate, restricted to what a mock fills deterministically. Protobuf JSON: every field is
 * optional and fields at their default value may be absent.
 * Left out (the mock never emits them): externalVoice, voiceOverrides (7-provider ExternalVoice union),
 * selectedTools (SelectedTool/BaseToolDefinition tree; seeded agents have no tools), dataConnection,
 * sharedSecrets (write-only: "never included in API responses").
 */
export const CallTemplateSchema = Type.Object({
  name: Type.Optional(Type.String()),
  created: Type.Optional(DateTimeSchema),
  updated: Type.Optional(DateTimeSchema),
  medium: Type.Optional(CallMediumSchema),
  initialOutputMedium: Type.Optional(MessageMediumEnumSchema),
  joinTimeout: Type.Optional(ProtoDurationSchema),
  maxDuration: Type.Optional(ProtoDurationSchema),
  vadSettings: Type.Optional(VadSettingsSchema),
  recordingEnabled: Type.Optional(Type.Boolean()),
  firstSpeakerSettings: Type.Optional(FirstSpeakerSettingsSchema),
  systemPrompt: Type.Optional(Type.String()),
  temperature: Type.Optional(Type.Number()),
  model: Type.Optional(Type.String()),
  voice: Type.Optional(Type.String()),
  languageHint: Type.Optional(Type.String()),
  timeExceededMessage: Type.Optional(Type.String()),
  inactivityMessages: Type.Optional(Type.Array(TimedMessageSchema)),
  contextSchema: Type.Optional(JsonObjectSchema),
  retentionPolicy: Type.Optional(CallTemplateRetentionPolicyEnumSchema)
}, { additionalProperties: false })
export type CallTemplate = Static<typeof CallTemplateSchema>

/** Agent. Required: agentId, created, publishedRevisionId, statistics (`name` is optional in the spec). */
export const AgentSchema = Type.Object({
  agentId: UuidSchema,
  publishedRevisionId: Nullable(UuidSchema),
  name: Type.Optional(Type.String({ maxLength: 64 })),
  created: DateTimeSchema,
  callTemplate: Type.Optional(Nullable(CallTemplateSchema)),
  statistics: AgentStatisticsSchema
}, { additionalProperties: false })
export type Agent = Static<typeof AgentSchema>
export const AGENT_KEYS = ['agentId', 'publishedRevisionId', 'name', 'created', 'callTemplate', 'statistics'] as const

/** AgentBasic (Call.agent): both fields required. */
export const AgentBasicSchema = Type.Object({
  agentId: UuidSchema,
  name: Type.String()
}, { additionalProperties: false })

// ---------------------------------------------------------------------------------------------------------------
// Scheduled call batches
// ---------------------------------------------------------------------------------------------------------------

/** webhookUrl: Django URLField default length (200). */
export const WebhookUrlSchema = Type.String({ format: 'uri', maxLength: 200 })
export const WebhookSecretSchema = Type.String({ maxLength: 120 })

/**
 * ScheduledCallBatch as returned (201 create, 200 get/patch, list items). `calls` is write-only and never
 * returned. Required: batchId, created, totalCount, completedCount, endedAt. Keys in the order of the
 * docs' Get Scheduled Call Batch example; `throttle` (newer than that example) comes last, only when set.
 */
export const ScheduledCallBatchSchema = Type.Object({
  batchId: UuidSchema,
  created: DateTimeSchema,
  totalCount: Type.Integer({ minimum: 0, description: 'The total number of calls in this batch.' }),
  completedCount: Type.Integer({ minimum: 0, description: 'The number of calls in this batch that have been completed (created or error).' }),
  endedAt: Nullable(DateTimeSchema),
  windowStart: Type.Optional(Nullable(DateTimeSchema)),
  windowEnd: Type.Optional(Nullable(DateTimeSchema)),
  webhookUrl: Type.Optional(Nullable(WebhookUrlSchema)),
  webhookSecret: Type.Optional(Nullable(WebhookSecretSchema)),
  paused: Type.Optional(Type.Boolean()),
  throttle: Type.Optional(Nullable(Type.String()))
}, { additionalProperties: false, description: 'ScheduledCallBatch' })
export type ScheduledCallBatch = Static<typeof ScheduledCallBatchSchema>

/**
 * ScheduledCall as returned by GET …/scheduled_calls. Required: status, batchId, callId, error.
 * `metadata` / `templateContext` / `experimentalSettings` have no type in the spec (nullable "any").
 */
export const ScheduledCallSchema = Type.Object({
  status: ScheduledCallStatusEnumSchema,
  batchId: UuidSchema,
  callId: Nullable(UuidSchema),
  error: Nullable(Type.String()),
  medium: Type.Optional(Nullable(CallMediumSchema)),
  metadata: Type.Optional(Nullable(Type.Record(Type.String(), Type.String()))),
  templateContext: Type.Optional(Type.Unknown({ description: 'nullable, any JSON: the context used to render the agent\'s template' })),
  experimentalSettings: Type.Optional(Type.Unknown({ description: 'nullable, any JSON' }))
}, { additionalProperties: false })
export type ScheduledCall = Static<typeof ScheduledCallSchema>
export const SCHEDULED_CALL_KEYS = [
  'status', 'batchId', 'callId', 'error', 'medium', 'metadata', 'templateContext', 'experimentalSettings'
] as const

/**
 * One element of `calls` in a create (or patch) body: only the writable fields. Open object: DRF ignores
 * unknown keys and read-only ones (`status`, `batchId`, `callId`, `error`).
 */
export const ScheduledCallInputSchema = Type.Object({
  medium: Type.Optional(Nullable(CallMediumSchema)),
  metadata: Type.Optional(Nullable(Type.Record(Type.String(), Type.String(), {
    description: 'Optional metadata key-value pairs to associate with the call. All values must be strings.'
  }))),
  templateContext: Type.Optional(Type.Unknown({ description: 'nullable; variables for the agent\'s call template' })),
  experimentalSettings: Type.Optional(Type.Unknown({ description: 'nullable' }))
})
export type ScheduledCallInput = Static<typeof ScheduledCallInputSchema>

/** POST /api/agents/{agent_id}/scheduled_batches body. Only `calls` is required (minItems 1). */
export const ScheduledCallBatchCreateSchema = Type.Object({
  windowStart: Type.Optional(Nullable(DateTimeSchema)),
  windowEnd: Type.Optional(Nullable(DateTimeSchema)),
  throttle: Type.Optional(Nullable(Type.String())),
  webhookUrl: Type.Optional(Nullable(WebhookUrlSchema)),
  webhookSecret: Type.Optional(Nullable(WebhookSecretSchema)),
  paused: Type.Optional(Type.Boolean()),
  calls: Type.Array(ScheduledCallInputSchema, { minItems: 1 })
}, {
  // The docs page's example: two test numbers over Twilio (a full call, then no answer), dialed now.
  examples: [{
    calls: [
      { medium: { twilio: { outgoing: { to: '+15005550006', from: '+14155559999' } } }, metadata: { customer: 'Ada' } },
      { medium: { twilio: { outgoing: { to: '+15005550002', from: '+14155559999' } } } }
    ]
  }]
})
export type ScheduledCallBatchCreate = Static<typeof ScheduledCallBatchCreateSchema>

/** PATCH …/scheduled_batches/{batch_id} body (PatchedScheduledCallBatch): every writable field optional. */
export const PatchedScheduledCallBatchSchema = Type.Object({
  windowStart: Type.Optional(Nullable(DateTimeSchema)),
  windowEnd: Type.Optional(Nullable(DateTimeSchema)),
  throttle: Type.Optional(Nullable(Type.String())),
  webhookUrl: Type.Optional(Nullable(WebhookUrlSchema)),
  webhookSecret: Type.Optional(Nullable(WebhookSecretSchema)),
  paused: Type.Optional(Type.Boolean()),
  calls: Type.Optional(Type.Array(ScheduledCallInputSchema, { minItems: 1 }))
}, { examples: [{ paused: true }] })
export type PatchedScheduledCallBatch = Static<typeof PatchedScheduledCallBatchSchema>

// ---------------------------------------------------------------------------------------------------------------
// Call (created_calls items, GET /api/calls/{call_id}, webhook payload `call`)
// ---------------------------------------------------------------------------------------------------------------

/** CallSipDetails: both keys required, both nullable. */
export const CallSipDetailsSchema = Type.Object({
  billedDuration: Nullable(Type.String()),
  terminationReason: Nullable(TerminationReasonEnumSchema)
}, { additionalProperties: false })

/**
 * Call. Required (spec): agent, agentId, billedDuration, billedSideInputTokens, billedSideOutputTokens,
 * billingStatus, callId, clientVersion, created, endReason, ended, experimentalSettings, firstSpeaker,
 * firstSpeakerSettings, initialOutputMedium, initialState, joinUrl, joined, metadata, requestContext,
 * shortSummary, sipDetails, summary. The call has no status enum: state is joined/ended/endReason.
 * Left out (optional in the spec, never set by the mock): externalVoice, voiceOverrides, dataConnectionConfig,
 * callbacks.
 */
export const CallSchema = Type.Object({
  callId: UuidSchema,
  clientVersion: Nullable(Type.String()),
  created: DateTimeSchema,
  joined: Nullable(DateTimeSchema),
  ended: Nullable(DateTimeSchema),
  endReason: Nullable(EndReasonEnumSchema),
  billedDuration: Nullable(Type.String({ description: 'Duration string, e.g. "42.500s"; null until billed' })),
  billedSideInputTokens: Nullable(Type.Integer()),
  billedSideOutputTokens: Nullable(Type.Integer()),
  billingStatus: BillingStatusEnumSchema,
  firstSpeaker: FirstSpeakerEnumSchema,
  firstSpeakerSettings: FirstSpeakerSettingsSchema,
  inactivityMessages: Type.Optional(Type.Array(TimedMessageSchema)),
  initialOutputMedium: InitialOutputMediumEnumSchema,
  joinTimeout: Type.Optional(Type.String({ default: '30s' })),
  joinUrl: Nullable(Type.String()),
  languageHint: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  maxDuration: Type.Optional(Type.String({ default: '3600s' })),
  medium: Type.Optional(Nullable(CallMediumSchema)),
  model: Type.Optional(Type.String({ default: 'ultravox-v0.7' })),
  recordingEnabled: Type.Optional(Type.Boolean({ default: false })),
  retentionPolicy: Type.Optional(Nullable(RetentionPolicyEnumSchema)),
  systemPrompt: Type.Optional(Nullable(Type.String())),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0 })),
  timeExceededMessage: Type.Optional(Nullable(Type.String())),
  voice: Type.Optional(Nullable(Type.String())),
  transcriptOptional: Type.Optional(Type.Boolean({ default: true })),
  vadSettings: Type.Optional(Nullable(VadSettingsSchema)),
  shortSummary: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  agent: AgentBasicSchema,
  agentId: Nullable(Type.String()),
  experimentalSettings: Type.Unknown({ description: 'any JSON, null included' }),
  metadata: Type.Record(Type.String(), Type.String()),
  initialState: JsonObjectSchema,
  requestContext: Type.Unknown({ description: 'any JSON, null included' }),
  sipDetails: Nullable(CallSipDetailsSchema)
}, { additionalProperties: false })
export type Call = Static<typeof CallSchema>
/** Every key the mock sends on a Call (required ones plus the optional ones it always fills). */
export const CALL_KEYS = [
  'callId', 'clientVersion', 'created', 'joined', 'ended', 'endReason', 'billedDuration', 'billedSideInputTokens',
  'billedSideOutputTokens', 'billingStatus', 'firstSpeaker', 'firstSpeakerSettings', 'inactivityMessages',
  'initialOutputMedium', 'joinTimeout', 'joinUrl', 'languageHint', 'maxDuration', 'medium', 'model',
  'recordingEnabled', 'retentionPolicy', 'systemPrompt', 'temperature', 'timeExceededMessage', 'voice',
  'transcriptOptional', 'vadSettings', 'shortSummary', 'summary', 'agent', 'agentId', 'experimentalSettings',
  'metadata', 'initialState', 'requestContext', 'sipDetails'
] as const

// ---------------------------------------------------------------------------------------------------------------
// Call messages (GET /api/calls/{call_id}/messages): ultravox.v1.Message, a protobuf message
// ---------------------------------------------------------------------------------------------------------------

/** ultravox.v1.InCallTimespan: offsets from the start of the call, protobuf Duration strings. */
export const InCallTimespanSchema = Type.Object({
  start: Type.Optional(ProtoDurationSchema),
  end: Type.Optional(ProtoDurationSchema)
}, { additionalProperties: false })

export const CallMessageSchema = Type.Object({
  role: Type.Optional(MessageRoleEnumSchema),
  text: Type.Optional(Type.String()),
  invocationId: Type.Optional(Type.String()),
  toolName: Type.Optional(Type.String()),
  errorDetails: Type.Optional(Type.String()),
  medium: Type.Optional(MessageMediumEnumSchema),
  callStageMessageIndex: Type.Optional(Type.Integer({ minimum: 0 })),
  callStageId: Type.Optional(Type.String()),
  callState: Type.Optional(JsonObjectSchema),
  timespan: Type.Optional(InCallTimespanSchema),
  wallClockTimespan: Type.Optional(InCallTimespanSchema),
  metadata: Type.Optional(JsonObjectSchema)
}, { additionalProperties: false })
export type CallMessage = Static<typeof CallMessageSchema>

// ---------------------------------------------------------------------------------------------------------------
// Pagination: DRF CursorPagination envelope + Ultravox's `total`
// ---------------------------------------------------------------------------------------------------------------

/**
 * `{next, previous, results, total}`. Spec: only `results` is required; `next`/`previous` are absolute URIs or
 * null; `total` counts every item matching the filters. The mock always sends all four keys.
 */
export const Paginated = <T extends TSchema>(item: T, description: string) => Type.Object({
  next: Type.Optional(Nullable(UriSchema)),
  previous: Type.Optional(Nullable(UriSchema)),
  results: Type.Array(item),
  total: Type.Optional(Type.Integer({ minimum: 0 }))
}, { additionalProperties: false, description })
export const PAGINATED_KEYS = ['next', 'previous', 'results', 'total'] as const

export const PaginatedAgentListSchema = Paginated(AgentSchema, 'PaginatedAgentList')
export const PaginatedScheduledCallBatchListSchema = Paginated(ScheduledCallBatchSchema, 'PaginatedScheduledCallBatchList')
export const PaginatedScheduledCallListSchema = Paginated(ScheduledCallSchema, 'PaginatedScheduledCallList')
export const PaginatedCallListSchema = Paginated(CallSchema, 'PaginatedCallList')
export const PaginatedCallMessageListSchema = Paginated(CallMessageSchema, 'Paginatedultravox.v1.MessageList')
export type PaginatedAgentList = Static<typeof PaginatedAgentListSchema>
export type PaginatedScheduledCallBatchList = Static<typeof PaginatedScheduledCallBatchListSchema>
export type PaginatedScheduledCallList = Static<typeof PaginatedScheduledCallListSchema>
export type PaginatedCallList = Static<typeof PaginatedCallListSchema>
export type PaginatedCallMessageList = Static<typeof PaginatedCallMessageListSchema>

// ---------------------------------------------------------------------------------------------------------------
// Path and query parameters (documentation: the surface parses them itself, as DRF does: a bad `pageSize`
// falls back to the default, a bad cursor is a 404 `{"detail": "Invalid cursor"}`, a malformed UUID in the
// path is a 404; no schema-level 400).
// ---------------------------------------------------------------------------------------------------------------

const PathUuid = (what: string, examples?: string[]) => Type.String({ format: 'uuid', description: `The ${what}'s UUID`, ...(examples === undefined ? {} : { examples }) })
/** The docs' example agent and batch (one UUID for both, as the docs write it), always seeded: the docs page prefills it. */
const DOCS_EXAMPLE = ['3c90c3cc-0d44-4b50-8888-8dd25736052a']
export const AgentParamsSchema = Type.Object({ agent_id: PathUuid('agent', DOCS_EXAMPLE) })
export const BatchParamsSchema = Type.Object({ agent_id: PathUuid('agent', DOCS_EXAMPLE), batch_id: PathUuid('scheduled call batch', DOCS_EXAMPLE) })
export const CallParamsSchema = Type.Object({ call_id: PathUuid('call') })

const Cursor = Type.Optional(Type.String({ description: 'The pagination cursor value.' }))
const PageSize = Type.Optional(Type.Integer({ description: 'Number of results to return per page. Default 10, at most 100 (larger values are clamped; bad ones mean the default).' }))
export const CursorPageQuerySchema = Type.Object({ cursor: Cursor, pageSize: PageSize })
export const AgentsQuerySchema = Type.Object({
  cursor: Cursor,
  pageSize: PageSize,
  search: Type.Optional(Type.String({ minLength: 1, description: 'The search string used to filter results (the agent\'s name, case-insensitive)' })),
  sort: Type.Optional(Type.String({ description: 'Which field to use when ordering the results: created, -created (default), name, -name' }))
})
export const ScheduledCallsQuerySchema = Type.Object({
  cursor: Cursor,
  pageSize: PageSize,
  status: Type.Optional(Type.String({ enum: ['FUTURE', 'PENDING', 'SUCCESS', 'EXPIRED', 'ERROR'], minLength: 1, description: '* `FUTURE` - FUTURE\n* `PENDING` - PENDING\n* `SUCCESS` - SUCCESS\n* `EXPIRED` - EXPIRED\n* `ERROR` - ERROR' }))
})
export const CallMessagesQuerySchema = Type.Object({
  cursor: Cursor,
  pageSize: PageSize,
  mode: Type.Optional(Type.String({ enum: ['last_stage', 'in_call'], default: 'last_stage', minLength: 1, description: '* `last_stage` - Returns all messages for the call\'s last stage, similar to most call fields\n* `in_call` - Returns messages from all stages, excluding initialMessages' }))
})

// ---------------------------------------------------------------------------------------------------------------
// Error bodies (Django REST Framework). The Ultravox docs show none.
// ---------------------------------------------------------------------------------------------------------------

/** 401, 403, 404, 405, 406, 415, 429 and parse errors: exactly `{"detail": "…"}`. */
export const DrfDetailErrorSchema = Type.Object({
  detail: Type.String()
}, { additionalProperties: false })
export type DrfDetailError = Static<typeof DrfDetailErrorSchema>

/**
 * 400 validation errors: `{"<field>": ["msg", …], "non_field_errors": [...]}`. Nested serializers nest the same
 * shape (`{"calls": [{}, {"metadata": ["…"]}]}`, `{"calls": {"non_field_errors": ["…"]}}`), so values are
 * string arrays, objects or arrays of objects.
 */
export const DrfValidationErrorSchema = Type.Record(Type.String(), Type.Union([
  Type.Array(Type.String()),
  JsonObjectSchema,
  Type.Array(JsonObjectSchema)
]), { minProperties: 1 })
export type DrfValidationError = Static<typeof DrfValidationErrorSchema>

/** Any error this surface sends: `{"detail": "…"}` or a DRF validation body. */
export const DrfErrorSchema = Type.Union([DrfDetailErrorSchema, DrfValidationErrorSchema], {
  description: 'Django REST Framework error: {"detail": "…"} (401, 403, 404, 405, 413, 415, 429, 500, parse errors) or {"<field>": ["…"]} (400)'
})

// ---------------------------------------------------------------------------------------------------------------
// Batch webhook (POST to the batch's webhookUrl when a non-outgoing call is created)
// ---------------------------------------------------------------------------------------------------------------

/** The OCS guide: "Your webhook receives the payload for the call.started webhook event". */
export const ScheduledCallWebhookPayloadSchema = Type.Object({
  event: Type.Literal('call.started'),
  call: CallSchema
}, { additionalProperties: false })
export type ScheduledCallWebhookPayload = Static<typeof ScheduledCallWebhookPayloadSchema>
