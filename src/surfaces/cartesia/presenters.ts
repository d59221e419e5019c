/**
 * Records to Cartesia JSON: the one place that knows how the core's batches and calls read as
 * Cartesia's call batches, recipients and agent calls. Everything Cartesia derives when read is
 * derived here, from the records alone:
 *
 * - A recipient is one call of the batch (its latest attempt): `queued` until dialed (`cancelled`
 *   if the batch was cancelled first), `dispatched` while queued or ringing, `started` once
 *   answered, then `completed` or `failed`. A call that could not be placed at all (failed before
 *   dialing) is `failed` with an `error_message` and no `agent_call_id`.
 * - A batch is `cancelled` while a cancelled batch has undialed recipients, `failed` when every
 *   recipient failed before dialing (or the control API failed it), `completed` once every
 *   recipient was dispatched (calls may still be running), `in_progress` once one was, else
 *   `pending`. The counters follow the recipients.
 * - An agent call is one dial attempt: `created` (queued or ringing), `started` (answered),
 *   `completed`, or `failed` (not answered, busy, dropped), with `end_reason` from Cartesia's list.
 */
import type { AgentRecord, BatchRecord, CallRecord, CallStatus, PhoneNumberRecord } from '../../core/model/records.js'
import type { DialedCall } from '../../core/store/dialed.js'
import { syntheticTranscript } from '../../core/simulation/transcript.js'
import { recipientId } from './ids.js'
import type {
  AgentCall, AgentCallBatch, AgentCallBatchRecipient, AgentCallBatchRecipientStatus, AgentCallBatchRegion,
  AgentCallBatchStatus, AgentCallStatus, AgentSummary, AgentTranscript, EndReason, TelephonyAccountType
} from './schemas.js'

/** What a Cartesia batch keeps beside the core's fields (BatchRecord.extra). */
export interface BatchExtra {
  region: AgentCallBatchRegion
  ringing_timeout_seconds: number
  max_call_duration_minutes: number
  /**
   * immediate: created without `scheduled_at` (the core holds it for its admission delay, which
   * is no schedule of the client's: `scheduled_at` is not shown).
   */
  dispatch?: 'immediate' | 'scheduled'
}

/** What a Cartesia recipient keeps beside the core's fields (CallRecord.extra): its metadata, any JSON object. */
export interface RecipientExtra {
  metadata: Record<string, unknown> | null
}

const REGIONS: readonly string[] = ['US', 'EU', 'APAC']

export function regionOf (b: BatchRecord): AgentCallBatchRegion {
  const r = b.extra?.region
  return typeof r === 'string' && REGIONS.includes(r) ? r as AgentCallBatchRegion : 'US'
}

/** A number as E.164 (seeded calls store their digits without the `+`). */
export const e164 = (phone: string): string => phone.startsWith('+') ? phone : `+${phone}`

/** The recipient's metadata: what the request gave (any JSON object, or null), else the core's string map. */
export function metadataOf (c: Pick<CallRecord, 'extra' | 'metadata'>): Record<string, unknown> | null {
  if (c.extra !== null && 'metadata' in c.extra) {
    const m = c.extra.metadata
    return typeof m === 'object' && m !== null && !Array.isArray(m) ? m as Record<string, unknown> : null
  }
  return Object.keys(c.metadata).length > 0 ? c.metadata : null
}

// ---------------------------------------------------------------------------------------------
// Statuses

const END_REASONS: Readonly<Record<string, EndReason>> = {
  agent_hangup: 'agent_hangup',
  // A message left on voicemail: the agent ends the call.
  voicemail: 'agent_hangup',
  customer_hangup: 'client_hangup',
  max_duration_reached: 'max_duration',
  no_answer: 'dial_no_answer',
  busy: 'dial_busy',
  network_error: 'dial_failed',
  number_unreachable: 'dial_failed',
  batch_cancelled: 'api_cancelled',
  batch_failed: 'error'
}

const TERMINAL: ReadonlySet<CallStatus> = new Set(['completed', 'failed', 'no_answer', 'busy'])

