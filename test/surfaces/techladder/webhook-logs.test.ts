// Failed webhook deliveries show in the server's log: one warn line per failed attempt (with the
// error and when the next one is due), one when the delivery gives up, one per failed redelivery.
// A delivery that succeeds logs nothing at warn.
import t from 'tap'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { buildApp } from '../../../src/http/app.js'
import { TEST_CONFIG, json } from '../../helper.js'
import { advance, body, control, createOk, START } from './lifecycle-support.js'

async function receiver (t: any, status: () => number) {
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => { res.statusCode = status(); res.end() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
}

t.test('a receiver answering 503: a warn line per attempt, one when it gives up, one per failed redelivery', async t => {
  const lines: Array<Record<string, any>> = []
  const stream = new Writable({
    write (chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l !== '') lines.push(JSON.parse(l))
      done()
    }
  })
  const app = await buildApp({ ...TEST_CONFIG, clock: 'manual', clockStart: START, rateLimitPerMinute: 0, logLevel: 'warn' },
    { logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  let status = 503
  const url = await receiver(t, () => status)
  const b = await createOk(t, app, body({ callback_url: url }))
  t.equal((await control(app, b.batch_id, 'fail')).statusCode, 200)
  await advance(app, 3600)

  const hooks = () => lines.filter(l => typeof l.event_id === 'string')
  const [d] = json(await app.inject({ url: `/__admin/webhooks/deliveries?batch_id=${b.batch_id}` })).data.items
  t.equal(d.status, 'failed')
  const msgs = hooks().map(l => l.msg)
  const what = `webhook batch.failed ${d.id} to ${url}`
  t.same(msgs, [
    `${what}: attempt 1 of 5 failed (HTTP 503); next attempt at 2026-06-01T09:00:10Z (simulated clock)`,
    `${what}: attempt 2 of 5 failed (HTTP 503); next attempt at 2026-06-01T09:00:40Z (simulated clock)`,
    `${what}: attempt 3 of 5 failed (HTTP 503); next attempt at 2026-06-01T09:02:40Z (simulated clock)`,
    `${what}: attempt 4 of 5 failed (HTTP 503); next attempt at 2026-06-01T09:12:40Z (simulated clock)`,
    `${what}: attempt 5 of 5 failed (HTTP 503)`,
    `${what}: gave up after 5 failed attempts; POST /__admin/webhooks/deliveries/${d.id}/redeliver sends it again`
  ])
  t.ok(hooks().every(l => l.level === 40), 'all at warn')
  t.match(hooks()[0], { event_type: 'batch.failed', batch_id: b.batch_id, url, attempt: 1, response_status: 503, error: 'HTTP 503', next_attempt_at: '2026-06-01T09:00:10Z' })

  lines.length = 0
  t.equal((await app.inject({ method: 'POST', url: `/__admin/webhooks/deliveries/${d.id}/redeliver` })).statusCode, 200)
  t.same(hooks().map(l => l.msg), [`${what}: redelivery failed (HTTP 503)`])

  lines.length = 0
  status = 200
  t.equal((await app.inject({ method: 'POST', url: `/__admin/webhooks/deliveries/${d.id}/redeliver` })).statusCode, 200)
  t.same(hooks(), [], 'a successful attempt logs nothing at warn')
})

t.test('an unreachable receiver: the connection error is in the line', async t => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const app = await buildApp({ ...TEST_CONFIG, clock: 'manual', clockStart: START, rateLimitPerMinute: 0 }, { logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>(resolve => probe.close(() => resolve()))
  const b = await createOk(t, app, body({ callback_url: `http://127.0.0.1:${port}/hooks` }))
  await control(app, b.batch_id, 'cancel')
  await advance(app, 0)
  const first = lines.map(l => JSON.parse(l)).find(l => l.event_type === 'batch.cancelled')
  t.match(first, { level: 40, attempt: 1, response_status: null, error: /ECONNREFUSED|fetch failed/, msg: /attempt 1 of 5 failed \((ECONNREFUSED|fetch failed)\); next attempt at 2026-06-01T09:00:10Z/ })
})
