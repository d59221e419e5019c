/**
 * The Create Call Batch body check: every problem found in one pass, reported as `<field>: <problem>`
 * (recipients by index: `recipients[3].to_number`), so one 400 lists everything. The organization's
 * limits (recipients, concurrency) are checked here too. Unknown fields are ignored; `null` counts
 * as absent for the optional fields. What needs the store (the agent, the phone number, `region`
 * for a SIP-trunk number) is checked by the route afterwards.
 */
import type { AccountRecord } from '../../core/model/records.js'
import type { AgentCallBatchRegion } from './schemas.js'

/** The docs' limit; an account's own `max_batch_size` lowers it. */
export const MAX_RECIPIENTS = 5000
/** Serialized size of one recipient's metadata (the docs name "oversized metadata" without a number). */
export const MAX_METADATA_BYTES = 16384
const MAX_NAME_LENGTH = 256
const DAY_MS = 86_400_000
/** At most this many problems are listed (a 5,000-recipient list of bad numbers would be a long message). */
const MAX_PROBLEMS = 20

export const E164 = /^\+[1-9]\d{6,14}$/
/** RFC 3339 with an offset (`Z` or `±HH:MM`), fractional seconds allowed. */
export const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** An RFC 3339 instant in ms, or null when the text is not one (or names no real instant). */
export function parseRfc3339 (text: string): number | null {
  const m = RFC3339.exec(text)
  if (m === null) return null
  const [, y, mo, d, h, mi, s] = m.map(Number)
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return null
  const ms = Date.parse(text.toUpperCase())
  return Number.isNaN(ms) ? null : ms
}

export interface CreateInput {
  name: string
  agent_id: string
  from_number_id: string
  recipients: Array<{ to_number: string, metadata: Record<string, unknown> | null }>
  target_concurrency_limit: number
  ringing_timeout_seconds: number
  max_call_duration_minutes: number
  /** ms since the epoch; null: dispatch now. */
  scheduled_ms: number | null
  region: AgentCallBatchRegion | null
}

export type CreateCheck = { ok: true, value: CreateInput } | { ok: false, details: string[] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const absent = (v: unknown): v is undefined | null => v === undefined || v === null
const REGIONS: readonly AgentCallBatchRegion[] = ['US', 'EU', 'APAC']

/** The default concurrency: half the organization's limit (at least 1). */
export const defaultConcurrency = (account: AccountRecord): number => Math.max(1, Math.floor(account.max_concurrent_calls / 2))

export function checkCreateBody (body: unknown, account: AccountRecord, nowMs: number): CreateCheck {
  const problems: string[] = []
  let more = 0
  const add = (field: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${field}: ${message}`)
    else more++
  }
  if (!isObject(body)) return { ok: false, details: ['body: Must be a JSON object'] }

  const requiredString = (field: string, max = Infinity): string => {
    const v = body[field]
    if (v === undefined || v === null) add(field, 'This field is required')
    else if (typeof v !== 'string') add(field, 'Must be a string')
    else if (v.trim() === '') add(field, 'Must not be empty')
    else if (v.length > max) add(field, `Must be at most ${max} characters`)
    else return v
    return ''
  }
  const name = requiredString('name', MAX_NAME_LENGTH)
  const agentId = requiredString('agent_id')
  const fromNumberId = requiredString('from_number_id')

  const integer = (field: string, min: number, max: number, fallback: number, maxMessage?: string): number => {
    const v = body[field]
    if (absent(v)) return fallback
    if (typeof v !== 'number' || !Number.isInteger(v)) add(field, 'Must be an integer')
    else if (v < min) add(field, `Must be at least ${min}`)
    else if (v > max) add(field, maxMessage ?? `Must be at most ${max}`)
    else return v
    return fallback
  }
  const orgLimit = Math.max(1, account.max_concurrent_calls)
  const concurrency = integer('target_concurrency_limit', 1, orgLimit, defaultConcurrency(account),
    `Must be at most ${orgLimit}, the organization's agent-call concurrency limit`)
  const ringing = integer('ringing_timeout_seconds', 5, 80, 60)
  const minutes = integer('max_call_duration_minutes', 1, 480, 480)

  let scheduledMs: number | null = null
  if (!absent(body.scheduled_at)) {
    const v = body.scheduled_at
    const ms = typeof v === 'string' ? parseRfc3339(v) : null
    if (ms === null) add('scheduled_at', 'Must be an RFC 3339 date-time with an offset, e.g. 2026-03-02T09:00:00Z')
    else if (ms <= nowMs) add('scheduled_at', 'Must be in the future')
    else if (ms > nowMs + 30 * DAY_MS) add('scheduled_at', 'Must be at most 30 days ahead')
    else scheduledMs = ms
  }

  let region: AgentCallBatchRegion | null = null
  if (!absent(body.region)) {
    if (typeof body.region !== 'string' || !REGIONS.includes(body.region as AgentCallBatchRegion)) add('region', `Must be one of ${REGIONS.join(', ')}`)
    else region = body.region as AgentCallBatchRegion
  }

  const recipients: CreateInput['recipients'] = []
  const maxRecipients = Math.min(MAX_RECIPIENTS, account.max_batch_size)
  const list = body.recipients
  if (absent(list)) add('recipients', 'This field is required')
  else if (!Array.isArray(list)) add('recipients', 'Must be an array')
  else if (list.length === 0) add('recipients', 'Must have at least 1 item')
  else if (list.length > maxRecipients) add('recipients', `Must have at most ${maxRecipients} items`)
  else {
    list.forEach((item: unknown, i) => {
      const at = `recipients[${i}]`
      if (!isObject(item)) { add(at, 'Must be an object'); return }
      const to = item.to_number
      let ok = true
      if (absent(to)) { add(`${at}.to_number`, 'This field is required'); ok = false } else if (typeof to !== 'string' || !E164.test(to)) { add(`${at}.to_number`, 'Must be an E.164 number such as +14155559876'); ok = false }
      const metadata = item.metadata
      if (!absent(metadata)) {
        if (!isObject(metadata)) { add(`${at}.metadata`, 'Must be an object or null'); ok = false } else if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > MAX_METADATA_BYTES) {
          add(`${at}.metadata`, `Must be at most ${MAX_METADATA_BYTES} bytes as JSON`)
          ok = false
        }
      }
      if (ok) recipients.push({ to_number: to as string, metadata: absent(metadata) ? null : metadata as Record<string, unknown> })
    })
  }

  if (problems.length > 0) {
    if (more > 0) problems.push(`… and ${more} more`)
    return { ok: false, details: problems }
  }
  return {
    ok: true,
    value: {
      name,
      agent_id: agentId,
      from_number_id: fromNumberId,
      recipients,
      target_concurrency_limit: concurrency,
      ringing_timeout_seconds: ringing,
      max_call_duration_minutes: minutes,
      scheduled_ms: scheduledMs,
      region
    }
  }
}
