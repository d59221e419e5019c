/**
 * The TechLadder guard, run on every request of the surface (unknown paths included), in this
 * order: the rate-limit headers are set (every response carries them); then 401 for a missing,
 * malformed or unknown key (another provider's key included); 403 for a disabled account; 429
 * over the limit. The scheme word is
 * case-insensitive (`bearer` works), as RFC 7235 says.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { bearerToken, hasDuplicateAuthorization } from '../../http/credentials.js'
import { countRequest } from '../../http/rate-limit.js'
import { Errors } from './errors.js'

export function techladderGuard (app: FastifyInstance): onRequestHookHandler {
  // Callback style: an accepted request costs no promise. A refusal is passed on one microtask
  // later, exactly when a throw from an async hook would be: Node's HTTP parser still answers a
  // malformed request (a bad chunked body) with its 400 first.
  const refuse = (done: (err?: Error) => void, err: Error): void => { queueMicrotask(() => done(err)) }
  return (request, reply, done) => {
    const token = hasDuplicateAuthorization(request.raw.rawHeaders) ? null : bearerToken(request.headers.authorization)
    const found = token === null ? undefined : app.repos.accounts.findByApiKey(token)
    // Another provider's key is no key here.
    const owner = found?.provider === 'techladder' ? found : undefined
    const rate = countRequest(app, owner, request)
    if (rate !== null) {
      reply.header('x-ratelimit-limit', rate.limit)
      reply.header('x-ratelimit-remaining', rate.remaining)
      reply.header('x-ratelimit-reset', Math.ceil(rate.resetAt / 1000))
    }
    if (owner === undefined) { refuse(done, Errors.unauthorized()); return }
    request.account = owner
    if (!owner.api_enabled) { refuse(done, Errors.forbidden()); return }
    if (rate?.limited === true) { refuse(done, Errors.rateLimited(rate.limit)); return }
    done()
  }
}
