/**
 * Endpoints the docs do not have but third-party client code calls on the live API (agents, one
 * call's result, a test call). They answer in the observed profile only; in the documented profile
 * they are unknown routes (the documented 404 envelope), as everything the docs lack is.
 */
import { Type, type Static } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, PageOf, PublicErrorResponses, SuccessEnvelope } from '../envelope.js'
import { LimitQuery, PageQuery } from './batch.js'
import { CALL_STATUSES, ObservedResultItemSchema } from './call.js'

export const OBSERVED_ONLY = 'Observed profile only (docs/profiles.md): in the documented profile this path is an unknown route and answers the 404 envelope (Route not found).'

const RouteOr404 = { ...ErrorEnvelopeSchema, description: 'Documented profile: Route not found (the path is not in the docs)' }

// ------------------------------------------------------------------------------------------------
// GET /agents

export const AgentItemSchema = Type.Object({
  agent_id: Type.String({ description: 'agt-…: what Create Call Batch takes as agent_name' }),
  agent_name: Type.String({ description: 'The display name' }),
  current_version: Type.String({ description: 'pmt-…: the current prompt version (Create Call Batch\'s version_name)' })
}, { additionalProperties: false })
export type AgentItem = Static<typeof AgentItemSchema>

export const ListAgentsQuerySchema = Type.Object({
  limit: LimitQuery(50, 100),
  page: PageQuery
})

export const ListAgentsResponses = {
  200: SuccessEnvelope(PageOf(AgentItemSchema), 'The account\'s agents, by agent_id'),
  404: RouteOr404,
  422: { ...ErrorEnvelopeSchema, description: 'Query parameters failed validation' },
  ...PublicErrorResponses
}

// ------------------------------------------------------------------------------------------------
// GET /calls/{call_id}/result

export const CallIdParamsSchema = Type.Object({
  call_id: Type.String({ description: 'A call ID, e.g. call_a1b2c3d4 (a batch call\'s or a test call\'s)', examples: ['call_a1b2c3d4'] })
})

export const CallResultSchema = Type.Object({
  batch_id: Nullable(Type.String({ description: 'The batch the call belongs to; null for a test call (POST /calls/test)' })),
  ...ObservedResultItemSchema.properties
}, { additionalProperties: false })
export type CallResult = Static<typeof CallResultSchema>

export const CallResultResponses = {
  200: SuccessEnvelope(CallResultSchema, 'The call\'s result: the observed results item, with its batch'),
  404: { ...ErrorEnvelopeSchema, description: 'The call does not exist or is not owned by your account (documented profile: Route not found)' },
  ...PublicErrorResponses
}

// ------------------------------------------------------------------------------------------------
// POST /calls/test

export const TEST_CALL_CHANNELS = ['telephony'] as const

export const TestCallBodySchema = Type.Object({
  agent_id: Type.String({ description: 'The agent (agt-…)' }),
  version_id: Type.Optional(Type.String({ description: 'The prompt version (pmt-…). Default: the agent\'s current version' })),
  channel: Type.Optional(Type.Enum(TEST_CALL_CHANNELS, { default: 'telephony', description: 'telephony (the only channel seen)' })),
  phone_number: Type.String({ description: 'Digits with the country code and no "+", 10 to 15 (e.g. 919876543210; test numbers 15005550001..6)' }),
  external_id: Type.Optional(Type.String({ description: 'Your own ID for the call. Default: "test"' })),
  recording_enabled: Type.Optional(Type.Boolean({ default: true })),
  voice: Type.Optional(Type.String({ description: 'Voice name. Default: the agent\'s voice' }))
}, {
  // The body third-party client code sends, with the docs' agent and the full-call test number.
  examples: [{ agent_id: 'agt-57949b14', version_id: 'pmt-667ddf271b', channel: 'telephony', phone_number: '15005550006', external_id: 'test-1', recording_enabled: true, voice: 'Tara' }]
})

export const TestCallSchema = Type.Object({
  call_id: Type.String({ description: 'Read its result at GET /calls/{call_id}/result' }),
  agent_id: Type.String(),
  version_id: Type.String(),
  channel: Type.Enum(TEST_CALL_CHANNELS),
  phone_number: Type.String(),
  external_id: Type.String(),
  voice: Type.String(),
  recording_enabled: Type.Boolean(),
  call_status: Type.Enum(CALL_STATUSES),
  created_at: Type.String({ format: 'date-time' })
}, { additionalProperties: false })
export type TestCall = Static<typeof TestCallSchema>

export const TestCallResponses = {
  201: SuccessEnvelope(TestCallSchema, 'The call was placed'),
  400: { ...ErrorEnvelopeSchema, description: 'Invalid request body (VALIDATION_ERROR, every problem listed) or malformed JSON' },
  404: { ...ErrorEnvelopeSchema, description: 'The agent or prompt version does not exist in your account (documented profile: Route not found)' },
  415: { ...ErrorEnvelopeSchema, description: 'Content type is not application/json' },
  ...PublicErrorResponses
}
