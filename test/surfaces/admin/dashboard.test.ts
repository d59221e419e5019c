/**
 * The control API the dashboard reads (and the typed client too): every provider's batches in one
 * page with counts that match each provider's own Get Batch, a batch's calls and timeline, the
 * clock's next due event and the jump to it, one delivery with its signed headers; and the page's
 * own files: served from the package, small, gzip when asked, without the admin token while every
 * data route keeps requiring it.
 */
import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { auth, json } from '../../helper.js'
import { acceptsGzip } from '../../../src/surfaces/admin/routes/dashboard-ui.js'
import { advance, body, contacts, createOk, getBatch, manualApp, START } from '../techladder/lifecycle-support.js'

const admin = async (app: any, url: string, method = 'GET') => {
  const res = await app.inject({ method, url: `/__admin${url}` })
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  return json(res).data
}

t.test('GET /__admin/batches: every provider, newest first, filters, counters that match Get Batch', async (t) => {
  const app = await manualApp(t)
  const all = await admin(app, '/batches?limit=200')
  t.same([...new Set(all.items.map((b: any) => b.provider))].sort(), ['cartesia', 'techladder', 'ultravox'], 'every provider\'s batches')
  t.equal(all.total, all.items.length)
  const created = all.items.map((b: any) => b.created_at)
  t.same(created, [...created].sort().reverse(), 'newest first')
  for (const p of ['techladder', 'cartesia', 'ultravox']) {
    const page = await admin(app, `/batches?provider=${p}&limit=200`)
    t.ok(page.total > 0 && page.items.every((b: any) => b.provider === p), `provider=${p}`)
  }
  const acc = await admin(app, '/batches?account_id=acc_abc123&status=pending')
  t.ok(acc.items.every((b: any) => b.account_id === 'acc_abc123' && b.status === 'pending'), 'account and status filters combine')
  const two = await admin(app, '/batches?limit=2&page=2')
  t.same(two.items.map((b: any) => b.batch_id), all.items.slice(2, 4).map((b: any) => b.batch_id), 'pages are ranges of the same order')
  t.equal(two.has_more, all.total > 4)
  t.equal((await app.inject({ url: '/__admin/batches?provider=nope' })).statusCode, 422)

  const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 2, contacts: contacts(6) }))
  await advance(app, 90)
  const [row] = (await admin(app, '/batches?provider=techladder&limit=1')).items
  t.equal(row.batch_id, b.batch_id, 'the new batch first')
  const pub = await getBatch(app, b.batch_id)
  t.match(row, {
    status: 'active',
    total_contacts: pub.total_contacts,
    completed_contacts: pub.completed_contacts,
    failed_contacts: pub.failed_contacts,
    pending_contacts: pub.pending_contacts,
    concurrency: 2
  }, 'the counters are Get Batch\'s')
  const p = row.progress
  t.equal(p.completed + p.failed + p.in_flight + p.pending, row.total_contacts, 'the progress parts add up to the total')
  t.ok(p.in_flight <= 2, 'never more in flight than the concurrency')
  t.equal(Object.values(row.call_counts as Record<string, number>).reduce((a, n) => a + n, 0), row.total_contacts)
})

t.test('a batch\'s calls and timeline', async (t) => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 3, contacts: contacts(9) }))
  const empty = await admin(app, `/batches/${b.batch_id}/timeline`)
  t.match(empty, { batch_id: b.batch_id, from: null, buckets: [], totals: { dialed: 0, answered: 0, ended: 0, in_flight: 0 }, concurrency: 3 })
  await advance(app, 3600)
  const calls = await admin(app, `/batches/${b.batch_id}/calls?limit=4`)
  t.equal(calls.total, 9)
  t.same(calls.items.map((c: any) => c.seq), [1, 2, 3, 4], 'contact order')
  const done = await admin(app, `/batches/${b.batch_id}/calls?status=completed&limit=200`)
  t.ok(done.items.every((c: any) => c.status === 'completed'))
  const tl = await admin(app, `/batches/${b.batch_id}/timeline?buckets=30`)
  t.equal(tl.totals.dialed, 9, 'every call dialed once')
  t.equal(tl.totals.ended, 9)
  t.equal(tl.totals.in_flight, 0)
  t.ok(tl.buckets.length <= 30 && tl.buckets.length > 0)
  t.ok(tl.peak_in_flight >= 1 && tl.peak_in_flight <= 3, `peak ${tl.peak_in_flight} within the concurrency`)
  t.equal(tl.buckets.reduce((n: number, x: any) => n + x.dialed, 0), 9, 'the buckets add up to the totals')
  const first = (await admin(app, `/batches/${b.batch_id}/calls?limit=200`)).items.map((c: any) => Date.parse(c.started_at)).sort()[0]
  t.equal(Date.parse(tl.from), Math.floor(first / 1000) * 1000, 'from the first ring')
  t.equal((await app.inject({ url: '/__admin/batches/sched_nope/timeline' })).statusCode, 404)
  t.equal((await app.inject({ url: '/__admin/batches/sched_nope/calls' })).statusCode, 404)
})

t.test('the next due event, and the jump to it', async (t) => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'scheduled', schedule_date: '2026-06-01', schedule_time: '10:00', schedule_timezone: 'UTC', contacts: contacts(2) }))
  const next = await admin(app, '/clock/next-event')
  t.match(next, { mode: 'manual', time: START })
  t.ok(next.next_event !== null)
  const jump = await admin(app, '/clock/advance-to-next-event', 'POST')
  t.equal(jump.time, next.next_event.at, 'the clock is at the event it reached')
  t.same(jump.reached, next.next_event)
  // Jump until the scheduled batch starts: it never passes what is due.
  for (let i = 0; i < 200 && (await getBatch(app, b.batch_id)).status === 'pending'; i++) await admin(app, '/clock/advance-to-next-event', 'POST')
  t.equal((await admin(app, '/clock')).time, '2026-06-01T10:00:00Z', 'the batch started at its scheduled instant, reached exactly')
})

