/**
 * What every route refuses before its surface sees it (each surface answers in its own body):
 * - a request without a Host header (HTTP/1.1 requires one; Node would answer a bare 400 itself);
 * - a body still arriving REQUEST_TIMEOUT_MS after the request began (a body trickled a byte at a
 *   time kept its connection open forever: Node's own request timeout stops once headers are in);
 * - a JSON body nested deeper than MAX_BODY_DEPTH levels: JSON.parse copes with very deep input, but
 *   JSON.stringify and recursive checks do not (a RangeError, a 500: found by fuzzing Create with
 *   metadata 5,000 levels deep; the walk is iterative and stops at the first node past the limit);
 * - a number in a query string that is not a plain decimal numeral (`limit=0x10`, `1e2`): Ajv's
 *   coercion would read them as numbers.
 * (Each surface declares the framework's body answers, 400/413/415, in its OpenAPI: surface.ts.)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Transform } from 'node:stream'
import { RequestProblem } from '../errors.js'

export const MAX_BODY_DEPTH = 64
/** The whole request, body included, must have arrived within this (the documented 408). */
export const REQUEST_TIMEOUT_MS = 30_000

/** True when `value` has containers nested more than `max` levels deep. */
export function deeperThan (value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > max) return true
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>)
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/

/** Query fields the route's schema types as numbers, per route (read once). */
const numericFields = new WeakMap<object, string[]>()
function numericQueryFields (request: FastifyRequest): string[] {
  const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, { type?: unknown }> } | undefined
  if (schema?.properties === undefined) return []
  let fields = numericFields.get(schema)
  if (fields === undefined) {
    fields = Object.entries(schema.properties).filter(([, s]) => s.type === 'integer' || s.type === 'number').map(([k]) => k)
    numericFields.set(schema, fields)
  }
  return fields
}

async function requestGuardPlugin (app: FastifyInstance, opts: { timeoutMs?: number }): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS
  // Callback style hooks: no promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers.host === undefined) { done(new RequestProblem({ kind: 'missing_host' })); return }
    done()
  })
  app.addHook('preParsing', (request, reply, payload, done) => {
    const h = request.headers
    if ((h['content-length'] === undefined || h['content-length'] === '0') && h['transfer-encoding'] === undefined) { done(null, payload); return }
    const deadline = setTimeout(() => {
      // The rest of the body may still come: this connection answers once, then closes.
      reply.header('connection', 'close')
      guarded.destroy(new RequestProblem({ kind: 'request_timeout' }))
    }, Math.max(0, timeoutMs - reply.elapsedTime))
    const guarded = new Transform({ transform (chunk, _enc, cb) { cb(null, chunk) }, flush (cb) { clearTimeout(deadline); cb() } })
    guarded.on('close', () => clearTimeout(deadline))
    // Answered without reading the body (a 401 from a guard, a 404/405, a 415): nothing waits for it
    // any more, and an error on a stream no one reads would be unhandled (the process would crash).
    reply.raw.once('finish', () => clearTimeout(deadline))
    reply.raw.once('close', () => clearTimeout(deadline))
    payload.on('error', (err) => guarded.destroy(err))
    done(null, payload.pipe(guarded))
  })
  app.addHook('preValidation', (request, _reply, done) => {
    if (typeof request.body === 'object' && request.body !== null && deeperThan(request.body, MAX_BODY_DEPTH)) {
      done(new RequestProblem({ kind: 'body_too_deep', maxDepth: MAX_BODY_DEPTH }))
      return
    }
    const query = request.query as Record<string, unknown> | null
    if (query !== null && typeof query === 'object') {
      for (const field of numericQueryFields(request)) {
        const v = query[field]
        // Not a numeral: a value no number schema accepts, so the field's own message is sent.
        if (typeof v === 'string' && !DECIMAL.test(v.trim())) query[field] = 'not a number'
      }
    }
    done()
  })
}

export default fp(requestGuardPlugin, { name: 'request-guard' })
