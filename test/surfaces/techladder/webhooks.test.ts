import t from 'tap'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { json } from '../../helper.js'
import { advance, body, contacts, control, createOk, manualApp, START } from './lifecycle-support.js'

const SECRET = 'whsec_your_company_0a1b2c3d4e5f' // the seeded secret of acc_abc123 (sk_your_api_key)

interface Received { headers: IncomingHttpHeaders, raw: string, body: any }

/** A real receiver on 127.0.0.1; `respond` picks the status of each request (1-based count). */
async function receiver (t: any, respond: (n: number, r: Received) => number = () => 200) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const r = { headers: req.headers, raw, body: JSON.parse(raw) }
      received.push(r)
      res.statusCode = respond(received.length, r)
      res.end('ok')
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received }
}

/** What a receiver does: recompute the HMAC over "<t>.<raw body>" and compare in constant time. */
function verify (header: string, raw: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map(p => p.split('=') as [string, string]))
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex')
  return parts.v1 !== undefined && parts.v1.length === expected.length && timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected))
}

async function deliveries (app: any, query = '') {
  return json(await app.inject({ url: `/__admin/webhooks/deliveries?limit=500${query}` })).data
}

t.test('events of a batch reach a real receiver, signed, in order', async t => {
  const app = await manualApp(t)
  const hook = await receiver(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(3), callback_url: hook.url }))
  await advance(app, 3600)
  const types = hook.received.map(r => r.body.type)
  t.same(types, ['batch.started', 'call.finished', 'call.finished', 'call.finished', 'batch.completed'])
  for (const r of hook.received) {
    t.ok(verify(String(r.headers['x-techladder-signature']), r.raw, SECRET), `${r.body.type}: signature verifies`)
    t.notOk(verify(String(r.headers['x-techladder-signature']), r.raw + ' ', SECRET), 'a changed body does not verify')
    t.equal(r.headers['content-type'], 'application/json')
    t.equal(r.headers['x-techladder-event'], r.body.type)
    t.equal(r.headers['x-techladder-event-id'], r.body.id)
    t.equal(r.headers['x-techladder-delivery-attempt'], '1')
    t.match(r.body, { id: /^evt_[0-9a-f]{16}$/, type: String, created_at: /^2026-06-01T\d\d:\d\d:\d\dZ$/, data: { batch_id: b.batch_id } })
    const ts = Number(/t=(\d+)/.exec(String(r.headers['x-techladder-signature']))![1])
    t.equal(ts, Date.parse(r.body.created_at) / 1000, 'the signed timestamp is the simulated time of the attempt')
  }
  t.match(hook.received[0].body.data.batch, { batch_id: b.batch_id, schedule_id: b.batch_id, status: 'active', started_at: START })
  const call = hook.received[1].body.data.call
  t.match(call, { call_id: /^call_/, status: /^(completed|failed|no_answer|busy)$/, ended_at: String })
  t.match(hook.received[4].body.data.batch, { status: 'completed', pending_contacts: 0 })
  const times = hook.received.map(r => Date.parse(r.body.created_at))
  t.same(times, [...times].sort((a, b) => a - b), 'delivered in time order')

  const list = await deliveries(app, `&batch_id=${b.batch_id}`)
  t.equal(list.total, 5)
  for (const d of list.items) {
    t.match(d, { status: 'succeeded', attempt_count: 1, next_attempt_at: null, url: hook.url, account_id: 'acc_abc123' })
    t.match(d.attempts, [{ attempt: 1, success: true, response_status: 200, error: null, redelivery: false }])
    t.ok(Number.isInteger(d.attempts[0].latency_ms))
  }
  t.equal((await deliveries(app, '&event_type=batch.completed')).total, 1)
  // A batch without callback_url sends nothing.
  await createOk(t, app, body({ start_mode: 'immediate' }))
  await advance(app, 3600)
  t.equal(hook.received.length, 5)
})

