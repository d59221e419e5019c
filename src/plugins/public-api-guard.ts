/**
 * The public API guard, one onRequest hook for everything under /api/v1/public (unknown paths
 * included), in this order: the rate-limit headers are set (every response carries them); then
 * 401 for a missing, malformed or unknown key; 403 for a disabled account; 429 over the limit.
 * The scheme word is case-insensitive (`bearer` works), as RFC 7235 says.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Errors } from '../errors.js'
import type { KeyOwner } from '../repositories/account-repository.js'
import { createRateLimiter } from './rate-limit.js'

export const PUBLIC_PREFIX = '/api/v1/public'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account (public API only). */
    account: KeyOwner | null
  }
}

const BEARER = /^bearer +([^\s]+) *$/i

export function isPublicPath (url: string): boolean {
  return url === PUBLIC_PREFIX || url.startsWith(PUBLIC_PREFIX + '/') || url.startsWith(PUBLIC_PREFIX + '?')
}

/**
 * More than one Authorization header is ambiguous: Node keeps the first, a proxy in front may use
 * another, so the request is answered as unauthenticated (401) rather than as one of the accounts.
 */
export function hasDuplicateAuthorization (rawHeaders: string[]): boolean {
  let seen = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === 13 && rawHeaders[i].toLowerCase() === 'authorization' && ++seen > 1) return true
  }
  return false
}

/** The key in an Authorization header, or null when the header is missing or malformed. */
export function bearerToken (header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null
  const match = BEARER.exec(header)
  return match === null ? null : match[1]
}

async function authPlugin (app: FastifyInstance): Promise<void> {
  const limiter = createRateLimiter()
  app.decorate('rateLimiter', limiter)
  app.decorateRequest('account', null)
  // Callback style: an accepted request costs no promise. A refusal is passed on one microtask
  // later, exactly when a throw from an async hook would be: Node's HTTP parser still answers a
  // malformed request (a bad chunked body) with its 400 first.
  const refuse = (done: (err?: Error) => void, err: Error): void => { queueMicrotask(() => done(err)) }
  app.addHook('onRequest', (request, reply, done) => {
    if (!isPublicPath(request.url)) { done(); return }
    const token = hasDuplicateAuthorization(request.raw.rawHeaders) ? null : bearerToken(request.headers.authorization)
    const owner = token === null ? undefined : app.repos.accounts.findByApiKey(token)
    const serverLimit = app.config.rateLimitPerMinute
    let limited = false
    let limit = serverLimit
    if (serverLimit > 0) {
      limit = owner?.rate_limit_per_minute ?? serverLimit
      const state = limiter.hit(owner !== undefined ? `key:${owner.key_hash}` : `ip:${request.ip}`, limit)
      reply.header('x-ratelimit-limit', state.limit)
      reply.header('x-ratelimit-remaining', state.remaining)
      reply.header('x-ratelimit-reset', Math.ceil(state.resetAt / 1000))
      limited = state.limited
    }
    if (owner === undefined) { refuse(done, Errors.unauthorized()); return }
    request.account = owner
    if (!owner.api_enabled) { refuse(done, Errors.forbidden()); return }
    if (limited) { refuse(done, Errors.rateLimited(limit)); return }
    done()
  })
}

export default fp(authPlugin, { name: 'public-api-guard', dependencies: ['store'] })
