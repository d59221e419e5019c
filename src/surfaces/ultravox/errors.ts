/**
 * The Ultravox error catalogue. Ultravox's docs show no error bodies; the service is Django REST
 * Framework (its pagination, parameter texts and schema names are DRF's and drf-spectacular's), so
 * every error is what DRF itself sends: `{"detail": "…"}` for 401, 403, 404, 405, 415, 429, 500 and
 * parse errors, `{"<field>": ["…"]}` for validation. Texts are DRF's own wherever DRF has one; the
 * few this mock had to invent (no source shows them) are marked "decided".
 */
import type { FastifyRequest } from 'fastify'
import { SurfaceError, type ErrorReply, type Problem } from '../../http/errors.js'
import type { SurfaceErrors } from '../../http/surface.js'
import { DrfErrorSchema } from './schemas.js'

/** A DRF validation body: field -> messages, nested for lists and nested serializers. */
export type ValidationBody = Record<string, unknown>

export class UltravoxError extends SurfaceError {
  constructor (readonly statusCode: number, readonly body: unknown, readonly code: string, readonly headers: Record<string, string> = {}) {
    super(code)
    this.name = 'UltravoxError'
  }

  toReply (): ErrorReply {
    return { statusCode: this.statusCode, headers: this.headers, body: this.body, code: this.code }
  }
}

const detail = (statusCode: number, text: string, code: string, headers?: Record<string, string>) =>
  new UltravoxError(statusCode, { detail: text }, code, headers)

/** DRF lists a view's methods in this order in `Allow`. */
const DRF_METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

export const Errors = {
  /** DRF NotAuthenticated; 401 because the authentication class names a scheme (WWW-Authenticate). */
  notAuthenticated: () => detail(401, 'Authentication credentials were not provided.', 'not_authenticated', { 'www-authenticate': 'X-API-Key' }),
  /** DRF AuthenticationFailed with the wording API-key classes use (decided: no source shows Ultravox's). */
  invalidKey: () => detail(401, 'Invalid API key.', 'authentication_failed', { 'www-authenticate': 'X-API-Key' }),
  /** DRF PermissionDenied. */
  permissionDenied: (text = 'You do not have permission to perform this action.') => detail(403, text, 'permission_denied'),
  /** DRF NotFound (also for another account's records: never a 403). */
  notFound: () => detail(404, 'Not found.', 'not_found'),
  /** DRF CursorPagination.invalid_cursor_message (no full stop). */
  invalidCursor: () => detail(404, 'Invalid cursor', 'not_found'),
  /** DRF's 405; `Allow` in DRF's order, naming what this server serves (HEAD with GET; no OPTIONS). */
  methodNotAllowed: (method: string, allowed: string[]) => {
    const methods = new Set(allowed)
    if (methods.has('GET')) methods.add('HEAD')
    const allow = DRF_METHOD_ORDER.filter(m => methods.has(m)).join(', ')
    return detail(405, `Method "${method}" not allowed.`, 'method_not_allowed', { allow })
  },
  /** DRF UnsupportedMediaType: the raw Content-Type header, parameters included. */
  unsupportedMediaType: (contentType: string) => detail(415, `Unsupported media type "${contentType}" in request.`, 'unsupported_media_type'),
  /** DRF Throttled, with Retry-After (DRF's exception handler adds it). */
  throttled: (waitSeconds: number) => {
    const wait = Math.max(1, Math.ceil(waitSeconds))
    return detail(429, `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`, 'throttled', { 'retry-after': String(wait) })
  },
  /** DRF ParseError from the JSON parser. */
  parseError: (message: string) => detail(400, `JSON parse error - ${message}`, 'parse_error'),
  /** DRF ParseError's default text (a request the framework cannot read). */
  malformed: () => detail(400, 'Malformed request.', 'parse_error'),
  /** Decided: Django refuses an oversized body; DRF has no text for it. */
  tooLarge: (limitBytes: number) => detail(413, `Request body exceeded the limit of ${limitBytes} bytes.`, 'request_too_large'),
  /** DRF APIException's default text. */
  internal: () => detail(500, 'A server error occurred.', 'error'),
  /** A DRF ValidationError: the body as the serializer built it. */
  invalid: (body: ValidationBody) => new UltravoxError(400, body, 'invalid')
} as const

/** Any classified problem in this surface's words. */
export function toUltravoxError (problem: Problem): UltravoxError {
  switch (problem.kind) {
    case 'validation':
    case 'malformed_json':
      return Errors.parseError('Expecting value: line 1 column 1 (char 0)')
    case 'body_too_deep': return Errors.parseError('maximum recursion depth exceeded while decoding a JSON document')
    case 'body_too_large': return Errors.tooLarge(problem.limitBytes)
    case 'unsupported_media_type': return Errors.unsupportedMediaType(problem.contentType)
    case 'bad_content_length':
    case 'bad_url':
    case 'missing_host':
    case 'bad_request':
      return Errors.malformed()
    case 'request_timeout': return detail(408, 'The request was not received in time.', 'request_timeout')
    case 'domain':
      if (problem.error.kind === 'not_found') return Errors.notFound()
      return Errors.invalid({ non_field_errors: [problem.error.details[0] ?? problem.error.message] })
    case 'reply':
    case 'internal':
      return Errors.internal()
  }
}

/** The error a scenario forces, as DRF would send that status. */
export function forcedError (status: number): UltravoxError {
  switch (status) {
    case 400: return Errors.malformed()
    case 401: return Errors.invalidKey()
    case 403: return Errors.permissionDenied()
    case 404: return Errors.notFound()
    case 422: return detail(422, 'Unprocessable entity.', 'unprocessable')
    case 429: return Errors.throttled(60)
    default: return Errors.internal()
  }
}

export const ultravoxErrors: SurfaceErrors = {
  reply: (problem: Problem, _request: FastifyRequest) => problem.kind === 'reply' ? problem.reply : toUltravoxError(problem).toReply(),
  notFound: (request, _path, allowed) => (allowed.length > 0 ? Errors.methodNotAllowed(request.method, allowed) : Errors.notFound()).toReply(),
  forced: (status) => forcedError(status).toReply(),
  schema: DrfErrorSchema
}
