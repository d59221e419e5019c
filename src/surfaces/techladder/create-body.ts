/**
 * The Create Call Batch body check: every problem found in one pass, as `"<field>: <message>"`
 * details with the leaf field name (the docs' own form: "phone_number: Must be at least 10 digits"),
 * each distinct detail once. Cross-field rules (schedule_* when scheduled) and account limits
 * (concurrency, call duration, batch size) are checked here too, so one 400 lists everything.
 * Unknown fields are ignored (third-party code sends some and gets 201); null counts as absent.
 * Lenient where the live API was seen to be (docs/profiles.md, decisions): a contact's
 * `external_id` stands in for `contact_id`, `did_number_id` for `did_number`, and `timezone` is
 * kept but not used; `schedule_*` are read in scheduled mode only.
 */
import type { AccountRecord, StartMode } from '../../core/model/records.js'
import { MAX_CLOCK_MS } from '../../core/simulation/clock.js'
import type { NewBatch } from '../../core/simulation/engine.js'

export interface NewContact {
  contact_id: string
  name: string | null
  phone_number: string
  metadata: Record<string, string>
}

/** The batch settings are the core's (NewBatch); the contacts are still in the request's terms. */
export interface CreateInput extends Omit<NewBatch, 'contacts' | 'name' | 'from_number_id' | 'window_end_ms' | 'webhook_secret' | 'paused' | 'extra'> {
  agent_id: string
  contacts: NewContact[]
  duplicates_removed: number
  /** The undocumented `timezone` third-party code sends, kept as sent (not used). */
  timezone: string | null
}

export type CreateCheck =
  | { ok: true, value: CreateInput }
  | { ok: false, sizeExceeded: boolean, details: string[] }

const START_MODES: readonly StartMode[] = ['manual', 'immediate', 'scheduled']

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const present = (v: unknown): boolean => v !== undefined && v !== null

/**
 * Title Case keys as the docs show them: `company_name`, `company-name`, `companyName` and
 * `company name` all become `Company Name`. Short all-caps words (CRM, ID, URL) stay as they are.
 */
export function normalizeMetadataKey (key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(w => w !== '')
  return words.map(w => (w.length <= 4 && w === w.toUpperCase() && /[A-Z]/.test(w))
    ? w
    : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ')
}

/** Wall-clock date and time in an IANA zone to UTC ms, or null when the zone is unknown. */
export function zonedToUtc (date: string, time: string, zone: string): number | null {
  let fmt: Intl.DateTimeFormat
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
    })
  } catch {
    return null
  }
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const wanted = Date.UTC(y, mo - 1, d, h, mi)
  const offsetAt = (utc: number): number => {
    const parts = Object.fromEntries(fmt.formatToParts(new Date(utc)).map(p => [p.type, p.value]))
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
    return asUtc - utc
  }
  // Two passes settle the offset around DST changes (a skipped local time maps forward).
  let guess = wanted - offsetAt(wanted)
  guess = wanted - offsetAt(guess)
  return guess
}

export function isTimeZone (zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false
  try {
    // Accept IANA names only (not "+05:30" offsets, which newer ICU versions also take).
    if (/^[+-]/.test(zone)) return false
    new Intl.DateTimeFormat('en-US', { timeZone: zone }) // eslint-disable-line no-new
    return true
  } catch {
    return false
  }
}

