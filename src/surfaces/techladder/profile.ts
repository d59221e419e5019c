/**
 * The response profile of a request: the account's own (control API, fixtures), else the server's
 * --profile (API_PROFILE). One set of routes serves both; the presenters map records per profile
 * (presenters.ts PROFILE_VIEWS), and the endpoints only the live API has answer in the observed
 * profile only.
 */
import { decodedPath } from '../../http/request-target.js'
import type { FastifyRequest, onRequestHookHandler } from 'fastify'
import type { Profile } from '../../core/model/records.js'
import { Errors } from './errors.js'
import { PROFILE_VIEWS, type ProfileView } from './presenters.js'

export function profileOf (request: FastifyRequest): Profile {
  return request.account?.profile ?? request.server.config.profile
}

export function viewOf (request: FastifyRequest): ProfileView {
  return PROFILE_VIEWS[profileOf(request)]
}

/**
 * Paths (under the prefix) that exist in the observed profile only. In the documented profile they
 * are unknown routes, whatever the method: the same 404 as any path the docs do not have.
 */
const OBSERVED_ONLY_PATHS = [/^\/agents\/?$/, /^\/calls\/[^/]+\/result\/?$/, /^\/calls\/test\/?$/]

export function isObservedOnlyPath (pathUnderPrefix: string): boolean {
  return OBSERVED_ONLY_PATHS.some(p => p.test(pathUnderPrefix))
}

/**
 * A route hook for the observed-only endpoints: in the documented profile, the documented 404
 * before anything else (body parsing included) can answer differently.
 */
export const observedOnly: onRequestHookHandler = (request, _reply, done) => {
  if (profileOf(request) === 'observed') { done(); return }
  // One microtask later, as the guard refuses (Node's parser answers a malformed request first).
  const err = Errors.routeNotFound(request.method, decodedPath(request.url))
  queueMicrotask(() => done(err))
}
