/**
 * Shared helpers of the reliability tests (fuzz, isolation, limits, process): the envelope
 * invariant every response must hold, a bounded inject, route discovery from the served OpenAPI
 * document (so new routes are fuzzed and isolation-checked without editing these tests), and the
 * real-process helpers (a private build of the server, spawn, wait for listening).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { buildApp, type App } from '../../src/http/app.js'
import type { Config } from '../../src/http/config.js'
import { ALL_SURFACES } from '../../src/http/surfaces.js'
import { CARTESIA_ACCOUNTS, CARTESIA_KEYS, CARTESIA_NUMBERS, GUIDE_AGENT, GUIDE_BATCH_ID } from '../../src/surfaces/cartesia/documented.js'
import { ULTRAVOX_ACCOUNTS, ULTRAVOX_KEYS } from '../../src/surfaces/ultravox/documented.js'
import { SEEDED_KEYS } from '../../src/surfaces/techladder/documented.js'
import { TEST_CONFIG, watchContract } from '../helper.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A request that takes longer than this is a hang. */
export const MAX_MS_PER_REQUEST = 5000

export interface Res { statusCode: number, headers: Record<string, unknown>, body: string }

/**
 * The invariant: never a 5xx; always JSON; a 2xx is a success envelope, anything else the error
 * envelope whose status_code matches the HTTP status, with a code and details, data null, no stack.
 * Returns a problem description or null.
 */
export function envelopeProblem (res: Res, what: string): string | null {
  if (res.statusCode >= 500) return `${what}: answered ${res.statusCode}: ${res.body.slice(0, 300)}`
  if (res.statusCode < 200) return `${what}: answered ${res.statusCode}`
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/json')) {
    // The docs UI and its redirects are HTML by design; nothing else may be.
    return `${what}: ${res.statusCode} with content-type ${JSON.stringify(type)}: ${res.body.slice(0, 200)}`
  }
  let body: any
  try { body = JSON.parse(res.body) } catch { return `${what}: body is not JSON: ${res.body.slice(0, 200)}` }
  if (body === null || typeof body !== 'object') return `${what}: body is not an object`
  if (body.status_code !== res.statusCode) return `${what}: status_code ${String(body.status_code)} != HTTP ${res.statusCode}`
  if (typeof body.message !== 'string' || body.message === '') return `${what}: no message`
  if (/\bat .*\.(js|ts|mjs):\d+/.test(res.body)) return `${what}: stack trace in body`
  if (res.statusCode >= 300) {
    const keys = Object.keys(body).join(',')
    if (keys !== 'status_code,message,error,data') return `${what}: error envelope keys are ${keys}`
    if (body.data !== null) return `${what}: error envelope with data`
    if (typeof body.error?.code !== 'string' || !Array.isArray(body.error?.details)) return `${what}: error without code/details`
    if (body.error.details.some((d: unknown) => typeof d !== 'string')) return `${what}: non-string detail`
  } else if (body.error !== null) {
    return `${what}: success envelope with error ${JSON.stringify(body.error)}`
  }
  return null
}

/** Rejects when the promise takes longer than `ms`: a hang is a failure, not a stuck test. */
export async function within<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export interface RouteInfo { method: string, path: string, hasBatchId: boolean, hasBody: boolean }

/** Every operation of the served OpenAPI document under `prefix` (path in Fastify `:param` form). */
export function routesOf (doc: any, prefix: string): RouteInfo[] {
  const out: RouteInfo[] = []
  for (const [path, ops] of Object.entries<any>(doc.paths ?? {})) {
    if (!path.startsWith(prefix)) continue
    // A path under a longer prefix is another surface's (TechLadder's /api/v1/public inside Ultravox's /api).
    if (ownerOf(path)?.prefix !== ownerOf(prefix + '/x')?.prefix) continue
    for (const [method, op] of Object.entries<any>(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      out.push({
        method: method.toUpperCase(),
        path: path.replace(/\{([A-Za-z_]+)\}/g, ':$1'),
        hasBatchId: path.includes('{batch_id}'),
        hasBody: op.requestBody !== undefined
      })
    }
  }
  return out
}

/** A route path with its params filled in (each value percent-encoded). */
export function fill (path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? `missing_${name}`))
}

// ---------------------------------------------------------------------------------------------
// The public surfaces, as the suites drive them

