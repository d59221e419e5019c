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
export const CALL_STATUSES = ['pending', 'queued', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer', 'busy', 'expired'] as const
export type CallStatus = typeof CALL_STATUSES[number]
/** Ended: dialed and finished, or (expired) never dialed because the batch's window closed first. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'failed', 'no_answer', 'busy', 'expired']
/** Dialed and not yet ended: these hold one of the batch's concurrency lanes. */
export const IN_FLIGHT_CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in_progress']

/** The API an account belongs to: its keys work on that provider's paths only. */
export const PROVIDERS = ['techladder', 'cartesia', 'ultravox'] as const
export type Provider = typeof PROVIDERS[number]

/** TechLadder answers as its docs describe it (documented) or as its live API was seen to (observed). */
export const PROFILES = ['documented', 'observed'] as const
export type Profile = typeof PROFILES[number]

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
  created_at: Time,
  provider: Type.Enum(PROVIDERS),
  /** TechLadder accounts: the response profile; null: the server's --profile. */
  profile: Nullable(Type.Enum(PROFILES))
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
  provider: Provider
  profile: Profile | null
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
  outcome_keys: Type.Array(Type.String()),
  /** null on databases made before agents had a creation time. */
  created_at: NullableTime
})
export type AgentRecord = Static<typeof AgentRecordSchema>

/** A phone number an account dials from (Cartesia's `from_number_id`). */
export const PhoneNumberRecordSchema = Type.Object({
  number_id: Type.String(),
  account_id: Type.String(),
  /** E.164, e.g. +14155550100. */
  number: Type.String(),
  /** Who carries it: the provider's own numbers, a Twilio account, or a SIP trunk. */
  kind: Type.Enum(['provider', 'twilio', 'sip_trunk']),
  created_at: Time
})
export type PhoneNumberRecord = Static<typeof PhoneNumberRecordSchema>

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
  frozen: Type.Boolean(),
  /** A label (Cartesia's `name`). */
  name: Nullable(Type.String()),
  /** The phone number record the batch dials from (Cartesia's `from_number_id`). */
  from_number_id: Nullable(Type.String()),
  /** Times the failed and unanswered calls were dialed again. */
  retry_count: Type.Integer({ minimum: 0 }),
  /** Calls not dialed by this instant expire (Ultravox's `windowEnd`); null: no expiry. */
  window_end_at: NullableTime,
  /** The secret webhooks of this batch are signed with; null: the account's. */
  webhook_secret: Nullable(Type.String()),
  /** When no call was left waiting to be dialed (every call dialed, expired or failed before dialing). */
  drained_at: NullableTime,
  /** Deleted batches are gone from every API (calls already dialed run to their end). */
  deleted_at: NullableTime,
  /** What the surface that made the batch keeps for its own view (opaque to the core). */
  extra: Nullable(Type.Record(Type.String(), Type.Unknown()))
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
  metadata: Type.Record(Type.String(), Type.String()),
  /** 1 for the first dial; a retry dials again as the next attempt, with a new call_id. */
  attempt: Type.Integer({ minimum: 1 }),
  /** Position in the store-wide order of dialing (when the call was handed to the dialer); null: not dialed. */
  dialed_ord: Nullable(Type.Integer({ minimum: 1 })),
  /** Why the call could not be placed at all (it failed before dialing); null otherwise. */
  dial_error: Nullable(Type.String()),
  /** What the surface that made the call keeps for its own view (opaque to the core). */
  extra: Nullable(Type.Record(Type.String(), Type.Unknown()))
})
export type CallRecord = Static<typeof CallRecordSchema>

/** An earlier attempt of a call that was dialed again: the call's dialing fields as they ended. */
export type CallAttemptRecord = Pick<CallRecord, 'batch_id' | 'seq' | 'attempt' | 'call_id' | 'dialed_ord' | 'status' |
  'duration_seconds' | 'answer_duration_seconds' | 'disconnect_reason' | 'dial_error' | 'transcript_status' |
  'analysis_status' | 'summary' | 'outcomes' | 'recording_available' | 'started_at' | 'ended_at'>

/** What a batch has when nothing sets it: no name, no window, never retried, nothing kept for a surface. */
export const batchDefaults = () => ({
  name: null,
  from_number_id: null,
  retry_count: 0,
  window_end_at: null,
  webhook_secret: null,
  drained_at: null,
  deleted_at: null,
  extra: null
}) satisfies Partial<BatchRecord>

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
  ended_at: null,
  dialed_ord: null,
  dial_error: null
}) satisfies Partial<CallRecord>

/** A call's first attempt, with nothing kept for a surface. */
export const firstAttempt = () => ({ attempt: 1, extra: null }) satisfies Partial<CallRecord>

/** Whether a call in this status was handed to the dialer (it has a place in the order of dialing). */
export const wasDialed = (status: CallStatus): boolean => status !== 'pending' && status !== 'expired'

/** How a call status counts in the batch counters: total = completed + failed + pending. */
export function counterFor (status: CallStatus): 'completed' | 'failed' | 'pending' {
  if (status === 'completed') return 'completed'
  if (status === 'failed' || status === 'no_answer' || status === 'busy' || status === 'expired') return 'failed'
  return 'pending'
}
