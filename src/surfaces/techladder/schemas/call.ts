import { Type, type Static } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, PageOf, PublicErrorResponses, SuccessEnvelope } from '../envelope.js'
import { BatchStatus, ByProfile, LimitQuery, PageQuery } from './batch.js'
import { PROCESSING_STATUSES } from '../../../core/model/records.js'

/**
 * The call statuses a TechLadder call can have (a call of a TechLadder batch never expires: only
 * batches with a window, Ultravox's, have calls that do).
 */
export const CALL_STATUSES = ['pending', 'queued', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer', 'busy'] as const


const CallStatusSchema = Type.Enum(CALL_STATUSES)
const ProcessingStatusSchema = Type.Enum(PROCESSING_STATUSES)
const Timestamp = Nullable(Type.String({ format: 'date-time' }))

/** One item of List Batch Calls: exactly the fields the page shows. */
export const CallItemSchema = Type.Object({
  call_id: Type.String(),
  external_id: Type.String(),
  phone_number: Type.String(),
  name: Nullable(Type.String()),
  status: CallStatusSchema,
  duration_seconds: Nullable(Type.Integer({ minimum: 0 })),
  started_at: Timestamp,
  ended_at: Timestamp,
  metadata: Type.Record(Type.String(), Type.String())
}, { additionalProperties: false })

/** One item of Get Batch Results: exactly the fields the page shows. */
export const ResultItemSchema = Type.Object({
  call_id: Type.String(),
  external_id: Type.String(),
  phone_number: Type.String(),
  name: Nullable(Type.String()),
  status: CallStatusSchema,
  duration_seconds: Nullable(Type.Integer({ minimum: 0 })),
  answer_duration_seconds: Nullable(Type.Integer({ minimum: 0 })),
  disconnect_reason: Nullable(Type.String()),
  transcript_status: ProcessingStatusSchema,
  analysis_status: ProcessingStatusSchema,
  summary: Nullable(Type.String()),
  outcomes: Type.Record(Type.String(), Type.String()),
  recording: Type.Object({
    available: Type.Boolean(),
    file_key: Nullable(Type.String())
  }, { additionalProperties: false }),
  started_at: Timestamp,
  ended_at: Timestamp
}, { additionalProperties: false })

export type CallItem = Static<typeof CallItemSchema>
export type ResultItem = Static<typeof ResultItemSchema>

const R = ResultItemSchema.properties
/**
 * A result item in the observed profile, as third-party client code reads it from the live API:
 * `call_status` for `status`, `completed_at` for `ended_at`, `recording_available` for
 * `recording`, and `llm_transcript`; the other documented fields as they are.
 */
export const ObservedResultItemSchema = Type.Object({
  call_id: R.call_id,
  external_id: R.external_id,
  phone_number: R.phone_number,
  name: R.name,
  call_status: Type.Enum(CALL_STATUSES, { description: 'The call\'s status (the documented profile\'s status)' }),
  duration_seconds: R.duration_seconds,
  answer_duration_seconds: R.answer_duration_seconds,
  disconnect_reason: R.disconnect_reason,
  transcript_status: R.transcript_status,
  analysis_status: R.analysis_status,
  summary: R.summary,
  outcomes: R.outcomes,
  llm_transcript: Nullable(Type.String({ description: 'The conversation, one "Agent: …" or "User: …" line per turn; null until the call has ended with a conversation and its transcript is ready' })),
  recording_available: Type.Boolean({ description: 'Whether a recording exists (the documented profile\'s recording.available)' }),
  started_at: R.started_at,
  completed_at: Nullable(Type.String({ format: 'date-time', description: 'When the call ended (the documented profile\'s ended_at)' }))
}, { additionalProperties: false })
export type ObservedResultItem = Static<typeof ObservedResultItemSchema>

/** The observed results page: the documented page fields and the batch's `status`. */
export const ObservedResultsPageSchema = Type.Object({
  ...PageOf(ObservedResultItemSchema).properties,
  status: { ...BatchStatus, description: 'The batch\'s status (observed profile)' }
}, { additionalProperties: false })

export const ListCallsQuerySchema = Type.Object({
  status: Type.Optional(Type.String({
    enum: [...CALL_STATUSES],
    description: `Filter by call status: ${CALL_STATUSES.join(', ')}`,
    'x-error': `Must be one of ${CALL_STATUSES.join(', ')}`
  })),
  external_id: Type.Optional(Type.String({ description: 'Filter by your contact ID (contact_id at creation)', 'x-error': 'Must be a single string' })),
  limit: LimitQuery(100, 500),
  page: PageQuery
})
export type ListCallsQuery = Static<typeof ListCallsQuerySchema>

export const ResultsQuerySchema = Type.Object({
  limit: LimitQuery(100, 500),
  page: PageQuery
})
export type ResultsQuery = Static<typeof ResultsQuerySchema>

const NotFound = { ...ErrorEnvelopeSchema, description: 'The batch does not exist or is not owned by your account' }
const Invalid = { ...ErrorEnvelopeSchema, description: 'Query parameters failed validation' }

export const ListCallsResponses = {
  200: SuccessEnvelope(PageOf(CallItemSchema), 'The calls of the batch, in contact order'),
  404: NotFound,
  422: Invalid,
  ...PublicErrorResponses
}

/** The 200 of each profile (the response types export both). */
export const ResultsDocumented = SuccessEnvelope(PageOf(ResultItemSchema), 'Per-call results of the batch, in contact order')
export const ResultsObserved = SuccessEnvelope(ObservedResultsPageSchema, 'Per-call results of the batch, in contact order, and the batch status')

export const ResultsResponses = {
  200: ByProfile(ResultsDocumented, ResultsObserved, 'Per-call results of the batch, in contact order'),
  404: NotFound,
  422: Invalid,
  ...PublicErrorResponses
}
