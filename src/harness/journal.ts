/**
 * The request journal: the last N requests in a fixed ring buffer, so memory stays bounded whatever
 * the load (O(1) per request, no allocation beyond the entry). Keys are never stored: only a hint
 * (`sk_bvT…kF-D`, at most a quarter of the key at each end), and anything key-shaped in a URL or a
 * body is shown as its hint too. Each entry holds the request (headers, the first 4 KiB of its body)
 * and the response (status, headers, the first 4 KiB of a text body), so one entry shows the whole
 * exchange. The HTTP hooks that fill it are src/http/plugins/journal.ts.
 */
import { Type, type Static } from 'typebox'
import { Nullable } from '../core/model/records.js'
import { keyHint, redactKeys } from './redaction.js'

const Time = Type.String({ format: 'date-time' })

export const JournalEntrySchema = Type.Object({
  id: Type.String(),
  /** Wall-clock time the request arrived (ISO 8601). */
  time: Time,
  method: Type.String(),
  path: Type.String(),
  query: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  account_id: Nullable(Type.String()),
  /** First and last characters of the presented API key, or null when none was presented. */
  key_hint: Nullable(Type.String()),
  /** HTTP status sent; 0 when a fault scenario sent none (connection reset, empty reply). */
  status: Type.Integer({ description: '0: a fault scenario sent no response' }),
  latency_ms: Type.Number(),
  /** status < 400: the request was accepted as valid. */
  valid: Type.Boolean(),
  /** error.code of an error response, `FAULT_RESET` / `FAULT_EMPTY` for faults, else null. */
  error_code: Nullable(Type.String()),
  /** The scenario that forced this answer (or `prefer` for a Prefer header), else null. */
  scenario_id: Nullable(Type.String()),
  body: Nullable(Type.String({ description: 'The request body as sent (its first 4 KiB), null when none' })),
  body_bytes: Type.Integer({ description: 'The body\'s full size in bytes' }),
  request_headers: Type.Record(Type.String(), Type.String(), {
    description: 'The request headers as received (names in lower case; a repeated header\'s values joined with ", "). Credentials show only a hint of the key'
  }),
  response_headers: Type.Record(Type.String(), Type.String(), { description: 'The response headers sent; empty when no response was sent (a fault)' }),
  response_body: Nullable(Type.String({ description: 'The response body (its first 4 KiB) when it is text or JSON; null when none was sent or it is binary' })),
  response_bytes: Nullable(Type.Integer({ description: 'The response body\'s full size in bytes (its Content-Length); null when unknown' }))
})
export type JournalEntry = Static<typeof JournalEntrySchema>

export const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'Exact path, or a prefix ending in *' })),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
  account_id: Type.Optional(Type.String()),
  valid: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000 }))
})
export type JournalFilter = Static<typeof JournalQuerySchema>

export const JournalPageSchema = Type.Object({
  items: Type.Array(JournalEntrySchema),
  total: Type.Integer({ description: 'Entries held (before filtering)' }),
  capacity: Type.Integer(),
  recorded: Type.Integer({ description: 'Requests journaled since start or the last clear, evicted ones included' })
})

/**
 * What a request costs the journal at write time: a few scalars. The JSON view (ISO time, path
 * and query split) is built only when the journal is read.
 */
export interface JournalRecord {
  seq: number
  timeMs: number
  method: string
  url: string
  accountId: string | null
  keyHint: string | null
  status: number
  latencyMs: number
  errorCode: string | null
  scenarioId: string | null
  body: string | null
  bodyBytes: number
  /** The request's header list (name, value, …) as received, credentials already cut to hints (journalHeaders). */
  requestHeaders: string[]
  /** null: no response was sent (a fault). */
  responseHeaders: Record<string, unknown> | null
  /** The first bytes of a text response body (a copy: never the whole cached body). */
  responseBody: string | Buffer | null
  responseBytes: number | null
}

