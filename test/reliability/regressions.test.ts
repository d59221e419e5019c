/** Bugs the reliability fuzzing found, pinned as plain examples. */
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../helper.js'
import { UNAUTHORIZED_BODY } from '../docs-examples.js'

const app = await build(t, { rateLimitPerMinute: 0 })

t.test('a non-finite number in the query is a 422, not a 500 (Ajv coerces "Infinity" and skips the bounds)', async t => {
  const cases: Array<[string, string]> = [
    ['/api/v1/public/call-batches?limit=Infinity', 'limit: Must be an integer between 1 and 100'],
    ['/api/v1/public/call-batches?limit=-Infinity', 'limit: Must be an integer between 1 and 100'],
    ['/api/v1/public/call-batches?limit=1e400', 'limit: Must be an integer between 1 and 100'],
    ['/api/v1/public/call-batches?page=Infinity', 'page: Must be a positive integer'],
    ['/api/v1/public/call-batches/sched_7bac6f2a/calls?limit=Infinity', 'limit: Must be an integer between 1 and 500'],
    ['/api/v1/public/call-batches/sched_7bac6f2a/results?page=1e999', 'page: Must be a positive integer']
  ]
  for (const [url, detail] of cases) {
    const res = await app.inject({ url, headers: auth() })
    t.equal(res.statusCode, 422, url)
    t.same(json(res).error.details, [detail], url)
  }
})

t.test('two Authorization headers are a 401, whichever keys they carry (no "first one wins")', async t => {
  for (const pair of [[KEY, KEY], [OTHER_KEY, KEY], [KEY, 'nope']]) {
    const res = await app.inject({ url: '/api/v1/public/me', headers: { authorization: pair.map(k => `Bearer ${k}`) } as any })
    t.equal(res.statusCode, 401, pair.join(' + '))
    t.same(json(res), UNAUTHORIZED_BODY)
  }
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 200, 'one header still works')
})

t.test('a body nested deeper than 64 levels is a 400 envelope on any route (JSON.stringify overflowed: a 500)', async t => {
  const { deeperThan, MAX_BODY_DEPTH } = await import('../../src/http/plugins/request-guard.js')
  const nest = (n: number) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n))
  t.equal(deeperThan(nest(MAX_BODY_DEPTH), MAX_BODY_DEPTH), false)
  t.equal(deeperThan(nest(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH), true)
  t.equal(deeperThan(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), MAX_BODY_DEPTH), true)
  const doc = app.swagger() as any
  const targets = ['/__admin/accounts', '/api/v1/public/call-batches'].filter(p => doc.paths[p]?.post !== undefined)
  t.ok(targets.length > 0, `targets: ${targets.join(', ')}`)
  for (const url of targets) {
    for (const depth of [5_000, 100_000]) {
      const payload = `{"metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"agent_name":"agt-57949b14"}`
      const res = await app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, payload })
      t.equal(res.statusCode, 400, `${url} depth ${depth}`)
      t.same(json(res).error.details, ['body: Must be nested at most 64 levels deep'])
    }
  }
})

t.test('the clock never goes past 9999-12-31T23:59:59Z (later times broke every date-time field; Create was a 500)', async t => {
  const clockApp = await build(t, { rateLimitPerMinute: 0, clock: 'manual' })
  await clockApp.ready()
  const doc = clockApp.swagger() as any
  t.ok(doc.paths['/__admin/clock/advance']?.post, 'POST /__admin/clock/advance is documented')
  const move = (method: string, url: string, body: unknown) => clockApp.inject({ method, url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.equal((await move('POST', '/__admin/clock/advance', { to: '9999-12-31T23:59:00Z' })).statusCode, 200, 'up to the last minute is fine')
  for (const [method, url, body, field] of [
    ['POST', '/__admin/clock/advance', { seconds: 120 }, 'seconds'],
    ['POST', '/__admin/clock/advance', { seconds: 31536000000 }, 'seconds'],
    ['PUT', '/__admin/clock', { time: '9999-12-31T23:59:59.500Z' }, 'time']
  ] as const) {
    const res = await move(method, url, body)
    t.equal(res.statusCode, 409, `${method} ${url} ${JSON.stringify(body)}`)
    t.same(json(res).error.details, [`${field}: The clock cannot go past 9999-12-31T23:59:59Z`])
  }
  const created = await clockApp.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: { ...auth(), 'content-type': 'application/json' },
    payload: JSON.stringify({ agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', contacts: [{ contact_id: 'a', phone_number: '919876543210' }] })
  })
  t.equal(created.statusCode, 201, 'creates still work at the end of time')
})

t.test('a fast realtime clock stops at 9999-12-31T23:59:59Z too', async t => {
  const { SimClock, MAX_CLOCK_MS } = await import('../../src/core/simulation/clock.js')
  // A reading past the end, as a fast clock reaches one ms of wall time later: no sleeping needed.
  const clock = new SimClock({ mode: 'realtime', speed: 1e9, time: MAX_CLOCK_MS + 5000 })
  t.equal(clock.now(), MAX_CLOCK_MS)
  t.equal(clock.nowIso(), '9999-12-31T23:59:59Z')
})

t.test('an event due after the end of time shows as the end of time (next_event_at was a 500)', async t => {
  const { isoSeconds, MAX_CLOCK_MS } = await import('../../src/core/simulation/clock.js')
  t.equal(isoSeconds(MAX_CLOCK_MS + 3_600_000), '9999-12-31T23:59:59Z')
  const endApp = await build(t, { rateLimitPerMinute: 0, clock: 'manual' })
  await endApp.ready()
  const doc = endApp.swagger() as any
  t.ok(doc.paths['/__admin/batches/{batch_id}/start']?.post, 'POST /__admin/batches/{batch_id}/start is documented')
  await endApp.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ to: '9999-12-31T23:59:59Z' }) })
  const created = await endApp.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: { ...auth(), 'content-type': 'application/json' },
    payload: JSON.stringify({ agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', contacts: [{ contact_id: 'a', phone_number: '919876543210' }] })
  })
  const id = json(created).data.batch_id as string
  const started = await endApp.inject({ method: 'POST', url: `/__admin/batches/${id}/start` })
  t.equal(started.statusCode, 200)
  t.equal(json(started).data.next_event_at, '9999-12-31T23:59:59Z')
})

