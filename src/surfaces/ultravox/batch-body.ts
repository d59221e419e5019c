/**
 * Create and update bodies of a scheduled call batch, validated as Ultravox's DRF serializer does:
 * every bad field reported at once (`{"<field>": ["…"]}`, calls per item as a list with `{}` for
 * the good ones), DRF's own texts, unknown and read-only keys ignored; then the object-level rules
 * (the webhook rule and the minimum window) once every field is good.
 */
import { DATETIME_FORMAT_MESSAGE, parseDrfTime, type Instant } from './datetime.js'
import { Errors, type ValidationBody } from './errors.js'
import { isOutgoing, pyType, readMedium, type Medium } from './medium.js'
import { windowProblem } from './window.js'

export interface CallInput {
  medium: Medium | null
  metadata: Record<string, string> | null
  templateContext: unknown
  experimentalSettings: unknown
}

/** The writable fields of a batch; on a PATCH, only those given are present. */
export interface BatchFields {
  windowStart?: Instant | null
  windowEnd?: Instant | null
  throttle?: string | null
  webhookUrl?: string | null
  webhookSecret?: string | null
  paused?: boolean
}

export interface CreateInput extends BatchFields {
  calls: CallInput[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k)

const NULL = 'This field may not be null.'
const REQUIRED = 'This field is required.'
const BLANK = 'This field may not be blank.'
const NOT_A_STRING = 'Not a valid string.'
const maxLength = (n: number) => `Ensure this field has no more than ${n} characters.`

/** DRF's CharField: strings, and numbers written as strings; anything else is refused. */
function drfString (v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/** Any absolute http(s) URL with a host (laxer than Django's URLValidator: `http://receiver:8080/` is fine), RFC 3986 characters only. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?'
const PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
const URL_PATTERN = new RegExp(`^https?://(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?(?:/(?:${PCHAR}|/)*)?(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`)

const TRUE = new Set(['t', 'y', 'yes', 'true', 'on', '1'])
const FALSE = new Set(['f', 'n', 'no', 'false', 'off', '0'])

/** Reads the batch fields present in `body` into `out`; bad ones into `errors`. */
function readFields (body: Record<string, unknown>, out: BatchFields, errors: ValidationBody): void {
  for (const key of ['windowStart', 'windowEnd'] as const) {
    if (!has(body, key)) continue
    const v = body[key]
    if (v === null) { out[key] = null; continue }
    const t = parseDrfTime(v)
    if (t === undefined) errors[key] = [DATETIME_FORMAT_MESSAGE]
    else out[key] = t
  }
  if (has(body, 'throttle')) {
    const v = body.throttle
    const s = v === null ? null : drfString(v)
    if (s === undefined) errors.throttle = [NOT_A_STRING]
    else if (s !== null && s.length > 64) errors.throttle = [maxLength(64)]
    else out.throttle = s === '' ? null : s
  }
  if (has(body, 'webhookUrl')) {
    const v = body.webhookUrl
    const s = v === null ? null : drfString(v)
    if (s === undefined) errors.webhookUrl = [NOT_A_STRING]
    else if (s === '') errors.webhookUrl = [BLANK]
    else if (s !== null) {
      const problems: string[] = []
      if (s.length > 200) problems.push(maxLength(200))
      if (!URL_PATTERN.test(s)) problems.push('Enter a valid URL.')
      if (problems.length > 0) errors.webhookUrl = problems
      else out.webhookUrl = s
    } else out.webhookUrl = null
  }
  if (has(body, 'webhookSecret')) {
    const v = body.webhookSecret
    const s = v === null ? null : drfString(v)
    if (s === undefined) errors.webhookSecret = [NOT_A_STRING]
    else if (s === '') errors.webhookSecret = [BLANK]
    else if (s !== null && s.length > 120) errors.webhookSecret = [maxLength(120)]
    else out.webhookSecret = s
  }
  if (has(body, 'paused')) {
    const v = body.paused
    if (v === null) errors.paused = [NULL]
    else if (v === true || v === 1) out.paused = true
    else if (v === false || v === 0) out.paused = false
    else if (typeof v === 'string' && TRUE.has(v.toLowerCase())) out.paused = true
    else if (typeof v === 'string' && FALSE.has(v.toLowerCase())) out.paused = false
    else errors.paused = ['Must be a valid boolean.']
  }
}

/** One element of `calls`: the call, or its errors (DRF's per-item dict). */
function readCall (item: unknown): CallInput | ValidationBody {
  if (!isObject(item)) return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(item)}.`] }
  const errors: ValidationBody = {}
  let medium: Medium | null = null
  if (has(item, 'medium')) {
    const m = readMedium(item.medium)
    if ('error' in m) errors.medium = [m.error]
    else medium = m.medium
  }
  let metadata: Record<string, string> | null = null
  if (has(item, 'metadata') && item.metadata !== null) {
    const v = item.metadata
    if (!isObject(v)) errors.metadata = [`Expected a dictionary of items but got type "${pyType(v)}".`]
    else if (Object.values(v).some(x => typeof x !== 'string')) errors.metadata = ['All values must be strings.']
    else metadata = v as Record<string, string>
  }
  if (Object.keys(errors).length > 0) return errors
  return {
    medium,
    metadata,
    templateContext: has(item, 'templateContext') ? item.templateContext : null,
    experimentalSettings: has(item, 'experimentalSettings') ? item.experimentalSettings : null
  }
}

const isCall = (v: CallInput | ValidationBody): v is CallInput => has(v as Record<string, unknown>, 'templateContext')

/** The body's top level: an object, or DRF's message for what it is. */
function topLevel (body: unknown): Record<string, unknown> {
  if (body === null) throw Errors.invalid({ non_field_errors: ['No data provided'] })
  if (!isObject(body)) throw Errors.invalid({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(body)}.`] })
  return body
}

