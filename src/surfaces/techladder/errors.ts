/**
 * The TechLadder error catalogue. Every error the TechLadder surface sends is built here, so the
 * documented bodies (401, 404, 422, 429) exist exactly once and byte-for-byte. Messages marked
 * "decided" are this mock's choice where the docs give no body. The control API and this server's
 * own endpoints answer in the same envelope (envelopeErrors below).
 */
import { decodedPath } from '../../http/request-target.js'
import type { FastifyRequest } from 'fastify'
import type { DomainError } from '../../core/model/errors.js'
import { SurfaceError, validationDetails, type ErrorReply, type Problem } from '../../http/errors.js'
import type { SurfaceErrors } from '../../http/surface.js'
import { ErrorEnvelopeSchema } from './envelope.js'

export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'BATCH_SIZE_EXCEEDED'
  | 'RATE_LIMITED'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT'
  | 'INTERNAL_ERROR'

export class ApiError extends SurfaceError {
  readonly statusCode: number
  readonly code: ErrorCode
  readonly details: string[]
  /** Extra response headers this error must carry (e.g. Allow on a 405). */
  readonly headers: Record<string, string>

  constructor (statusCode: number, code: ErrorCode, message: string, details: string[], headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.details = details
    this.headers = headers
  }

  toReply (): ErrorReply {
    return { statusCode: this.statusCode, headers: this.headers, body: errorEnvelope(this), code: this.code }
  }
}

export interface ErrorEnvelope {
  status_code: number
  message: string
  error: { code: string, details: string[] }
  data: null
}

export function errorEnvelope (err: ApiError): ErrorEnvelope {
  return {
    status_code: err.statusCode,
    message: err.message,
    error: { code: err.code, details: err.details },
    data: null
  }
}

export const Errors = {
  // Documented (Authentication page and every endpoint page).
  unauthorized: () => new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid API key',
    ['Provide a valid Bearer token in the Authorization header']),
  // Documented code and meaning ("API access not enabled for your account"); the body is decided.
  forbidden: () => new ApiError(403, 'FORBIDDEN', 'API access not enabled for your account',
    ['API access is disabled for this account. Contact info@techladder.ai to enable it']),
  // Documented (Get Batch, List Batch Calls).
  batchNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Batch not found', [`No batch found with id ${id}`]),
  // Documented message and code (List Batches 422).
  invalidQuery: (details: string[]) => new ApiError(422, 'VALIDATION_ERROR', 'Invalid query parameters', details),
  // Documented (Response Format page example: HTTP 400, "Invalid request body").
  invalidBody: (details: string[]) => new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body', details),
  // Documented (Rate Limits page), with the configured limit in the detail.
  rateLimited: (limit: number) => new ApiError(429, 'RATE_LIMITED', 'Rate limit exceeded. Please retry after 30 seconds.',
    [`Maximum ${limit} requests per minute`]),
  // Decided: the docs have no body for these framework-level errors.
  routeNotFound: (method: string, path: string) => new ApiError(404, 'NOT_FOUND', 'Route not found',
    [`No route matches ${method} ${path}`]),
  methodNotAllowed: (method: string, path: string, allowed: string[]) => new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed',
    [`${method} is not supported on ${path}; allowed: ${allowed.join(', ')}`], { allow: allowed.join(', ') }),
  payloadTooLarge: (limitBytes: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Request body too large',
    [`body: Must be at most ${limitBytes} bytes`]),
  unsupportedMediaType: (contentType: string) => new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type',
    [`content-type: Must be application/json, got ${contentType || 'none'}`]),
  malformedJson: () => new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body', ['body: Must be valid JSON']),
  badRequest: (detail: string) => new ApiError(400, 'VALIDATION_ERROR', 'Bad request', [detail]),
  internal: () => new ApiError(500, 'INTERNAL_ERROR', 'Internal server error',
    ['An unexpected error occurred. Contact support if it persists']),
  // Create Call Batch: decided statuses and texts (the docs' copy stops before its responses).
  batchSizeExceeded: (max: number) => new ApiError(400, 'BATCH_SIZE_EXCEEDED', 'Batch size exceeded',
    [`contacts: Must have at most ${max} items`]),
  // Observed profile (GET /calls/{call_id}/result): decided, in the shape of the documented batch 404.
  callNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Call not found', [`No call found with id ${id}`]),
  agentNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Agent not found', [`No agent found with id ${id}`]),
  versionNotFound: (id: string, agentId: string) => new ApiError(404, 'NOT_FOUND', 'Prompt version not found',
    [`No prompt version found with id ${id} for agent ${agentId}`])
} as const

