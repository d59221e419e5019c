/**
 * Schemas of the control API's overview endpoints (what the dashboard at /__admin/ui reads, and the
 * typed client too): every provider's batches in one paginated list, a batch's calls as core
 * records, a batch's timeline, the next due event of the clock, one webhook delivery with the
 * headers it is sent with. Records as the core keeps them (provider-neutral names), in the
 * TechLadder envelope like the rest of /__admin.
 */
import { Type, type Static } from 'typebox'
import { BATCH_STATUSES, CALL_STATUSES, CallRecordSchema, PROVIDERS, START_MODES } from '../../../core/model/records.js'
import { ErrorEnvelopeSchema, Nullable, PageOf, SuccessEnvelope } from '../../techladder/envelope.js'
import { AttemptSchema, ClockSchema, DeliverySchema } from './simulation.js'

const Timestamp = Type.String({ format: 'date-time' })
const Count = Type.Integer({ minimum: 0 })
const oneOf = (values: readonly string[]) => ({ enum: [...values], 'x-error': `Must be one of ${values.join(', ')}` })
const Page = Type.Integer({ minimum: 1, default: 1, 'x-error': 'Must be a positive integer' })
const Limit = (max: number, fallback: number) => Type.Integer({ minimum: 1, maximum: max, default: fallback, 'x-error': `Must be an integer between 1 and ${max}` })

const AdminErrors = {
  401: { ...ErrorEnvelopeSchema, description: 'ADMIN_TOKEN is set and the request did not carry it' },
  500: { ...ErrorEnvelopeSchema, description: 'Internal server error' }
}
const InvalidQuery = { ...ErrorEnvelopeSchema, description: 'Invalid query parameters' }
const NoBatch = { ...ErrorEnvelopeSchema, description: 'No such batch' }

// ------------------------------------------------------------------------------------------------
// Every provider's batches

export const BatchProgressSchema = Type.Object({
  completed: Count,
  failed: Type.Integer({ minimum: 0, description: 'failed, no_answer, busy and expired calls' }),
  in_flight: Type.Integer({ minimum: 0, description: 'queued, ringing and in_progress calls' }),
  pending: Type.Integer({ minimum: 0, description: 'calls not dialed yet' })
}, { description: 'The call counts grouped for a progress bar: completed + failed + in_flight + pending = total_contacts' })

export const BatchOverviewSchema = Type.Object({
  batch_id: Type.String({ description: 'The batch id in its provider\'s format (sched_… TechLadder, acb_… Cartesia, a UUID Ultravox)' }),
  provider: Type.Enum(PROVIDERS),
  account_id: Type.String(),
  agent_id: Type.String(),
  agent_name: Type.String(),
  name: Nullable(Type.String()),
  status: Type.Enum(BATCH_STATUSES, { description: 'The core\'s status (each provider names it its own way)' }),
  paused: Type.Boolean(),
  frozen: Type.Boolean({ description: 'Documented example batches: never simulated, every lever is refused' }),
  start_mode: Type.Enum(START_MODES),
  concurrency: Type.Integer({ minimum: 1 }),
  total_contacts: Count,
  completed_contacts: Count,
  failed_contacts: Count,
  pending_contacts: Type.Integer({ minimum: 0, description: 'Not ended yet: in flight or not dialed' }),
  call_counts: Type.Record(Type.String(), Count, { description: 'Calls per call status (statuses without calls left out)' }),
  progress: BatchProgressSchema,
  retry_count: Count,
  callback_url: Nullable(Type.String()),
  created_at: Timestamp,
  scheduled_at: Nullable(Timestamp),
  started_at: Nullable(Timestamp),
  updated_at: Timestamp,
  drained_at: Nullable(Timestamp),
  window_end_at: Nullable(Timestamp),
  deleted_at: Nullable(Timestamp),
  next_event_at: Nullable(Type.String({ format: 'date-time', description: 'When the simulation next changes this batch (null: nothing scheduled)' }))
})
export type BatchOverview = Static<typeof BatchOverviewSchema>

export const BatchesQuerySchema = Type.Object({
  provider: Type.Optional(Type.String(oneOf(PROVIDERS))),
  account_id: Type.Optional(Type.String()),
  status: Type.Optional(Type.String(oneOf(BATCH_STATUSES))),
  include_deleted: Type.Optional(Type.Boolean({ description: 'Deleted batches too (default false)' })),
  page: Page,
  limit: Limit(200, 50)
})
export type BatchesQuery = Partial<Static<typeof BatchesQuerySchema>>

export const BatchesResponses = {
  200: SuccessEnvelope(PageOf(BatchOverviewSchema), 'Batches of every provider and account, newest first'),
  422: InvalidQuery,
  ...AdminErrors
}

// ------------------------------------------------------------------------------------------------
// A batch's calls

export const BatchCallsParamsSchema = Type.Object({ batch_id: Type.String({ examples: ['sched_7bac6f2a'] }) })
export const BatchCallsQuerySchema = Type.Object({
  status: Type.Optional(Type.String(oneOf(CALL_STATUSES))),
  page: Page,
  limit: Limit(200, 50)
})
export type BatchCallsQuery = Partial<Static<typeof BatchCallsQuerySchema>>
export type CallRecordView = Static<typeof CallRecordSchema>
export const BatchCallsResponses = {
  200: SuccessEnvelope(PageOf(CallRecordSchema), 'The batch\'s calls (latest attempts) in contact order, as the core keeps them'),
  404: NoBatch,
  422: InvalidQuery,
  ...AdminErrors
}

