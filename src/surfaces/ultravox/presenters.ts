/**
 * The core's records as Ultravox's JSON: an agent, a scheduled call batch, a scheduled call (the
 * per-recipient queue view), a created call (Ultravox's `Call`) and its messages. Keys come in the
 * order the docs show them; every key the schema has is sent (null included), as DRF does.
 *
 * How the core's call lifecycle reads here:
 * - scheduled call status: pending -> FUTURE; queued (being created) -> PENDING; ringing and
 *   everything after -> SUCCESS (the call exists from its first ring: that is its `created`);
 *   failed before dialing (`dial_error`) -> ERROR with `error`, no call; expired -> EXPIRED.
 * - a created call is `joined` when it was answered, `ended` when it ended; its `endReason` says how
 *   (unanswered and busy calls end `unjoined`).
 */
import type { AgentRecord, BatchRecord, CallRecord, CallStatus } from '../../core/model/records.js'
import type { FateSource } from '../../core/simulation/call-outcome.js'
import { hash32 } from '../../core/simulation/random.js'
import { syntheticTranscript } from '../../core/simulation/transcript.js'
import { drfTime, drfTimeOf } from './datetime.js'
import { uuidFrom } from './ids.js'
import { isOutgoing, isSip, type Medium } from './medium.js'
import type { Agent, Call, CallMessage, ScheduledCall, ScheduledCallBatch, ScheduledCallStatus } from './schemas.js'

/** What this surface keeps on a batch it made (BatchRecord.extra). */
export interface BatchExtra {
  windowStart?: string | null
  windowEnd?: string | null
  webhookUrl?: string | null
  throttle?: string | null
  /** Whether some call has a non-outgoing medium (the webhook rule, checked again on PATCH). */
  nonOutgoing?: boolean
  /** Seeded batches: the medium of every call (their calls keep none of their own). */
  seedMedium?: Medium | null
}

/** What this surface keeps on a call it made (CallRecord.extra). */
export interface CallExtra {
  medium?: Medium | null
  /** The client sent `metadata: null` (the core keeps `{}`). */
  metadataNull?: boolean
  templateContext?: unknown
  experimentalSettings?: unknown
}

export const batchExtra = (b: BatchRecord): BatchExtra => (b.extra ?? {}) as BatchExtra
export const callExtra = (c: CallRecord): CallExtra => (c.extra ?? {}) as CallExtra

/** The UUID the docs' examples use (the documented agent and batch). */
export const DOCS_UUID = '3c90c3cc-0d44-4b50-8888-8dd25736052a'

const MODEL = 'ultravox-v0.7'
const JOIN_TIMEOUT = '30s'
const MAX_DURATION = '3600s'
const TEMPERATURE = 0.4
/** The number seeded telephony calls show as their caller id. */
const SEEDED_FROM = '+14155550100'

// ---------------------------------------------------------------------------------------------
// Agents

/** Whether an agent's calls are recorded: the documented agent's are; a quarter of the others' are not. */
export function agentRecords (agent: Pick<AgentRecord, 'agent_id'>): boolean {
  return agent.agent_id === DOCS_UUID || hash32(`recording:${agent.agent_id}`) % 4 !== 0
}

const systemPromptOf = (agent: AgentRecord) =>
  `You are ${agent.agent_name}, a friendly assistant. You are calling {{customerName}} on behalf of the team; be brief and polite.`

export function agentJson (agent: AgentRecord, calls: number): Agent {
  const created = drfTimeOf(agent.created_at) ?? drfTime(0)
  return {
    agentId: agent.agent_id,
    publishedRevisionId: agent.current_version === '' ? null : agent.current_version,
    name: agent.agent_name,
    created,
    callTemplate: {
      created,
      updated: created,
      systemPrompt: systemPromptOf(agent),
      voice: agent.voice,
      temperature: TEMPERATURE,
      recordingEnabled: agentRecords(agent),
      joinTimeout: JOIN_TIMEOUT,
      maxDuration: MAX_DURATION,
      model: MODEL,
      firstSpeakerSettings: { user: {} }
    },
    statistics: { calls }
  }
}

