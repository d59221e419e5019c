/**
 * Every response is the envelope: validation failures, malformed JSON, oversized bodies, unknown
 * routes, wrong methods and unexpected faults included. No Fastify default body, no stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError, Errors, errorEnvelope } from '../errors.js'

interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
  parentSchema?: Record<string, unknown>
}

/** The leaf field name of a validation error, as the docs write it (`phone_number`, not a path). */
function fieldOf (e: AjvError): string {
  const parts = e.instancePath.split('/').filter(p => p !== '' && !/^\d+$/.test(p))
  if (e.keyword === 'required') parts.push(String(e.params.missingProperty))
  return parts.length === 0 ? 'body' : parts[parts.length - 1].replace(/~1/g, '/').replace(/~0/g, '~')
}

function messageOf (e: AjvError): string {
  const custom = e.parentSchema?.['x-error']
  if (e.keyword === 'required') return 'This field is required'
  if (typeof custom === 'string') return custom
  switch (e.keyword) {
    case 'type': return `Must be ${e.params.type === 'integer' ? 'an integer' : `of type ${String(e.params.type)}`}`
    case 'enum': return `Must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`
    case 'minimum': return `Must be at least ${String(e.params.limit)}`
    case 'maximum': return `Must be at most ${String(e.params.limit)}`
    case 'minLength': return `Must be at least ${String(e.params.limit)} characters`
    case 'maxLength': return `Must be at most ${String(e.params.limit)} characters`
    case 'minItems': return `Must have at least ${String(e.params.limit)} items`
    case 'maxItems': return `Must have at most ${String(e.params.limit)} items`
    case 'format': return `Must be a valid ${String(e.params.format)}`
    case 'pattern': return 'Has an invalid format'
    case 'additionalProperties': return `Unknown field ${String(e.params.additionalProperty)}`
    default: return e.message ?? 'Is invalid'
  }
}

/** One `"<field>: <message>"` per bad field, every bad field reported, in the order found. */
export function validationDetails (errors: AjvError[]): string[] {
  const seen = new Set<string>()
  const details: string[] = []
  for (const e of errors) {
    // anyOf/oneOf wrappers repeat what their branches said; the branch errors carry the field.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue
    const field = fieldOf(e)
    if (seen.has(field)) continue
    seen.add(field)
    details.push(`${field}: ${messageOf(e)}`)
  }
  return details
}

/** Maps any thrown error to the catalogued ApiError the client sees. */
export function toApiError (err: FastifyError | ApiError | Error, request: FastifyRequest): ApiError {
  if (err instanceof ApiError) return err
  const fe = err as FastifyError & { validation?: AjvError[], validationContext?: string }
  if (fe.validation !== undefined) {
    const details = validationDetails(fe.validation)
    if (fe.validationContext === 'body') return Errors.invalidBody(details)
    if (fe.validationContext === 'params') return Errors.batchNotFound(String((request.params as Record<string, unknown>)?.batch_id ?? ''))
    return Errors.invalidQuery(details)
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.malformedJson()
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.payloadTooLarge(request.routeOptions.bodyLimit ?? 0)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? Errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''))
        : Errors.badRequest('content-length: Does not match the body')
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return Errors.badRequest('url: Is malformed')
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return Errors.payloadTooLarge(request.routeOptions.bodyLimit ?? 0)
    if (fe.statusCode === 415) return Errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''))
    return Errors.badRequest('request: Is malformed')
  }
  return Errors.internal()
}

export function sendError (reply: FastifyReply, err: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value)
  return reply.code(err.statusCode).type('application/json; charset=utf-8').send(errorEnvelope(err))
}

/** Method lookup for 405s: every registered route as a pattern, filled in by the onRoute hook. */
function createRouteTable (app: FastifyInstance) {
  const routes: Array<{ pattern: RegExp, methods: Set<string> }> = []
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const source = '^' + route.url.split('/').map(seg => seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/') + '/?$'
    const existing = routes.find(r => r.pattern.source === source)
    if (existing !== undefined) methods.forEach(m => existing.methods.add(m))
    else routes.push({ pattern: new RegExp(source), methods: new Set(methods) })
  })
  return (path: string): string[] => {
    const out = new Set<string>()
    for (const r of routes) if (r.pattern.test(path)) r.methods.forEach(m => out.add(m))
    return [...out].sort()
  }
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (malformed request line, headers
 * too large, timeouts): answered on the socket with the envelope, then the connection closes.
 */
/**
 * The most request-line-plus-header bytes accepted (Node's default, set explicitly in app.ts so that
 * a `--max-http-header-size` flag or NODE_OPTIONS cannot make the 431 message below untrue).
 */
export const MAX_HEADER_BYTES = 16384

export function clientErrorHandler (err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) { socket.destroy(); return }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
  const apiError = tooLarge
    ? new ApiError(431, 'VALIDATION_ERROR', 'Request headers too large', [`headers: Must be at most ${MAX_HEADER_BYTES} bytes in total`])
    : timeout
      ? new ApiError(408, 'VALIDATION_ERROR', 'Request timeout', ['request: Was not received in time'])
      : Errors.badRequest('request: Is not valid HTTP')
  const body = JSON.stringify(errorEnvelope(apiError))
  const reason = tooLarge ? 'Request Header Fields Too Large' : timeout ? 'Request Timeout' : 'Bad Request'
  socket.end(`HTTP/1.1 ${apiError.statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

/**
 * A CONNECT request (a client that takes this server for a proxy): Node would close the connection
 * without a word; it gets the 405 envelope instead, then the connection closes.
 */
export function connectHandler (request: import('node:http').IncomingMessage, socket: import('node:stream').Duplex): void {
  const apiError = new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', ['CONNECT is not supported: this server is not a proxy'])
  const body = JSON.stringify(errorEnvelope(apiError))
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  void request
}

/** Fastify's framework errors before routing (a URL that cannot be decoded). */
export function frameworkErrors (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(reply, toApiError(err, request))
}

async function errorHandlerPlugin (app: FastifyInstance): Promise<void> {
  const allowedMethods = createRouteTable(app)
  if (app.server.listenerCount('connect') === 0) app.server.on('connect', connectHandler)
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const apiError = toApiError(err, request)
    if (apiError.statusCode >= 500) {
      request.log.error({ err }, 'unexpected fault')
    }
    return sendError(reply, apiError)
  })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    const allowed = allowedMethods(path).filter(m => m !== request.method && m !== 'HEAD')
    if (allowed.length > 0) {
      return sendError(reply, Errors.methodNotAllowed(request.method, path, allowed))
    }
    return sendError(reply, Errors.routeNotFound(request.method, path))
  })
}

export default fp(errorHandlerPlugin, { name: 'error-handler' })
