/**
 * Requests spelled in ways a router, a proxy or a careless client produce: each gets the answer its
 * plain form would, or the surface's own error body, never a 500 or a bare Node reply.
 */
import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { TEST_CONFIG } from '../helper.js'
import { parseRaw, raw } from './support.js'

const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 300 }, { requestTimeoutMs: 1500 })
t.teardown(() => app.close())
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as { port: number }).port
const KEY = 'Authorization: Bearer sk_your_api_key\r\n'
const get = async (target: string, headers = KEY) => parseRaw(await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`))!

t.test('percent-encoded, dot-segment and absolute-form paths reach the guard and the route like the plain path', async t => {
  for (const target of ['/api/v1/%70ublic/me', '/api/v1/public/%6de', `http://127.0.0.1:${port}/api/v1/public/me`, 'http://x/api/v1/public/me']) {
    const ok = await get(target)
    t.equal(ok.statusCode, 200, `${target} with a key: 200`)
    t.match(JSON.parse(ok.body), { status_code: 200, data: { account_id: 'acc_abc123' } })
    t.ok(ok.headers['x-ratelimit-limit'], `${target}: rate-limit headers`)
    const anon = await get(target, '')
    t.equal(anon.statusCode, 401, `${target} without a key: the guard's 401`)
    t.equal(JSON.parse(anon.body).error.code, 'UNAUTHORIZED')
  }
  // Dot segments are matched as sent (clients resolve them before sending): not a route, but still
  // behind the surface's guard and answered in its envelope.
  t.equal((await get('/api/v1/public/./me', '')).statusCode, 401, 'a dot-segment path without a key: 401')
  const dot = await get('/api/v1/public/../public/me')
  t.equal(dot.statusCode, 404, 'with a key: the surface\'s 404')
  t.equal(JSON.parse(dot.body).error.code, 'NOT_FOUND')
  const journal = await app.inject({ url: '/__admin/journal?limit=1000' })
  t.ok(JSON.parse(journal.body).data.items.some((e: { path: string, account_id: string | null }) => e.path === '/api/v1/%70ublic/me' && e.account_id === 'acc_abc123'), 'journaled with its account')
})

t.test('a request without Host gets the envelope 400, not Node\'s bare one', async t => {
  const res = parseRaw(await raw(port, `GET /api/v1/public/me HTTP/1.1\r\n${KEY}Connection: close\r\n\r\n`))!
  t.equal(res.statusCode, 400)
  t.same(JSON.parse(res.body).error, { code: 'VALIDATION_ERROR', details: ['host: This header is required'] })
})

t.test('a trailing slash is another path: 404, not a 405 naming the other methods of the path without it', async t => {
  for (const url of ['/__admin/clock/', '/api/v1/public/me/']) {
    const res = await app.inject({ url, headers: { authorization: 'Bearer sk_your_api_key' } })
    t.equal(res.statusCode, 404, url)
    t.equal(JSON.parse(res.body).error.code, 'NOT_FOUND')
  }
  const wrong = await app.inject({ method: 'DELETE', url: '/__admin/clock' })
  t.equal(wrong.statusCode, 405, 'a wrong method on the path itself is still a 405')
})

t.test('a number in a query string must be a decimal numeral', async t => {
  for (const q of ['0x10', '1e1', '0b11', '0o7', 'Infinity']) {
    const res = await app.inject({ url: `/api/v1/public/call-batches?limit=${q}`, headers: { authorization: 'Bearer sk_your_api_key' } })
    t.equal(res.statusCode, 422, `limit=${q}`)
    t.same(JSON.parse(res.body).error.details, ['limit: Must be an integer between 1 and 100'])
  }
  t.equal((await app.inject({ url: '/api/v1/public/call-batches?limit=016', headers: { authorization: 'Bearer sk_your_api_key' } })).statusCode, 200, 'leading zeros are still decimal')
})

t.test('a credential sent twice is no credential, on the control API too', async t => {
  const secured = await buildApp({ ...TEST_CONFIG, adminToken: 'tok_admin_secret' })
  t.teardown(() => secured.close())
  t.equal((await secured.inject({ url: '/__admin/clock', headers: { authorization: 'Bearer tok_admin_secret' } })).statusCode, 200)
  const twice = await secured.inject({ url: '/__admin/clock', headers: { authorization: ['Bearer tok_admin_secret', 'Bearer nope'] } as never })
  t.equal(twice.statusCode, 401, 'two Authorization headers')
  const both = await secured.inject({ url: '/__admin/clock', headers: { 'x-admin-token': ['tok_admin_secret', 'tok_admin_secret'] } as never })
  t.equal(both.statusCode, 401, 'two X-Admin-Token headers')
  // Past Node's default 2,000-header cut, a second Authorization header is still seen.
  const filler = 'a: 1\r\n'.repeat(2001)
  const res = parseRaw(await raw(port, `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\n${KEY}${filler}Authorization: Bearer sk_other_account_key\r\nConnection: close\r\n\r\n`))!
  t.equal(res.statusCode, 401, 'a second Authorization after 2,000 other headers: 401, not one of the two accounts')
})

t.test('a body trickled past the request deadline gets the 408 envelope and the connection closes', async t => {
  const { connect } = await import('node:net')
  const started = Date.now()
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_your_api_key\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{')
    })
    let got = ''
    const drip = setInterval(() => { if (!socket.destroyed) socket.write(' ') }, 200)
    socket.on('data', (c: Buffer) => { got += c.toString() })
    socket.on('close', () => { clearInterval(drip); resolve(got) })
    socket.on('error', () => {})
    setTimeout(() => socket.destroy(), 10_000)
  })
  const res = parseRaw(answer)!
  t.equal(res?.statusCode, 408, `408 after ${Date.now() - started} ms`)
  t.same(JSON.parse(res.body).error, { code: 'VALIDATION_ERROR', details: ['request: Was not received in time'] })
  t.ok(Date.now() - started < 5000, 'at the deadline, not at the drip\'s end')
})
