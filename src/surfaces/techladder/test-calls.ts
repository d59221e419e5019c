/**
 * Test calls (POST /calls/test, observed profile): one call placed at once, outside any batch the
 * client sees. In the core a test call is a one-contact immediate batch whose `extra` says so: the
 * simulation runs it like any other (test numbers included), its result is read by its call id,
 * and the batch itself is never listed nor found by its id on the public API.
 */
import type { BatchRecord } from '../../core/model/records.js'
import { checkPhoneNumber } from './create-body.js'

/** What a TechLadder batch keeps in `extra` (null when none of it applies). */
export interface TechladderExtra {
  /** Set on a test call's batch. */
  kind?: 'test_call'
  /** A test call's channel. */
  channel?: string
  /** Create Call Batch's undocumented `timezone`, kept as sent and otherwise ignored. */
  timezone?: string
}

export const TEST_CALL_KIND = 'test_call'

/** The batch-list filter that leaves test calls out. */
export const UNLISTED = { key: 'kind', value: TEST_CALL_KIND } as const

export function isTestCall (b: BatchRecord): boolean {
  return b.extra?.kind === TEST_CALL_KIND
}

export interface TestCallInput {
  agent_id: string
  /** null: the agent's current version. */
  version_id: string | null
  channel: 'telephony'
  phone_number: string
  external_id: string
  recording_enabled: boolean
  /** null: the agent's voice. */
  voice: string | null
}

/** What a test call's external_id is when none is given. */
export const DEFAULT_TEST_EXTERNAL_ID = 'test'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const present = (v: unknown): boolean => v !== undefined && v !== null

/**
 * The POST /calls/test body, checked like Create Call Batch's: every problem in one 400, as
 * `"<field>: <message>"`; unknown fields ignored; null counts as absent.
 */
export function checkTestCallBody (body: unknown): { ok: true, value: TestCallInput } | { ok: false, details: string[] } {
  if (!isObject(body)) return { ok: false, details: ['body: Must be a JSON object'] }
  const details: string[] = []
  const optionalString = (field: string, max: number): string | null => {
    let v = body[field]
    if (!present(v)) return null
    if (typeof v === 'number' && Number.isInteger(v) && field === 'external_id') v = String(v)
    if (typeof v !== 'string') { details.push(`${field}: Must be of type string`); return null }
    if (v.length > max) { details.push(`${field}: Must be at most ${max} characters`); return null }
    return v.trim() === '' ? null : v.trim()
  }
  const agentRaw = body.agent_id
  let agentId = ''
  if (!present(agentRaw) || (typeof agentRaw === 'string' && agentRaw.trim() === '')) details.push('agent_id: This field is required')
  else if (typeof agentRaw !== 'string') details.push('agent_id: Must be of type string')
  else agentId = agentRaw.trim()
  const versionId = optionalString('version_id', 255)
  const channel = body.channel
  if (present(channel) && channel !== 'telephony') details.push('channel: Must be one of telephony')
  const phone = checkPhoneNumber(body.phone_number)
  if (phone.problem !== null) details.push(phone.problem)
  const externalId = optionalString('external_id', 255)
  let recording = true
  if (present(body.recording_enabled)) {
    if (typeof body.recording_enabled !== 'boolean') details.push('recording_enabled: Must be of type boolean')
    else recording = body.recording_enabled
  }
  const voice = optionalString('voice', 100)
  if (details.length > 0) return { ok: false, details }
  return {
    ok: true,
    value: {
      agent_id: agentId,
      version_id: versionId,
      channel: 'telephony',
      phone_number: phone.phone,
      external_id: externalId ?? DEFAULT_TEST_EXTERNAL_ID,
      recording_enabled: recording,
      voice
    }
  }
}
