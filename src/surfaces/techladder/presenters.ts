/**
 * Records to TechLadder JSON: the one place that knows which fields each documented view shows and
 * in which order. The objects feed the schema serializer, webhook payloads and the control API; the
 * `…Json` builders write the same bytes straight from page rows (no object per row, and the stored
 * `outcomes`/`metadata` JSON text spliced in as it is), for the paginated endpoints.
 */
import type { BatchRecord, CallRecord } from '../../core/model/records.js'
import type { CallPageRow } from '../../core/store/calls.js'
import type { BatchDetail, BatchListItem } from './schemas/batch.js'
import type { CallItem, ResultItem } from './schemas/call.js'

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