/** The surface (of every one registered, the control API included) whose prefix is the longest that `path` starts with. */
export function ownerOf (path: string): { name: string, prefix: string } | undefined {
  return [...ALL_SURFACES].sort((a, b) => b.prefix.length - a.prefix.length)
    .find(s => path === s.prefix || path.startsWith(s.prefix + '/') || path.startsWith(s.prefix + '?'))
}

/** The path a request target names, as a client resolving dot segments and the router decoding it would see it. */
export function routedPath (url: string): string {
  let path = url.split('?')[0]
  // An origin-form target is a path even when it starts with `//` (not a protocol-relative URL).
  try { path = new URL(url.startsWith('/') ? `http://x${url}` : url).pathname } catch {}
  try { return decodeURIComponent(path) } catch { return path }
}

export interface SurfaceSpec {
  name: 'techladder' | 'cartesia' | 'ultravox'
  prefix: string
  provider: 'techladder' | 'cartesia' | 'ultravox'
  /** The seeded keys (src/surfaces/<name>/documented.ts): one account's, another account's. */
  keys: { main: string, other: string }
  accounts: { main: string, other: string }
  /** The headers an ordinary request sends with `key` (what the surface's docs show). */
  headers: (key: string) => Record<string, string>
  /** Every way the surface's guard accepts a key. */
  authVariants: (key: string) => Array<Record<string, string>>
  /** Whether the surface sends X-RateLimit-* headers (only TechLadder's API documents them). */
  rateLimitHeaders: boolean
  /** Parts of an answer that differ on every request by design (request ids), blanked for comparison. */
  stable: (body: string) => string
  /** Headers whose values differ on every request by design. */
  volatileHeaders: string[]
  /** Route params owned by the main account, read from the store. */
  params: (app: App) => Record<string, string>
}

const stripRequestIds = (body: string) => body.replace(/"request_id":"[^"]*"/g, '"request_id":""')
const one = (app: App, sql: string, ...args: unknown[]) => app.db.prepare(sql).pluck().get(...args) as string

