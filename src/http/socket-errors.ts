/**
 * Answers given outside every API surface: Node's HTTP parser errors (before any request exists),
 * CONNECT, and this server's own paths. They use the envelope the server began with (TechLadder's).
 */
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { ApiError, Errors, envelopeErrors, errorEnvelope } from '../surfaces/techladder/errors.js'
import { MAX_HEADER_BYTES } from './errors.js'

/** This server's own error format, for paths outside every surface. */
export const rootErrors = envelopeErrors()

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (malformed request line, headers
 * too large, timeouts): answered on the socket with the envelope, then the connection closes.
 */
export function clientErrorHandler (err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) { socket.destroy(); return }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
  const apiError = tooLarge
    ? new ApiError(431, 'VALIDATION_ERROR', 'Request headers too large', [`headers: Must be at most ${MAX_HEADER_BYTES} bytes in total`])
    : timeout
      ? new ApiError(408, 'VALIDATION_ERROR', 'Request timeout', ['request: Was not received in time'])
      : Errors.badRequest('request: Is not valid HTTP')
  const body = JSON.stringify(errorEnvelope(apiError))
  const reason = tooLarge ? 'Request Header Fields Too Large' : timeout ? 'Request Timeout' : 'Bad Request'
  socket.end(`HTTP/1.1 ${apiError.statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

/**
 * A CONNECT request (a client that takes this server for a proxy): Node would close the connection
 * without a word; it gets the 405 envelope instead, then the connection closes.
 */
export function connectHandler (request: IncomingMessage, socket: Duplex): void {
  const apiError = new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', ['CONNECT is not supported: this server is not a proxy'])
  const body = JSON.stringify(errorEnvelope(apiError))
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  void request
}
