// Scenarios: rules that force documented errors, latency or faults; the Prefer header.
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../../helper.js'
import { Errors, errorEnvelope } from '../../../src/surfaces/techladder/errors.js'
import { globToRegExp, parsePrefer } from '../../../src/harness/scenarios.js'

const BATCH = 'sched_7bac6f2a'
const body = (e: ReturnType<typeof Errors.internal>) => JSON.stringify(errorEnvelope(e))

t.test('POST/GET/DELETE /__admin/scenarios', async (t) => {
  const app = await build(t)
  const created = await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { name: 'boom', match: { method: 'get', path: '/api/v1/public/me' }, action: { status: 500 }, times: 2 } })
  t.equal(created.statusCode, 201)
  const s = json(created).data
  t.match(s, { id: 'scn_1', name: 'boom', match: { method: 'GET', path: '/api/v1/public/me' }, action: { status: 500 }, times: 2, remaining: 2, probability: 1, matched: 0, fired: 0 })
  t.equal(json(await app.inject({ url: '/__admin/scenarios/scn_1' })).data.id, 'scn_1')
  t.equal(json(await app.inject({ url: '/__admin/scenarios' })).data.length, 1)
  t.equal((await app.inject({ url: '/__admin/scenarios/scn_9' })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/__admin/scenarios/scn_9' })).statusCode, 404)
  t.same(json(await app.inject({ method: 'DELETE', url: '/__admin/scenarios/scn_1' })).data, { removed: 1 })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { latency_ms: 1 } } })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { latency_ms: 1 } } })
  t.same(json(await app.inject({ method: 'DELETE', url: '/__admin/scenarios' })).data, { removed: 2 })

  const bad: Array<[unknown, string]> = [
    [{ action: {} }, 'action: Must set status, latency_ms or fault'],
    [{ action: { status: 418 } }, 'status: Must be one of 400, 401, 403, 404, 422, 429, 500'],
    [{ action: { status: 500, fault: 'reset' } }, 'action: Set status or fault, not both'],
    [{ action: { fault: 'explode' } }, 'fault: Must be one of reset, empty'],
    [{ match: { path_regex: '(' }, action: { status: 500 } }, 'path_regex: Must be a valid regular expression'],
    [{ match: { path: '/a', path_regex: 'b' }, action: { status: 500 } }, 'match: Set path or path_regex, not both'],
    [{ action: { status: 500 }, probability: 2 }, 'probability: Must be at most 1'],
    [{ action: { status: 500 }, times: 0 }, 'times: Must be at least 1'],
    [{}, 'action: This field is required']
  ]
  for (const [payload, detail] of bad) {
    const res = await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: payload as object })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.same(json(res).error.details, [detail], JSON.stringify(payload))
  }
})

t.test('forced errors use the exact catalogue bodies', async (t) => {
  const app = await build(t, { rateLimitPerMinute: 300 })
  const cases: Array<[string, number, string]> = [
    ['/api/v1/public/me', 401, body(Errors.unauthorized())],
    ['/api/v1/public/me', 403, body(Errors.forbidden())],
    ['/api/v1/public/me', 429, body(Errors.rateLimited(300))],
    ['/api/v1/public/me', 500, body(Errors.internal())],
    [`/api/v1/public/call-batches/${BATCH}/results`, 404, body(Errors.batchNotFound(BATCH))],
    ['/api/v1/public/call-batches?status=active', 422, body(Errors.invalidQuery(['status: Must be one of pending, active, completed, failed, cancelled']))]
  ]
  for (const [url, status, expected] of cases) {
    await app.inject({ method: 'DELETE', url: '/__admin/scenarios' })
    await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status } } })
    const res = await app.inject({ url, headers: auth() })
    t.equal(res.statusCode, status, `${status} on ${url}`)
    t.equal(res.body, expected, `${status} body`)
    // The same through the Prefer header, without a rule.
    await app.inject({ method: 'DELETE', url: '/__admin/scenarios' })
    const viaHeader = await app.inject({ url, headers: { ...auth(), prefer: `code=${status}` } })
    t.equal(viaHeader.statusCode, status, `Prefer: code=${status}`)
    t.equal(viaHeader.body, expected)
  }
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 200, 'back to normal')
})

