/**
 * The Ultravox guard, in the order a DRF view checks: a path no route has is a 404 before anything
 * else (URL resolution comes first, so no key is needed to learn it); then authentication (401: no
 * key, or a key that is not an Ultravox account's, another provider's included); permissions (403:
 * the account's API access is off); throttling (429 with Retry-After). A wrong method on a known
 * path is a 405, after authentication, as DRF's dispatch does.
 *
 * The key is read from `X-API-Key`, or from `X-Unsafe-API-Key`, which Ultravox documents as the
 * same key allowed in CORS preflight requests; `X-API-Key` wins when both are sent. A header sent
 * twice is ambiguous and counts as none.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { singleHeader } from '../../http/credentials.js'
import { createRouteTable } from '../../http/errors.js'
import { countRequest } from '../../http/rate-limit.js'
import { Errors } from './errors.js'

/** The decoded path of a URL, as the router matched it. */
function decodedPath (url: string): string {
  const path = url.split('?')[0]
  try { return decodeURIComponent(path) } catch { return path }
}

export function ultravoxGuard (app: FastifyInstance): onRequestHookHandler {
  // This surface's routes, to tell an unknown path (404, no key needed) from a wrong method (405 after auth).
  const routes = createRouteTable()
  app.addHook('onRoute', (route) => { routes.add(route.url, route.method) })
  // Refusals are passed on one microtask later, as an async hook's throw would be (see techladder/guard.ts).
  const refuse = (done: (err?: Error) => void, err: Error): void => { queueMicrotask(() => done(err)) }
  return (request, _reply, done) => {
    if (request.is404 && routes.allowed(decodedPath(request.url)).length === 0) { done(); return }
    const key = request.headers['x-api-key'] !== undefined ? singleHeader(request, 'x-api-key') : singleHeader(request, 'x-unsafe-api-key')
    if (key === null || key === '') { refuse(done, Errors.notAuthenticated()); return }
    const found = app.repos.accounts.findByApiKey(key)
    // Another provider's key is no key here.
    if (found === undefined || found.provider !== 'ultravox') { refuse(done, Errors.invalidKey()); return }
    request.account = found
    if (!found.api_enabled) { refuse(done, Errors.permissionDenied()); return }
    const rate = countRequest(app, found, request)
    if (rate?.limited === true) { refuse(done, Errors.throttled((rate.resetAt - Date.now()) / 1000)); return }
    done()
  }
}