/** Headers that carry a credential: only a hint of it is ever shown. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-admin-token', 'cookie'])

function credentialHint (value: string): string {
  const space = value.indexOf(' ')
  // `Bearer sk_…`: the scheme stays readable, the key becomes its hint.
  return space > 0 && space < value.length - 1 ? `${value.slice(0, space)} ${keyHint(value.slice(space + 1).trim())}` : keyHint(value)
}

/**
 * The header list a journal record keeps: Node's raw list as it is when it carries no credential
 * (no copy), else a copy with each credential cut to its hint, so no key is ever stored.
 */
export function journalHeaders (raw: string[]): string[] {
  let out: string[] | null = null
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]
    // Only names as long as a credential header's are lowered (most headers are not).
    const n = name.length
    if ((n === 6 || n === 9 || n === 13 || n === 19) && CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      out ??= raw.slice()
      out[i + 1] = credentialHint(raw[i + 1])
    }
  }
  return out ?? raw
}

function requestHeaderView (raw: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    const value = CREDENTIAL_HEADERS.has(name) ? raw[i + 1] : redactKeys(raw[i + 1])
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`
  }
  return out
}

function responseHeaderView (headers: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers === null) return out
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = redactKeys(Array.isArray(value) ? value.join(', ') : String(value))
  }
  return out
}

function toEntry (r: JournalRecord): JournalEntry {
  const { path, query } = splitUrl(redactKeys(r.url))
  // Once more after decoding: `token=Bearer%20sk_…` hides a key until its query value is decoded.
  for (const [k, v] of Object.entries(query)) query[k] = Array.isArray(v) ? v.map(redactKeys) : redactKeys(v)
  return {
    id: `req_${r.seq}`,
    time: new Date(r.timeMs).toISOString(),
    method: r.method,
    path,
    query,
    account_id: r.accountId,
    key_hint: r.keyHint,
    status: r.status,
    latency_ms: r.latencyMs,
    valid: r.status !== 0 && r.status < 400,
    error_code: r.errorCode,
    scenario_id: r.scenarioId,
    body: r.body === null ? null : redactKeys(r.body),
    body_bytes: r.bodyBytes,
    request_headers: requestHeaderView(r.requestHeaders),
    response_headers: responseHeaderView(r.responseHeaders),
    response_body: r.responseBody === null ? null : redactKeys(r.responseBody.toString()),
    response_bytes: r.responseBytes
  }
}

/** A fixed-size ring buffer of journal records, newest last: O(1) per request, fixed memory. */
export class Journal {
  private readonly slots: Array<JournalRecord | undefined>
  private next = 0
  private count = 0
  private seq = 0

  constructor (readonly capacity: number) {
    this.slots = new Array<JournalRecord | undefined>(capacity).fill(undefined)
  }

  get size (): number { return this.count }
  /** Requests journaled since start or the last clear, including those evicted. */
  get recorded (): number { return this.seq }

  /** Takes the record over (its seq is set here): no copy per request. */
  add (record: Omit<JournalRecord, 'seq'>): void {
    this.seq++
    if (this.capacity === 0) return
    const r = record as JournalRecord
    r.seq = this.seq
    this.slots[this.next] = r
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1
    if (this.count < this.capacity) this.count++
  }

  /** Matching entries, newest first, at most `limit`. */
  list (filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = []
    const limit = filter.limit ?? this.capacity
    const method = filter.method?.toUpperCase()
    const prefix = filter.path?.endsWith('*') === true ? filter.path.slice(0, -1) : undefined
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const r = this.slots[(this.next - i + this.capacity) % this.capacity] as JournalRecord
      if (method !== undefined && r.method !== method) continue
      if (filter.status !== undefined && r.status !== filter.status) continue
      if (filter.account_id !== undefined && r.accountId !== filter.account_id) continue
      const e = toEntry(r)
      if (filter.path !== undefined && (prefix !== undefined ? !e.path.startsWith(prefix) : e.path !== filter.path)) continue
      if (filter.valid !== undefined && e.valid !== filter.valid) continue
      out.push(e)
    }
    return out
  }

  clear (): void {
    this.slots.fill(undefined)
    this.next = 0
    this.count = 0
    this.seq = 0
  }
}

function splitUrl (url: string): { path: string, query: Record<string, string | string[]> } {
  const q = url.indexOf('?')
  if (q === -1) return { path: url, query: {} }
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return { path: url.slice(0, q), query }
}
