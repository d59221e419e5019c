/**
 * The TechLadder guard, run on every request of the surface (unknown paths included), in this
 * order: the rate-limit headers are set (every response carries them); then 401 for a missing,
 * malformed or unknown key (another provider's key included); 403 for a disabled account; 429
 * over the limit. The scheme word is
 * case-insensitive (`bearer` works), as RFC 7235 says.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { bearerToken, hasDuplicateAuthorization } from '../../http/credentials.js'
import { Errors } from './errors.js'

export function techladderGuard (app: FastifyInstance): onRequestHookHandler {
  const limiter = app.rateLimiter
  // Callback style: an accepted request costs no promise. A refusal is passed on one microtask
  // later, exactly when a throw from an async hook would be: Node's HTTP parser still answers a
  // malformed request (a bad chunked body) with its 400 first.
  const refuse = (done: (err?: Error) => void, err: Error): void => { queueMicrotask(() => done(err)) }
  return (request, reply, done) => {
    const token = hasDuplicateAuthorization(request.raw.rawHeaders) ? null : bearerToken(request.headers.authorization)
    const found = token === null ? undefined : app.repos.accounts.findByApiKey(token)
    // Another provider's key is no key here.
    const owner = found?.provider === 'techladder' ? found : undefined
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
  }
}
