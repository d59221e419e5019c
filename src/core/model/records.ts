/**
 * The stored shape of each resource: what the store keeps and the simulation changes, declared once
 * as TypeBox schemas (the fixture format and the control API show records as they are) with their
 * TypeScript types derived. No surface's wire format lives here: each API surface maps these
 * records to its own JSON (its presenters).
 */
import { Type, type Static, type TSchema } from 'typebox'

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const BATCH_STATUSES = ['pending', 'active', 'completed', 'failed', 'cancelled'] as const
export type BatchStatus = typeof BATCH_STATUSES[number]

export const START_MODES = ['manual', 'immediate', 'scheduled'] as const
export type StartMode = typeof START_MODES[number]

/**
 * A call's life: pending (not dialed) -> queued (handed to the dialer) -> ringing -> in_progress
 * (answered) -> one of the terminal statuses.
 */
export const CALL_STATUSES = ['pending', 'queued', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer', 'busy'] as const
export type CallStatus = typeof CALL_STATUSES[number]
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'failed', 'no_answer', 'busy']
/** Dialed and not yet ended: these hold one of the batch's concurrency lanes. */
export const IN_FLIGHT_CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in_progress']

/** Transcript and analysis processing after a call ends. */
export const PROCESSING_STATUSES = ['disabled', 'pending', 'processing', 'ready', 'failed'] as const
export type ProcessingStatus = typeof PROCESSING_STATUSES[number]

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
  /** null: the server-wide RATE_LIMIT_PER_MINUTE applies. */
  rate_limit_per_minute: Nullable(Type.Integer()),
  webhook_secret: Type.String(),
  created_at: Time
})
export type AccountRecord = Static<typeof AccountRecordSchema>

export const ApiKeyRecordSchema = Type.Object({
  api_key: Type.String(),
  account_id: Type.String(),
  active: Type.Boolean(),
  created_at: Time
})
export type ApiKeyRecord = Static<typeof ApiKeyRecordSchema>

/** The account behind a presented key, as the API guards need it. */
export interface KeyOwner {
  account_id: string
  api_enabled: boolean
  rate_limit_per_minute: number | null
  key_hash: string
}

export const AgentRecordSchema = Type.Object({
  agent_id: Type.String(),
  account_id: Type.String(),
  agent_name: Type.String(),
  voice: Type.String(),
  current_version: Type.String(),
  /** Every prompt version id of the agent (current_version included). */
  versions: Type.Array(Type.String()),
  /** The Title-Case outcome labels this agent extracts. */
  outcome_keys: Type.Array(Type.String())
})
export type AgentRecord = Static<typeof AgentRecordSchema>

export const BatchRecordSchema = Type.Object({
  schedule_id: Type.String(),
  account_id: Type.String(),
  agent_id: Type.String(),
  agent_name: Type.String(),
  version_id: Type.String(),
  status: Type.Enum(BATCH_STATUSES),
  start_mode: Type.Enum(START_MODES),
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
  /** Documentation records stay exactly as documented: the simulation never touches them. */
  frozen: Type.Boolean()
})
export type BatchRecord = Static<typeof BatchRecordSchema>

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
export type CallRecord = Static<typeof CallRecordSchema>

/** The fields of a call that has not been dialed yet: nothing measured, nothing processed. */
export const notStartedCall = () => ({
  status: 'pending' as CallStatus,
  duration_seconds: null,
  answer_duration_seconds: null,
  disconnect_reason: null,
  transcript_status: 'pending' as ProcessingStatus,
  analysis_status: 'pending' as ProcessingStatus,
  summary: null,
  outcomes: {} as Record<string, string>,
  recording_available: false,
  started_at: null,
  ended_at: null
}) satisfies Partial<CallRecord>

/** How a call status counts in the batch counters: total = completed + failed + pending. */
export function counterFor (status: CallStatus): 'completed' | 'failed' | 'pending' {
  if (status === 'completed') return 'completed'
  if (status === 'failed' || status === 'no_answer' || status === 'busy') return 'failed'
  return 'pending'
}
