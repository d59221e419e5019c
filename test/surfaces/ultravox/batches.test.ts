/**
 * Scheduled call batches: create (201) with its rules (calls required and write-only, outgoing vs
 * non-outgoing media and the webhook rule, a generated webhookSecret, string metadata, the window
 * and its estimated minimum), read, update (PATCH), delete (204, then 404, nothing more dialed).
 */
import t from 'tap'
import {
  DOCS, START, START_MS, advance, batchUrl, batchesUrl, createBatch, json, twilioCalls, uvApp, walk
} from './support.js'

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

t.test('create: 201 with the batch; calls are write-only; read back through scheduled_calls', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(3) })
  t.same(Object.keys(b), ['batchId', 'created', 'totalCount', 'completedCount', 'endedAt', 'windowStart', 'windowEnd', 'webhookUrl', 'webhookSecret', 'paused'])
  t.match(b, { batchId: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, created: START, totalCount: 3, completedCount: 0, endedAt: null, windowStart: null, windowEnd: null, webhookUrl: null, webhookSecret: null, paused: false })
  t.notOk('calls' in b, 'calls are never echoed')
  t.same(json(await app.uv({ url: batchUrl(b.batchId) })), b, 'GET answers the same')
  const calls = await walk(app, `${batchUrl(b.batchId)}/scheduled_calls`)
  t.same(calls.map(c => c.metadata), [{ external_id: 'c-1' }, { external_id: 'c-2' }, { external_id: 'c-3' }], 'in upload order')
  t.same(calls[0].medium, twilioCalls(1)[0].medium)
  t.same(calls[0].templateContext, { customerName: 'Customer 1' })
  t.equal(calls[0].experimentalSettings, null)
  t.ok(calls.every(c => c.batchId === b.batchId))
  t.same(calls.map(c => c.status), ['PENDING', 'PENDING', 'PENDING'], 'no window start: being created at once')
  const listed = json(await app.uv({ url: `${batchesUrl()}?pageSize=1` }))
  t.same(listed.results[0], b, 'newest first')
})

t.test('create: validation in DRF\'s shapes, every bad field at once', async t => {
  const app = await uvApp(t)
  const bad = async (payload: unknown, expected: unknown, what: string) => {
    const res = await app.uv({ method: 'POST', url: batchesUrl(), payload, headers: { 'content-type': 'application/json' } })
    t.equal(res.statusCode, 400, what)
    t.same(json(res), expected, what)
  }
  await bad({}, { calls: ['This field is required.'] }, 'calls required')
  await bad({ calls: null }, { calls: ['This field may not be null.'] }, 'calls null')
  await bad({ calls: [] }, { calls: { non_field_errors: ['Ensure this value has at least 1 character (it has 0).'] } }, 'calls empty')
  await bad({ calls: {} }, { calls: { non_field_errors: ['Expected a list of items but got type "dict".'] } }, 'calls not a list')
  await bad([], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }, 'a list body')
  await bad('null', { non_field_errors: ['No data provided'] }, 'a null body')
  await bad({ calls: [twilioCalls(1)[0], { metadata: { n: 1 } }, 'x', { metadata: [] }] }, {
    calls: [{}, { metadata: ['All values must be strings.'] }, { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }, { metadata: ['Expected a dictionary of items but got type "list".'] }]
  }, 'per-call errors, {} for the good ones')
  await bad({ calls: [{ medium: { zoom: {} } }] }, { calls: [{ medium: ['Message type "ultravox.v1.CallMedium" has no field named "zoom".'] }] }, 'unknown medium')
  await bad({ calls: [{ medium: { webRtc: {}, twilio: {} } }] }, { calls: [{ medium: ['At most one call medium may be set.'] }] }, 'two media')
  await bad({ calls: [{ medium: { twilio: { outgoing: { to: 5 } } } }] }, { calls: [{ medium: ['Failed to parse twilio.outgoing.to field: expected a string, got int.'] }] }, 'a bad field type')
  await bad({
    calls: twilioCalls(1), windowStart: 'tomorrow', paused: 'maybe', webhookUrl: 'not a url', webhookSecret: 's'.repeat(121), throttle: {}
  }, {
    windowStart: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
    throttle: ['Not a valid string.'],
    webhookUrl: ['Enter a valid URL.'],
    webhookSecret: ['Ensure this field has no more than 120 characters.'],
    paused: ['Must be a valid boolean.']
  }, 'every bad field')
  await bad({ calls: twilioCalls(1), webhookUrl: 'https://x.example/' + 'a'.repeat(190) }, { webhookUrl: ['Ensure this field has no more than 200 characters.'] }, 'a long URL')
  await bad({ calls: twilioCalls(1), paused: null, webhookUrl: '' }, { webhookUrl: ['This field may not be blank.'], paused: ['This field may not be null.'] }, 'null and blank')
  // Unknown and read-only keys are ignored, as DRF does.
  const ok = await createBatch(t, app, { calls: [{ ...twilioCalls(1)[0], status: 'SUCCESS', callId: 'x' }], batchId: 'x', totalCount: 99, whatever: true })
  t.equal(ok.totalCount, 1)
})