function validDate (s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const [y, m, d] = s.split('-').map(Number)
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

function validUrl (s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

/**
 * A phone number as the docs show them: digits with the country code, no `+` (a leading `+` is
 * dropped), 10 to 15 digits. The digits, or the one problem found.
 */
export function checkPhoneNumber (raw: unknown): { phone: string, problem: string | null } {
  if (!present(raw) || raw === '') return { phone: '', problem: 'phone_number: This field is required' }
  if (typeof raw !== 'string') return { phone: '', problem: 'phone_number: Must be of type string' }
  const phone = raw.trim().replace(/^\+/, '')
  if (!/^\d+$/.test(phone)) return { phone, problem: 'phone_number: Must contain digits only, with the country code (e.g. 919876543210)' }
  if (phone.length < 10) return { phone, problem: 'phone_number: Must be at least 10 digits' }
  if (phone.length > 15) return { phone, problem: 'phone_number: Must be at most 15 digits' }
  return { phone, problem: null }
}

export function checkCreateBody (body: unknown, account: AccountRecord): CreateCheck {
  const details: string[] = []
  const add = (d: string) => { if (!details.includes(d)) details.push(d) }
  if (!isObject(body)) return { ok: false, sizeExceeded: false, details: ['body: Must be a JSON object'] }

  const requiredString = (field: string): string | null => {
    const v = body[field]
    if (!present(v) || v === '') { add(`${field}: This field is required`); return null }
    if (typeof v !== 'string') { add(`${field}: Must be of type string`); return null }
    if (v.trim() === '') { add(`${field}: This field is required`); return null }
    return v.trim()
  }
  const optionalString = (field: string, max = 2048): string | null => {
    const v = body[field]
    if (!present(v)) return null
    if (typeof v !== 'string') { add(`${field}: Must be of type string`); return null }
    if (v.length > max) { add(`${field}: Must be at most ${max} characters`); return null }
    return v.trim() === '' ? null : v.trim()
  }
  const optionalBool = (field: string, def: boolean): boolean => {
    const v = body[field]
    if (!present(v)) return def
    if (typeof v !== 'boolean') { add(`${field}: Must be of type boolean`); return def }
    return v
  }
  const optionalInt = (field: string, min: number, max: number): number | null => {
    const v = body[field]
    if (!present(v)) return null
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      add(`${field}: Must be an integer between ${min} and ${max}`)
      return null
    }
    return v
  }

  const agentId = requiredString('agent_name')
  const versionId = requiredString('version_name')
  const voice = optionalString('voice', 100)
  // `did_number_id` is what third-party code sends (and got 201 for); the documented name wins when both are given.
  const didNumberDoc = optionalString('did_number', 32)
  const didNumberId = optionalString('did_number_id', 32)
  const didNumber = didNumberDoc ?? didNumberId
  const timezone = optionalString('timezone', 100)
  const interruption = optionalBool('interruption', false)
  const useAlternate = optionalBool('use_alternate_number', false)
  const dedupe = optionalBool('deduplicate_by_phone', true)
  const recording = optionalBool('recording_enabled', true)

  let startMode: StartMode = 'manual'
  const sm = body.start_mode
  if (present(sm)) {
    if (typeof sm !== 'string' || !(START_MODES as readonly string[]).includes(sm)) add('start_mode: Must be one of manual, immediate, scheduled')
    else startMode = sm as StartMode
  }

  // schedule_* are read only in scheduled mode (ignored otherwise: third-party code sends them with immediate).
  let scheduledMs: number | null = null
  if (startMode === 'scheduled') {
    const date = body.schedule_date
    const time = body.schedule_time
    const zone = body.schedule_timezone
    let okDate = false
    let okTime = false
    let okZone = false
    if (!present(date) || date === '') add('schedule_date: This field is required when start_mode is scheduled')
    else if (typeof date !== 'string' || !validDate(date)) add('schedule_date: Must be a valid date in the format YYYY-MM-DD')
    else okDate = true
    if (!present(time) || time === '') add('schedule_time: This field is required when start_mode is scheduled')
    else if (typeof time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) add('schedule_time: Must be a valid time in the format HH:MM (00:00 to 23:59)')
    else okTime = true
    if (!present(zone) || zone === '') add('schedule_timezone: This field is required when start_mode is scheduled')
    else if (typeof zone !== 'string' || !isTimeZone(zone)) add('schedule_timezone: Must be a valid IANA time zone name, e.g. Asia/Kolkata')
    else okZone = true
    if (okDate && okTime && okZone) {
      scheduledMs = zonedToUtc(date as string, time as string, zone as string)
      // The clock stops at its last instant: a batch scheduled after it would never start.
      if (scheduledMs !== null && scheduledMs > MAX_CLOCK_MS) {
        add('schedule_date: Must be no later than the clock\'s last instant, 9999-12-31T23:59:59Z')
        scheduledMs = null
      }
    }
  }

  const maxConcurrency = Math.max(1, account.max_concurrent_calls)
  const concurrency = optionalInt('concurrency', 1, maxConcurrency) ?? maxConcurrency
  const maxDuration = optionalInt('max_duration_seconds_per_call', 1, Math.min(900, account.max_call_duration_seconds))

  let callbackUrl: string | null = null
  const cb = body.callback_url
  if (present(cb) && cb !== '') {
    if (typeof cb !== 'string' || cb.length > 2048 || !validUrl(cb)) add('callback_url: Must be a valid http or https URL')
    else callbackUrl = cb
  }

  let metadata: Record<string, unknown> | null = null
  if (present(body.metadata)) {
    if (!isObject(body.metadata)) add('metadata: Must be an object')
    else metadata = body.metadata
  }

  // Contacts: the size limit has its own code and is answered alone (10,000+ items are not checked one by one).
  const contacts: NewContact[] = []
  let duplicates = 0
  const raw = body.contacts
  if (!present(raw)) add('contacts: This field is required')
  else if (!Array.isArray(raw)) add('contacts: Must be an array')
  else if (raw.length === 0) add('contacts: Must have at least 1 items')
  else if (raw.length > account.max_batch_size) return { ok: false, sizeExceeded: true, details: [] }
  else {
    const seen = new Set<string>()
    for (const c of raw) {
      if (!isObject(c)) { add('contacts: Each item must be an object'); continue }
      let problems = false
      const bad = (d: string) => { add(d); problems = true }
      // contact_id; `external_id` is accepted as an alias (third-party code sends it and gets 201).
      let cid = present(c.contact_id) ? c.contact_id : c.external_id
      if (typeof cid === 'number' && Number.isInteger(cid)) cid = String(cid)
      if (!present(cid) || cid === '') bad('contact_id: This field is required')
      else if (typeof cid !== 'string') bad('contact_id: Must be of type string')
      else if (cid.length > 255) bad('contact_id: Must be at most 255 characters')
      const checked = checkPhoneNumber(c.phone_number)
      const phone = checked.phone
      if (checked.problem !== null) bad(checked.problem)
      let name: string | null = null
      if (present(c.name)) {
        if (typeof c.name !== 'string') bad('name: Must be of type string')
        else if (c.name.length > 255) bad('name: Must be at most 255 characters')
        else name = c.name.trim() === '' ? null : c.name.trim()
      }
      const meta: Record<string, string> = {}
      if (present(c.metadata)) {
        if (!isObject(c.metadata)) bad('metadata: Must be an object')
        else {
          for (const [k, v] of Object.entries(c.metadata)) {
            if (!present(v)) continue
            if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
              bad('metadata: Values must be strings, numbers or booleans')
              continue
            }
            const key = normalizeMetadataKey(k)
            if (key !== '') meta[key] = String(v)
          }
        }
      }
      if (present(c.status) && c.status !== 'pending') bad('status: Must be pending')
      if (problems) continue
      if (dedupe) {
        if (seen.has(phone)) { duplicates++; continue }
        seen.add(phone)
      }
      // The contact's name shows in its metadata as "Name", as in the List Batch Calls example.
      const metadataOut = name !== null && meta.Name === undefined ? { Name: name, ...meta } : meta
      contacts.push({ contact_id: cid as string, name, phone_number: phone, metadata: metadataOut })
    }
  }

  if (details.length > 0) return { ok: false, sizeExceeded: false, details }
  return {
    ok: true,
    value: {
      agent_id: agentId as string,
      version_id: versionId as string,
      voice,
      did_number: didNumber,
      interruption,
      use_alternate_number: useAlternate,
      start_mode: startMode,
      scheduled_ms: scheduledMs,
      concurrency,
      callback_url: callbackUrl,
      deduplicate_by_phone: dedupe,
      recording_enabled: recording,
      max_duration_seconds_per_call: maxDuration,
      metadata,
      contacts,
      duplicates_removed: duplicates,
      timezone
    }
  }
}