/** Why a finished call ended, in Cartesia's words; null while it runs. */
export function endReasonOf (c: Pick<CallRecord, 'status' | 'disconnect_reason'>): EndReason | null {
  if (!TERMINAL.has(c.status) || c.disconnect_reason === null) return null
  return END_REASONS[c.disconnect_reason] ?? 'error'
}

export function callStatusOf (status: CallStatus): AgentCallStatus {
  switch (status) {
    case 'in_progress': return 'started'
    case 'completed': return 'completed'
    case 'failed': case 'no_answer': case 'busy': case 'expired': return 'failed'
    default: return 'created'
  }
}

/** A recipient's status from its call's (latest attempt) and its batch's core status. */
export function recipientStatusOf (batchStatus: BatchRecord['status'], status: CallStatus): AgentCallBatchRecipientStatus {
  switch (status) {
    case 'pending': return batchStatus === 'cancelled' ? 'cancelled' : batchStatus === 'failed' ? 'failed' : 'queued'
    case 'queued': case 'ringing': return 'dispatched'
    case 'in_progress': return 'started'
    case 'completed': return 'completed'
    default: return 'failed'
  }
}

export interface BatchCounts {
  scheduled: number
  dispatched: number
  finished: number
  queued: number
  cancelled: number
  failed: number
}

/** Recipient counts from the core's per-status call counts. */
export function countsOf (b: BatchRecord, byStatus: Partial<Record<CallStatus, number>>): BatchCounts {
  const c = { scheduled: 0, dispatched: 0, finished: 0, queued: 0, cancelled: 0, failed: 0 }
  for (const [status, n] of Object.entries(byStatus) as Array<[CallStatus, number]>) {
    c.scheduled += n
    const r = recipientStatusOf(b.status, status)
    if (r === 'queued') c.queued += n
    else if (r === 'cancelled') c.cancelled += n
    else c.dispatched += n
    if (r === 'completed' || r === 'failed') c.finished += n
    if (r === 'failed') c.failed += n
  }
  return c
}

/**
 * The batch's status, derived when read. `placedCount` (call attempts actually placed) is asked for
 * only when every recipient failed: the batch `failed` if none was ever placed.
 */
export function batchStatusOf (b: BatchRecord, c: BatchCounts, placedCount: () => number): AgentCallBatchStatus {
  if (c.cancelled > 0) return 'cancelled'
  if (b.status === 'failed') return 'failed'
  if (c.scheduled > 0 && c.failed === c.scheduled && placedCount() === 0) return 'failed'
  if (c.queued === 0 && b.status !== 'pending') return 'completed'
  if (c.dispatched > 0) return 'in_progress'
  return 'pending'
}

// ---------------------------------------------------------------------------------------------
// Views

export function batchView (b: BatchRecord, c: BatchCounts, placedCount: () => number): AgentCallBatch {
  const view: AgentCallBatch = {
    id: b.schedule_id,
    name: b.name ?? '',
    agent_id: b.agent_id,
    from_number_id: b.from_number_id ?? '',
    region: regionOf(b),
    target_concurrency_limit: b.concurrency,
    status: batchStatusOf(b, c, placedCount),
    total_calls_scheduled: c.scheduled,
    total_calls_dispatched: c.dispatched,
    total_calls_finished: c.finished,
    retry_count: b.retry_count,
    created_at: b.created_at,
    last_updated_at: b.updated_at
  }
  if (b.start_mode === 'scheduled' && b.scheduled_at !== null && b.extra?.dispatch !== 'immediate') view.scheduled_at = b.scheduled_at
  if (b.started_at !== null) view.admitted_at = b.started_at
  return view
}

/** Why a recipient that was never dialed failed. */
const NOT_DIALED: Partial<Record<CallStatus, string>> = {
  expired: 'The batch\'s dispatch window closed before this recipient was dialed',
  pending: 'The batch failed before this recipient was dialed'
}

/** What a recipient is shown from: its call's (latest attempt's) fields and its metadata. */
export type RecipientSource = Pick<CallRecord, 'seq' | 'phone_number' | 'status' | 'dial_error' | 'dialed_ord' | 'call_id' | 'disconnect_reason'> & {
  metadata: Record<string, unknown> | null
}