t.test('create: outgoing media need no webhook; non-outgoing ones require it; the secret is generated when unset', async t => {
  const app = await uvApp(t)
  const hook = 'http://receiver:8080/hooks'
  for (const medium of [undefined, null, {}, { webRtc: {} }, { serverWebSocket: { inputSampleRate: 48000 } }, { sip: { incoming: {} } }, { twilio: {} }, { exotel: {} }]) {
    const calls = [medium === undefined ? {} : { medium }]
    const res = await app.uv({ method: 'POST', url: batchesUrl(), payload: { calls } })
    t.equal(res.statusCode, 400, `${JSON.stringify(medium)} is non-outgoing: webhookUrl required`)
    t.same(json(res), { webhookUrl: ['A webhookUrl is required when any call has a non-outgoing medium.'] })
    const b = await createBatch(t, app, { calls, webhookUrl: hook })
    t.match(b, { webhookUrl: hook, webhookSecret: /^[0-9a-f]{64}$/ })
  }
  for (const medium of [{ twilio: { outgoing: { to: '+14155550101' } } }, { telnyx: { outgoing: { to: '+14155550101' } } }, { plivo: { outgoing: { to: '+14155550101' } } }, { sip: { outgoing: { to: 'sip:alice@example.com' } } }]) {
    const res = await app.uv({ method: 'POST', url: batchesUrl(), payload: { calls: [{ medium }], webhookUrl: hook } })
    t.same(json(res), { webhookUrl: ['A webhookUrl is not allowed when every call has an outgoing medium.'] }, `${Object.keys(medium)[0]} is outgoing`)
  }
  const mixed = await createBatch(t, app, { calls: [...twilioCalls(1), { medium: { webRtc: {} } }], webhookUrl: hook, webhookSecret: 'my-secret' })
  t.equal(mixed.webhookSecret, 'my-secret', 'a given secret is kept')
  // Protobuf's snake_case names are read too, and written back in camelCase.
  const snake = await createBatch(t, app, { calls: [{ medium: { server_web_socket: { input_sample_rate: 8000 } } }], webhookUrl: hook })
  const [call] = await walk(app, `${batchUrl(snake.batchId)}/scheduled_calls`)
  t.same(call.medium, { serverWebSocket: { inputSampleRate: 8000 } })
})

