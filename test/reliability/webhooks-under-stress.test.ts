/**
 * Webhooks when things go wrong: many batches at once, a receiver that never answers, a stop in the
 * middle of a clock move, a move whose deliveries outlast the socket's idle timeout, a callback URL
 * aimed at this server's own control API, an imported fixture whose event counter is behind.
 */
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, type App } from '../../src/http/app.js'
import { TEST_CONFIG, json } from '../helper.js'
import { body, contacts } from '../surfaces/techladder/lifecycle-support.js'

const CONFIG = { ...TEST_CONFIG, clock: 'manual' as const, clockStart: '2026-06-01T09:00:00Z', rateLimitPerMinute: 0 }
const KEY = { authorization: 'Bearer sk_your_api_key' }

/** A receiver that answers each request after `delayMs` (never, with Infinity), counting how many are open at once. */
async function receiver (t: { teardown: (fn: () => unknown) => void }, delayMs: number, status = 200) {
  let open = 0
  let maxOpen = 0
  let count = 0
  const server = createServer((req, res) => {
    open++
    count++
    maxOpen = Math.max(maxOpen, open)
    req.resume()
    const finish = () => { open--; res.statusCode = status; res.end('ok') }
    if (Number.isFinite(delayMs)) setTimeout(finish, delayMs)
    else req.on('close', () => { open-- })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); return new Promise<void>(resolve => server.close(() => resolve())) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, stats: () => ({ open, maxOpen, count }) }
}

async function create (app: App, payload: Record<string, unknown>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: KEY, payload })
  if (res.statusCode !== 201) throw new Error(res.body)
  return json(res).data.batch_id
}
const deliveries = async (app: App, query = '') => json(await app.inject({ url: `/__admin/webhooks/deliveries?limit=500${query}` })).data

t.test('outbound fan-out is bounded: many batches\' events never open more connections than allowed', async t => {
  for (const [limit, config] of [[8, {}], [3, { webhookConcurrency: 3 }]] as const) {
    const app = await buildApp({ ...CONFIG, ...config })
    t.teardown(() => app.close())
    const hook = await receiver(t, 50)
    for (let i = 0; i < 40; i++) await create(app, body({ start_mode: 'immediate', contacts: contacts(1, i * 10), callback_url: hook.url }))
    await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 1 } })
    t.ok(hook.stats().count >= 40, `${hook.stats().count} deliveries`)
    t.ok(hook.stats().maxOpen <= limit, `at most ${limit} at once (saw ${hook.stats().maxOpen})`)
    t.ok(hook.stats().maxOpen > 1, 'still in parallel')
  }
})

t.test('a callback URL aimed at this server\'s control API is refused, whatever its spelling; the refusal is said', async t => {
  const app = await buildApp(CONFIG)
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const targets = [
    `http://127.0.0.1:${port}/__admin/accounts/acc_def456/disable`,
    `http://localhost:${port}/%5F%5Fadmin/accounts/acc_def456/disable`,
    `http://127.0.0.1:${port}//__admin/accounts/acc_def456/disable`,
    `http://127.0.0.1:${port}/x/../__admin/accounts/acc_def456/disable`,
    `http://[::1]:${port}/__ADMIN/reset`
  ]
  for (const url of targets) await create(app, body({ start_mode: 'immediate', contacts: contacts(1), callback_url: url }))
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } })
  const other = json(await app.inject({ url: '/__admin/accounts/acc_def456' })).data
  t.equal(other.api_enabled, true, 'the other account was not disabled')
  const all = await deliveries(app)
  t.ok(all.items.length >= targets.length)
  for (const d of all.items) {
    t.equal(d.status, 'failed', `${d.url}: failed`)
    t.equal(d.attempts.length, 1, 'one attempt, no retries')
    t.match(d.attempts[0].error, /^refused: \/__admin is this mock's control API/, 'the reason is recorded')
    t.equal(d.attempts[0].response_status, null, 'nothing was sent')
  }
})

t.test('a stop in the middle of a clock move: the move answers, nothing hangs, the cut attempt is not counted and is sent at the next start', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'techladder-hooks-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const dbPath = join(dir, 'state.db')
  const stuck = await receiver(t, Infinity)
  const app = await buildApp({ ...CONFIG, dbPath })
  await create(app, body({ start_mode: 'immediate', contacts: contacts(1), callback_url: stuck.url }))
  const moving = app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } })
  while (stuck.stats().count === 0) await new Promise(resolve => setTimeout(resolve, 10))
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < 3000, `closed in ${Date.now() - started} ms, not after the 5 s delivery timeout`)
  const answer = await moving
  t.ok([200, 503].includes(answer.statusCode), `the move answered ${answer.statusCode}`)

  const good = await receiver(t, 0)
  const again = await buildApp({ ...CONFIG, dbPath })
  t.teardown(() => again.close())
  const pending = (await deliveries(again)).items
  t.equal(pending[0].attempt_count, 0, 'the cut attempt did not use up an attempt')
  t.equal(pending[0].status, 'pending')
  again.db.prepare('UPDATE webhook_deliveries SET url = ?').run(good.url)
  await again.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 1 } })
  const sent = (await deliveries(again)).items
  t.equal(sent[0].status, 'succeeded', 'sent at the next start')
  t.equal(sent[0].attempts.length, 1)
})

t.test('a clock move whose deliveries take longer than the socket\'s idle timeout still answers', async t => {
  const app = await buildApp(CONFIG, { connectionTimeoutMs: 500 })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const slow = await receiver(t, 300)
  await create(app, body({ start_mode: 'immediate', contacts: contacts(4), concurrency: 1, callback_url: slow.url }))
  const res = await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/__admin/clock/advance', headers: { 'content-type': 'application/json' } }, (r) => {
      let b = ''
      r.on('data', (c: Buffer) => { b += c.toString() })
      r.on('end', () => resolve({ status: r.statusCode ?? 0, body: b }))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ seconds: 3600 }))
  })
  t.ok(slow.stats().count >= 6, `${slow.stats().count} deliveries, each ${300} ms: longer than the 500 ms idle timeout`)
  t.equal(res.status, 200)
  t.equal(JSON.parse(res.body).data.time, '2026-06-01T10:00:00Z')
})

t.test('an imported fixture whose event counter is behind its deliveries: later events get new ids', async t => {
  const app = await buildApp(CONFIG)
  t.teardown(() => app.close())
  const hook = await receiver(t, 0)
  await create(app, body({ start_mode: 'immediate', contacts: contacts(2), callback_url: hook.url }))
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 60 } })
  const fixture = JSON.parse((await app.inject({ url: '/__admin/state' })).body)
  fixture.tables.sim_state = fixture.tables.sim_state.map((r: { key: string, value: string }) => r.key === 'event_counter' ? { ...r, value: '0' } : r)
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/state', payload: fixture })).statusCode, 200)
  const before = (await deliveries(app)).total
  const res = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: KEY, payload: body({ start_mode: 'immediate', contacts: contacts(2, 50), callback_url: hook.url }) })
  t.equal(res.statusCode, 201, 'no 500 from a duplicate event id')
  const after = await deliveries(app)
  t.ok(after.total > before)
  t.equal(new Set(after.items.map((d: { id: string }) => d.id)).size, after.items.length, 'every event id is its own')
})