// ---------------------------------------------------------------------------------------------
// Batches

/** Calls created or errored: everything but FUTURE, PENDING and EXPIRED. */
export function completedCount (counts: Partial<Record<CallStatus, number>>): number {
  let n = 0
  for (const [status, count] of Object.entries(counts) as Array<[CallStatus, number]>) {
    if (status !== 'pending' && status !== 'queued' && status !== 'expired') n += count
  }
  return n
}

export function batchJson (b: BatchRecord, counts: Partial<Record<CallStatus, number>>, paused: boolean): ScheduledCallBatch {
  const x = batchExtra(b)
  let total = 0
  for (const n of Object.values(counts)) total += n ?? 0
  const out: ScheduledCallBatch = {
    batchId: b.schedule_id,
    created: drfTimeOf(b.created_at)!,
    totalCount: total,
    completedCount: completedCount(counts),
    endedAt: drfTimeOf(b.drained_at),
    windowStart: x.windowStart !== undefined ? x.windowStart : drfTimeOf(b.scheduled_at),
    windowEnd: x.windowEnd !== undefined ? x.windowEnd : drfTimeOf(b.window_end_at),
    webhookUrl: x.webhookUrl ?? null,
    webhookSecret: b.webhook_secret,
    paused
  }
  if (x.throttle !== undefined && x.throttle !== null) out.throttle = x.throttle
  return out
}

// ---------------------------------------------------------------------------------------------
// Scheduled calls

export function scheduledStatus (c: Pick<CallRecord, 'status' | 'dial_error'>): ScheduledCallStatus {
  switch (c.status) {
    case 'pending': return 'FUTURE'
    case 'queued': return 'PENDING'
    case 'expired': return 'EXPIRED'
    case 'failed': return c.dial_error !== null ? 'ERROR' : 'SUCCESS'
    default: return 'SUCCESS'
  }
}

/** The core statuses (and pre-dial error) each Ultravox status covers: the `status` filter. */
export const STATUS_SELECTIONS: Record<ScheduledCallStatus, { statuses: CallStatus[], dialError?: 'none' | 'some' }> = {
  FUTURE: { statuses: ['pending'] },
  PENDING: { statuses: ['queued'] },
  SUCCESS: { statuses: ['ringing', 'in_progress', 'completed', 'no_answer', 'busy', 'failed'], dialError: 'none' },
  EXPIRED: { statuses: ['expired'] },
  ERROR: { statuses: ['failed'], dialError: 'some' }
}

/** The call's medium: its own, the seeded batch's, or (seeded telephony calls) Twilio to its number. */
export function mediumOf (b: BatchRecord, c: CallRecord): Medium | null {
  const own = callExtra(c)
  if (own.medium !== undefined) return own.medium
  const seeded = batchExtra(b).seedMedium
  if (seeded !== undefined) return seeded
  const digits = c.phone_number.replace(/\D/g, '')
  return { twilio: { outgoing: { to: `+${digits}`, from: SEEDED_FROM } } }
}

/** The call's metadata, as the client sent it (null stays null). */
const metadataOf = (c: CallRecord): Record<string, string> | null => callExtra(c).metadataNull === true ? null : c.metadata

function templateContextOf (c: CallRecord): unknown {
  const own = callExtra(c)
  if (c.extra !== null) return own.templateContext ?? null
  // Seeded calls: the name they were seeded with is the customer's.
  return c.name === null ? null : { customerName: c.name }
}

export function scheduledCallJson (b: BatchRecord, c: CallRecord): ScheduledCall {
  const status = scheduledStatus(c)
  return {
    status,
    batchId: b.schedule_id,
    callId: status === 'SUCCESS' ? c.call_id : null,
    error: status === 'ERROR' ? c.dial_error : null,
    medium: mediumOf(b, c),
    metadata: metadataOf(c),
    templateContext: templateContextOf(c),
    experimentalSettings: callExtra(c).experimentalSettings ?? null
  }
}