t.test('create: the window, and the estimated minimum for the batch', async t => {
  const app = await uvApp(t)
  const calls = twilioCalls(123)
  const short = await app.uv({ method: 'POST', url: batchesUrl(), payload: { calls, windowStart: START, windowEnd: iso(START_MS + 3600_000) } })
  t.equal(short.statusCode, 400)
  t.same(json(short), { windowEnd: ['The window is too short for 123 calls. The estimated minimum window is 75 minutes (4500 seconds); set windowEnd to 2026-06-01T10:15:00Z or later.'] })
  const fits = await createBatch(t, app, { calls, windowStart: START, windowEnd: iso(START_MS + 4500_000) })
  t.match(fits, { windowStart: START, windowEnd: '2026-06-01T10:15:00Z' })
  const later = await app.uv({ method: 'POST', url: batchesUrl(), payload: { calls: twilioCalls(1), windowStart: '2026-06-02T09:00:00+02:00', windowEnd: '2026-06-02T07:02:30Z' } })
  t.same(json(later), { windowEnd: ['The window is too short for 1 call. The estimated minimum window is 3 minutes (180 seconds); set windowEnd to 2026-06-02T07:03:00Z or later.'] }, 'measured from the window start')
  const future = await createBatch(t, app, { calls: twilioCalls(2), windowStart: '2026-06-02 09:00:00.250+02:00' })
  t.equal(future.windowStart, '2026-06-02T07:00:00.250000Z', 'read like Django, written like DRF')
  t.same((await walk(app, `${batchUrl(future.batchId)}/scheduled_calls`)).map(c => c.status), ['FUTURE', 'FUTURE'], 'waiting for the window')
  const naive = await createBatch(t, app, { calls: twilioCalls(1), windowStart: '2026-06-03T10:00', windowEnd: '2026-06-04' })
  t.match(naive, { windowStart: '2026-06-03T10:00:00Z', windowEnd: '2026-06-04T00:00:00Z' }, 'naive is UTC; a date is midnight')
  const noEnd = await createBatch(t, app, { calls: twilioCalls(500) })
  t.equal(noEnd.windowEnd, null, 'no window end: no minimum')
})

t.test('PATCH: pause and unpause, window (checked against what waits), webhook fields, throttle; calls cannot change', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(20), paused: true })
  t.equal(b.paused, true)
  await advance(app, 600)
  t.equal(json(await app.uv({ url: batchUrl(b.batchId) })).completedCount, 0, 'created paused: nothing created')
  const empty = await app.uv({ method: 'PATCH', url: batchUrl(b.batchId) })
  t.equal(empty.statusCode, 200, 'an empty PATCH is a no-op')
  t.same(json(empty), json(await app.uv({ url: batchUrl(b.batchId) })))
  const unpaused = json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: false } }))
  t.equal(unpaused.paused, false)
  await advance(app, 60)
  t.ok(json(await app.uv({ url: batchUrl(b.batchId) })).completedCount > 0, 'unpausing resumes')
  const tooShort = await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { windowEnd: iso(Date.parse(START) + 700_000) } })
  t.equal(tooShort.statusCode, 400)
  t.match(json(tooShort).windowEnd[0], /^The window is too short for \d+ calls\. The estimated minimum window is \d+ minutes/)
  t.equal((await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { webhookUrl: 'https://hooks.example/x' } })).statusCode, 400, 'every call is outgoing: no webhook')
  t.same(json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { calls: twilioCalls(1) } })), { calls: ['Calls cannot be changed after the batch is created.'] })
  const t2 = json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { throttle: 'my-throttle', windowEnd: '2026-06-10T00:00:00Z' } }))
  t.match(t2, { throttle: 'my-throttle', windowEnd: '2026-06-10T00:00:00Z' })
  t.equal(Object.keys(t2).at(-1), 'throttle', 'throttle, when set, comes last')
  const web = await createBatch(t, app, { calls: [{ medium: { webRtc: {} } }], webhookUrl: 'https://hooks.example/a', paused: true })
  t.same(json(await app.uv({ method: 'PATCH', url: batchUrl(web.batchId), payload: { webhookUrl: null } })), { webhookUrl: ['A webhookUrl is required when any call has a non-outgoing medium.'] })
  const rotated = json(await app.uv({ method: 'PATCH', url: batchUrl(web.batchId), payload: { webhookUrl: 'https://hooks.example/b', webhookSecret: 'new-secret' } }))
  t.match(rotated, { webhookUrl: 'https://hooks.example/b', webhookSecret: 'new-secret' })
  const regenerated = json(await app.uv({ method: 'PATCH', url: batchUrl(web.batchId), payload: { webhookSecret: null } }))
  t.match(regenerated.webhookSecret, /^[0-9a-f]{64}$/, 'unset again: generated')
  const bad = await app.uv({ method: 'PATCH', url: batchUrl(web.batchId), payload: { paused: 'perhaps', windowStart: 5 } })
  t.same(json(bad), { windowStart: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'], paused: ['Must be a valid boolean.'] })
})

