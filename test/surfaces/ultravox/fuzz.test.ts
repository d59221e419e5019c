/**
 * Property-based fuzzing of the Ultravox surface (fast-check; the seed is printed on failure,
 * replay with FC_SEED=<seed>, run longer with FC_RUNS=<n>): headers and bodies on every Ultravox
 * route of the served OpenAPI document (query strings and path ids of every surface:
 * test/reliability/fuzz-read.test.ts), and methods and paths anywhere
 * under /api. No input gets a 5xx, a hang, or a body in another surface's format: every answer is
 * declared for its route (the contract) and is DRF's shape (exactly {"detail": "…"} but for 400s).
 */
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, routesOf, type Res } from '../../reliability/support.js'
import { DOCS, KEY, OTHER_KEY, ultravoxProblem } from './support.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any
const routes = routesOf(doc, '/api').filter(r => !r.path.startsWith('/api/v1/public'))
const CALL = (app.db.prepare("SELECT call_id FROM calls WHERE batch_id = ? AND status = 'completed' AND answer_duration_seconds > 0 LIMIT 1").pluck().get(DOCS)) as string
const MOVABLE = app.db.prepare("SELECT schedule_id AS batch_id, agent_id FROM batches WHERE account_id = 'acc_uv_main' AND frozen = 0 AND deleted_at IS NULL LIMIT 1").get() as { batch_id: string, agent_id: string }

const check = async (opts: { method?: string, url: string, headers?: Record<string, string | string[]>, payload?: string | Buffer }): Promise<Res> => {
  const res = await send(opts, { envelope: false })
  const problem = ultravoxProblem(opts.method ?? 'GET', opts.url, res)
  if (problem !== null) throw new Error(problem)
  return res
}
const stillServing = async (t: Test) => {
  const res = await check({ url: `/api/agents/${DOCS}/scheduled_batches/${DOCS}`, headers: { 'x-api-key': KEY } })
  t.equal(res.statusCode, 200, 'the server still serves a normal request')
}
const fill = (path: string, ids: Record<string, string>) => path.replace(/:([a-z_]+)/g, (_m, k: string) => ids[k] ?? DOCS)
const own = { agent_id: DOCS, batch_id: DOCS, call_id: CALL }

const RAW_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$\'()*+,;:@%/[]'.split('')
const rawSafe = (max: number) => fc.string({ unit: fc.constantFrom(...RAW_SAFE), maxLength: max })
const key = { 'x-api-key': KEY }

