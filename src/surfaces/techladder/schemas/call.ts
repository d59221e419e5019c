import { Type, type Static } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, PageOf, PublicErrorResponses, SuccessEnvelope } from '../envelope.js'
import { LimitQuery, PageQuery } from './batch.js'
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

export const ResultsResponses = {
  200: SuccessEnvelope(PageOf(ResultItemSchema), 'Per-call results of the batch, in contact order'),
  404: NotFound,
  422: Invalid,
  ...PublicErrorResponses
}
