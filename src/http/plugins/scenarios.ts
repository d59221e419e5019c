/**
 * The scenario hook each API surface runs after its guard (so a bad key still gets its 401 first
 * and `account_id` rules see the authenticated account): a Prefer header or the first matching
 * rule (src/harness/scenarios.ts) answers with the surface's own error body, a latency, or a fault.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { parsePrefer, type ScenarioInput } from '../../harness/scenarios.js'
import { redactKeys } from '../../harness/redaction.js'

type Action = ScenarioInput['action']

/** Ends the exchange without an HTTP response, as a faulty network or upstream would. */
function fault (kind: 'reset' | 'empty', reply: FastifyReply): void {
  reply.hijack()
  if ((reply.raw as { isLightMyRequest?: boolean }).isLightMyRequest === true) {
    // app.inject has no socket: its promise rejects with the error a real client would get.
    const err = Object.assign(new Error(kind === 'reset' ? 'read ECONNRESET' : 'socket hang up'), { code: 'ECONNRESET' })
    reply.raw.destroy(err)
    return
  }
  const socket = reply.request.raw.socket
  if (kind === 'reset') {
    // RST where the platform allows it, so the client sees ECONNRESET rather than a clean close.
    if (typeof (socket as { resetAndDestroy?: () => void }).resetAndDestroy === 'function') (socket as unknown as { resetAndDestroy: () => void }).resetAndDestroy()
    else socket.destroy()
  } else {
    socket.end()
  }
}

/**
 * The onRequest hook of one surface: `answer` sends that surface's documented error for a forced
 * status (and says so by returning true).
 */
export function scenarioHook (app: FastifyInstance, answer: (status: number, request: FastifyRequest, reply: FastifyReply) => void): onRequestHookHandler {
  const store = app.scenarios
  const apply = async (request: FastifyRequest, reply: FastifyReply, action: Action, id: string): Promise<boolean> => {
    request.scenarioId = id
    // Wall time on purpose: a scenario's latency is what the client waits, whatever the sim clock says.
    if (action.latency_ms !== undefined && action.latency_ms > 0) await sleep(action.latency_ms)
    if (action.fault !== undefined) {
      app.journalFault(request, reply, action.fault === 'reset' ? 'FAULT_RESET' : 'FAULT_EMPTY', id)
      const url = redactKeys(request.url)
      request.log.info({ method: request.method, url, fault: action.fault, scenario: id }, `${request.method} ${url} fault=${action.fault}`)
      fault(action.fault, reply)
      return false
    }
    if (action.status !== undefined) {
      // Sent here rather than thrown: a forced 500 is not an unexpected fault, so nothing logs a stack.
      answer(action.status, request, reply)
      return false
    }
    return true
  }

  // Callback style: the common case (no rule, no Prefer header) costs no promise.
  return (request, reply, done) => {
    const prefer = request.headers.prefer === undefined ? null : parsePrefer(request.headers.prefer)
    let action: Action
    let id: string
    if (prefer !== null) {
      action = prefer
      id = 'prefer'
    } else {
      const hit = store.size === 0 ? undefined : store.pick({ method: request.method, accountId: request.account?.account_id ?? null, headers: request.headers }, request.url.split('?')[0])
      if (hit === undefined) { done(); return }
      action = hit.action
      id = hit.id
    }
    // After a forced answer or a fault the exchange is over: the chain is not resumed.
    apply(request, reply, action, id).then((goOn) => { if (goOn) done() }, (err: Error) => done(err))
  }
}
