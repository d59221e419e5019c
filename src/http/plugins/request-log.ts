/**
 * One log line per request (Fastify's own request logging is off): method, URL, status, time in
 * ms, the account and a key hint. Never the full key. Health probes log at debug, so a container
 * health check does not fill the log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { keyHint, redactKeys } from '../../harness/redaction.js'
import { presentedKey } from '../credentials.js'
import { isFault } from './journal.js'

const PROBE = /^\/(healthz|readyz)(\?|$)/

async function requestLogPlugin (app: FastifyInstance): Promise<void> {
  const log = app.log as typeof app.log & { isLevelEnabled?: (level: string) => boolean }
  // With logging off Fastify's logger is a no-op without isLevelEnabled: skip the work entirely.
  if (typeof log.isLevelEnabled !== 'function' || app.log.level === 'silent') return
  // Callback style (no promise per request); below 500 the line is info or debug, so when info is
  // off nothing is built at all.
  app.addHook('onResponse', (request, reply, done) => {
    logLine(request, reply)
    done()
  })
  function logLine (request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode < 500 && log.isLevelEnabled?.('info') !== true) return
    if (isFault(request.errorCode)) return // logged by the scenarios plugin: no response was sent
    const level = PROBE.test(request.url) ? 'debug' : reply.statusCode >= 500 ? 'error' : 'info'
    if (log.isLevelEnabled?.(level) !== true) return
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const token = presentedKey(request)
    const url = redactKeys(request.url)
    app.log[level]({
      reqId: request.id,
      method: request.method,
      url,
      status: reply.statusCode,
      ms,
      account: request.account?.account_id ?? null,
      key: token === null ? undefined : keyHint(token),
      error_code: request.errorCode ?? undefined,
      scenario: request.scenarioId ?? undefined
    }, `${request.method} ${url} ${reply.statusCode} ${ms}ms`)
  }
}

export default fp(requestLogPlugin, { name: 'request-log', dependencies: ['journal'] })
