/**
 * Request bodies, for every route:
 * - a JSON body nested deeper than MAX_BODY_DEPTH levels is refused with the 400 envelope before any
 *   route sees it. JSON.parse copes with very deep input, but JSON.stringify and recursive checks do
 *   not (a RangeError, a 500): found by fuzzing Create with metadata 5,000 levels deep. The walk is
 *   iterative and stops at the first node past the limit;
 * - every documented route that can take a body declares the framework's body answers (400 bad or
 *   too deep JSON, 413 too large, 415 not JSON) in the OpenAPI document, unless it declares its own.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Errors } from '../errors.js'
import { ErrorEnvelopeSchema } from '../schemas/envelope.js'

export const MAX_BODY_DEPTH = 64

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

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const BODY_ERRORS: Record<string, string> = {
  400: 'Malformed JSON, or a body nested too deeply',
  413: 'Request body too large',
  415: 'Content type is not application/json'
}

async function bodyGuardPlugin (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const response = route.schema?.response as Record<string, unknown> | undefined
    if (response === undefined || !methods.some(m => BODY_METHODS.has(m))) return
    // A copy: response objects are often shared with other routes (a GET among them).
    const added: Record<string, unknown> = {}
    for (const [status, description] of Object.entries(BODY_ERRORS)) {
      if (response[status] === undefined) added[status] = { ...ErrorEnvelopeSchema, description }
    }
    if (Object.keys(added).length > 0) route.schema!.response = { ...response, ...added }
  })
  // Callback style: no promise per request (most requests have no body at all).
  app.addHook('preValidation', (request, _reply, done) => {
    if (typeof request.body === 'object' && request.body !== null && deeperThan(request.body, MAX_BODY_DEPTH)) {
      done(Errors.invalidBody([`body: Must be nested at most ${MAX_BODY_DEPTH} levels deep`]))
      return
    }
    done()
  })
}

export default fp(bodyGuardPlugin, { name: 'body-guard' })