t.test('a batch scheduled after the clock\'s last instant is refused (it would never start)', async t => {
  const res = await app.inject({
    method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' },
    payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'scheduled', schedule_date: '9999-12-31', schedule_time: '23:00', schedule_timezone: 'America/New_York', contacts: [{ contact_id: 'a', phone_number: '919876543210' }] }
  })
  t.equal(res.statusCode, 400)
  t.same(json(res).error.details, ['schedule_date: Must be no later than the clock\'s last instant, 9999-12-31T23:59:59Z'])
  const latest = await app.inject({
    method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' },
    payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'scheduled', schedule_date: '9999-12-31', schedule_time: '23:59', schedule_timezone: 'UTC', contacts: [{ contact_id: 'a', phone_number: '919876543210' }] }
  })
  t.equal(latest.statusCode, 201, 'the last minute itself is fine')
})

t.test('an account made through the control API is dated by the server clock, not wall time', async t => {
  const manual = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z' })
  const made = await manual.inject({ method: 'POST', url: '/__admin/accounts', payload: { api_key: 'sk_dated_by_the_clock' } })
  t.equal(json(made).data.created_at, '2026-06-01T09:00:00Z')
  t.equal(json(made).data.api_keys[0].created_at, '2026-06-01T09:00:00Z')
})

t.test('a key sent percent-encoded is still shown only as a hint in the journal', async t => {
  await app.inject({ url: '/api/v1/public/call-batches/%73k_other_account_key?api_key=%73k_other_account_key', headers: auth() })
  const journal = (await app.inject({ url: '/__admin/journal?limit=5' })).body
  t.notMatch(journal, /other_account_key/, 'no full key, decoded or not')
  t.notMatch(journal, /%73k_other/, 'not in its encoded form either')
})

t.test('a percent-encoded path gets the plain path\'s 404: the detail names the path the router read, on every surface', async t => {
  const cases: Array<[string, Record<string, string>, (body: any) => string]> = [
    // An observed-only endpoint in the documented profile (its route answers the 404).
    ['/api/v1/public/%61gents', auth(), b => b.error.details[0]],
    ['/api/v1/public/n%6Fpe', auth(), b => b.error.details[0]],
    ['/agents/x/y/n%6Fpe', { authorization: 'Bearer sk_car_test_key', 'cartesia-version': '2026-08-14' }, b => b.message],
    ['/__admin/n%6Fpe', {}, b => b.error.details[0]]
  ]
  for (const [url, headers, detail] of cases) {
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, 404, url)
    t.equal(detail(json(res)), `No route matches GET ${decodeURIComponent(url)}`, url)
  }
})

t.test('an Ultravox list reached by a percent-encoded path links its next page as Django does (escape_uri_path of the decoded path)', async t => {
  const docs = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
  const plain = json(await app.inject({ url: `/api/agents/${docs}/scheduled_batches/${docs}/created_calls?pageSize=1`, headers: { 'x-api-key': 'uv_test_key' } }))
  const encoded = json(await app.inject({ url: `/api/%61gents/${docs}/scheduled_batches/${docs}/%63reated_calls?pageSize=1`, headers: { 'x-api-key': 'uv_test_key' } }))
  t.match(plain.next, /^http:\/\/localhost(:\d+)?\/api\/agents\//)
  t.equal(encoded.next, plain.next)
})
