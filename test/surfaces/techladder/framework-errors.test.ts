/** Unknown routes, wrong methods, malformed requests and faults: always the envelope, never a stack. */
import t from 'tap'
import { auth, build, json } from '../../helper.js'

const app = await build(t)

const isEnvelope = (t: any, res: any, status: number, code: string) => {
  t.equal(res.statusCode, status)
  t.match(res.headers['content-type'], /^application\/json/)
  const body = json(res)
  t.same(Object.keys(body), ['status_code', 'message', 'error', 'data'])
  t.equal(body.status_code, status)
  t.equal(body.error.code, code)
  t.equal(body.data, null)
  t.notMatch(res.body, /at .*\.(js|ts):\d+/, 'no stack trace')
  return body
}

t.test('unknown routes are 404 envelopes', async t => {
  isEnvelope(t, await app.inject({ url: '/nope' }), 404, 'NOT_FOUND')
  const body = isEnvelope(t, await app.inject({ url: '/api/v1/public/agents', headers: auth() }), 404, 'NOT_FOUND')
  t.same(body.error.details, ['No route matches GET /api/v1/public/agents'])
  isEnvelope(t, await app.inject({ url: '/api/v1/public/call-batches/sched_7bac6f2a/recordings', headers: auth() }), 404, 'NOT_FOUND')
})

t.test('wrong methods are 405 envelopes with Allow', async t => {
  const res = await app.inject({ method: 'DELETE', url: '/api/v1/public/call-batches/sched_7bac6f2a', headers: auth() })
  const body = isEnvelope(t, res, 405, 'METHOD_NOT_ALLOWED')
  t.equal(res.headers.allow, 'GET')
  t.same(body.error.details, ['DELETE is not supported on /api/v1/public/call-batches/sched_7bac6f2a; allowed: GET'])
  isEnvelope(t, await app.inject({ method: 'PUT', url: '/api/v1/public/me', headers: auth() }), 405, 'METHOD_NOT_ALLOWED')
})

t.test('a very long batch id is an ordinary 404, echoed', async t => {
  const id = 'sched_' + 'f'.repeat(1500)
  const body = isEnvelope(t, await app.inject({ url: `/api/v1/public/call-batches/${id}`, headers: auth() }), 404, 'NOT_FOUND')
  t.same(body.error.details, [`No batch found with id ${id}`])
})

t.test('percent-encoded and SQL-looking ids are plain 404s', async t => {
  for (const id of ["sched_1'%20OR%20'1'='1", '%E2%9C%93', 'sched_7bac6f2a%00', '..%2F..%2Fetc']) {
    isEnvelope(t, await app.inject({ url: `/api/v1/public/call-batches/${id}`, headers: auth() }), 404, 'NOT_FOUND')
  }
})

t.test('a malformed URL is a 400 envelope', async t => {
  isEnvelope(t, await app.inject({ url: '/api/v1/public/call-batches/%E0%A4%A', headers: auth() }), 400, 'VALIDATION_ERROR')
})

t.test('an unexpected fault is a 500 envelope without internals', async t => {
  const broken = await build(t)
  broken.get('/api/v1/public/boom', { schema: { hide: true } }, async () => { throw new Error('secret internal detail at /src/x.ts:1') })
  const res = await broken.inject({ url: '/api/v1/public/boom', headers: auth() })
  const body = isEnvelope(t, res, 500, 'INTERNAL_ERROR')
  t.notMatch(res.body, /secret internal detail/)
  t.same(body.message, 'Internal server error')
})

t.test('health, readiness and the OpenAPI document', async t => {
  t.same(json(await app.inject({ url: '/healthz' })), { status_code: 200, message: 'OK', error: null, data: { status: 'ok' } })
  t.same(json(await app.inject({ url: '/readyz' })).data, { status: 'ready' })
  const doc = json(await app.inject({ url: '/openapi.json' }))
  t.equal(doc.openapi, '3.1.0')
  for (const p of ['/api/v1/public/call-batches', '/api/v1/public/call-batches/{batch_id}', '/api/v1/public/call-batches/{batch_id}/calls', '/api/v1/public/call-batches/{batch_id}/results', '/api/v1/public/me']) {
    t.ok(doc.paths[p]?.get, `${p} is documented`)
  }
  const docs = await app.inject({ url: '/docs' })
  t.ok(docs.statusCode === 200 || docs.statusCode === 302, '/docs is served')
})
