/**
 * The request journal: the last N requests (config.journalSize) in a fixed ring buffer, so memory
 * stays bounded whatever the load (O(1) per request, no allocation beyond the entry). Control-plane
 * and housekeeping requests (/__admin, /healthz, /readyz, /docs, /openapi.json) are not journaled:
 * the journal shows what the client under test sent to the API, not the test's own set-up.
 * Keys are never stored: only a hint (`sk_bvT…kF-D`, at most a quarter of the key at each end).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Transform } from 'node:stream'
import { bearerToken } from './public-api-guard.js'

export interface JournalEntry {
  id: string
  /** Wall-clock time the request arrived (ISO 8601). */
  time: string
  method: string
  path: string
  query: Record<string, string | string[]>
  account_id: string | null
  /** First and last characters of the presented API key, or null when none was presented. */
  key_hint: string | null
  /** HTTP status sent; 0 when a fault scenario sent none (connection reset, empty reply). */
  status: number
  latency_ms: number
  /** status < 400: the request was accepted as valid. */
  valid: boolean
  /** error.code of an error response, `FAULT_RESET` / `FAULT_EMPTY` for faults, else null. */
  error_code: string | null
  /** The scenario that forced this answer (or `prefer` for a Prefer header), else null. */
  scenario_id: string | null
  /** The request body as sent (text, its first 4 KiB), or null when there was none. */
  body: string | null
  /** The body's full size in bytes (0 when none). */
  body_bytes: number
}

export interface JournalFilter {
  method?: string
  /** Exact path, or a prefix when it ends with `*`. */
  path?: string
  status?: number
  account_id?: string
  valid?: boolean
  limit?: number
}

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
    body_bytes: r.bodyBytes
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

declare module 'fastify' {
  interface FastifyInstance {
    journal: Journal
    /** Journals a request that got no response (fault scenarios). */
    journalFault: (request: FastifyRequest, reply: FastifyReply, code: 'FAULT_RESET' | 'FAULT_EMPTY', scenarioId: string) => void
  }
  interface FastifyRequest {
    /** Set by the scenarios plugin when a scenario or Prefer header forced the answer. */
    scenarioId: string | null
    /** error.code of the error response being sent (journal). */
    errorCode: string | null
    /** The first bytes of the raw request body and its full size (journal). */
    journalBody: { chunks: Buffer[], kept: number, bytes: number } | null
  }
}

/** At most 6 leading and 4 trailing characters, and never more than a quarter of the key at either end. */
/** Anything shaped like an API key (every key is `sk_…`), wherever it starts (`%20sk_…` included). */
const KEY_LIKE = /sk_[A-Za-z0-9_-]{4,}/g

/**
 * A key a client put where no key belongs (a query string, a body) is shown as its hint too: the
 * journal and the log never print a full key, wherever it was sent.
 */
export function redactKeys (text: string): string {
  return text.includes('sk_') ? text.replace(KEY_LIKE, keyHint) : text
}

export function keyHint (key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}…`
  const head = Math.min(6, Math.floor(key.length / 4))
  const tail = Math.min(4, Math.floor(key.length / 4))
  return `${key.slice(0, head)}…${key.slice(-tail)}`
}

/** Bytes of a request body the journal keeps (the size is always recorded). */
const BODY_KEPT = 4096

const UNJOURNALED = /^\/(__admin|healthz|readyz|docs|openapi\.json)(\/|\?|$)/

export const isFault = (code: string | null): boolean => code === 'FAULT_RESET' || code === 'FAULT_EMPTY'

export function isJournaled (url: string): boolean {
  return !UNJOURNALED.test(url)
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

function record (request: FastifyRequest, status: number, elapsedMs: number, errorCode: string | null): JournalRecord {
  const token = bearerToken(request.headers.authorization)
  return {
    seq: 0, // set by Journal.add
    timeMs: Date.now() - elapsedMs,
    method: request.method,
    url: request.url,
    accountId: request.account?.account_id ?? null,
    keyHint: token === null ? null : keyHint(token),
    status,
    latencyMs: Math.round(elapsedMs * 100) / 100,
    errorCode,
    scenarioId: request.scenarioId,
    body: request.journalBody === null ? null : Buffer.concat(request.journalBody.chunks).toString('utf8'),
    bodyBytes: request.journalBody?.bytes ?? 0
  }
}

async function journalPlugin (app: FastifyInstance): Promise<void> {
  const journal = new Journal(app.config.journalSize)
  app.decorate('journal', journal)
  app.decorateRequest('scenarioId', null)
  app.decorateRequest('errorCode', null)
  app.decorateRequest('journalBody', null)
  app.decorate('journalFault', (request: FastifyRequest, reply: FastifyReply, code: 'FAULT_RESET' | 'FAULT_EMPTY', scenarioId: string) => {
    // Marks the request, so a late onResponse (app.inject fires one after a hijack) is not journaled twice.
    request.errorCode = code
    request.scenarioId = scenarioId
    if (journal.capacity === 0 || !isJournaled(request.url)) return
    journal.add(record(request, 0, reply.elapsedTime, code))
  })

  // Callback-style hooks (no promise per request). Error bodies are small: their code is read once
  // here, for the journal and the request log.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string' && payload.length < 65_536) {
      try {
        const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code
        if (typeof code === 'string') request.errorCode = code
      } catch {}
    }
    done(null, payload)
  })

  if (journal.capacity === 0) return

  // The body exactly as sent (validation later coerces and strips it): the stream is tapped on its
  // way to the parser, keeping the first BODY_KEPT bytes. Requests without a body cost nothing.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const h = request.headers
    if ((h['content-length'] === undefined || h['content-length'] === '0') && h['transfer-encoding'] === undefined) { done(null, payload); return }
    if (!isJournaled(request.url)) { done(null, payload); return }
    const kept: { chunks: Buffer[], kept: number, bytes: number } = { chunks: [], kept: 0, bytes: 0 }
    const tap = new Transform({
      transform (chunk: Buffer, _enc, cb) {
        if (kept.kept < BODY_KEPT) {
          const part = chunk.subarray(0, BODY_KEPT - kept.kept)
          kept.chunks.push(part)
          kept.kept += part.length
        }
        kept.bytes += chunk.length
        cb(null, chunk)
      },
      flush (cb) {
        if (kept.bytes > 0) request.journalBody = kept
        cb()
      }
    })
    payload.on('error', (err) => tap.destroy(err))
    done(null, payload.pipe(tap))
  })
  app.addHook('onResponse', (request, reply, done) => {
    if (isJournaled(request.url) && !isFault(request.errorCode)) journal.add(record(request, reply.statusCode, reply.elapsedTime, request.errorCode))
    done()
  })
}

export default fp(journalPlugin, { name: 'journal', dependencies: ['store'] })
