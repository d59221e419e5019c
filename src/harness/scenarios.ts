/**
 * Scenarios: rules that make an API surface misbehave on purpose. A rule matches requests (method,
 * path glob or regex, account, header) and answers with one of the surface's documented errors
 * (its exact body), an added latency, or a fault (connection reset, empty reply): always, N times,
 * or with a probability drawn from a seeded generator (the same requests fire on every run).
 *
 * One-off forcing without a rule: the `Prefer` header, in the spirit of Prism's
 * (`Prefer: code=429`, `Prefer: latency=200`, `Prefer: fault=reset`, combinable with commas).
 * The first matching rule (in creation order) answers; a Prefer header wins over every rule. The
 * HTTP side (the hook each surface runs after its guard) is src/http/plugins/scenarios.ts.
 */
import { Type, type Static } from 'typebox'
import { DomainErrors } from '../core/model/errors.js'
import { Nullable } from '../core/model/records.js'
import { mulberry32 } from '../core/simulation/random.js'

const Time = Type.String({ format: 'date-time' })

export const FORCEABLE_STATUSES = [400, 401, 403, 404, 422, 429, 500] as const

export const ScenarioMatchSchema = Type.Object({
  method: Type.Optional(Type.String({ description: 'HTTP method; omitted or * matches any' })),
  path: Type.Optional(Type.String({ description: 'Glob on the path (no query): * is one segment, ** any number, e.g. /api/v1/public/call-batches/*/results' })),
  path_regex: Type.Optional(Type.String({ description: 'JavaScript regular expression tested against the path (instead of path)' })),
  account_id: Type.Optional(Type.String({ description: 'Only requests authenticated as this account' })),
  header: Type.Optional(Type.Object({
    name: Type.String({ minLength: 1 }),
    value: Type.Optional(Type.String({ description: 'Exact value; omitted: the header only has to be present' }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })

export const ScenarioActionSchema = Type.Object({
  status: Type.Optional(Type.Integer({ enum: [...FORCEABLE_STATUSES], description: 'Answer with this documented error (its exact catalogue body)', 'x-error': `Must be one of ${FORCEABLE_STATUSES.join(', ')}` })),
  latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000, description: 'Wall-clock delay before answering' })),
  fault: Type.Optional(Type.Enum(['reset', 'empty'], { description: 'reset: destroy the connection; empty: close it without a response' }))
}, { additionalProperties: false })

export const ScenarioInputSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  match: Type.Optional(ScenarioMatchSchema),
  action: ScenarioActionSchema,
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'Fire this many times, then stop; omitted: always' })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Chance to fire on a matching request (seeded, deterministic); default 1' })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'Seed of this scenario\'s random draws; default: derived from the server seed' }))
}, {
  additionalProperties: false,
  examples: [{ name: 'results rate limited', match: { method: 'GET', path: '/api/v1/public/call-batches/*/results', account_id: 'acc_abc123' }, action: { status: 429 }, times: 2 }]
})
export type ScenarioInput = Static<typeof ScenarioInputSchema>

export const ScenarioSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  match: ScenarioMatchSchema,
  action: ScenarioActionSchema,
  times: Nullable(Type.Integer()),
  remaining: Nullable(Type.Integer({ description: 'Firings left; null: unlimited' })),
  probability: Type.Number(),
  seed: Type.Integer(),
  matched: Type.Integer({ description: 'Requests that matched (whether or not it fired)' }),
  fired: Type.Integer({ description: 'Requests it answered' }),
  created_at: Time
})
export type ScenarioView = Static<typeof ScenarioSchema>


/** What a rule is matched against. */
export interface ScenarioRequest {
  method: string
  accountId: string | null
  headers: Record<string, string | string[] | undefined>
}

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

export class ScenarioStore {
  private readonly scenarios: Scenario[] = []
  private counter = 0

  constructor (private readonly serverSeed: number) {}

  /** Validates the parts JSON Schema cannot (regex compiles, action not empty) and adds the rule. */
  add (input: ScenarioInput, now: Date = new Date()): ScenarioView {
    if (this.scenarios.length >= MAX_SCENARIOS) throw DomainErrors.conflict(`scenarios: At most ${MAX_SCENARIOS} rules; remove some first`)
    const match = input.match ?? {}
    const action = input.action
    if (action.status === undefined && action.fault === undefined && action.latency_ms === undefined) {
      throw DomainErrors.invalidInput(['action: Must set status, latency_ms or fault'])
    }
    if (action.status !== undefined && action.fault !== undefined) {
      throw DomainErrors.invalidInput(['action: Set status or fault, not both'])
    }
    if (match.path !== undefined && match.path_regex !== undefined) {
      throw DomainErrors.invalidInput(['match: Set path or path_regex, not both'])
    }
    let pathTest: Scenario['pathTest'] = null
    if (match.path !== undefined) {
      const re = globToRegExp(match.path)
      pathTest = (p) => re.test(p)
    } else if (match.path_regex !== undefined) {
      let re: RegExp
      try { re = new RegExp(match.path_regex) } catch { throw DomainErrors.invalidInput(['path_regex: Must be a valid regular expression']) }
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
  pick (request: ScenarioRequest, path: string): Scenario | undefined {
    for (const s of this.scenarios) {
      if (s.remaining === 0) continue
      const m = s.match
      if (m.account_id !== undefined && request.accountId !== m.account_id) continue
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