t.test('PATCH moves a future window: a start in the past starts it now', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(3), windowStart: '2026-06-05T09:00:00Z' })
  await advance(app, 60)
  t.same((await walk(app, `${batchUrl(b.batchId)}/scheduled_calls`)).map(c => c.status), ['FUTURE', 'FUTURE', 'FUTURE'])
  const moved = json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { windowStart: START } }))
  t.equal(moved.windowStart, START)
  await advance(app, 10)
  t.ok((await walk(app, `${batchUrl(b.batchId)}/scheduled_calls`)).some(c => c.status === 'SUCCESS'), 'dialing')
})

t.test('DELETE: 204, then 404 everywhere; nothing more is dialed; created calls run on and stay readable', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(30) })
  await advance(app, 20)
  const created = await walk(app, `${batchUrl(b.batchId)}/created_calls`)
  t.ok(created.length > 0 && created.length < 30, 'some calls created')
  const del = await app.uv({ method: 'DELETE', url: batchUrl(b.batchId) })
  t.equal(del.statusCode, 204)
  t.equal(del.body, '')
  for (const url of [batchUrl(b.batchId), `${batchUrl(b.batchId)}/scheduled_calls`, `${batchUrl(b.batchId)}/created_calls`]) {
    t.equal((await app.uv({ url })).statusCode, 404, url)
  }
  t.equal((await app.uv({ method: 'DELETE', url: batchUrl(b.batchId) })).statusCode, 404, 'a second DELETE')
  t.equal((await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: true } })).statusCode, 404)
  t.notOk((await walk(app, `${batchesUrl()}?pageSize=100`)).some(x => x.batchId === b.batchId), 'gone from the list')
  const placed = () => (app.db.prepare('SELECT COUNT(*) FROM calls WHERE batch_id = ? AND started_at IS NOT NULL').pluck().get(b.batchId) as number)
  const before = placed()
  await advance(app, 3600)
  t.ok(placed() - before <= 5, 'at most the calls already being created are placed after the delete')
  t.equal(app.db.prepare("SELECT COUNT(*) FROM calls WHERE batch_id = ? AND status = 'pending'").pluck().get(b.batchId), 30 - placed(), 'the rest are never dialed')
  const one = json(await app.uv({ url: `/api/calls/${created[0].callId}` }))
  t.equal(one.callId, created[0].callId)
  t.not(one.ended, null, 'a created call ran to its end and is still readable')
})

t.test('a batch read again after a change made elsewhere (control API, reset) is never stale', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(8), windowStart: '2026-06-02T09:00:00Z' })
  t.equal(json(await app.uv({ url: batchUrl(b.batchId) })).completedCount, 0)
  t.equal((await app.inject({ method: 'POST', url: `/__admin/batches/${b.batchId}/start` })).statusCode, 200)
  await advance(app, 120)
  t.ok(json(await app.uv({ url: batchUrl(b.batchId) })).completedCount > 0, 'started from the control plane: seen at once')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal((await app.uv({ url: batchUrl(b.batchId) })).statusCode, 404, 'gone after a reset')
})
