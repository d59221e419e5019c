/**
 * What went wrong with a request, in words every API surface can map to its own error body.
 * A surface's error handler classifies whatever was thrown (a validation failure, a framework
 * error, a domain refusal, an unexpected fault) with `classify`, then answers in its own format;
 * no Fastify default body and no stack trace ever reaches a client.
 *
 * Also the answers given before any surface is known: Node's HTTP parser errors, CONNECT, and a
 * URL the router cannot decode (these use the mock's own envelope, see root-routes.ts).
 */
import type { FastifyError, FastifyRequest } from 'fastify'
import { DomainError } from '../core/model/errors.js'

export interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
  parentSchema?: Record<string, unknown>
}

/** An error as a surface sends it. */
export interface ErrorReply {
  statusCode: number
  /** Extra response headers (Allow on a 405, …). */
  headers?: Record<string, string>
  body: unknown
  /** The machine-readable code, for the journal and the request log (null when the body has none). */
  code: string | null
}

/** An error a surface throws already in its own format (its catalogue's errors). */
export abstract class SurfaceError extends Error {
  abstract toReply (): ErrorReply
}

/** A problem with the request found before a route ran (raised by the shared hooks). */
export class RequestProblem extends Error {
  constructor (readonly problem: Problem) {
    super(problem.kind)
    this.name = 'RequestProblem'
  }
}

export type Problem =
  /** Schema validation failed: `where` says which part of the request. */
  | { kind: 'validation', where: 'body' | 'querystring' | 'params' | 'headers', errors: AjvError[] }
  | { kind: 'malformed_json' }
  | { kind: 'body_too_deep', maxDepth: number }
  | { kind: 'body_too_large', limitBytes: number }
  | { kind: 'unsupported_media_type', contentType: string }
  | { kind: 'bad_content_length' }
  | { kind: 'bad_url' }
  /** HTTP/1.1 without a Host header. */
  | { kind: 'missing_host' }
  /** The request (its body) did not arrive in time. */
  | { kind: 'request_timeout' }
  /** Any other client error the framework raised. */
  | { kind: 'bad_request' }
  | { kind: 'domain', error: DomainError }
  /** A surface's own error, already in its format. */
  | { kind: 'reply', reply: ErrorReply }
  /** Anything else: a fault of this server. */
  | { kind: 'internal', error: Error }

/** Classifies anything a route, a hook or the framework threw. */
export function classify (err: unknown, request: FastifyRequest): Problem {
  if (err instanceof SurfaceError) return { kind: 'reply', reply: err.toReply() }
  if (err instanceof RequestProblem) return err.problem
  if (err instanceof DomainError) return { kind: 'domain', error: err }
  const fe = err as FastifyError & { validation?: AjvError[], validationContext?: string }
  if (fe.validation !== undefined) {
    const where = fe.validationContext === 'body' || fe.validationContext === 'params' || fe.validationContext === 'headers' ? fe.validationContext : 'querystring'
    return { kind: 'validation', where, errors: fe.validation }
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'malformed_json' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { kind: 'body_too_large', limitBytes: request.routeOptions.bodyLimit ?? 0 }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { kind: 'unsupported_media_type', contentType: String(request.headers['content-type'] ?? '') }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { kind: 'bad_content_length' }
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return { kind: 'bad_url' }
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return { kind: 'body_too_large', limitBytes: request.routeOptions.bodyLimit ?? 0 }
    if (fe.statusCode === 415) return { kind: 'unsupported_media_type', contentType: String(request.headers['content-type'] ?? '') }
    return { kind: 'bad_request' }
  }
  return { kind: 'internal', error: err instanceof Error ? err : new Error(String(err)) }
}

/** The leaf field name of a validation error, as the TechLadder docs write it (`phone_number`, not a path). */
export function fieldOf (e: AjvError): string {
  const parts = e.instancePath.split('/').filter(p => p !== '' && !/^\d+$/.test(p))
  if (e.keyword === 'required') parts.push(String(e.params.missingProperty))
  return parts.length === 0 ? 'body' : parts[parts.length - 1].replace(/~1/g, '/').replace(/~0/g, '~')
}

/** A readable message for one validation error (a schema's `x-error` keyword wins). */
export function messageOf (e: AjvError): string {
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

/**
 * The most request-line-plus-header bytes accepted (Node's default, set explicitly in app.ts so that
 * a `--max-http-header-size` flag or NODE_OPTIONS cannot make the 431 message untrue).
 */
export const MAX_HEADER_BYTES = 16384

/** Method lookup for 405s: every registered route as a pattern, filled in by an onRoute hook. */
export function createRouteTable () {
  const routes: Array<{ pattern: RegExp, methods: Set<string> }> = []
  return {
    add (url: string, method: string | string[]): void {
      const methods = Array.isArray(method) ? method : [method]
      // No trailing slash: `/x/` is not `/x` (its methods would make a misleading 405).
      const source = '^' + url.split('/').map(seg => seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/') + '$'
      const existing = routes.find(r => r.pattern.source === source)
      if (existing !== undefined) methods.forEach(m => existing.methods.add(m))
      else routes.push({ pattern: new RegExp(source), methods: new Set(methods) })
    },
    /** The methods registered for a path, sorted. */
    allowed (path: string): string[] {
      const out = new Set<string>()
      for (const r of routes) if (r.pattern.test(path)) r.methods.forEach(m => out.add(m))
      return [...out].sort()
    }
  }
}

export type RouteTable = ReturnType<typeof createRouteTable>
