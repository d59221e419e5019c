/**
 * Records to TechLadder JSON: the one place that knows which fields each view shows and in which
 * order, per profile (documented: the docs' shapes; observed: the live API's, as third-party client
 * code reads them). The objects feed the schema serializer, webhook payloads and the control API;
 * the `…Json` builders write the same bytes straight from page rows (no object per row, and the
 * stored `outcomes`/`metadata` JSON text spliced in as it is), for the paginated endpoints.
 */
import type { AgentRecord, BatchRecord, CallAttemptRecord, CallRecord, Profile } from '../../core/model/records.js'
import type { CallPageRow } from '../../core/store/calls.js'
import { hasConversation, syntheticTranscript } from '../../core/simulation/transcript.js'
import type { BatchDetail, BatchListItem, ObservedBatchDetail } from './schemas/batch.js'
import type { CallItem, ObservedResultItem, ResultItem } from './schemas/call.js'
import type { AgentItem } from './schemas/observed.js'
import { DOCUMENTED_SEED } from './documented.js'

/** A TechLadder batch has no window, so its calls never take the core's `expired` status. */
const status = (c: CallRecord) => c.status as Exclude<CallRecord['status'], 'expired'>

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
    status: status(c),
    duration_seconds: c.duration_seconds,
    started_at: c.started_at,
    ended_at: c.ended_at,
    metadata: c.metadata
  }
}

/** The file key of a call's recording (the docs' pattern `recordings/<call_id>.wav`). */
const fileKey = (callId: string) => `recordings/${callId}.wav`

export function resultItem (c: CallRecord): ResultItem {
  return {
    call_id: c.call_id,
    external_id: c.external_id,
    phone_number: c.phone_number,
    name: c.name,
    status: status(c),
    duration_seconds: c.duration_seconds,
    answer_duration_seconds: c.answer_duration_seconds,
    disconnect_reason: c.disconnect_reason,
    transcript_status: c.transcript_status,
    analysis_status: c.analysis_status,
    summary: c.summary,
    outcomes: c.outcomes,
    recording: {
      available: c.recording_available,
      file_key: c.recording_available ? fileKey(c.call_id) : null
    },
    started_at: c.started_at,
    ended_at: c.ended_at
  }
}

const str = JSON.stringify
/** A nullable string or number as JSON. */
const opt = (v: string | number | null): string => v === null ? 'null' : typeof v === 'number' ? String(v) : str(v)

/** JSON.stringify(batchListItem(b)), byte for byte. */
export function batchListItemJson (b: BatchRecord): string {
  return `{"schedule_id":${str(b.schedule_id)},"agent_id":${str(b.agent_id)},"agent_name":${str(b.agent_name)},"version_id":${str(b.version_id)},"status":${str(b.status)},"start_mode":${str(b.start_mode)},"total_contacts":${b.total_contacts},"completed_contacts":${b.completed_contacts},"failed_contacts":${b.failed_contacts},"scheduled_at":${opt(b.scheduled_at)},"created_at":${str(b.created_at)}}`
}

/** JSON.stringify(callItem(record of r)), byte for byte. */
export function callItemJson (r: CallPageRow): string {
  return `{"call_id":${str(r.call_id)},"external_id":${str(r.external_id)},"phone_number":${str(r.phone_number)},"name":${opt(r.name)},"status":${str(r.status)},"duration_seconds":${opt(r.duration_seconds)},"started_at":${opt(r.started_at)},"ended_at":${opt(r.ended_at)},"metadata":${r.metadata}}`
}

/** JSON.stringify(resultItem(record of r)), byte for byte. */
export function resultItemJson (r: CallPageRow): string {
  const recording = r.recording_available === 1 ? `{"available":true,"file_key":${str(fileKey(r.call_id))}}` : '{"available":false,"file_key":null}'
  return `{"call_id":${str(r.call_id)},"external_id":${str(r.external_id)},"phone_number":${str(r.phone_number)},"name":${opt(r.name)},"status":${str(r.status)},"duration_seconds":${opt(r.duration_seconds)},"answer_duration_seconds":${opt(r.answer_duration_seconds)},"disconnect_reason":${opt(r.disconnect_reason)},"transcript_status":${str(r.transcript_status)},"analysis_status":${str(r.analysis_status)},"summary":${opt(r.summary)},"outcomes":${r.outcomes},"recording":${recording},"started_at":${opt(r.started_at)},"ended_at":${opt(r.ended_at)}}`
}

// ------------------------------------------------------------------------------------------------
// The observed profile

/** What a synthetic transcript is drawn from: the seed and the agent's display name. */
export interface TranscriptSource {
  seed: number
  agentName: string
}

/**
 * Transcripts of the docs' own (frozen) batches come from the documented seed, like their calls, so
 * they read the same on every server; every other batch's from the server's seed.
 */