const WEBHOOK_REQUIRED = 'A webhookUrl is required when any call has a non-outgoing medium.'
const WEBHOOK_NOT_ALLOWED = 'A webhookUrl is not allowed when every call has an outgoing medium.'

/** The webhook rule: required iff some call is non-outgoing. */
export function webhookProblem (nonOutgoing: boolean, webhookUrl: string | null): string | null {
  if (nonOutgoing && webhookUrl === null) return WEBHOOK_REQUIRED
  if (!nonOutgoing && webhookUrl !== null) return WEBHOOK_NOT_ALLOWED
  return null
}

/** A create body, validated; `nowMs` for the window rule. */
export function readCreate (raw: unknown, nowMs: number): CreateInput {
  const body = topLevel(raw)
  const fields: BatchFields = {}
  const errors: ValidationBody = {}
  readFields(body, fields, errors)
  let calls: CallInput[] = []
  if (!has(body, 'calls')) errors.calls = [REQUIRED]
  else if (body.calls === null) errors.calls = [NULL]
  else if (!Array.isArray(body.calls)) errors.calls = { non_field_errors: [`Expected a list of items but got type "${pyType(body.calls)}".`] }
  else if (body.calls.length === 0) errors.calls = { non_field_errors: ['Ensure this value has at least 1 character (it has 0).'] }
  else {
    const items = body.calls.map(readCall)
    if (items.every(isCall)) calls = items
    else errors.calls = items.map(i => isCall(i) ? {} : i)
  }
  if (Object.keys(errors).length > 0) throw Errors.invalid(errors)
  // Object-level rules, once every field is good.
  const rules: ValidationBody = {}
  const webhook = webhookProblem(calls.some(c => !isOutgoing(c.medium)), fields.webhookUrl ?? null)
  if (webhook !== null) rules.webhookUrl = [webhook]
  const window = windowProblem(calls.length, nowMs, fields.windowStart?.ms ?? null, fields.windowEnd?.ms ?? null)
  if (window !== null) rules.windowEnd = [window]
  if (Object.keys(rules).length > 0) throw Errors.invalid(rules)
  return { ...fields, calls }
}

/** A PATCH body's fields (only those given), validated field by field. */
export function readPatch (raw: unknown): BatchFields {
  const body = topLevel(raw)
  const fields: BatchFields = {}
  const errors: ValidationBody = {}
  readFields(body, fields, errors)
  // Whether Ultravox appends or replaces is undocumented; the docs advise new batches for more calls.
  if (has(body, 'calls')) errors.calls = ['Calls cannot be changed after the batch is created.']
  if (Object.keys(errors).length > 0) throw Errors.invalid(errors)
  return fields
}
