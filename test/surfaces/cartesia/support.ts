/** Helpers for the Cartesia surface's tests: its seeded keys and ids, headers, and clock moves. */
import type { Test } from 'tap'
import { build, json } from '../../helper.js'
import type { App } from '../../../src/http/app.js'
import type { Config } from '../../../src/http/config.js'

export { json }
export { CARTESIA_ACCOUNTS, CARTESIA_KEYS, CARTESIA_NUMBERS, GUIDE_AGENT, GUIDE_BATCH_ID, GUIDE_BATCH_JSON } from '../../../src/surfaces/cartesia/documented.js'

export const KEY = 'sk_car_test_key'
export const OTHER_KEY = 'sk_car_other_key'
export const VERSION = '2026-08-14'
export const AGENT = 'agent_Fo7pKNBUwLZxrTd6jvhpaE'
export const NUMBER = 'ap_Q8PRh7lXyZsawXJmN2KcT5'
export const SIP_NUMBER = 'ap_S1pTrk8ZaQ5wEr6Ty7Ui9O'
export const START = '2026-06-01T09:00:00Z'

/** The headers a Cartesia client sends. */
export const headers = (key: string = KEY, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, 'cartesia-version': VERSION, ...extra })
export const jsonHeaders = (key: string = KEY) => headers(key, { 'content-type': 'application/json' })

/** A manual-clock app (every response checked against the OpenAPI document by build()). */
export async function cartesiaApp (t: Test, config: Partial<Config> = {}): Promise<App> {
  return build(t, { clock: 'manual', clockStart: START, ...config })
}

export const get = (app: App, url: string, key: string = KEY) => app.inject({ url, headers: headers(key) })
export const post = (app: App, url: string, body?: unknown, key: string = KEY) =>
  app.inject({ method: 'POST', url, headers: body === undefined ? headers(key) : jsonHeaders(key), payload: body === undefined ? undefined : JSON.stringify(body) })

export async function advance (app: App, seconds: number): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ seconds }) })
  if (res.statusCode !== 200) throw new Error(`advance: ${res.statusCode} ${res.body}`)
}

/** A valid create body: the guide's agent and number, `n` ordinary recipients, then any fields given. */
export function createBody (numbers: string[] | number = 3, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const list = typeof numbers === 'number' ? Array.from({ length: numbers }, (_v, i) => `+1415555${String(1000 + i).padStart(4, '0')}`) : numbers
  return { name: 'Test batch', agent_id: AGENT, from_number_id: NUMBER, recipients: list.map((to, i) => ({ to_number: to, metadata: { n: i } })), ...fields }
}

/** Creates a batch and returns its JSON (throws unless 201). */
export async function createBatch (app: App, body: Record<string, unknown> = createBody(), key: string = KEY): Promise<any> {
  const res = await post(app, '/agents/calls/batches', body, key)
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`)
  return json(res)
}

/** Every item of a cursor-paginated list, walking forward from the start with `starting_after`. */
export async function walkForward (app: App, base: string, limit: number, key: string = KEY): Promise<{ ids: string[], pages: number }> {
  const ids: string[] = []
  let pages = 0
  let after: string | null = null
  const sep = base.includes('?') ? '&' : '?'
  for (;;) {
    const res = await get(app, `${base}${sep}limit=${limit}${after === null ? '' : `&starting_after=${after}`}`, key)
    if (res.statusCode !== 200) throw new Error(`${base}: ${res.statusCode} ${res.body}`)
    const body = json(res)
    pages++
    ids.push(...body.data.map((x: any) => x.id))
    if (!body.has_more) break
    after = body.next_page
  }
  return { ids, pages }
}

/** The ids of a Cartesia error body are checked against the header. */
export function assertCartesiaError (t: Test, res: { statusCode: number, headers: Record<string, unknown>, body: string }, status: number, code: string, message?: RegExp | string): any {
  t.equal(res.statusCode, status, `status ${status}`)
  const body = json(res)
  t.same(Object.keys(body).sort(), ['doc_url', 'error_code', 'message', 'request_id', 'title'], 'Cartesia error body')
  t.equal(body.error_code, code)
  t.match(body.request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'request_id is a UUID')
  t.equal(res.headers['x-request-id'], body.request_id, 'X-Request-Id equals request_id')
  if (message !== undefined) t.match(body.message, message)
  return body
}