export const SURFACES: readonly SurfaceSpec[] = [
  {
    name: 'techladder',
    prefix: '/api/v1/public',
    provider: 'techladder',
    keys: { main: SEEDED_KEYS.main, other: SEEDED_KEYS.other },
    accounts: { main: 'acc_abc123', other: 'acc_def456' },
    headers: key => ({ authorization: `Bearer ${key}` }),
    authVariants: (key): Array<Record<string, string>> => [{ authorization: `Bearer ${key}` }],
    rateLimitHeaders: true,
    stable: body => body,
    volatileHeaders: ['date', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    params: app => ({
      batch_id: 'sched_7bac6f2a',
      call_id: one(app, "SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.account_id = 'acc_abc123' AND c.status = 'completed' LIMIT 1")
    })
  },
  {
    name: 'cartesia',
    prefix: '/agents',
    provider: 'cartesia',
    keys: { main: CARTESIA_KEYS.main, other: CARTESIA_KEYS.other },
    accounts: { main: CARTESIA_ACCOUNTS.main, other: CARTESIA_ACCOUNTS.other },
    headers: key => ({ authorization: `Bearer ${key}`, 'cartesia-version': '2026-08-14' }),
    authVariants: (key): Array<Record<string, string>> => [{ authorization: `Bearer ${key}`, 'cartesia-version': '2026-08-14' }, { 'x-api-key': key, 'cartesia-version': '2026-08-14' }],
    rateLimitHeaders: false,
    stable: stripRequestIds,
    volatileHeaders: ['date', 'x-request-id'],
    params: app => ({
      batch_id: GUIDE_BATCH_ID,
      agent_id: one(app, 'SELECT agent_id FROM batches WHERE schedule_id = ?', GUIDE_BATCH_ID),
      // A call with audio, the shortest (its WAV is written on every request: thousands of fuzz cases).
      call_id: one(app, `SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.account_id = ? AND c.status = 'completed'
        AND c.answer_duration_seconds > 0 ORDER BY c.answer_duration_seconds, c.call_id LIMIT 1`, CARTESIA_ACCOUNTS.main)
    })
  },
  {
    name: 'ultravox',
    prefix: '/api',
    provider: 'ultravox',
    keys: { main: ULTRAVOX_KEYS.main, other: ULTRAVOX_KEYS.other },
    accounts: { main: ULTRAVOX_ACCOUNTS.main, other: ULTRAVOX_ACCOUNTS.other },
    headers: key => ({ 'x-api-key': key }),
    authVariants: (key): Array<Record<string, string>> => [{ 'x-api-key': key }, { 'x-unsafe-api-key': key }],
    rateLimitHeaders: false,
    stable: body => body,
    volatileHeaders: ['date'],
    params: app => {
      const docs = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
      // The docs' batch's shortest answered call (its recording is written on every request).
      return { agent_id: docs, batch_id: docs, call_id: one(app, "SELECT call_id FROM calls WHERE batch_id = ? AND status = 'completed' AND answer_duration_seconds > 0 ORDER BY answer_duration_seconds, call_id LIMIT 1", docs) }
    }
  }
]

/**
 * A valid body per write route of each surface (on the manual clock at 2026-06-01T09:00:00Z), every
 * optional field set where it is meaningful: the base the body suites change one field of.
 */
export function writeBody (surface: SurfaceSpec, method: string, path: string): Record<string, unknown> | null {
  const key = `${surface.name} ${method} ${path}`
  switch (key) {
    case 'techladder POST /api/v1/public/call-batches': return {
      agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', voice: 'Tara', did_number: '08037236753', interruption: false, use_alternate_number: false,
      // Scheduled, so that the schedule fields are read rather than ignored.
      start_mode: 'scheduled', schedule_date: '2026-06-02', schedule_time: '10:00', schedule_timezone: 'UTC', concurrency: 2, callback_url: 'http://127.0.0.1:9/hook',
      deduplicate_by_phone: true, recording_enabled: true, max_duration_seconds_per_call: 300, metadata: { campaign: 'types' },
      contacts: [{ contact_id: 'c-1', name: 'Asha', phone_number: '919876543210', metadata: { company_name: 'Acme' } }]
    }
    case 'techladder POST /api/v1/public/calls/test': return { agent_id: 'agt-57949b14', version_id: 'pmt-667ddf271b', channel: 'telephony', phone_number: '15005550006', external_id: 'types', recording_enabled: true, voice: 'Tara' }
    case 'cartesia POST /agents/calls/batches': return {
      name: 'types', agent_id: GUIDE_AGENT.agent_id, from_number_id: CARTESIA_NUMBERS.guide.number_id, target_concurrency_limit: 1, ringing_timeout_seconds: 30, max_call_duration_minutes: 10,
      scheduled_at: '2026-06-02T10:00:00Z', recipients: [{ to_number: '+14155550100', metadata: { n: 1 } }]
    }
    case 'ultravox POST /api/agents/:agent_id/scheduled_batches': return {
      // No webhookUrl: Ultravox refuses one when every call has an outgoing medium.
      windowStart: '2026-06-01T10:00:00Z', windowEnd: '2026-06-01T18:00:00Z', paused: true,
      calls: [{ medium: { twilio: { outgoing: { to: '+14155550100', from: '+14155559999' } } }, metadata: { n: '1' }, templateContext: { name: 'Asha' } }]
    }
    case 'ultravox PATCH /api/agents/:agent_id/scheduled_batches/:batch_id': return { paused: true, windowEnd: '2026-06-30T18:00:00Z' }
  }
  return null
}

/** The operations of one surface in the served OpenAPI document. */
export const surfaceRoutes = (doc: any, surface: SurfaceSpec): RouteInfo[] => routesOf(doc, surface.prefix)

const ajv = new Ajv({ strict: false, allErrors: true })
;(addFormats as unknown as (a: Ajv) => void)(ajv)
const errorValidators = new Map<string, ValidateFunction>()
function errorValidator (prefix: string): ValidateFunction {
  let v = errorValidators.get(prefix)
  if (v === undefined) {
    v = ajv.compile(ALL_SURFACES.find(s => s.prefix === prefix)!.errors.schema)
    errorValidators.set(prefix, v)
  }
  return v
}

/**
 * The invariant for any answer, by the surface the path belongs to: never a 5xx; an error is that
 * surface's own error body (its declared schema, from the surface's errors module) and nothing
 * else; TechLadder's paths, the control API and paths outside every surface: the envelope
 * (`envelopeProblem`). Cartesia: its request id in the body equals X-Request-Id. Ultravox: exactly
 * `{"detail": "…"}` for every status but 400. Returns a problem description or null.
 */
export function surfaceProblem (res: Res, what: string, method: string, url: string): string | null {
  if (res.statusCode >= 500) return `${what}: answered ${res.statusCode}: ${res.body.slice(0, 300)}`
  const path = routedPath(url)
  // The start page, the docs UI and the OpenAPI document are not error bodies (a dot segment can lead there).
  if (((method === 'GET' || method === 'HEAD') && path === '/') || /^\/docs(\/|$)/.test(path) || path === '/openapi.json') return null
  const owner = ownerOf(path)
  if (owner === undefined || owner.name === 'techladder' || owner.name === 'admin') return envelopeProblem(res, what)
  if (method === 'HEAD' || res.statusCode === 204) return null
  const type = String(res.headers['content-type'] ?? '')
  if (res.statusCode < 300 && type.startsWith('audio/wav')) return res.body.startsWith('RIFF') ? null : `${what}: audio that is not WAV`
  if (!type.startsWith('application/json')) return `${what}: ${res.statusCode} with content-type ${JSON.stringify(type)}`
  let body: Record<string, unknown>
  try { body = JSON.parse(res.body) } catch { return `${what}: body is not JSON: ${res.body.slice(0, 200)}` }
  if (/\bat .*\.(js|ts|mjs):\d+/.test(res.body)) return `${what}: stack trace in body`
  if (res.statusCode < 400) return null
  const validate = errorValidator(owner.prefix)
  if (!(validate(body) as boolean)) return `${what}: not ${owner.name}'s error body: ${res.body.slice(0, 200)}`
  if ('status_code' in body) return `${what}: another surface's error body: ${res.body.slice(0, 200)}`
  if (owner.name === 'cartesia' && body.request_id !== res.headers['x-request-id']) return `${what}: request_id ${String(body.request_id)} is not X-Request-Id ${String(res.headers['x-request-id'])}`
  if (owner.name === 'ultravox' && res.statusCode !== 400 && Object.keys(body).join() !== 'detail') return `${what}: not {"detail": "…"}: ${res.body.slice(0, 200)}`
  return null
}

// ---------------------------------------------------------------------------------------------
// Real processes

/** A private build of the server (never races other tests writing dist/), inside node_modules so
 * that the compiled files resolve the project's dependencies. Built once per test file. */
export function buildServer (): string {
  const out = join(ROOT, 'node_modules', '.cache', 'techladder-reliability', String(process.pid))
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  } catch (err) {
    // tsc exits non-zero on type errors but still emits; only a missing output is fatal.
    if (!existsSync(join(out, 'src', 'server.js'))) throw err
  }
  return out
}