/** A recipient's metadata from a call row as stored (JSON text): what the request gave, else the core's string map. */
export function metadataOfRow (row: { extra: string | null, metadata: string }): Record<string, unknown> | null {
  if (row.extra !== null) {
    const extra = JSON.parse(row.extra) as Record<string, unknown>
    if ('metadata' in extra) return metadataOf({ extra, metadata: {} })
  }
  return row.metadata === '{}' ? null : JSON.parse(row.metadata) as Record<string, unknown>
}

/** A recipient, its fields in the order Cartesia's docs show them (id, to_number, status, created_at, then the optional ones). */
export function recipientView (b: BatchRecord, c: RecipientSource): AgentCallBatchRecipient {
  const status = recipientStatusOf(b.status, c.status)
  const r: AgentCallBatchRecipient = { id: recipientId(b.schedule_id, c.seq), to_number: e164(c.phone_number), status, created_at: b.created_at }
  if (c.dial_error !== null) {
    r.error_message = c.dial_error
  } else if (status === 'failed' && c.dialed_ord === null) {
    r.error_message = NOT_DIALED[c.status] ?? 'This recipient could not be dialed'
  } else if (status !== 'queued' && status !== 'cancelled') {
    r.agent_call_id = c.call_id
    const reason = endReasonOf(c)
    if (reason !== null) r.end_reason = reason
  }
  r.metadata = c.metadata
  return r
}

/** What a call view needs of its batch. */
export interface CallContext {
  agentName: string
  fromNumber: PhoneNumberRecord | undefined
}

const ACCOUNT_TYPES: Readonly<Record<PhoneNumberRecord['kind'], TelephonyAccountType>> = { provider: 'cartesia', twilio: 'twilio', sip_trunk: 'sip_trunk' }

export function transcriptOf (seed: number, c: DialedCall): AgentTranscript[] | null {
  if (c.status !== 'completed') return null
  return syntheticTranscript(seed, c).map(t => ({
    role: t.role === 'agent' ? 'assistant' : 'user',
    text: t.text,
    start_timestamp: t.startSeconds,
    end_timestamp: t.endSeconds
  }))
}

/** One call attempt. `transcript`: undefined leaves the key out (a list without expand). */
export function callView (c: DialedCall, ctx: CallContext, transcript: AgentTranscript[] | null | undefined): AgentCall {
  const status = callStatusOf(c.status)
  const endReason = endReasonOf(c)
  const view: AgentCall = {
    id: c.call_id,
    agent_id: c.agent_id,
    agent_name: ctx.agentName,
    start_time: c.started_at,
    end_time: status === 'completed' || status === 'failed' ? c.ended_at : null,
    telephony_params: {
      to: e164(c.phone_number),
      ...(ctx.fromNumber === undefined ? {} : { from: ctx.fromNumber.number }),
      direction: 'outbound',
      connection_type: 'phone'
    },
    telephony_account_type: ctx.fromNumber === undefined ? null : ACCOUNT_TYPES[ctx.fromNumber.kind],
    summary: c.summary,
    status,
    error_message: endReason === 'dial_failed' ? 'The call could not be connected' : endReason === 'error' ? 'The call ended with an error' : null,
    end_reason: endReason,
    metadata: metadataOf(c)
  }
  if (transcript !== undefined) view.transcript = transcript
  return view
}

/**
 * An agent. Numbers are not tied to agents in the store; Cartesia allows one per agent, so the
 * organization's n-th number (by creation, then id) shows on its n-th agent.
 */
export function agentView (a: AgentRecord, number: PhoneNumberRecord | undefined, accountCreatedAt: string): AgentSummary {
  const created = a.created_at ?? accountCreatedAt
  return {
    id: a.agent_id,
    name: a.agent_name,
    description: null,
    created_at: created,
    updated_at: created,
    tts_voice: a.voice,
    tts_language: 'en',
    webhook_id: null,
    deleted_at: null,
    git_repository: null,
    git_deploy_branch: null,
    phone_numbers: number === undefined ? [] : [{ id: number.number_id, number: number.number }],
    has_text_to_agent_run: false,
    deployment_count: 1
  }
}