t.test('one delivery: the exact body and the signed headers of each attempt', async (t) => {
  const app = await manualApp(t)
  const hook = 'http://127.0.0.1:9/hooks' // discard port: every attempt fails, retried on the sim clock
  await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(1), callback_url: hook }))
  await advance(app, 5)
  const list = await admin(app, '/webhooks/deliveries?order=desc&limit=1')
  t.equal(list.items.length, 1)
  const d = await admin(app, `/webhooks/deliveries/${list.items[0].id}`)
  t.equal(d.id, list.items[0].id)
  t.equal(JSON.parse(d.body).id, d.id, 'the body is the signed payload')
  t.match(d.headers, { 'content-type': 'application/json', 'x-techladder-event-id': d.id, 'x-techladder-signature': /^t=\d+,v1=[0-9a-f]{64}$/ })
  t.equal(d.attempts.length, d.attempt_count)
  for (const a of d.attempts) t.match(a.headers, { 'x-techladder-delivery-attempt': String(a.attempt) })
  const asc = await admin(app, '/webhooks/deliveries?limit=500')
  const desc = await admin(app, '/webhooks/deliveries?order=desc&limit=500')
  t.same(desc.items.map((x: any) => x.id), asc.items.map((x: any) => x.id).reverse(), 'order=desc: newest first')
  t.equal((await app.inject({ url: '/__admin/webhooks/deliveries/evt_0000000000000000' })).statusCode, 404)
})

t.test('the journal keeps the whole exchange, keys cut to their hint', async (t) => {
  const app = await manualApp(t)
  await createOk(t, app, body())
  const [e] = (await admin(app, '/journal?method=POST')).items
  t.match(e.request_headers, { authorization: /^Bearer sk_/, 'content-type': 'application/json' })
  t.notMatch(JSON.stringify(e), /sk_your_api_key/, 'the key is never shown whole')
  t.match(e.response_headers, { 'content-type': /application\/json/ })
  t.match(JSON.parse(e.response_body), { status_code: 201 })
  t.equal(e.response_bytes, Buffer.byteLength(e.response_body))
})

t.test('the page: shipped files, small, gzip when asked, cached by ETag, no CDN', async (t) => {
  const app = await manualApp(t)
  const page = await app.inject({ url: '/__admin/ui' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.headers['content-security-policy'], /default-src 'none'; script-src 'self'/)
  t.equal(page.headers['x-frame-options'], 'DENY')
  t.notMatch(page.body, /https?:\/\//, 'nothing from another origin')
  let raw = page.rawPayload.length
  let gzipped = 0
  for (const file of ['dashboard.js', 'dashboard.css']) {
    const res = await app.inject({ url: `/__admin/ui/${file}` })
    t.equal(res.statusCode, 200, file)
    raw += res.rawPayload.length
    const gz = await app.inject({ url: `/__admin/ui/${file}`, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    t.equal(gz.headers['content-encoding'], 'gzip')
    t.equal(gz.headers.vary, 'Accept-Encoding')
    t.equal(gunzipSync(gz.rawPayload).toString(), res.body, `${file}: the gzip is the same file`)
    gzipped += gz.rawPayload.length
    const again = await app.inject({ url: `/__admin/ui/${file}`, headers: { 'if-none-match': String(res.headers.etag) } })
    t.equal(again.statusCode, 304, `${file}: 304 with its ETag`)
  }
  gzipped += (await app.inject({ url: '/__admin/ui', headers: { 'accept-encoding': 'gzip' } })).rawPayload.length
  t.ok(raw < 150_000, `the page's files: ${raw} bytes`)
  t.ok(gzipped < 40_000, `gzipped: ${gzipped} bytes`)
  t.equal((await app.inject({ url: '/__admin/ui/nope.js' })).statusCode, 404)
  t.equal((await app.inject({ url: '/__admin/ui/index.html' })).statusCode, 404, 'the page has one address')
  t.equal((await app.inject({ url: '/__admin/ui/..%2Fpackage.json' })).statusCode, 404, 'nothing outside the folder')
  t.equal(acceptsGzip('gzip;q=0, *'), false)
  t.equal(acceptsGzip('*;q=0, gzip'), true)
  t.equal(acceptsGzip(undefined), false)
})

t.test('with an admin token: the page opens (it holds no data), every data route refuses without the token', async (t) => {
  const app = await manualApp(t, { adminToken: 'dash-token' })
  t.equal((await app.inject({ url: '/__admin/ui' })).statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/ui/dashboard.js' })).statusCode, 200)
  for (const url of ['/__admin/batches', '/__admin/accounts', '/__admin/clock/next-event', '/__admin/journal', '/__admin/webhooks/deliveries']) {
    t.equal((await app.inject({ url })).statusCode, 401, `${url} without the token`)
    t.equal((await app.inject({ url, headers: { 'x-admin-token': 'dash-token' } })).statusCode, 200, `${url} with it`)
  }
  t.equal((await app.inject({ method: 'POST', url: '/__admin/clock/advance-to-next-event' })).statusCode, 401)
  const customer = await app.inject({ url: '/__admin/batches', headers: auth() })
  t.equal(customer.statusCode, 401, 'a customer key opens nothing')
})