export function transcriptSourceFor (b: BatchRecord, serverSeed: number): TranscriptSource {
  return { seed: b.frozen ? DOCUMENTED_SEED : serverSeed, agentName: b.agent_name }
}

/** The fields a transcript needs, from a record or a page row. */
type TranscriptFields = Pick<CallRecord, 'batch_id' | 'seq' | 'attempt' | 'name' | 'status' | 'duration_seconds' | 'answer_duration_seconds' | 'transcript_status'>

/**
 * `llm_transcript`: the conversation as "Agent: …" / "User: …" lines, once the call has ended with a
 * conversation and its transcript is ready; null before that and for calls nobody answered.
 */
export function llmTranscript (c: TranscriptFields, source: TranscriptSource): string | null {
  if (c.transcript_status !== 'ready' || !hasConversation(c)) return null
  // A page row has no call id: the attempt's place in its batch names the call as well.
  const call = { ...c, call_id: `${c.batch_id}:${c.seq}:${c.attempt}`, disconnect_reason: null }
  const turns = syntheticTranscript(source.seed, call, { agentName: source.agentName })
  return turns.length === 0 ? null : turns.map(t => `${t.role === 'agent' ? 'Agent' : 'User'}: ${t.text}`).join('\n')
}

export function observedBatchDetail (b: BatchRecord): ObservedBatchDetail {
  return { batch_id: b.schedule_id, ...batchDetail(b) }
}

export function observedResultItem (c: CallRecord, source: TranscriptSource): ObservedResultItem {
  return {
    call_id: c.call_id,
    external_id: c.external_id,
    phone_number: c.phone_number,
    name: c.name,
    call_status: status(c),
    duration_seconds: c.duration_seconds,
    answer_duration_seconds: c.answer_duration_seconds,
    disconnect_reason: c.disconnect_reason,
    transcript_status: c.transcript_status,
    analysis_status: c.analysis_status,
    summary: c.summary,
    outcomes: c.outcomes,
    llm_transcript: llmTranscript(c, source),
    recording_available: c.recording_available,
    started_at: c.started_at,
    completed_at: c.ended_at
  }
}

/** An earlier attempt of a call (its id was replaced by a retry) as the call it was. */
export function attemptAsCall (call: CallRecord, a: CallAttemptRecord): CallRecord {
  return { ...call, ...a }
}

/** JSON.stringify(observedResultItem(record of r)), byte for byte. */
export function observedResultItemJson (r: CallPageRow, source: TranscriptSource): string {
  const transcript = llmTranscript(r, source)
  return `{"call_id":${str(r.call_id)},"external_id":${str(r.external_id)},"phone_number":${str(r.phone_number)},"name":${opt(r.name)},"call_status":${str(r.status)},"duration_seconds":${opt(r.duration_seconds)},"answer_duration_seconds":${opt(r.answer_duration_seconds)},"disconnect_reason":${opt(r.disconnect_reason)},"transcript_status":${str(r.transcript_status)},"analysis_status":${str(r.analysis_status)},"summary":${opt(r.summary)},"outcomes":${r.outcomes},"llm_transcript":${opt(transcript)},"recording_available":${r.recording_available === 1 ? 'true' : 'false'},"started_at":${opt(r.started_at)},"completed_at":${opt(r.ended_at)}}`
}

/** JSON.stringify({batch_id, ...batchListItem(b)}), byte for byte. */
export function observedBatchListItemJson (b: BatchRecord): string {
  return `{"batch_id":${str(b.schedule_id)},${batchListItemJson(b).slice(1)}`
}

export function agentItem (a: AgentRecord): AgentItem {
  return { agent_id: a.agent_id, agent_name: a.agent_name, current_version: a.current_version }
}

// ------------------------------------------------------------------------------------------------
// One mapping per profile

/** Everything whose shape differs by profile; the routes are the same for both. */
export interface ProfileView {
  profile: Profile
  batchListItemJson: (b: BatchRecord) => string
  batchDetail: (b: BatchRecord) => BatchDetail | ObservedBatchDetail
  resultItemJson: (r: CallPageRow, source: TranscriptSource) => string
  /** What the results `data` carries after the page fields (observed: the batch status). */
  resultsTail: (b: BatchRecord) => string
}

export const PROFILE_VIEWS: Readonly<Record<Profile, ProfileView>> = {
  documented: {
    profile: 'documented',
    batchListItemJson,
    batchDetail,
    resultItemJson: (r) => resultItemJson(r),
    resultsTail: () => ''
  },
  observed: {
    profile: 'observed',
    batchListItemJson: observedBatchListItemJson,
    batchDetail: observedBatchDetail,
    resultItemJson: observedResultItemJson,
    resultsTail: (b) => `,"status":${str(b.status)}`
  }
}
