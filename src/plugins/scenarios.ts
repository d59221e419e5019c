/**
 * Scenarios: rules that make the public API misbehave on purpose. A rule matches requests (method,
 * path glob or regex, account, header) and answers with a documented error (its exact catalogue
 * body), an added latency, or a fault (connection reset, empty reply): always, N times, or with a
 * probability drawn from a seeded generator (the same requests fire on every run).
 *
 * One-off forcing without a rule: the `Prefer` header, in the spirit of Prism's
 * (`Prefer: code=429`, `Prefer: latency=200`, `Prefer: fault=reset`, combinable with commas).
 *
 * The hook runs after the public API guard, so a missing or bad key still gets its 401 first and
 * `account_id` rules see the authenticated account. Only /api/v1/public requests are affected.
 * The first matching rule (in creation order) answers; a Prefer header wins over every rule.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { redactKeys } from './journal.js'
import { ApiError, Errors } from '../errors.js'
import { FORCEABLE_STATUSES, type ScenarioInput, type ScenarioView } from '../schemas/admin.js'
import { sendError } from './error-handler.js'
import { isPublicPath } from './public-api-guard.js'
import { mulberry32 } from '../simulation/random.js'

type Action = ScenarioInput['action']

interface Scenario extends ScenarioView {
  /** Compiled matchers. */
  pathTest: ((path: string) => boolean) | null
  random: () => number
}

