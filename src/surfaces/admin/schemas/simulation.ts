/** Control API schemas for the simulation (batches, clock) and webhook deliveries. */
import { Type } from 'typebox'
import { BatchDetailSchema } from '../../techladder/schemas/batch.js'
import { ErrorEnvelopeSchema, Nullable, PageOf, SuccessEnvelope } from '../../techladder/envelope.js'

const Timestamp = Type.String({ format: 'date-time' })

export const AdminBatchSchema = Type.Object({
  ...BatchDetailSchema.properties,
  account_id: Type.String(),
  paused: Type.Boolean({ description: 'Paused batches stay "active" in the public API; no new calls are dialed' }),
  frozen: Type.Boolean({ description: 'Documented example batches: never simulated, every transition is refused' }),
  callback_url: Nullable(Type.String()),
  deduplicate_by_phone: Type.Boolean(),
  interruption: Type.Boolean(),
  use_alternate_number: Type.Boolean(),
  max_duration_seconds_per_call: Nullable(Type.Integer()),
  metadata: Nullable(Type.Record(Type.String(), Type.Unknown())),
  call_counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'Calls per call status' }),
  next_event_at: Nullable(Type.String({ format: 'date-time', description: 'When the simulation next changes this batch (null: nothing scheduled)' }))
})

export const AdminBatchParamsSchema = Type.Object({ batch_id: Type.String({ examples: ['sched_7bac6f2a'] }) })
export const TransitionParamsSchema = Type.Object({
  batch_id: Type.String(),
  action: Type.String({ enum: ['start', 'pause', 'resume', 'cancel', 'fail'], 'x-error': 'Must be one of start, pause, resume, cancel, fail' })
})

const AdminErrors = {
  401: { ...ErrorEnvelopeSchema, description: 'Missing or invalid admin token (when ADMIN_TOKEN is set)' },
  500: { ...ErrorEnvelopeSchema, description: 'Internal server error' }
}

export const AdminBatchResponses = {
  200: SuccessEnvelope(AdminBatchSchema, 'The batch as the control API sees it'),
  404: { ...ErrorEnvelopeSchema, description: 'No such batch' },
  ...AdminErrors
}
export const TransitionResponses = {
  ...AdminBatchResponses,
  409: { ...ErrorEnvelopeSchema, description: 'The transition is not allowed from the batch\'s state (or the batch is a frozen documented example)' }
}

export const ClockSchema = Type.Object({
  mode: Type.Enum(['realtime', 'manual']),
  speed: Type.Number({ description: 'Simulated seconds per wall-clock second (realtime mode)' }),
  time: Timestamp,
  time_ms: Type.Integer({ description: 'The same instant in ms since the epoch' })
})
export const ClockResponses = {
  200: SuccessEnvelope(ClockSchema, 'The clock'),
  400: { ...ErrorEnvelopeSchema, description: 'Invalid request body' },
  409: { ...ErrorEnvelopeSchema, description: 'The clock never moves backwards' },
  503: { ...ErrorEnvelopeSchema, description: 'The server is stopping: the move ended early (what was due is processed at the next start)' },
  413: { ...ErrorEnvelopeSchema, description: 'Request body too large' },
  415: { ...ErrorEnvelopeSchema, description: 'Content type is not application/json' },
  ...AdminErrors
}
export const SetClockBodySchema = Type.Object({
  mode: Type.Optional(Type.String({ enum: ['realtime', 'manual'], 'x-error': 'Must be one of realtime, manual' })),
  speed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000000, 'x-error': 'Must be a number greater than 0 and at most 1000000' })),
  time: Type.Optional(Type.String({ format: 'date-time', 'x-error': 'Must be an ISO 8601 date-time such as 2026-05-14T10:30:00Z' }))
}, { additionalProperties: false, examples: [{ mode: 'manual' }] })
export const AdvanceBodySchema = Type.Object({
  seconds: Type.Optional(Type.Number({ minimum: 0, maximum: 31536000000, 'x-error': 'Must be a number of seconds, 0 or more' })),
  to: Type.Optional(Type.String({ format: 'date-time', 'x-error': 'Must be an ISO 8601 date-time such as 2026-05-14T10:30:00Z' }))
}, { additionalProperties: false, description: 'Exactly one of seconds and to', examples: [{ seconds: 60 }] })

export const AttemptSchema = Type.Object({
  attempt: Type.Integer({ minimum: 1 }),
  attempted_at: Timestamp,
  success: Type.Boolean(),
  response_status: Nullable(Type.Integer()),
  latency_ms: Type.Integer({ minimum: 0 }),
  error: Nullable(Type.String()),
  redelivery: Type.Boolean()
})
export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'The event id (evt_…): one delivery per event' }),
  event_type: Type.String(),
  account_id: Type.String(),
  batch_id: Type.String(),
  url: Type.String(),
  status: Type.Enum(['pending', 'succeeded', 'failed']),
  attempt_count: Type.Integer({ minimum: 0 }),
  next_attempt_at: Nullable(Timestamp),
  created_at: Timestamp,
  payload: Type.Unknown({ description: 'The event exactly as sent' }),
  attempts: Type.Array(AttemptSchema)
})
export const DeliveriesQuerySchema = Type.Object({
  batch_id: Type.Optional(Type.String()),
  event_type: Type.Optional(Type.String({ enum: ['batch.started', 'call.finished', 'batch.completed', 'batch.cancelled', 'batch.failed'], 'x-error': 'Must be one of batch.started, call.finished, batch.completed, batch.cancelled, batch.failed' })),
  status: Type.Optional(Type.String({ enum: ['pending', 'succeeded', 'failed'], 'x-error': 'Must be one of pending, succeeded, failed' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, 'x-error': 'Must be an integer between 1 and 500' }),
  page: Type.Integer({ minimum: 1, default: 1, 'x-error': 'Must be a positive integer' }),
  order: Type.Optional(Type.String({ enum: ['asc', 'desc'], description: 'asc: oldest first (default); desc: newest first', 'x-error': 'Must be one of asc, desc' }))
})
export const DeliveriesResponses = {
  200: SuccessEnvelope(PageOf(DeliverySchema), 'Webhook deliveries, oldest first (newest first with order=desc)'),
  422: { ...ErrorEnvelopeSchema, description: 'Invalid query parameters' },
  ...AdminErrors
}
export const DeliveryParamsSchema = Type.Object({ delivery_id: Type.String() })
export const RedeliverResponses = {
  200: SuccessEnvelope(DeliverySchema, 'The delivery after the extra attempt'),
  404: { ...ErrorEnvelopeSchema, description: 'No such delivery' },
  ...AdminErrors
}
