/**
 * Cartesia's error catalogue: every error this surface sends is built here, in Cartesia's body
 * `{title, message, error_code, request_id, doc_url}`. Titles and codes are this server's choice
 * where Cartesia publishes none (docs/cartesia.md has the table); `request_id` is the request's own
 * id (the X-Request-Id header), stamped on when the error is sent.
 */
import type { FastifyRequest } from 'fastify'
import type { DomainError } from '../../core/model/errors.js'
import { fmix32, hash32, hex8 } from '../../core/simulation/random.js'
import { SurfaceError, validationDetails, type ErrorReply, type Problem } from '../../http/errors.js'
import type { SurfaceErrors } from '../../http/surface.js'
import { CartesiaErrorSchema } from './schemas.js'

export const DOC_URL = 'https://docs.cartesia.ai/use-the-api/api-errors'
export const REQUEST_ID_HEADER = 'x-request-id'

// ---------------------------------------------------------------------------------------------
// Request ids: a UUID (v4 layout) per request, deterministic from the server's seed and how many
// requests this surface has answered, so two runs of the same requests show the same ids.

const requestIds = new WeakMap<FastifyRequest, string>()
const counters = new WeakMap<object, { n: number }>()

function uuidFor (seed: number, n: number): string {
  const a = fmix32((hash32(`request:${seed}`) + n) >>> 0)
  const b = fmix32((a ^ 0x5bd1e995) >>> 0)
  const c = fmix32((b ^ 0x1b873593) >>> 0)
  const d = fmix32((c ^ 0xcc9e2d51) >>> 0)
  const hex = hex8(a) + hex8(b) + hex8(c) + hex8(d)
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The request's id, made on first use (the guard asks first; an error raised before the guard asks later). */
export function requestIdOf (request: FastifyRequest): string {
  let id = requestIds.get(request)
  if (id === undefined) {
    // One counter per server: every scope of an app shares its config object.
    const config = request.server.config
    let counter = counters.get(config)
    if (counter === undefined) {
      counter = { n: 0 }
      counters.set(config, counter)
    }
    id = uuidFor(config.seed, ++counter.n)
    requestIds.set(request, id)
  }
  return id
}

// ---------------------------------------------------------------------------------------------

/** A Cartesia error; its `request_id` is filled in when it is sent (see `stamp`). */
export class CartesiaApiError extends SurfaceError {
  constructor (
    readonly statusCode: number,
    readonly title: string,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'CartesiaApiError'
  }

  toReply (): ErrorReply {
    return {
      statusCode: this.statusCode,
      headers: this.headers,
      body: { title: this.title, message: this.message, error_code: this.errorCode, request_id: '', doc_url: DOC_URL },
      code: this.errorCode
    }
  }
}

const invalid = (message: string) => new CartesiaApiError(400, 'Invalid request', 'invalid_request', message)
const notFound = (message: string) => new CartesiaApiError(404, 'Not found', 'not_found', message)
const unauthorized = (message: string) => new CartesiaApiError(401, 'Invalid API key', 'invalid_api_key', message)

export const Errors = {
  invalidRequest: invalid,
  /** Every problem of a request in one message, `<field>: <problem>` joined with `; `. */
  invalidFields: (details: string[]) => invalid(details.join('; ')),
  versionRequired: () => invalid('Cartesia-Version header is required and must be a date such as 2026-08-14'),
  missingKey: () => unauthorized('Missing API key: send Authorization: Bearer <key> or X-API-Key: <key>'),
  invalidKey: () => unauthorized('Invalid API key'),
  ambiguousKey: () => unauthorized('Ambiguous credentials: send one API key, in Authorization: Bearer <key> or X-API-Key: <key>'),
  forbidden: () => new CartesiaApiError(403, 'API access disabled', 'forbidden', 'API access is disabled for this organization'),
  batchNotFound: (id: string) => notFound(`Call batch ${id} not found`),
  callNotFound: (id: string) => notFound(`Call ${id} not found`),
  agentNotFound: (id: string) => notFound(`Agent ${id} not found`),
  phoneNumberNotFound: (id: string) => notFound(`Phone number ${id} not found`),
  noAudio: (id: string) => notFound(`No audio for call ${id} (the call did not connect or is still in progress)`),
  routeNotFound: (method: string, path: string) => notFound(`No route matches ${method} ${path}`),
  methodNotAllowed: (method: string, path: string, allowed: string[]) => new CartesiaApiError(405, 'Method not allowed', 'method_not_allowed',
    `${method} is not supported on ${path}; allowed: ${allowed.join(', ')}`, { allow: allowed.join(', ') }),
  payloadTooLarge: (limitBytes: number) => new CartesiaApiError(413, 'Request too large', 'payload_too_large', `The request body must be at most ${limitBytes} bytes`),
  unsupportedMediaType: (contentType: string) => new CartesiaApiError(415, 'Unsupported media type', 'unsupported_media_type',
    `Content-Type must be application/json, got ${contentType || 'none'}`),
  requestTimeout: () => new CartesiaApiError(408, 'Request timeout', 'request_timeout', 'The request was not received in time'),
  unprocessable: () => new CartesiaApiError(422, 'Unprocessable entity', 'unprocessable_entity', 'The request could not be processed'),
  rateLimited: (retryAfterSeconds: number) => new CartesiaApiError(429, 'Too many requests', 'rate_limited',
    `Rate limit exceeded: retry after ${retryAfterSeconds} seconds`, { 'retry-after': String(retryAfterSeconds) }),
  internal: () => new CartesiaApiError(500, 'Internal server error', 'internal_error', 'An unexpected error occurred')
} as const

/** A domain refusal in Cartesia's words. Refusals of a state change are 400s: the SDK retries a 409. */
function fromDomain (err: DomainError): CartesiaApiError {
  if (err.kind === 'not_found') return err.subject === 'batch' && err.id !== null ? Errors.batchNotFound(err.id) : notFound(err.details.join('; ') || err.message)
  return invalid(err.details.join('; ') || err.message)
}

function toApiError (problem: Problem, request: FastifyRequest): CartesiaApiError {
  switch (problem.kind) {
    case 'validation':
      // Path parameters are any non-empty text: only an empty one fails, and names no route.
      if (problem.where === 'params') return Errors.routeNotFound(request.method, request.url.split('?')[0])
      return Errors.invalidFields(validationDetails(problem.errors))
    case 'malformed_json': return invalid('body: Must be valid JSON')
    case 'body_too_deep': return invalid(`body: Must be nested at most ${problem.maxDepth} levels deep`)
    case 'body_too_large': return Errors.payloadTooLarge(problem.limitBytes)
    case 'unsupported_media_type': return Errors.unsupportedMediaType(problem.contentType)
    case 'bad_content_length': return invalid('content-length: Does not match the body')
    case 'bad_url': return invalid('url: Is malformed')
    case 'missing_host': return invalid('host: This header is required')
    case 'request_timeout': return Errors.requestTimeout()
    case 'bad_request': return invalid('request: Is malformed')
    case 'domain': return fromDomain(problem.error)
    case 'reply':
    case 'internal': return Errors.internal()
  }
}

/** The reply with this request's id in the body and the header. */
function stamp (reply: ErrorReply, request: FastifyRequest): ErrorReply {
  const id = requestIdOf(request)
  const body = reply.body as Record<string, unknown>
  return { ...reply, headers: { ...reply.headers, [REQUEST_ID_HEADER]: id }, body: { ...body, request_id: id } }
}

const PATH_IDS: Array<[RegExp, (id: string) => CartesiaApiError]> = [
  [/^\/agents\/calls\/batches\/([^/]+)/, Errors.batchNotFound],
  [/^\/agents\/calls\/([^/]+)/, Errors.callNotFound],
  [/^\/agents\/([^/]+)$/, Errors.agentNotFound]
]

/** The error a scenario forces, with the body this surface gives that status. */
function forcedError (status: number, request: FastifyRequest): CartesiaApiError {
  const path = request.url.split('?')[0]
  switch (status) {
    case 400: return Errors.versionRequired()
    case 401: return Errors.invalidKey()
    case 403: return Errors.forbidden()
    case 404: {
      for (const [re, make] of PATH_IDS) {
        const m = re.exec(path)
        if (m !== null && m[1] !== 'batches') {
          let id = m[1]
          try { id = decodeURIComponent(id) } catch { /* shown as sent */ }
          return make(id)
        }
      }
      return Errors.routeNotFound(request.method, path)
    }
    case 422: return Errors.unprocessable()
    case 429: return Errors.rateLimited(60)
    default: return Errors.internal()
  }
}

export const cartesiaErrors: SurfaceErrors = {
  reply: (problem, request) => stamp(problem.kind === 'reply' && problem.reply.code !== null && problem.reply.body !== null && typeof problem.reply.body === 'object' && 'title' in problem.reply.body
    ? problem.reply
    : toApiError(problem, request).toReply(), request),
  notFound: (request, path, allowed) => stamp((allowed.length > 0
    ? Errors.methodNotAllowed(request.method, path, allowed)
    : Errors.routeNotFound(request.method, path)).toReply(), request),
  forced: (status, request) => stamp(forcedError(status, request).toReply(), request),
  schema: CartesiaErrorSchema
}