// ---------------------------------------------------------------------------------------------
// Created calls

type EndReason = NonNullable<Call['endReason']>

/** Whether a call was answered (the callee joined). */
export const wasJoined = (c: CallRecord): boolean =>
  c.status === 'in_progress' || (c.status === 'completed' && (c.answer_duration_seconds ?? 0) > 0)

function endReasonOf (c: CallRecord): EndReason | null {
  switch (c.status) {
    case 'completed':
      if (!wasJoined(c)) return 'unjoined'
      switch (c.disconnect_reason) {
        case 'agent_hangup':
        case 'voicemail':
        case 'batch_cancelled':
          return 'agent_hangup'
        case 'max_duration_reached': return 'timeout'
        default: return 'hangup'
      }
    case 'no_answer':
    case 'busy':
      return 'unjoined'
    case 'failed':
      return c.disconnect_reason === 'batch_failed' ? 'system_error' : 'connection_error'
    default:
      return null
  }
}

const SIP_TERMINATION: Record<string, NonNullable<NonNullable<Call['sipDetails']>['terminationReason']>> = {
  no_answer: 'SIP_TERMINATION_TIMEOUT',
  busy: 'SIP_TERMINATION_BUSY',
  failed: 'SIP_TERMINATION_DESTINATION_UNAVAILABLE'
}

/** Renders `{{name}}` placeholders of a prompt with the call's template context. */
function render (prompt: string, context: unknown): string {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) return prompt
  const values = context as Record<string, unknown>
  return prompt.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => {
    const v = values[key]
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : whole
  })
}

/** What presenting a call needs besides the records: the agent, and when an in-progress call was answered. */
export interface CallContext {
  agent: (b: BatchRecord) => AgentRecord | undefined
  fates: FateSource
}

/** When the callee joined (ms), or null. */
function joinedMs (b: BatchRecord, c: CallRecord, fates: FateSource): number | null {
  if (!wasJoined(c) || c.started_at === null) return null
  const started = Date.parse(c.started_at)
  if (c.status === 'completed') return started + ((c.duration_seconds ?? 0) - (c.answer_duration_seconds ?? 0)) * 1000
  return started + fates.fate(b, c).ringSeconds * 1000
}

