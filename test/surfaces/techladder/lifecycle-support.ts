/** Shared helpers for the lifecycle and webhook tests: a manual clock at a fixed instant, create, advance. */
import type { Test } from 'tap'
import { auth, build, json } from '../../helper.js'
import type { App } from '../../../src/http/app.js'
import type { Config } from '../../../src/http/config.js'

export const START = '2026-06-01T09:00:00Z'
export const AGENT = 'agt-57949b14'
export const VERSION = 'pmt-667ddf271b'

export async function manualApp (t: Test, config: Partial<Config> = {}): Promise<App> {
  return build(t, { clock: 'manual', clockStart: START, rateLimitPerMinute: 0, ...config })
}

export function contacts (n: number, offset = 0): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    contact_id: `c-${i + 1 + offset}`,
    name: `Contact ${i + 1 + offset}`,
    phone_number: `9198${String(10000000 + i + offset).padStart(8, '0')}`,
    metadata: { company_name: `Company ${i % 7}` }
  }))
}

export function body (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { agent_name: AGENT, version_name: VERSION, contacts: contacts(3), ...overrides }
}

export async function create (app: App, payload: unknown, key?: string) {
  return app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: auth(key), payload: payload as object })
}

export async function createOk (t: Test, app: App, payload: unknown): Promise<any> {
  const res = await create(app, payload)
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body.slice(0, 400))
  return json(res).data
}

export async function advance (app: App, seconds: number): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds } })
  if (res.statusCode !== 200) throw new Error(`advance: ${res.statusCode} ${res.body}`)
}

export async function getBatch (app: App, id: string): Promise<any> {
  return json(await app.inject({ method: 'GET', url: `/api/v1/public/call-batches/${id}`, headers: auth() })).data
}

export async function adminBatch (app: App, id: string): Promise<any> {
  return json(await app.inject({ method: 'GET', url: `/__admin/batches/${id}` })).data
}

export async function results (app: App, id: string): Promise<any[]> {
  const out: any[] = []
  for (let page = 1; ; page++) {
    const data = json(await app.inject({ method: 'GET', url: `/api/v1/public/call-batches/${id}/results?limit=500&page=${page}`, headers: auth() })).data
    out.push(...data.items)
    if (!data.has_more) return out
  }
}

export async function control (app: App, id: string, action: string) {
  return app.inject({ method: 'POST', url: `/__admin/batches/${id}/${action}` })
}
