// The request journal: bounded, newest first, filterable, clearable, never a full key.
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../../helper.js'
import { Journal } from '../../../src/harness/journal.js'
import { keyHint } from '../../../src/harness/redaction.js'

t.test('GET /__admin/journal: entries, newest first, with what the client sent', async (t) => {
  const app = await build(t)
  await app.inject({ url: '/api/v1/public/call-batches?status=active&limit=2', headers: auth() })
  await app.inject({ url: '/api/v1/public/call-batches/sched_nope', headers: auth(OTHER_KEY) })
  await app.inject({ url: '/api/v1/public/me' })
  await app.inject({ url: '/api/v1/public/call-batches?status=bogus', headers: auth() })
  await app.inject({ url: '/healthz' })
  await app.inject({ url: '/__admin/scenarios' })
  await app.inject({ url: '/openapi.json' })
  await app.inject({ url: '/readyz' })
  const res = await app.inject({ url: '/__admin/journal' })
  t.equal(res.statusCode, 200)
  const { items, total, capacity, recorded } = json(res).data
  t.equal(total, 4, 'health and admin requests are not journaled')
  t.equal(recorded, 4)
  t.equal(capacity, 1000)
  t.match(items[3], { id: 'req_1', method: 'GET', path: '/api/v1/public/call-batches', query: { status: 'active', limit: '2' }, account_id: 'acc_abc123', key_hint: 'sk_…key', status: 200, valid: true, error_code: null, scenario_id: null })
  t.match(items[2], { path: '/api/v1/public/call-batches/sched_nope', account_id: 'acc_def456', status: 404, valid: false, error_code: 'NOT_FOUND' })
  t.match(items[1], { account_id: null, key_hint: null, status: 401, error_code: 'UNAUTHORIZED' })
  t.match(items[0], { status: 422, error_code: 'VALIDATION_ERROR', id: 'req_4' })
  t.ok(typeof items[0].latency_ms === 'number' && !Number.isNaN(Date.parse(items[0].time)))
  t.notOk(res.body.includes(KEY) || res.body.includes(OTHER_KEY), 'no full key anywhere in the journal')
})

t.test('filters and clearing', async (t) => {
  const app = await build(t)
  await app.inject({ url: '/api/v1/public/me', headers: auth() })
  await app.inject({ url: '/api/v1/public/me', headers: auth(OTHER_KEY) })
  await app.inject({ url: '/api/v1/public/call-batches', headers: auth() })
  await app.inject({ method: 'POST', url: '/api/v1/public/me', headers: auth() })
  await app.inject({ url: '/api/v1/public/call-batches/sched_x/results', headers: auth() })
  const q = async (qs: string) => json(await app.inject({ url: `/__admin/journal?${qs}` })).data.items.map((e: any) => `${e.method} ${e.path} ${e.status as number}`)
  t.same(await q('account_id=acc_def456'), ['GET /api/v1/public/me 200'])
  t.same(await q('method=post'), ['POST /api/v1/public/me 405'])
  t.same(await q('path=/api/v1/public/me&method=GET'), ['GET /api/v1/public/me 200', 'GET /api/v1/public/me 200'])
  t.same(await q('path=/api/v1/public/call-batches*'), ['GET /api/v1/public/call-batches/sched_x/results 404', 'GET /api/v1/public/call-batches 200'])
  t.same(await q('status=404'), ['GET /api/v1/public/call-batches/sched_x/results 404'])
  t.equal((await q('valid=false')).length, 2)
  t.same(await q('limit=1'), ['GET /api/v1/public/call-batches/sched_x/results 404'])
  t.equal((await app.inject({ url: '/__admin/journal?limit=0' })).statusCode, 422)
  t.same(json(await app.inject({ method: 'DELETE', url: '/__admin/journal' })).data, { removed: 5 })
  t.same(json(await app.inject({ url: '/__admin/journal' })).data, { items: [], total: 0, capacity: 1000, recorded: 0 })
})

t.test('bounded: the journal keeps the last journalSize requests', async (t) => {
  const app = await build(t, { journalSize: 5, rateLimitPerMinute: 0 })
  for (let i = 0; i < 23; i++) await app.inject({ url: `/api/v1/public/call-batches?page=${i + 1}`, headers: auth() })
  const data = json(await app.inject({ url: '/__admin/journal' })).data
  t.equal(data.total, 5)
  t.equal(data.recorded, 23)
  t.same(data.items.map((e: any) => e.query.page), ['23', '22', '21', '20', '19'])
  t.same(data.items.map((e: any) => e.id), ['req_23', 'req_22', 'req_21', 'req_20', 'req_19'])

  const off = await build(t, { journalSize: 0 })
  await off.inject({ url: '/api/v1/public/me', headers: auth() })
  t.same(json(await off.inject({ url: '/__admin/journal' })).data, { items: [], total: 0, capacity: 0, recorded: 0 })
})

t.test('ring buffer: memory stays fixed under load', async (t) => {
  const j = new Journal(100)
  const entry = { timeMs: 0, method: 'GET', url: '/p?q=1', accountId: null, keyHint: null, status: 200, latencyMs: 1, errorCode: null, scenarioId: null, body: null, bodyBytes: 0, requestHeaders: [], responseHeaders: null, responseBody: null, responseBytes: null }
  for (let i = 0; i < 200_000; i++) j.add(entry)
  t.equal(j.size, 100)
  t.equal(j.recorded, 200_000)
  t.equal(j.list().length, 100)
  t.equal(j.list()[0].id, 'req_200000')
  t.same(j.list()[0].query, { q: '1' })
  t.equal((j as any).slots.length, 100, 'the slot array never grows')
})

t.test('keyHint never shows more than half of a key', async (t) => {
  t.equal(keyHint('sk_your_api_key'), 'sk_…key')
  t.equal(keyHint('sk_bvTQr74V8Rk-bNM7mPOR2rwWQQrqs_m9K8HNeemSECfb--2L9VfVyElni0qzkF-D'), 'sk_bvT…kF-D')
  t.equal(keyHint('short'), 'sh…')
})

t.test('the journal keeps the body as sent (first 4 KiB) and its size', async (t) => {
  const app = await build(t, { clock: 'manual' })
  const sent = JSON.stringify({ agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', unknown_field: 'kept in the journal', contacts: [{ contact_id: 'c-1', phone_number: '919800000001' }] })
  const res = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' }, payload: sent })
  t.equal(res.statusCode, 201)
  const big = JSON.stringify({ agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', contacts: Array.from({ length: 200 }, (_, i) => ({ contact_id: `c-${i}`, phone_number: `9198${String(10000000 + i)}` })) })
  await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' }, payload: big })
  await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{"broken":' })
  await app.inject({ url: '/api/v1/public/me', headers: auth() })
  const items = json(await app.inject({ url: '/__admin/journal' })).data.items
  t.match(items[3], { method: 'POST', status: 201, body: sent, body_bytes: Buffer.byteLength(sent) }, 'exactly as sent, unknown fields included')
  t.equal(items[2].body, big.slice(0, 4096), 'the first 4 KiB of a big body')
  t.equal(items[2].body_bytes, Buffer.byteLength(big))
  t.match(items[1], { status: 400, body: '{"broken":', error_code: 'VALIDATION_ERROR' }, 'malformed JSON is shown too')
  t.match(items[0], { method: 'GET', body: null, body_bytes: 0 })
})