/** A domain refusal in the envelope: the core's message and details, the status its kind means. */
export function fromDomain (err: DomainError): ApiError {
  switch (err.kind) {
    case 'not_found': return new ApiError(404, 'NOT_FOUND', err.message, err.details)
    case 'conflict': return new ApiError(409, 'CONFLICT', err.message, err.details)
    case 'invalid': return new ApiError(400, 'VALIDATION_ERROR', err.message, err.details)
    case 'unavailable': return new ApiError(503, 'INTERNAL_ERROR', err.message, err.details)
  }
}

/** Any classified problem as the envelope error the client sees. */
export function toApiError (problem: Problem, request: FastifyRequest): ApiError {
  switch (problem.kind) {
    case 'validation': {
      const details = validationDetails(problem.errors)
      if (problem.where === 'body') return Errors.invalidBody(details)
      if (problem.where === 'params') return Errors.batchNotFound(String((request.params as Record<string, unknown>)?.batch_id ?? ''))
      return Errors.invalidQuery(details)
    }
    case 'malformed_json': return Errors.malformedJson()
    case 'body_too_deep': return Errors.invalidBody([`body: Must be nested at most ${problem.maxDepth} levels deep`])
    case 'body_too_large': return Errors.payloadTooLarge(problem.limitBytes)
    case 'unsupported_media_type': return Errors.unsupportedMediaType(problem.contentType)
    case 'bad_content_length': return Errors.badRequest('content-length: Does not match the body')
    case 'bad_url': return Errors.badRequest('url: Is malformed')
    case 'missing_host': return Errors.badRequest('host: This header is required')
    case 'request_timeout': return new ApiError(408, 'VALIDATION_ERROR', 'Request timeout', ['request: Was not received in time'])
    case 'bad_request': return Errors.badRequest('request: Is malformed')
    case 'domain': return fromDomain(problem.error)
    case 'reply':
    case 'internal': return Errors.internal()
  }
}

/** A classified problem as this envelope's reply (an error already in a surface's format is sent as it is). */
function replyFor (problem: Problem, request: FastifyRequest): ErrorReply {
  return problem.kind === 'reply' ? problem.reply : envelopeReply(toApiError(problem, request))
}

export const envelopeReply = (err: ApiError): ErrorReply => err.toReply()

const BATCH_IN_PATH = /\/call-batches\/([^/?]+)/

/** The documented error for a status a scenario forces, with the exact body the catalogue gives it. */
export function forcedError (status: number, request: FastifyRequest, serverLimit: number): ApiError {
  const path = request.url.split('?')[0]
  switch (status) {
    case 400:
      // The Response Format page's example body, verbatim.
      return Errors.invalidBody(['phone_number: Must be at least 10 digits', 'agent_name: This field is required'])
    case 401: return Errors.unauthorized()
    case 403: return Errors.forbidden()
    case 404: {
      const id = BATCH_IN_PATH.exec(path)
      return id !== null ? Errors.batchNotFound(decodeURIComponent(id[1])) : Errors.routeNotFound(request.method, decodedPath(path))
    }
    case 422:
      // The List Call Batches page's example body, verbatim.
      return Errors.invalidQuery(['status: Must be one of pending, active, completed, failed, cancelled'])
    case 429: return Errors.rateLimited(request.account?.rate_limit_per_minute ?? serverLimit)
    default: return Errors.internal()
  }
}

/**
 * The envelope as a surface's error format: TechLadder's own, and the one the control API and this
 * server's own endpoints answer in.
 */
export function envelopeErrors (): SurfaceErrors {
  return {
    reply: replyFor,
    notFound: (request, path, allowed) => envelopeReply(allowed.length > 0
      ? Errors.methodNotAllowed(request.method, path, allowed)
      : Errors.routeNotFound(request.method, path)),
    forced: (status, request) => envelopeReply(forcedError(status, request, request.server.config.rateLimitPerMinute)),
    schema: ErrorEnvelopeSchema
  }
}