t.test('a 401 for a bad key stays first; rate-limit headers stay on forced answers', async (t) => {
  const app = await build(t)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status: 500 } } })
  const noKey = await app.inject({ url: '/api/v1/public/me' })
  t.equal(noKey.statusCode, 401)
  const forced = await app.inject({ url: '/api/v1/public/me', headers: auth() })
  t.equal(forced.statusCode, 500)
  t.ok(forced.headers['x-ratelimit-limit'] !== undefined)
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'only the public API is affected')
  t.equal((await app.inject({ url: '/__admin/scenarios' })).statusCode, 200)
})

t.test('a scenario for one account never touches another', async (t) => {
  const app = await build(t)
  const reference = await build(t)
  const urls = ['/api/v1/public/me', '/api/v1/public/call-batches', '/api/v1/public/call-batches?status=completed&limit=3']
  const otherBatches = json(await app.inject({ url: '/api/v1/public/call-batches?limit=3', headers: auth(OTHER_KEY) })).data.items
  for (const b of otherBatches) urls.push(`/api/v1/public/call-batches/${b.schedule_id as string}`, `/api/v1/public/call-batches/${b.schedule_id as string}/results`)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { account_id: 'acc_abc123' }, action: { status: 500 } } })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { account_id: 'acc_abc123', path: '/api/v1/public/**' }, action: { fault: 'reset' } } })
  for (const url of urls) {
    const other = await app.inject({ url, headers: auth(OTHER_KEY) })
    const untouched = await reference.inject({ url, headers: auth(OTHER_KEY) })
    t.equal(other.statusCode, untouched.statusCode, url)
    t.equal(other.body, untouched.body, `${url}: same body as a server without scenarios`)
    t.equal((await app.inject({ url, headers: auth(KEY) })).statusCode, 500, `${url}: the targeted account is hit`)
  }
  t.same(json(await app.inject({ url: '/__admin/scenarios/scn_1' })).data.fired, urls.length)
})

t.test('matching: method, path glob, regex, header', async (t) => {
  const app = await build(t)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { method: 'GET', path: '/api/v1/public/call-batches/*/results' }, action: { status: 404 } } })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { path_regex: '/calls$' }, action: { status: 429 } } })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { header: { name: 'X-Test-Case', value: 'broken' } }, action: { status: 500 } } })
  t.equal((await app.inject({ url: `/api/v1/public/call-batches/${BATCH}/results?page=2`, headers: auth() })).statusCode, 404)
  t.equal((await app.inject({ url: `/api/v1/public/call-batches/${BATCH}`, headers: auth() })).statusCode, 200, 'glob * is one segment')
  t.equal((await app.inject({ url: `/api/v1/public/call-batches/${BATCH}/calls`, headers: auth() })).statusCode, 429)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: { ...auth(), 'x-test-case': 'broken' } })).statusCode, 500)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: { ...auth(), 'x-test-case': 'fine' } })).statusCode, 200)
  t.ok(globToRegExp('/api/**').test('/api/v1/public/me'))
  t.notOk(globToRegExp('/api/*/me').test('/api/v1/public/me'))
})

t.test('times: fires N times, then stops', async (t) => {
  const app = await build(t)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status: 500 }, times: 2 } })
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode)
  t.same(statuses, [500, 500, 200, 200])
  t.match(json(await app.inject({ url: '/__admin/scenarios/scn_1' })).data, { remaining: 0, fired: 2, matched: 2 })
})

t.test('probability: seeded, so the same requests fire on every run', async (t) => {
  const run = async () => {
    const app = await build(t, { rateLimitPerMinute: 0 })
    await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status: 500 }, probability: 0.3 } })
    const out: number[] = []
    for (let i = 0; i < 200; i++) out.push((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode)
    return out
  }
  const a = await run()
  const b = await run()
  t.same(a, b, 'identical sequences')
  const fired = a.filter(s => s === 500).length
  t.ok(fired > 30 && fired < 90, `about 30% fired (${fired}/200)`)
})

