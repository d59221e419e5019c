/**
 * The Cartesia guard, run on every request of the surface (unknown paths included), in this order:
 * the request gets its id (X-Request-Id on every response); then 401 for a missing, malformed,
 * ambiguous or unknown key (another provider's key included); 403 for an organization whose API
 * access is off; 429 over the rate limit; 400 for a missing or malformed `Cartesia-Version`.
 *
 * A key comes as `Authorization: Bearer <key>` (what the SDK sends) or `X-API-Key: <key>` (the
 * guide's curl and Python samples). A repeated header, a malformed Authorization header, or the two
 * headers carrying different keys is no credential: the request is answered as unauthenticated
 * rather than as one of the accounts.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import { bearerToken, hasDuplicateHeader, singleHeader } from '../../http/credentials.js'
import { countRequest } from '../../http/rate-limit.js'
import { Errors, REQUEST_ID_HEADER, requestIdOf } from './errors.js'

export type Credential = { kind: 'none' } | { kind: 'ambiguous' } | { kind: 'key', key: string }

/** The one API key a request presents, if it presents exactly one. */
export function credentialOf (request: FastifyRequest): Credential {
  const raw = request.raw.rawHeaders
  if (hasDuplicateHeader(raw, 'authorization') || hasDuplicateHeader(raw, 'x-api-key')) return { kind: 'ambiguous' }
  const authorization = request.headers.authorization
  const apiKey = request.headers['x-api-key']
  if (authorization === undefined && apiKey === undefined) return { kind: 'none' }
  const keys = new Set<string>()
  if (authorization !== undefined) {
    const token = bearerToken(authorization)
    if (token === null) return { kind: 'ambiguous' }
    keys.add(token)
  }
  if (apiKey !== undefined) {
    if (typeof apiKey !== 'string' || apiKey === '' || /\s/.test(apiKey)) return { kind: 'ambiguous' }
    keys.add(apiKey)
  }
  return keys.size === 1 ? { kind: 'key', key: [...keys][0] } : { kind: 'ambiguous' }
}

/** Version dates seen valid: clients send the same one on every request (bounded: few are ever used). */
const validVersions = new Set<string>()

/** `YYYY-MM-DD` naming a real calendar day. */
export function isVersionDate (v: string): boolean {
  if (validVersions.has(v)) return true
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  const valid = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
  if (valid && validVersions.size < 1000) validVersions.add(v)
  return valid
}

export function cartesiaGuard (app: FastifyInstance): onRequestHookHandler {
  // Callback style, refusals passed on one microtask later (as techladder/guard.ts explains).
  const refuse = (done: (err?: Error) => void, err: Error): void => { queueMicrotask(() => done(err)) }
  return (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, requestIdOf(request))
    const credential = credentialOf(request)
    const found = credential.kind === 'key' ? app.repos.accounts.findByApiKey(credential.key) : undefined
    // Another provider's key is no key here.
    const owner = found?.provider === 'cartesia' ? found : undefined
    const rate = countRequest(app, owner, request)
    if (owner === undefined) {
      refuse(done, credential.kind === 'none' ? Errors.missingKey() : credential.kind === 'ambiguous' ? Errors.ambiguousKey() : Errors.invalidKey())
      return
    }
    request.account = owner
    if (!owner.api_enabled) { refuse(done, Errors.forbidden()); return }
    if (rate?.limited === true) {
      refuse(done, Errors.rateLimited(Math.max(1, Math.ceil((rate.resetAt - Date.now()) / 1000))))
      return
    }
    const version = singleHeader(request, 'cartesia-version')
    if (version === null || !isVersionDate(version)) { refuse(done, Errors.versionRequired()); return }
    done()
  }
}
