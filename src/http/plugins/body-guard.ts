/**
 * Request bodies, for every route: a JSON body nested deeper than MAX_BODY_DEPTH levels is refused
 * (the surface's 400) before any route sees it. JSON.parse copes with very deep input, but
 * JSON.stringify and recursive checks do not (a RangeError, a 500): found by fuzzing Create with
 * metadata 5,000 levels deep. The walk is iterative and stops at the first node past the limit.
 * (Each surface declares the framework's body answers, 400/413/415, in its OpenAPI: surface.ts.)
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { RequestProblem } from '../errors.js'

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

async function bodyGuardPlugin (app: FastifyInstance): Promise<void> {
  // Callback style: no promise per request (most requests have no body at all).
  app.addHook('preValidation', (request, _reply, done) => {
    if (typeof request.body === 'object' && request.body !== null && deeperThan(request.body, MAX_BODY_DEPTH)) {
      done(new RequestProblem({ kind: 'body_too_deep', maxDepth: MAX_BODY_DEPTH }))
      return
    }
    done()
  })
}

export default fp(bodyGuardPlugin, { name: 'body-guard' })