/** `*` is one path segment, `**` any number of segments (including none); the rest is literal. */
export function globToRegExp (glob: string): RegExp {
  let src = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]
    if (ch === '*' && glob[i + 1] === '*') {
      src += '.*'
      i++
    } else if (ch === '*') {
      src += '[^/]*'
    } else {
      src += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${src}/?$`)
}

/** Parses `Prefer: code=429, latency=200, fault=reset`; null when it asks for nothing we do. */
export function parsePrefer (header: string | string[] | undefined): Action | null {
  if (header === undefined) return null
  const action: Action = {}
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(/[,;]/)) {
    const [rawKey, rawValue] = part.split('=', 2).map(s => s?.trim())
    if (rawValue === undefined) continue
    const key = rawKey.toLowerCase()
    const value = rawValue.replace(/^"(.*)"$/, '$1')
    if (key === 'code' && /^\d{3}$/.test(value) && (FORCEABLE_STATUSES as readonly number[]).includes(Number(value))) {
      action.status = Number(value) as Action['status']
    } else if (key === 'latency' && /^\d{1,5}$/.test(value)) {
      action.latency_ms = Math.min(Number(value), 60_000)
    } else if (key === 'fault' && (value === 'reset' || value === 'empty')) {
      action.fault = value
    }
  }
  return Object.keys(action).length === 0 ? null : action
}

/** Rules are tried on every API request: a cap keeps memory and per-request cost bounded. */
export const MAX_SCENARIOS = 1000

const BATCH_IN_PATH = /\/call-batches\/([^/?]+)/

/** The documented error for a forced status, with the exact body the catalogue gives it. */
export function forcedError (status: number, request: FastifyRequest, serverLimit: number): ApiError {
  const path = request.url.split('?')[0]
  switch (status) {
    case 400:
      // The Response Format page's example body, verbatim.
      return Errors.invalidBody(['phone_number: Must be at least 10 digits', 'agent_name: This field is required'])
    case 401: return Errors.unauthorized()
    case 403: return Errors.forbidden()
    case 404: {
      const id = BATCH_IN_PATH.exec(path)
      return id !== null ? Errors.batchNotFound(decodeURIComponent(id[1])) : Errors.routeNotFound(request.method, path)
    }
    case 422:
      // The List Call Batches page's example body, verbatim.
      return Errors.invalidQuery(['status: Must be one of pending, active, completed, failed, cancelled'])
    case 429: return Errors.rateLimited(request.account?.rate_limit_per_minute ?? serverLimit)
    default: return Errors.internal()
  }
}

export class ScenarioStore {
  private readonly scenarios: Scenario[] = []
  private counter = 0

  constructor (private readonly serverSeed: number) {}

  /** Validates the parts JSON Schema cannot (regex compiles, action not empty) and adds the rule. */
  add (input: ScenarioInput, now: Date = new Date()): ScenarioView {
    if (this.scenarios.length >= MAX_SCENARIOS) throw Errors.conflict(`scenarios: At most ${MAX_SCENARIOS} rules; remove some first`)
    const match = input.match ?? {}
    const action = input.action
    if (action.status === undefined && action.fault === undefined && action.latency_ms === undefined) {
      throw Errors.invalidBody(['action: Must set status, latency_ms or fault'])
    }
    if (action.status !== undefined && action.fault !== undefined) {
      throw Errors.invalidBody(['action: Set status or fault, not both'])
    }
    if (match.path !== undefined && match.path_regex !== undefined) {
      throw Errors.invalidBody(['match: Set path or path_regex, not both'])
    }
    let pathTest: Scenario['pathTest'] = null
    if (match.path !== undefined) {
      const re = globToRegExp(match.path)
      pathTest = (p) => re.test(p)
    } else if (match.path_regex !== undefined) {
      let re: RegExp
      try { re = new RegExp(match.path_regex) } catch { throw Errors.invalidBody(['path_regex: Must be a valid regular expression']) }
      pathTest = (p) => re.test(p)
    }
    this.counter++
    const seed = input.seed ?? ((this.serverSeed + this.counter * 7919) % 2 ** 31)
    const scenario: Scenario = {
      id: `scn_${this.counter}`,
      name: input.name ?? null,
      match: { ...match, ...(match.method !== undefined ? { method: match.method.toUpperCase() } : {}) },
      action,
      times: input.times ?? null,
      remaining: input.times ?? null,
      probability: input.probability ?? 1,
      seed,
      matched: 0,
      fired: 0,
      created_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      pathTest,
      random: mulberry32(seed)
    }
    this.scenarios.push(scenario)
    return view(scenario)
  }

  list (): ScenarioView[] { return this.scenarios.map(view) }
  get (id: string): ScenarioView | undefined {
    const s = this.scenarios.find(x => x.id === id)
    return s === undefined ? undefined : view(s)
  }

  remove (id: string): boolean {
    const i = this.scenarios.findIndex(x => x.id === id)
    if (i === -1) return false
    this.scenarios.splice(i, 1)
    return true
  }

  /** Removes every rule; ids start again at scn_1 so a reset test sees the same ids every time. */
  clear (): void {
    this.scenarios.length = 0
    this.counter = 0
  }

  get size (): number { return this.scenarios.length }

  /** The first rule that matches and fires for this request (counting and drawing as it goes). */
  pick (request: FastifyRequest, path: string): Scenario | undefined {
    for (const s of this.scenarios) {
      if (s.remaining === 0) continue
      const m = s.match
      if (m.account_id !== undefined && request.account?.account_id !== m.account_id) continue
      if (m.method !== undefined && m.method !== '*' && m.method !== request.method) continue
      if (s.pathTest !== null && !s.pathTest(path)) continue
      if (m.header !== undefined) {
        const value = request.headers[m.header.name.toLowerCase()]
        if (value === undefined) continue
        if (m.header.value !== undefined && (Array.isArray(value) ? !value.includes(m.header.value) : value !== m.header.value)) continue
      }
      s.matched++
      if (s.probability < 1 && !(s.random() < s.probability)) continue
      s.fired++
      if (s.remaining !== null) s.remaining--
      return s
    }
    return undefined
  }
}

function view (s: Scenario): ScenarioView {
  const { pathTest: _p, random: _r, ...rest } = s
  return { ...rest, match: { ...s.match }, action: { ...s.action } }
}

declare module 'fastify' {
  interface FastifyInstance {
    scenarios: ScenarioStore
  }
}

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

async function scenariosPlugin (app: FastifyInstance): Promise<void> {
  const store = new ScenarioStore(app.config.seed)
  app.decorate('scenarios', store)

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
      sendError(reply, forcedError(action.status, request, app.config.rateLimitPerMinute))
      return false
    }
    return true
  }

  // Callback style: the common case (no rule, no Prefer header) costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isPublicPath(request.url)) { done(); return }
    const prefer = request.headers.prefer === undefined ? null : parsePrefer(request.headers.prefer)
    let action: Action
    let id: string
    if (prefer !== null) {
      action = prefer
      id = 'prefer'
    } else {
      const hit = store.size === 0 ? undefined : store.pick(request, request.url.split('?')[0])
      if (hit === undefined) { done(); return }
      action = hit.action
      id = hit.id
    }
    // After a forced answer or a fault the exchange is over: the chain is not resumed.
    apply(request, reply, action, id).then((goOn) => { if (goOn) done() }, (err: Error) => done(err))
  })
}

export default fp(scenariosPlugin, { name: 'scenarios', dependencies: ['store', 'public-api-guard', 'journal'] })
