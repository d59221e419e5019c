import { Type, type Static, type TSchema } from 'typebox'
import { ErrorEnvelopeSchema, Nullable, PageOf, PublicErrorResponses, SuccessEnvelope } from '../envelope.js'

export const BatchStatus = Type.Enum(
  ['pending', 'active', 'completed', 'failed', 'cancelled'],
  { description: 'pending: created, not yet started; active: running calls; completed: all calls finished; failed: the batch hit an error; cancelled: cancelled by hand' }
)
export const StartMode = Type.Enum(['manual', 'immediate', 'scheduled'])

/** Get Call Batch: exactly the fields of the Get Batch page. */
export const BatchDetailSchema = Type.Object({
  schedule_id: Type.String(),
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
  scheduled_at: Nullable(Type.String({ format: 'date-time' })),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
}, { additionalProperties: false })

/** One item of List Call Batches: exactly the fields the List page shows, a subset of Get Batch's. */
const D = BatchDetailSchema.properties
export const BatchListItemSchema = Type.Object({
  schedule_id: D.schedule_id,
  agent_id: D.agent_id,
  agent_name: D.agent_name,
  version_id: D.version_id,
  status: D.status,
  start_mode: D.start_mode,
  total_contacts: D.total_contacts,
  completed_contacts: D.completed_contacts,
  failed_contacts: D.failed_contacts,
  scheduled_at: D.scheduled_at,
  created_at: D.created_at
}, { additionalProperties: false })

export type BatchListItem = Static<typeof BatchListItemSchema>
export type BatchDetail = Static<typeof BatchDetailSchema>

/** A documented batch id: the docs page's "Try it out" starts from it (it answers 200 with the seed). */
export const EXAMPLE_BATCH_ID = 'sched_7bac6f2a'

const BatchIdField = Type.String({ description: 'Observed profile: the batch ID (the same value as schedule_id), as the live API returns it' })

/** Get Call Batch in the observed profile: `batch_id` (= schedule_id) first, then the documented fields. */
export const ObservedBatchDetailSchema = Type.Object({
  batch_id: BatchIdField,
  ...BatchDetailSchema.properties
}, { additionalProperties: false })

/** A List Call Batches item in the observed profile: `batch_id` first, as in Get Batch. */
export const ObservedBatchListItemSchema = Type.Object({
  batch_id: BatchIdField,
  ...BatchListItemSchema.properties
}, { additionalProperties: false })

export type ObservedBatchDetail = Static<typeof ObservedBatchDetailSchema>

/**
 * A 200 that differs by profile: the documented body, or the observed one (see docs/profiles.md).
 * Which one a request gets depends on its account's profile, else the server's --profile.
 */
export function ByProfile<D extends TSchema, O extends TSchema> (documented: D, observed: O, description: string) {
  return Type.Union([
    { ...documented, title: 'documented profile' },
    { ...observed, title: 'observed profile' }
  ], { description: `${description}. The documented profile answers the first shape, the observed profile the second (docs/profiles.md).` })
}

export const BatchIdParamsSchema = Type.Object({
  batch_id: Type.String({ description: 'The batch/schedule ID, e.g. sched_7bac6f2a', examples: [EXAMPLE_BATCH_ID] })
})

const limitMessage = (max: number) => `Must be an integer between 1 and ${max}`

/** Query integer with the message this mock reports when it is bad (`x-error` is read by the error handler). */
export const LimitQuery = (def: number, max: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: def, description: `Results per page. Default: ${def}, Max: ${max}`, 'x-error': limitMessage(max) })
export const PageQuery = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, description: 'Page number (1-indexed). Default: 1', 'x-error': 'Must be a positive integer' })

export const ListBatchesQuerySchema = Type.Object({
  agent_id: Type.Optional(Type.String({ description: 'Filter by agent ID (e.g., agt-57949b14)', 'x-error': 'Must be a single string' })),
  status: Type.Optional(Type.String({
    enum: ['pending', 'active', 'completed', 'failed', 'cancelled'],
    description: 'Filter by status: pending, active, completed, failed, cancelled',
    'x-error': 'Must be one of pending, active, completed, failed, cancelled'
  })),
  limit: LimitQuery(50, 100),
  page: PageQuery
})
export type ListBatchesQuery = Static<typeof ListBatchesQuerySchema>

/** The 200 of each profile (the response types export both). */
export const ListBatchesDocumented = SuccessEnvelope(PageOf(BatchListItemSchema), 'A paginated list of call batches, newest first')
export const ListBatchesObserved = SuccessEnvelope(PageOf(ObservedBatchListItemSchema), 'A paginated list of call batches, newest first')
export const GetBatchDocumented = SuccessEnvelope(BatchDetailSchema, 'Full details for the requested batch')
export const GetBatchObserved = SuccessEnvelope(ObservedBatchDetailSchema, 'Full details for the requested batch')

export const ListBatchesResponses = {
  200: ByProfile(ListBatchesDocumented, ListBatchesObserved, 'A paginated list of call batches, newest first'),
  422: { ...ErrorEnvelopeSchema, description: 'Query parameters failed validation' },
  ...PublicErrorResponses
}

export const GetBatchResponses = {
  200: ByProfile(GetBatchDocumented, GetBatchObserved, 'Full details for the requested batch'),
  404: { ...ErrorEnvelopeSchema, description: 'The batch does not exist or is not owned by your account' },
  ...PublicErrorResponses
}