t.test('latency: wall-clock delay, from a rule or the Prefer header', async (t) => {
  const app = await build(t)
  let started = performance.now()
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: { ...auth(), prefer: 'latency=60' } })).statusCode, 200)
  t.ok(performance.now() - started >= 55, 'Prefer: latency=60 waits')
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { latency_ms: 60, status: 429 } } })
  started = performance.now()
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 429)
  t.ok(performance.now() - started >= 55, 'the rule waits, then answers')
  const entry = json(await app.inject({ url: '/__admin/journal?limit=1' })).data.items[0]
  t.ok(entry.latency_ms >= 55, 'the journal shows the latency')
  t.equal(entry.scenario_id, 'scn_1')
})

t.test('Prefer header parsing', async (t) => {
  t.same(parsePrefer('code=429'), { status: 429 })
  t.same(parsePrefer('code=500, latency=20'), { status: 500, latency_ms: 20 })
  t.same(parsePrefer('fault=reset'), { fault: 'reset' })
  t.equal(parsePrefer('return=minimal'), null, 'other preferences are ignored')
  t.equal(parsePrefer('code=418'), null, 'codes outside the documented set are ignored')
  t.same(parsePrefer('latency=999999'), null)
})

t.test('faults over a real socket: reset and empty reply', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { path: '/api/v1/public/me' }, action: { fault: 'reset' }, times: 1 } })
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { path: '/api/v1/public/call-batches' }, action: { fault: 'empty' }, times: 1 } })
  await t.rejects(fetch(`${base}/api/v1/public/me`, { headers: auth() }), 'reset: the request fails')
  await t.rejects(fetch(`${base}/api/v1/public/call-batches`, { headers: auth() }), 'empty: the request fails')
  await t.rejects(fetch(`${base}/api/v1/public/me`, { headers: { ...auth(), prefer: 'fault=empty' } }), 'Prefer: fault=empty')
  const ok = await fetch(`${base}/api/v1/public/me`, { headers: auth() })
  t.equal(ok.status, 200, 'the server still answers')
  const journal = json(await app.inject({ url: '/__admin/journal' })).data.items
  t.match(journal.map((e: any) => [e.status, e.error_code, e.scenario_id]), [[200, null, null], [0, 'FAULT_EMPTY', 'prefer'], [0, 'FAULT_EMPTY', 'scn_2'], [0, 'FAULT_RESET', 'scn_1']])
})

t.test('faults under app.inject reject like a real client, never hang', async (t) => {
  const app = await build(t)
  await t.rejects(app.inject({ url: '/api/v1/public/me', headers: { ...auth(), prefer: 'fault=reset' } }), { code: 'ECONNRESET', message: 'read ECONNRESET' })
  await t.rejects(app.inject({ url: '/api/v1/public/me', headers: { ...auth(), prefer: 'fault=empty' } }), { code: 'ECONNRESET', message: 'socket hang up' })
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 200)
  t.same(json(await app.inject({ url: '/__admin/journal' })).data.items.map((e: any) => e.error_code), [null, 'FAULT_EMPTY', 'FAULT_RESET'])
})

t.test('a forced 500 logs one request line, not an unexpected-fault stack', async (t) => {
  const { buildApp } = await import('../../../src/http/app.js')
  const { Writable } = await import('node:stream')
  const lines: any[] = []
  const stream = new Writable({ write (c, _e, done) { for (const l of String(c).trim().split('\n')) lines.push(JSON.parse(l)); done() } })
  const app = await buildApp({ batchesPerAccount: 1, callsPerBatch: 3, logLevel: 'info' }, { logger: { level: 'info', stream } as any })
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/api/v1/public/me', headers: { ...auth(), prefer: 'code=500' } })
  t.equal(res.statusCode, 500)
  t.equal(lines.length, 1, 'one line')
  t.match(lines[0], { level: 50, status: 500, error_code: 'INTERNAL_ERROR', scenario: 'prefer', msg: /^GET \/api\/v1\/public\/me 500 / })
  t.notOk(lines.some(l => l.msg === 'unexpected fault'))
})

t.test('at most 1,000 rules', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 1000; i++) app.scenarios.add({ action: { latency_ms: 0 }, match: { account_id: 'acc_nobody' } })
  const res = await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status: 500 } } })
  t.equal(res.statusCode, 409)
  t.same(json(res).error.details, ['scenarios: At most 1000 rules; remove some first'])
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 200, '1,000 non-matching rules still answer')
})