// ------------------------------------------------------------------------------------------------
// A batch's timeline

export const TimelineQuerySchema = Type.Object({
  buckets: Type.Integer({ minimum: 1, maximum: 240, default: 60, 'x-error': 'Must be an integer between 1 and 240' })
})
export const TimelineBucketSchema = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Start of the interval (simulated time)' }),
  dialed: Type.Integer({ minimum: 0, description: 'Calls whose first ring was in the interval' }),
  answered: Type.Integer({ minimum: 0, description: 'Calls answered in the interval (they talked)' }),
  ended: Type.Integer({ minimum: 0, description: 'Dialed calls that ended in the interval' }),
  in_flight: Type.Integer({ minimum: 0, description: 'Calls ringing or talking at the end of the interval' })
})
export const TimelineSchema = Type.Object({
  batch_id: Type.String(),
  status: Type.Enum(BATCH_STATUSES),
  paused: Type.Boolean(),
  concurrency: Type.Integer({ minimum: 1, description: 'The most calls the batch may have in flight' }),
  now: Type.String({ format: 'date-time', description: 'The clock when the timeline was read' }),
  from: Nullable(Type.String({ format: 'date-time', description: 'Start of the first interval; null when no call has rung yet' })),
  bucket_seconds: Type.Integer({ minimum: 1, description: 'Length of every interval' }),
  buckets: Type.Array(TimelineBucketSchema, { description: 'Consecutive intervals from the first ring to the last change (to now while calls ring or talk)' }),
  totals: Type.Object({ dialed: Count, answered: Count, ended: Count, in_flight: Count }),
  peak_in_flight: Type.Integer({ minimum: 0, description: 'The most calls in flight at the end of an interval' })
})
export type Timeline = Static<typeof TimelineSchema>
export const TimelineResponses = {
  200: SuccessEnvelope(TimelineSchema, 'Calls dialed, answered and ended over simulated time'),
  404: NoBatch,
  422: InvalidQuery,
  ...AdminErrors
}

// ------------------------------------------------------------------------------------------------
// The clock's next due event

export const NextEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  at_ms: Type.Integer({ description: 'The same instant in ms since the epoch' }),
  source: Type.Enum(['simulation', 'webhook'], { description: 'A batch\'s or call\'s next step, or a webhook attempt' }),
  kind: Type.String({ description: 'batch.start, batch.window_end, call.ring, call.answer, call.end, call.transcript, call.analysis; for a webhook attempt its event type' }),
  batch_id: Type.String(),
  call_seq: Nullable(Type.Integer({ minimum: 1, description: 'The call (its place in the batch) for call events' })),
  event_id: Nullable(Type.String({ description: 'The webhook delivery (evt_…) for a webhook attempt' }))
})
export type NextEvent = Static<typeof NextEventSchema>

export const ClockNextSchema = Type.Object({
  ...ClockSchema.properties,
  next_event: Type.Union([NextEventSchema, Type.Null()], { description: 'The first thing a clock move would reach; null when nothing is scheduled' })
})
export type ClockNext = Static<typeof ClockNextSchema>

export const ClockJumpSchema = Type.Object({
  ...ClockNextSchema.properties,
  reached: Type.Union([NextEventSchema, Type.Null()], { description: 'The event the clock moved to; null when nothing was due (the clock did not move)' })
})
export type ClockJump = Static<typeof ClockJumpSchema>

export const ClockNextResponses = {
  200: SuccessEnvelope(ClockNextSchema, 'The clock and its next due event'),
  ...AdminErrors
}
export const ClockJumpResponses = {
  200: SuccessEnvelope(ClockJumpSchema, 'The clock after moving to the next due event'),
  409: { ...ErrorEnvelopeSchema, description: 'The clock cannot go there' },
  503: { ...ErrorEnvelopeSchema, description: 'The server is stopping: the move ended early' },
  ...AdminErrors
}

// ------------------------------------------------------------------------------------------------
// One webhook delivery, with its headers

const Headers = Type.Record(Type.String(), Type.String())
export const DeliveryDetailSchema = Type.Object({
  ...DeliverySchema.properties,
  attempts: Type.Array(Type.Object({
    ...AttemptSchema.properties,
    headers: Type.Record(Type.String(), Type.String(), { description: 'The request headers of this attempt (signature included)' })
  })),
  headers: Headers,
  headers_attempt: Type.Integer({ minimum: 1, description: 'Which attempt `headers` belong to: the last one made, or the next when none was made yet' }),
  body: Type.String({ description: 'The exact bytes sent (the signed payload)' })
}, { description: 'A delivery with the request headers its attempts were sent with. Signatures are computed again with the signing secret as it is now.' })
export type DeliveryDetail = Static<typeof DeliveryDetailSchema>
export const DeliveryDetailResponses = {
  200: SuccessEnvelope(DeliveryDetailSchema, 'The delivery, its attempts and their headers'),
  404: { ...ErrorEnvelopeSchema, description: 'No such delivery' },
  ...AdminErrors
}
