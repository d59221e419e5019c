/**
 * Requests every route refuses before the surface sees them still get Cartesia's body on Cartesia's
 * paths: no Host, a body trickled past the deadline, a query number that is not a decimal numeral,
 * a trailing slash, and a second credential past Node's 2,000-header cut.
 */
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/http/app.js'
import { TEST_CONFIG } from '../../helper.js'
import { parseRaw, raw, trickled } from '../../reliability/support.js'
import { KEY, VERSION } from './support.js'

const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0 }, { requestTimeoutMs: 1500 })
t.teardown(() => app.close())
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as { port: number }).port
const HEADERS = `Authorization: Bearer ${KEY}\r\nCartesia-Version: ${VERSION}\r\n`

const cartesiaBody = (t: Test, res: { statusCode: number, headers: Record<string, unknown>, body: string }, status: number, code: string) => {
  t.equal(res.statusCode, status)
  const body = JSON.parse(res.body)
  t.equal(body.error_code, code)
  t.equal(res.headers['x-request-id'], body.request_id, 'X-Request-Id is the body\'s request_id')
  return body
}

t.test('no Host: Cartesia\'s 400', async t => {
  const res = parseRaw(await raw(port, `GET /agents HTTP/1.1\r\n${HEADERS}Connection: close\r\n\r\n`))!
  t.equal(cartesiaBody(t, res, 400, 'invalid_request').message, 'host: This header is required')
})

t.test('a create body trickled past the deadline: Cartesia\'s 408, and the connection closes', async t => {
  const answer = await trickled(port, `POST /agents/calls/batches HTTP/1.1\r\nHost: x\r\n${HEADERS}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`)
  const res = parseRaw(answer)!
  t.equal(cartesiaBody(t, res, 408, 'request_timeout').title, 'Request timeout')
})

t.test('limit must be a decimal numeral; a trailing slash is another path', async t => {
  for (const q of ['0x10', '1e1', 'Infinity']) {
    const res = await app.inject({ url: `/agents/calls/batches?limit=${q}`, headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': VERSION } })
    t.equal(cartesiaBody(t, res, 400, 'invalid_request').message, 'limit: Must be an integer between 1 and 100', `limit=${q}`)
  }
  t.equal((await app.inject({ url: '/agents/calls/batches?limit=010', headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': VERSION } })).statusCode, 200)
  const slash = await app.inject({ url: '/agents/calls/batches/acb_PDWFN995PzAudChwFDqVZ2/', headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': VERSION } })
  cartesiaBody(t, slash, 404, 'not_found')
})

t.test('a second credential past 2,000 other headers is still seen: 401', async t => {
  const filler = 'a: 1\r\n'.repeat(2001)
  const res = parseRaw(await raw(port, `GET /agents HTTP/1.1\r\nHost: x\r\n${HEADERS}${filler}X-API-Key: sk_car_other_key\r\nConnection: close\r\n\r\n`))!
  cartesiaBody(t, res, 401, 'invalid_api_key')
})
