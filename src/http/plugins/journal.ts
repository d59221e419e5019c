/**
 * Fills the request journal (src/harness/journal.ts) from every API request. Control-plane and
 * housekeeping requests (/__admin, /healthz, /readyz, /docs, /openapi.json, /) are not journaled:
 * the journal shows what the client under test sent to the API, not the test's own set-up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Transform } from 'node:stream'
import { Journal, journalHeaders, type JournalRecord } from '../../harness/journal.js'
import { keyHint } from '../../harness/redaction.js'
import { presentedKey } from '../credentials.js'

declare module 'fastify' {
  interface FastifyInstance {
    journal: Journal
    /** Journals a request that got no response (fault scenarios). */
    journalFault: (request: FastifyRequest, reply: FastifyReply, code: 'FAULT_RESET' | 'FAULT_EMPTY', scenarioId: string) => void
  }
  interface FastifyRequest {
    /** Set by the scenarios hook when a scenario or Prefer header forced the answer. */
    scenarioId: string | null
    /** error.code of the error response being sent (journal). */
    errorCode: string | null
    /** The first bytes of the raw request body and its full size (journal). */
    journalBody: { chunks: Buffer[], kept: number, bytes: number } | null
    /** The first bytes of a text response body (journal); null when none or not text. */
    journalResponse: string | Buffer | null
  }
}

/** Bytes of a request body the journal keeps (the size is always recorded); as much of a response body. */
const BODY_KEPT = 4096

/** Response types whose bodies are kept (an audio file is not). */
const TEXT_TYPE = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript)\b)/i

/**
 * The first BODY_KEPT bytes of a response body, as a copy when the body is longer: a slice of a
 * cached page would keep the whole page alive for as long as the entry lives.
 */
function keptResponse (payload: unknown): string | Buffer | null {
  if (typeof payload === 'string') return payload.length <= BODY_KEPT ? payload : Buffer.from(payload.slice(0, BODY_KEPT), 'utf8')
  if (Buffer.isBuffer(payload)) return payload.length <= BODY_KEPT ? payload : Buffer.from(payload.subarray(0, BODY_KEPT))
  return null // a stream: not kept
}

const contentLength = (reply: FastifyReply): number | null => {
  const v = Number(reply.getHeader('content-length'))
  return Number.isInteger(v) && v >= 0 ? v : null
}

const UNJOURNALED = /^\/(__admin|healthz|readyz|docs|openapi\.json)(\/|\?|$)/

export const isFault = (code: string | null): boolean => code === 'FAULT_RESET' || code === 'FAULT_EMPTY'

export function isJournaled (url: string): boolean {
  return !UNJOURNALED.test(url)
}

function record (request: FastifyRequest, reply: FastifyReply | null, status: number, elapsedMs: number, errorCode: string | null): JournalRecord {
  const token = presentedKey(request)
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
    bodyBytes: request.journalBody?.bytes ?? 0,
    requestHeaders: journalHeaders(request.raw.rawHeaders),
    responseHeaders: reply === null ? null : reply.getHeaders(),
    responseBody: reply === null ? null : request.journalResponse,
    responseBytes: reply === null ? null : contentLength(reply)
  }
}

async function journalPlugin (app: FastifyInstance): Promise<void> {
  const journal = new Journal(app.config.journalSize)
  app.decorate('journal', journal)
  app.decorateRequest('scenarioId', null)
  app.decorateRequest('errorCode', null)
  app.decorateRequest('journalBody', null)
  app.decorateRequest('journalResponse', null)
  app.decorate('journalFault', (request: FastifyRequest, reply: FastifyReply, code: 'FAULT_RESET' | 'FAULT_EMPTY', scenarioId: string) => {
    // Marks the request, so a late onResponse (app.inject fires one after a hijack) is not journaled twice.
    request.errorCode = code
    request.scenarioId = scenarioId
    if (journal.capacity === 0 || !isJournaled(request.url)) return
    journal.add(record(request, null, 0, reply.elapsedTime, code))
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
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isJournaled(request.url) && TEXT_TYPE.test(String(reply.getHeader('content-type') ?? ''))) request.journalResponse = keptResponse(payload)
    done(null, payload)
  })
  app.addHook('onResponse', (request, reply, done) => {
    if (isJournaled(request.url) && !isFault(request.errorCode)) journal.add(record(request, reply, reply.statusCode, reply.elapsedTime, request.errorCode))
    done()
  })
}

export default fp(journalPlugin, { name: 'journal', dependencies: ['store'] })