export function callJson (b: BatchRecord, c: CallRecord, ctx: CallContext): Call {
  const agent = ctx.agent(b)
  const medium = mediumOf(b, c)
  const outgoing = isOutgoing(medium)
  const joined = joinedMs(b, c, ctx.fates)
  const endReason = endReasonOf(c)
  const ended = endReason === null ? null : c.ended_at
  const billedDuration = ended === null ? null : joined !== null && endReason !== 'system_error' ? `${c.answer_duration_seconds ?? 0}s` : '0s'
  const billingStatus: Call['billingStatus'] = ended === null
    ? 'BILLING_STATUS_PENDING'
    : endReason === 'system_error' ? 'BILLING_STATUS_FREE_SYSTEM_ERROR'
      : joined === null ? 'BILLING_STATUS_FREE_ZERO_EFFECTIVE_DURATION' : 'BILLING_STATUS_BILLED'
  const summary = ended !== null && joined !== null ? c.summary : null
  const sip = isSip(medium)
  const context = templateContextOf(c)
  return {
    callId: c.call_id,
    clientVersion: null,
    created: drfTimeOf(c.started_at)!,
    joined: joined === null ? null : drfTime(joined),
    ended: drfTimeOf(ended),
    endReason,
    billedDuration,
    billedSideInputTokens: null,
    billedSideOutputTokens: null,
    billingStatus,
    firstSpeaker: outgoing ? 'FIRST_SPEAKER_USER' : 'FIRST_SPEAKER_AGENT',
    firstSpeakerSettings: outgoing ? { user: {} } : { agent: {} },
    inactivityMessages: [],
    initialOutputMedium: 'MESSAGE_MEDIUM_VOICE',
    joinTimeout: JOIN_TIMEOUT,
    // Not served: a realistic value for webhook receivers (`.invalid` never resolves). SIP calls have none.
    joinUrl: sip && outgoing ? null : `wss://voice.ultravox.invalid/calls/${c.call_id}/join`,
    languageHint: null,
    maxDuration: MAX_DURATION,
    medium,
    model: MODEL,
    recordingEnabled: b.recording_enabled,
    retentionPolicy: null,
    systemPrompt: agent === undefined ? null : render(systemPromptOf(agent), context),
    temperature: TEMPERATURE,
    timeExceededMessage: null,
    voice: agent?.voice ?? b.voice,
    transcriptOptional: true,
    vadSettings: null,
    shortSummary: summary === null ? null : shortSummaryOf(summary),
    summary,
    agent: { agentId: b.agent_id, name: agent?.agent_name ?? b.agent_name },
    agentId: b.agent_id,
    experimentalSettings: callExtra(c).experimentalSettings ?? null,
    metadata: c.metadata,
    initialState: {},
    requestContext: null,
    sipDetails: sip
      ? { billedDuration, terminationReason: ended === null ? null : SIP_TERMINATION[c.status] ?? 'SIP_TERMINATION_NORMAL' }
      : null
  }
}

/** The first sentence of a summary. */
function shortSummaryOf (summary: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(summary)
  return m === null ? summary : m[0]
}

/** A duration as protobuf's JSON writes it: `42s`, or 3, 6 or 9 fractional digits (`1.500s`). */
export function protoDuration (seconds: number): string {
  const ms = Math.round(seconds * 1000)
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}s`
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * A joined call's messages, in transcript order: while it is in progress, those already spoken at
 * `nowMs`. Unanswered calls have none.
 */
export function messagesOf (seed: number, b: BatchRecord, c: CallRecord, ctx: CallContext, nowMs: number): CallMessage[] {
  const joined = joinedMs(b, c, ctx.fates)
  if (joined === null) return []
  const agentName = ctx.agent(b)?.agent_name ?? b.agent_name
  let source = c
  let spokenUntil = Number.POSITIVE_INFINITY
  if (c.status === 'in_progress') {
    // The talk it is going to have, cut at what was said by now.
    const planned = ctx.fates.fate(b, c).answerSeconds
    source = { ...c, answer_duration_seconds: planned > 0 ? planned : 300 }
    spokenUntil = (nowMs - joined) / 1000
  }
  const stage = uuidFrom(`ultravox:stage:${c.call_id}`)
  // Ultravox's timespans count from the moment the call was joined: the talk alone, no ringing.
  const talk = source.answer_duration_seconds ?? 0
  return syntheticTranscript(seed, { ...source, duration_seconds: talk }, { firstSpeaker: 'user', agentName })
    .filter(turn => turn.startSeconds <= spokenUntil)
    .map((turn, i) => {
      const span = { start: protoDuration(turn.startSeconds), end: protoDuration(turn.endSeconds) }
      return {
        role: turn.role === 'agent' ? 'MESSAGE_ROLE_AGENT' : 'MESSAGE_ROLE_USER',
        text: turn.text,
        medium: 'MESSAGE_MEDIUM_VOICE',
        callStageMessageIndex: i,
        callStageId: stage,
        timespan: span,
        wallClockTimespan: span
      }
    })
}

/** Whether a call exists as an Ultravox call: it started ringing and did not fail before dialing. */
export function isCreatedCall (c: Pick<CallRecord, 'started_at' | 'dial_error' | 'dialed_ord'>): boolean {
  return c.dialed_ord !== null && c.started_at !== null && c.dial_error === null
}

