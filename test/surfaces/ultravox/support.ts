/**
 * Shared helpers of the Ultravox tests: an app on the manual clock, requests with an Ultravox key,
 * and a check of every Ultravox response against this surface's own TypeBox schemas (besides the
 * OpenAPI contract test/helper.ts checks): each route's success body, and DRF error bodies (exactly
 * `{"detail": "…"}` for every status but 400).
 */
import type { Test } from 'tap'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { TSchema } from 'typebox'
import { build, json } from '../../helper.js'
import type { App } from '../../../src/http/app.js'
import type { Config } from '../../../src/http/config.js'
import * as S from '../../../src/surfaces/ultravox/schemas.js'

export const KEY = 'uv_test_key'
export const OTHER_KEY = 'uv_other_key'
export const DOCS = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
export const START = '2026-06-01T09:00:00Z'
export const START_MS = Date.parse(START)
export const uv = (key: string = KEY) => ({ 'x-api-key': key })

const ajv = new Ajv({ strict: false, allErrors: true })
;(addFormats as unknown as (a: Ajv) => void)(ajv)
const compiled = new Map<TSchema, ValidateFunction>()
const validator = (schema: TSchema) => {
  let v = compiled.get(schema)
  if (v === undefined) {
    v = ajv.compile(schema)
    compiled.set(schema, v)
  }
  return v
}

/** The schema a successful answer of a path has. */
function successSchema (method: string, path: string): TSchema | null {
  const p = path.split('?')[0]
  const uuid = '[0-9a-f-]{36}'
  const is = (re: string) => new RegExp(`^/api${re}/?$`).test(p)
  if (method === 'GET' && is('/agents')) return S.PaginatedAgentListSchema
  if (method === 'GET' && is(`/agents/${uuid}`)) return S.AgentSchema
  if (method === 'GET' && is(`/agents/${uuid}/scheduled_batches`)) return S.PaginatedScheduledCallBatchListSchema
  if (method === 'POST' && is(`/agents/${uuid}/scheduled_batches`)) return S.ScheduledCallBatchSchema
  if ((method === 'GET' || method === 'PATCH') && is(`/agents/${uuid}/scheduled_batches/${uuid}`)) return S.ScheduledCallBatchSchema
  if (method === 'GET' && is(`/agents/${uuid}/scheduled_batches/${uuid}/scheduled_calls`)) return S.PaginatedScheduledCallListSchema
  if (method === 'GET' && is(`/agents/${uuid}/scheduled_batches/${uuid}/created_calls`)) return S.PaginatedCallListSchema
  if (method === 'GET' && is(`/calls/${uuid}`)) return S.CallSchema
  if (method === 'GET' && is(`/calls/${uuid}/messages`)) return S.PaginatedCallMessageListSchema
  return null
}

/** Problems with one Ultravox response, or null. */
export function ultravoxProblem (method: string, url: string, res: { statusCode: number, headers: Record<string, unknown>, body: string }): string | null {
  const what = `${method} ${url.slice(0, 160)} ${res.statusCode}`
  if (res.statusCode >= 500) return `${what}: a server error: ${res.body.slice(0, 300)}`
  if (res.statusCode === 204 || method === 'HEAD') return res.body === '' ? null : `${what}: a body where none belongs`
  const type = String(res.headers['content-type'] ?? '')
  if (res.statusCode === 200 && type.startsWith('audio/wav')) return null
  if (!type.startsWith('application/json')) return `${what}: content-type ${type}`
  let body: any
  try { body = JSON.parse(res.body) } catch { return `${what}: not JSON` }
  if (res.statusCode >= 400) {
    const error = body as Record<string, unknown>
    if (!validator(S.DrfErrorSchema)(error)) return `${what}: not a DRF error body: ${res.body.slice(0, 200)}`
    if (res.statusCode !== 400 && (Object.keys(error).join() !== 'detail' || typeof error.detail !== 'string')) return `${what}: not {"detail": "…"}: ${res.body.slice(0, 200)}`
    if ('status_code' in error || 'error' in error) return `${what}: another surface's error body`
    return null
  }
  const schema = successSchema(method, url)
  if (schema === null) return `${what}: no success schema known for this path`
  const v = validator(schema)
  return v(body) ? null : `${what}: ${ajv.errorsText(v.errors)}: ${res.body.slice(0, 300)}`
}

export interface UltravoxApp extends App {
  /** An Ultravox request (the uv_test_key unless headers say otherwise), its response checked. */
  uv: (opts: { method?: string, url: string, headers?: Record<string, string | string[]>, payload?: unknown, key?: string | null }) => Promise<any>
}

/** An app on the manual clock at START, rate limit off; every Ultravox response checked against the schemas. */
export async function uvApp (t: Test, config: Partial<Config> = {}): Promise<UltravoxApp> {
  const app = await build(t, { clock: 'manual', clockStart: START, rateLimitPerMinute: 0, ...config }) as UltravoxApp
  app.uv = async (opts) => {
    const method = opts.method ?? 'GET'
    const headers: Record<string, string | string[]> = { ...(opts.key === null ? {} : uv(opts.key ?? KEY)), ...(opts.headers ?? {}) }
    let payload = opts.payload
    if (payload !== undefined && typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      payload = JSON.stringify(payload)
      if (headers['content-type'] === undefined) headers['content-type'] = 'application/json'
    }
    const res: any = await app.inject({ method: method as any, url: opts.url, headers, payload: payload as string | Buffer | undefined })
    const problem = ultravoxProblem(method, opts.url, res)
    if (problem !== null) t.fail(problem)
    return res
  }
  return app
}

export async function advance (app: App, seconds: number): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } })
  if (res.statusCode !== 200) throw new Error(`advance: ${res.statusCode} ${res.body}`)
}

/** `n` telephony calls (Twilio outgoing) to ordinary numbers, with string metadata. */
export function twilioCalls (n: number, offset = 0): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    medium: { twilio: { outgoing: { to: `+1415555${String(1000 + i + offset).padStart(4, '0')}`, from: '+14155559999' } } },
    templateContext: { customerName: `Customer ${i + 1 + offset}` },
    metadata: { external_id: `c-${i + 1 + offset}` }
  }))
}

/** A call to one of the test numbers (+1 500 555 000N). */
export const testNumberCall = (n: number) => ({ medium: { twilio: { outgoing: { to: `+1500555000${n}`, from: '+14155559999' } } }, metadata: { number: String(n) } })

export const batchesUrl = (agent = DOCS) => `/api/agents/${agent}/scheduled_batches`
export const batchUrl = (batchId: string, agent = DOCS) => `${batchesUrl(agent)}/${batchId}`

/** Creates a batch under the docs' agent; fails the test unless 201. */
export async function createBatch (t: Test, app: UltravoxApp, body: Record<string, unknown>, agent = DOCS): Promise<any> {
  const res = await app.uv({ method: 'POST', url: batchesUrl(agent), payload: body })
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body.slice(0, 400))
  return json(res)
}

/** Every item of a list, following `next` links to the end. */
export async function walk (app: UltravoxApp, url: string, key = KEY): Promise<any[]> {
  const items: any[] = []
  let next: string | null = url
  for (let i = 0; next !== null && i < 10_000; i++) {
    const u: URL = new URL(next, 'http://localhost')
    const res = await app.uv({ url: u.pathname + u.search, key })
    if (res.statusCode !== 200) throw new Error(`${u.pathname}: ${res.statusCode} ${res.body}`)
    const body = json(res)
    items.push(...body.results)
    next = body.next
  }
  return items
}

export { json }
