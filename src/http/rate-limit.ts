/**
 * Counting one API request against the rate limit (src/harness/rate-limiter.ts), the same way on
 * every surface: per key when the key is valid for the surface, else per client address. The limit
 * is the account's own when it has one, else the server's. 0 means off in both places: the server's
 * 0 switches every limit off (accounts' own included), an account's 0 switches its own off.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { KeyOwner } from '../core/model/records.js'

export interface RateState {
  limit: number
  remaining: number
  /** ms since the epoch when the window ends. */
  resetAt: number
  limited: boolean
}

/** Counts the request; null when no limit applies (the server's limit is 0: every limit is off). */
export function countRequest (app: FastifyInstance, owner: KeyOwner | undefined, request: FastifyRequest): RateState | null {
  const serverLimit = app.config.rateLimitPerMinute
  if (serverLimit <= 0) return null
  const limit = owner?.rate_limit_per_minute ?? serverLimit
  if (limit <= 0) return null
  return app.rateLimiter.hit(owner !== undefined ? `key:${owner.key_hash}` : `ip:${request.ip}`, limit)
}
