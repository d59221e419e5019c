/**
 * A request answered without its body being read (a guard's 401, a 404/405, a 415) leaves no
 * deadline behind: once the answer is sent, the request deadline no longer fires (it used to fail a
 * stream no one read, an unhandled error that crashed the process a deadline later).
 */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/http/app.js'
import { TEST_CONFIG } from '../helper.js'

t.test('big unread bodies, then past the deadline: the server is still up', async t => {
  const app = await buildApp({ ...TEST_CONFIG }, { requestTimeoutMs: 300 })
  t.teardown(() => app.close())
  const body = '"' + 'x'.repeat(500_000) + '"'
  const cases: Array<[string, string, Record<string, string>, number]> = [
    ['POST', '/__admin/reseed', { 'content-type': 'multipart/form-data; boundary=x' }, 415],
    ['PUT', '/api/v1/public/me', { authorization: 'Bearer sk_your_api_key', 'content-type': 'application/xml' }, 405],
    ['POST', '/api/v1/public/call-batches', { authorization: 'Bearer sk_your_api_key', 'content-type': 'application/xml' }, 415],
    ['POST', '/agents/calls/batches', { 'content-type': 'application/json' }, 401],
    ['POST', '/api/v1/public/call-batches', { 'content-type': 'application/json' }, 401]
  ]
  for (const [method, url, headers, status] of cases) {
    const res = await app.inject({ method: method as 'POST', url, headers, payload: body })
    t.equal(res.statusCode, status, `${method} ${url}`)
  }
  await sleep(800)
  const res = await app.inject({ url: '/api/v1/public/me', headers: { authorization: 'Bearer sk_your_api_key' } })
  t.equal(res.statusCode, 200, 'still serving, nothing crashed')
})