/** dist/ when it is newer than every source file (npm test builds it first), else a private build. */
export function serverBuild (): { dir: string, private: boolean } {
  const server = join(ROOT, 'dist', 'src', 'server.js')
  if (existsSync(server)) {
    const built = statSync(server).mtimeMs
    const newest = Math.max(...['src'].flatMap(d => newestTs(join(ROOT, d))))
    if (newest <= built) return { dir: join(ROOT, 'dist'), private: false }
  }
  return { dir: buildServer(), private: true }
}

function newestTs (dir: string): number[] {
  const out: number[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...newestTs(p))
    else if (e.name.endsWith('.ts')) out.push(statSync(p).mtimeMs)
  }
  return out
}

export function removeBuild (out: string): void {
  rmSync(out, { recursive: true, force: true })
}

export interface Server {
  child: ChildProcess
  port: number
  stdout: () => string
  stderr: () => string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

/** Spawns `node <build>/src/server.js` on a free port and waits until it listens (bounded). */
export async function startServer (build: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Server> {
  const child = spawn(process.execPath, [join(build, 'src', 'server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', BATCHES_PER_ACCOUNT: '4', CALLS_PER_BATCH: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { err += d.toString() })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })))
  const port = await within(new Promise<number>((resolve, reject) => {
    const check = () => {
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m !== null) resolve(Number(m[1]))
    }
    child.stdout!.on('data', check)
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${String(code ?? signal)}) before listening: ${err.slice(0, 500)}`)))
  }), timeoutMs, 'server start').catch((e: Error) => { child.kill('SIGKILL'); throw e })
  return { child, port, stdout: () => out, stderr: () => err, exited }
}

/** Runs the server to completion (start-up failures): exit code, stdout, stderr (bounded). */
export async function runToExit (build: string, env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [join(build, 'src', 'server.js')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', BATCHES_PER_ACCOUNT: '2', CALLS_PER_BATCH: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await within(new Promise<number | null>(resolve => child.once('exit', (c) => resolve(c))), timeoutMs, 'server exit')
    .catch((e: Error) => { child.kill('SIGKILL'); throw e })
  return { code, stdout, stderr }
}

export type HttpRes = Res

/** One HTTP request to 127.0.0.1 (a fresh connection unless an agent is given). */
export function http (port: number, opts: { method?: string, path: string, headers?: Record<string, string>, body?: string, agent?: any }): Promise<HttpRes> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers as Record<string, unknown>, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** Writes raw bytes on a fresh socket and collects everything until the server closes it (bounded). */
/**
 * Sends a request head and the first byte of a body, then one byte every 200 ms for as long as the
 * connection stays open (at most 10 s): a client trickling its body. Resolves with all it received.
 */
export function trickled (port: number, head: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.write(head) })
    let got = ''
    const drip = setInterval(() => { if (!socket.destroyed) socket.write(' ') }, 200)
    socket.on('data', (c: Buffer) => { got += c.toString() })
    socket.on('close', () => { clearInterval(drip); resolve(got) })
    socket.on('error', () => {})
    setTimeout(() => socket.destroy(), 10_000)
  })
}

export function raw (port: number, data: string | Buffer, timeoutMs = 5000, endAfterWrite = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`raw request: no close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString().slice(0, 200)}`)) }, timeoutMs)
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', () => { /* a reset after the answer is fine: what was read counts */ })
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString()) })
    socket.write(data, () => { if (endAfterWrite) socket.end() })
  })
}

/** Splits a raw HTTP/1.1 response (one, not chunked) into status, headers and body. */
export function parseRaw (text: string): Res | null {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const m = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)
  if (m === null) return null
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  let body = text.slice(end + 4)
  const length = headers['content-length']
  if (length !== undefined) body = Buffer.from(body).subarray(0, Number(length)).toString()
  return { statusCode: Number(m[1]), headers, body }
}

// ---------------------------------------------------------------------------------------------
// In-process apps for properties

export interface Checked {
  app: App
  /** inject that throws (so fast-check shrinks) on a hang, a 5xx, an answer not in its surface's own body, or a contract violation. */
  send: (opts: InjectOptions, check?: { envelope?: boolean }) => Promise<Res>
}
type InjectOptions = { method?: string, url: string, headers?: Record<string, string | string[]>, payload?: string | Buffer }

/**
 * An app on a fresh in-memory store with the test seed, rate limit off unless asked. Every response
 * is checked against the served OpenAPI document (as test/helper.ts does) and the body invariant of
 * the surface its path belongs to (`surfaceProblem`).
 */
export async function checkedApp (t: Test, config: Partial<Config> = {}): Promise<Checked> {
  const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0, ...config })
  const violations = watchContract(app)
  t.teardown(async () => { await app.close() })
  await app.ready()
  const send = async (opts: InjectOptions, check: { envelope?: boolean } = {}): Promise<Res> => {
    const what = `${opts.method ?? 'GET'} ${opts.url.slice(0, 200)}`
    const res = await within(app.inject(opts as any), MAX_MS_PER_REQUEST, what)
    const out: Res = { statusCode: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body }
    const contractProblem = violations.splice(0)[0]
    if (contractProblem !== undefined) throw new Error(`${what}: contract: ${contractProblem}`)
    if (out.statusCode >= 500) throw new Error(`${what}: answered ${out.statusCode}: ${out.body.slice(0, 300)}`)
    const problem = check.envelope === false ? null : surfaceProblem(out, what, opts.method ?? 'GET', opts.url)
    if (problem !== null) throw new Error(problem)
    return out
  }
  return { app, send }
}

/** Runs per property: FC_RUNS overrides (e.g. FC_RUNS=50000 for a long local run); FC_SEED replays. */
export function fcParams (runs: number): { numRuns: number, seed?: number, endOnFailure: boolean } {
  const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : runs
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined
  return { numRuns, ...(seed !== undefined ? { seed } : {}), endOnFailure: false }
}
