/**
 * Reading credentials off a request: the bearer token of an Authorization header, and whether the
 * request carries more than one credential header of a kind (ambiguous: answered as none).
 */
import type { FastifyRequest } from 'fastify'

const BEARER = /^bearer +([^\s]+) *$/i

/** The key in an Authorization header, or null when the header is missing or malformed. The scheme word is case-insensitive (RFC 7235). */
export function bearerToken (header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null
  const match = BEARER.exec(header)
  return match === null ? null : match[1]
}

/**
 * More than one `name` header is ambiguous: Node keeps the first, a proxy in front may use another,
 * so the request is answered as unauthenticated rather than as one of the accounts.
 */
export function hasDuplicateHeader (rawHeaders: string[], name: string): boolean {
  let seen = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === name.length && rawHeaders[i].toLowerCase() === name && ++seen > 1) return true
  }
  return false
}

export function hasDuplicateAuthorization (rawHeaders: string[]): boolean {
  return hasDuplicateHeader(rawHeaders, 'authorization')
}

/** The value of a single-valued header, or null when it is missing or repeated. */
export function singleHeader (request: FastifyRequest, name: string): string | null {
  const v = request.headers[name]
  return typeof v === 'string' && !hasDuplicateHeader(request.raw.rawHeaders, name) ? v : null
}

/**
 * The API key a request presented, in whichever header its surface reads (`Authorization: Bearer`,
 * `X-API-Key` or Ultravox's `X-Unsafe-API-Key`), for the journal and the log, which show only a hint of it.
 */
export function presentedKey (request: FastifyRequest): string | null {
  const bearer = bearerToken(request.headers.authorization)
  if (bearer !== null) return bearer
  const apiKey = request.headers['x-api-key'] ?? request.headers['x-unsafe-api-key']
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : null
}
