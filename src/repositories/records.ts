/**
 * The stored shape of each resource, and the one place that turns a record into the
 * documented JSON. The JSON of list items, calls and results is stored beside the row
 * (serialized once when the row changes) so a page is a concatenation of stored bytes.
 */
import type { BatchDetail, BatchListItem } from '../schemas/batch.js'
import type { CallItem, CallStatus, ProcessingStatus, ResultItem } from '../schemas/call.js'

export type BatchStatus = 'pending' | 'active' | 'completed' | 'failed' | 'cancelled'
export type StartMode = 'manual' | 'immediate' | 'scheduled'

export interface AccountRecord {
  account_id: string
  name: string
  email: string
  api_enabled: boolean
  max_batch_size: number
  max_concurrent_calls: number
  max_call_duration_seconds: number
  /** null: the server-wide RATE_LIMIT_PER_MINUTE applies. */
  rate_limit_per_minute: number | null
  webhook_secret: string
  created_at: string
}

export interface ApiKeyRecord {
  api_key: string
  account_id: string
  active: boolean
  created_at: string
}

export interface AgentRecord {
  agent_id: string
  account_id: string
  agent_name: string
  voice: string
  current_version: string
  /** Every prompt version id of the agent (current_version included). */
  versions: string[]
  /** The Title-Case outcome labels this agent extracts. */
  outcome_keys: string[]
}

export interface BatchRecord {
  schedule_id: string
  account_id: string
  agent_id: string
  agent_name: string
  version_id: string
  status: BatchStatus
  start_mode: StartMode
  voice: string
  did_number: string | null
  total_contacts: number
  completed_contacts: number
  failed_contacts: number
  pending_contacts: number
  concurrency: number
  recording_enabled: boolean
  scheduled_at: string | null
  started_at: string | null
  created_at: string
  updated_at: string
  interruption: boolean
  use_alternate_number: boolean
  deduplicate_by_phone: boolean
  callback_url: string | null
  max_duration_seconds_per_call: number | null
  metadata: Record<string, unknown> | null
  /** Documentation records stay exactly as documented: the simulation never touches them. */
  frozen: boolean
}

export interface CallRecord {
  batch_id: string
  seq: number
  call_id: string
  external_id: string
  phone_number: string
  name: string | null
  status: CallStatus
  duration_seconds: number | null
  answer_duration_seconds: number | null
  disconnect_reason: string | null
  transcript_status: ProcessingStatus
  analysis_status: ProcessingStatus
  summary: string | null
  outcomes: Record<string, string>
  recording_available: boolean
  started_at: string | null
  ended_at: string | null
  metadata: Record<string, string>
}

export function batchListItem (b: BatchRecord): BatchListItem {
  return {
    schedule_id: b.schedule_id,
    agent_id: b.agent_id,
    agent_name: b.agent_name,
    version_id: b.version_id,
    status: b.status,
    start_mode: b.start_mode,
    total_contacts: b.total_contacts,
    completed_contacts: b.completed_contacts,
    failed_contacts: b.failed_contacts,
    scheduled_at: b.scheduled_at,
    created_at: b.created_at
  }
}

export function batchDetail (b: BatchRecord): BatchDetail {
  return {
    schedule_id: b.schedule_id,
    agent_id: b.agent_id,
    agent_name: b.agent_name,
    version_id: b.version_id,
    status: b.status,
    start_mode: b.start_mode,
    voice: b.voice,
    did_number: b.did_number,
    total_contacts: b.total_contacts,
    completed_contacts: b.completed_contacts,
    failed_contacts: b.failed_contacts,
    pending_contacts: b.pending_contacts,
    concurrency: b.concurrency,
    recording_enabled: b.recording_enabled,
    scheduled_at: b.scheduled_at,
    started_at: b.started_at,
    created_at: b.created_at,
    updated_at: b.updated_at
  }
}

export function callItem (c: CallRecord): CallItem {
  return {
    call_id: c.call_id,
    external_id: c.external_id,
    phone_number: c.phone_number,
    name: c.name,
    status: c.status,
    duration_seconds: c.duration_seconds,
    started_at: c.started_at,
    ended_at: c.ended_at,
    metadata: c.metadata
  }
}

export function resultItem (c: CallRecord): ResultItem {
  return {
    call_id: c.call_id,
    external_id: c.external_id,
    phone_number: c.phone_number,
    name: c.name,
    status: c.status,
    duration_seconds: c.duration_seconds,
    answer_duration_seconds: c.answer_duration_seconds,
    disconnect_reason: c.disconnect_reason,
    transcript_status: c.transcript_status,
    analysis_status: c.analysis_status,
    summary: c.summary,
    outcomes: c.outcomes,
    recording: {
      available: c.recording_available,
      file_key: c.recording_available ? `recordings/${c.call_id}.wav` : null
    },
    started_at: c.started_at,
    ended_at: c.ended_at
  }
}

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