t.test('a failing receiver: retries with backoff on the simulated clock, then success', async t => {
  const app = await manualApp(t)
  const hook = await receiver(t, n => n <= 2 ? 500 : 204)
  const b = await createOk(t, app, body({ callback_url: hook.url }))
  t.equal((await control(app, b.batch_id, 'cancel')).statusCode, 200)
  await advance(app, 0)
  t.equal(hook.received.length, 1, 'first attempt at once')
  let [d] = (await deliveries(app, `&batch_id=${b.batch_id}`)).items
  t.match(d, { event_type: 'batch.cancelled', status: 'pending', attempt_count: 1, next_attempt_at: '2026-06-01T09:00:10Z' })
  t.match(d.attempts[0], { success: false, response_status: 500, error: 'HTTP 500' })
  await advance(app, 9)
  t.equal(hook.received.length, 1, 'nothing before the 10 s backoff')
  await advance(app, 1)
  t.equal(hook.received.length, 2)
  t.equal(hook.received[1].headers['x-techladder-delivery-attempt'], '2')
  await advance(app, 30)
  t.equal(hook.received.length, 3, 'third attempt 30 s after the second')
  ;[d] = (await deliveries(app, `&batch_id=${b.batch_id}`)).items
  t.match(d, { status: 'succeeded', attempt_count: 3, next_attempt_at: null })
  t.same(d.attempts.map((a: any) => [a.attempted_at, a.response_status]),
    [['2026-06-01T09:00:00Z', 500], ['2026-06-01T09:00:10Z', 500], ['2026-06-01T09:00:40Z', 204]])
  t.equal(hook.received[0].raw, hook.received[2].raw, 'every attempt sends the same bytes')
})

t.test('a receiver that never answers 2xx: 5 attempts, then failed; redeliver', async t => {
  const app = await manualApp(t)
  let healthy = false
  const hook = await receiver(t, () => healthy ? 200 : 503)
  const b = await createOk(t, app, body({ callback_url: hook.url }))
  await control(app, b.batch_id, 'fail')
  await advance(app, 3600)
  t.equal(hook.received.length, 5)
  let [d] = (await deliveries(app, '&event_type=batch.failed')).items
  t.match(d, { status: 'failed', attempt_count: 5, next_attempt_at: null })
  t.same(d.attempts.map((a: any) => a.attempted_at),
    ['2026-06-01T09:00:00Z', '2026-06-01T09:00:10Z', '2026-06-01T09:00:40Z', '2026-06-01T09:02:40Z', '2026-06-01T09:12:40Z'])
  t.equal((await deliveries(app, '&status=failed')).total, 1)

  healthy = true
  const re = await app.inject({ method: 'POST', url: `/__admin/webhooks/deliveries/${d.id}/redeliver` })
  t.equal(re.statusCode, 200)
  d = json(re).data
  t.match(d, { status: 'succeeded', attempt_count: 6 })
  t.match(d.attempts[5], { attempt: 6, success: true, response_status: 200, redelivery: true })
  t.equal(hook.received.length, 6)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/webhooks/deliveries/evt_nope/redeliver' })).statusCode, 404)
})

t.test('an unreachable receiver: the error is recorded', async t => {
  const app = await manualApp(t)
  // A port that was just free: listen, note it, close.
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>(resolve => probe.close(() => resolve()))
  const closed = `http://127.0.0.1:${port}/hooks`
  const b = await createOk(t, app, body({ callback_url: closed }))
  await control(app, b.batch_id, 'cancel')
  await advance(app, 0)
  const [d] = (await deliveries(app, `&batch_id=${b.batch_id}`)).items
  t.match(d.attempts[0], { success: false, response_status: null, error: /ECONNREFUSED|fetch failed/ })
})

t.test('realtime clock: deliveries go out in the background', async t => {
  const { build } = await import('../../helper.js')
  const app = await build(t, { clock: 'realtime', clockSpeed: 2000 })
  const hook = await receiver(t)
  await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(4), callback_url: hook.url }))
  const deadline = Date.now() + 8000
  while (Date.now() < deadline && !hook.received.some(r => r.body.type === 'batch.completed')) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.same(hook.received.map(r => r.body.type).sort(), ['batch.completed', 'batch.started', 'call.finished', 'call.finished', 'call.finished', 'call.finished'])
  for (const r of hook.received) t.ok(verify(String(r.headers['x-techladder-signature']), r.raw, SECRET))
})
