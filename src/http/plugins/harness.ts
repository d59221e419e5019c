/**
 * The test harness every API surface shares: the scenario rules and the rate limiter (one window
 * per key, whichever surface the key is used on), and the authenticated account of a request.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { KeyOwner } from '../../core/model/records.js'
import { createRateLimiter, type RateLimiter } from '../../harness/rate-limiter.js'
import { ScenarioStore } from '../../harness/scenarios.js'

declare module 'fastify' {
  interface FastifyInstance {
    scenarios: ScenarioStore
    rateLimiter: RateLimiter
  }
  interface FastifyRequest {
    /** The authenticated account (set by an API surface's guard). */
    account: KeyOwner | null
  }
}

async function harnessPlugin (app: FastifyInstance): Promise<void> {
  app.decorate('scenarios', new ScenarioStore(app.config.seed))
  app.decorate('rateLimiter', createRateLimiter())
  app.decorateRequest('account', null)
}

export default fp(harnessPlugin, { name: 'harness', dependencies: ['store'] })