t.test('fuzzed headers: 200/401/404 only; only a single clear Ultravox key is accepted', async t => {
  const headerChar = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(c => String.fromCharCode(c)) }, { weight: 1, arbitrary: fc.constant('\t') })
  const value = fc.string({ unit: headerChar, maxLength: 80 })
  const apiKey = fc.oneof(fc.constant(undefined), fc.constantFrom(KEY, OTHER_KEY, 'sk_your_api_key', '', ` ${KEY}`, `${KEY} `), value,
    fc.tuple(fc.constantFrom(KEY, OTHER_KEY), fc.constantFrom(KEY, OTHER_KEY)).map(([a, b]) => [a, b]))
  const names = fc.constantFrom('x-unsafe-api-key', 'authorization', 'content-type', 'accept', 'host', 'prefer-not', 'x-forwarded-host', 'cookie')
  await fc.assert(fc.asyncProperty(fc.constantFrom(...routes.filter(r => r.method === 'GET')), apiKey, fc.dictionary(names, value, { maxKeys: 4 }), async (route, k, extra) => {
    const headers: Record<string, string | string[]> = { ...extra }
    if (headers.host === '') delete headers.host
    if (k !== undefined) headers['x-api-key'] = k
    const res = await check({ url: fill(route.path, own), headers })
    if (![200, 401, 404].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}`)
    const valid = (v: unknown) => typeof v === 'string' && (v.trim() === KEY || v.trim() === OTHER_KEY)
    if (res.statusCode === 200 && !(valid(k) || (k === undefined && valid(headers['x-unsafe-api-key'])))) throw new Error(`200 for x-api-key ${JSON.stringify(k)}`)
    if (Array.isArray(k) && res.statusCode !== 401) throw new Error('a repeated X-API-Key was accepted')
  }), fcParams(1000))
  await stillServing(t)
})

t.test('fuzzed bodies on create and update: 201/200/400/415 only, DRF bodies', async t => {
  const json = fc.jsonValue({ maxDepth: 5 })
  const call = fc.oneof(
    fc.record({ medium: fc.oneof(json, fc.constantFrom({ webRtc: {} }, { twilio: { outgoing: { to: '+15005550006' } } }, { sip: { incoming: {} } }, null)), metadata: fc.oneof(json, fc.dictionary(fc.string(), fc.string())), templateContext: json }, { requiredKeys: [] }),
    json
  )
  // Mostly-valid bodies too, so that batches get made and moved.
  const phone = fc.oneof(fc.integer({ min: 1, max: 6 }).map(n => `+1500555000${n}`), fc.integer({ min: 2000000, max: 9999999 }).map(n => `+1415${n}`), fc.string({ maxLength: 12 }))
  const validish = fc.record({
    calls: fc.array(fc.oneof(
      phone.map(to => ({ medium: { twilio: { outgoing: { to } } }, metadata: { to } })),
      fc.constant({ medium: { webRtc: {} } }),
      phone.map(to => ({ medium: { sip: { outgoing: { to: `sip:${to}@x.example` } } } }))
    ), { minLength: 1, maxLength: 6 }),
    paused: fc.boolean(),
    windowEnd: fc.option(fc.integer({ min: 0, max: 6 * 3600 }).map(s => new Date(app.clock.now() + s * 1000).toISOString()), { nil: undefined })
  }).map(b => JSON.stringify(b.calls.some(c => 'webRtc' in c.medium) ? { ...b, webhookUrl: 'http://127.0.0.1:9/hook' } : b))
  const body = fc.oneof(
    { weight: 2, arbitrary: validish },
    fc.record({
      calls: fc.oneof(fc.array(call, { maxLength: 4 }), json),
      windowStart: fc.oneof(json, fc.date({ noInvalidDate: true }).map(d => d.toISOString()), fc.constantFrom('2026-06-01 10:00', '2026-06-01', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z')),
      windowEnd: fc.oneof(json, fc.date({ noInvalidDate: true }).map(d => d.toISOString())),
      webhookUrl: fc.oneof(json, fc.webUrl(), fc.constantFrom('http://127.0.0.1:9/x', 'ftp://x', 'https://x.example/' + 'a'.repeat(200))),
      webhookSecret: json,
      paused: fc.oneof(json, fc.constantFrom('yes', 'off', 1, 0)),
      throttle: json
    }, { requiredKeys: [] }).map(o => JSON.stringify(o)),
    json.map(v => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', '{', '{"calls": [', '['.repeat(200), '{"calls": [{}]} trailing', '\ufeff{}', '{"a": NaN}')
  )
  const type = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined)
  const writes = routes.filter(r => r.method === 'POST' || r.method === 'PATCH')
  t.ok(writes.length === 2)
  let created = 0
  await fc.assert(fc.asyncProperty(fc.constantFrom(...writes), body, type, async (route, payload, contentType) => {
    const headers: Record<string, string> = { ...key }
    if (contentType !== undefined) headers['content-type'] = contentType
    // PATCH a batch of the synthetic seed (the docs' one is frozen); create under the docs' agent.
    const ids = route.method === 'PATCH' ? { ...own, ...MOVABLE } : own
    const res = await check({ method: route.method, url: fill(route.path, ids), headers, payload })
    if (res.statusCode === 201) created++
    if (![200, 201, 400, 415].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 200)}`)
  }), fcParams(1500))
  t.comment(`batches created by fuzzing: ${created}`)
  // The clock moves every fuzz-made batch through its life: still no 5xx.
  await send({ method: 'POST', url: '/__admin/clock/advance', payload: JSON.stringify({ seconds: 7200 }), headers: { 'content-type': 'application/json' } }, { envelope: false })
  await stillServing(t)
})

t.test('fuzzed methods and paths anywhere under /api but TechLadder\'s: DRF bodies, never 5xx', async t => {
  const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
  const segment = fc.oneof(fc.constantFrom('agents', 'scheduled_batches', 'scheduled_calls', 'created_calls', 'calls', 'messages', 'recording', DOCS, CALL, '..', '.', '', 'v1'),
    rawSafe(20))
  await fc.assert(fc.asyncProperty(method, fc.array(segment, { maxLength: 7 }), fc.boolean(), async (m, segs, withKey) => {
    const url = '/api/' + segs.join('/')
    let path = new URL(url, 'http://x').pathname
    try { path = decodeURIComponent(path) } catch {}
    if (/^\/api\/v1\/public(\/|$)/.test(path) || !/^\/api(\/|$)/.test(path)) return
    await check({ method: m, url, headers: withKey ? key : {} })
  }), fcParams(1000))
  await stillServing(t)
})
