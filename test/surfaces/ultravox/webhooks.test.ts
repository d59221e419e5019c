/**
 * The batch webhook: for each call with a non-outgoing medium, a POST to the batch's webhookUrl when
 * the call is created, `{"event": "call.started", "call": <Call>}`, signed with the batch's
 * webhookSecret (X-Ultravox-Webhook-Signature = hex HMAC-SHA256 of the raw body followed by
 * X-Ultravox-Webhook-Timestamp); through the server's delivery: journal, retries, redelivery.
 * Outgoing calls send nothing.
 */
import t from 'tap'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CallSchema } from '../../../src/surfaces/ultravox/schemas.js'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { advance, batchUrl, createBatch, json, twilioCalls, uvApp, walk } from './support.js'

interface Received { headers: IncomingHttpHeaders, raw: string, body: any }

async function receiver (t: any, respond: (n: number) => number = () => 204) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) })
      res.statusCode = respond(received.length)
      res.end()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/call-ready`, received }
}

/** What Ultravox's docs tell receivers to do: HMAC the raw body followed by the timestamp header; any of the signatures may match. */
function verify (r: Received, secret: string): boolean {
  const ts = String(r.headers['x-ultravox-webhook-timestamp'])
  const expected = createHmac('sha256', secret).update(r.raw + ts).digest('hex')
  return String(r.headers['x-ultravox-webhook-signature']).split(',').some(s => s.length === expected.length && timingSafeEqual(Buffer.from(s), Buffer.from(expected)))
}

const ajv = new Ajv({ strict: false })
;(addFormats as unknown as (a: Ajv) => void)(ajv)
const validCall = ajv.compile(CallSchema)

t.test('a non-outgoing call is announced to the webhook when created, signed with the batch secret', async t => {
  const app = await uvApp(t)
  const hook = await receiver(t)
  const calls = [{ medium: { webRtc: {} }, metadata: { n: '1' } }, ...twilioCalls(1), { metadata: { n: '3' } }, { medium: { serverWebSocket: { inputSampleRate: 16000 } }, metadata: { n: '4' } }]
  const b = await createBatch(t, app, { calls, webhookUrl: hook.url, webhookSecret: 'shh' })
  await advance(app, 600)
  t.equal(hook.received.length, 3, 'one POST per non-outgoing call; none for the Twilio one')
  const created = await walk(app, `${batchUrl(b.batchId)}/created_calls`)
  for (const r of hook.received) {
    t.equal(r.body.event, 'call.started')
    t.ok(validCall(r.body.call), 'the call is an Ultravox Call')
    t.ok(verify(r, 'shh'), 'the signature verifies with the batch secret')
    t.notOk(verify({ ...r, raw: r.raw + ' ' }, 'shh'), 'a changed body does not')
    t.notOk(verify(r, 'other'), 'another secret does not')
    t.match(r.headers['x-ultravox-webhook-timestamp'], /^2026-06-01T09:\d\d:\d\d\+00:00$/)
    t.equal(r.headers['content-type'], 'application/json')
    t.match(r.body.call, { ended: null, joined: null, endReason: null, firstSpeaker: 'FIRST_SPEAKER_AGENT', joinUrl: /^wss:\/\//, agentId: b.agentId ?? String })
    t.equal(r.body.call.created, created.find(c => c.callId === r.body.call.callId).created, 'sent when the call was created')
    t.equal(Date.parse(String(r.headers['x-ultravox-webhook-timestamp'])), Date.parse(r.body.call.created), 'the timestamp is the simulated time of the attempt')
  }
  t.same(hook.received.map(r => r.body.call.metadata.n).sort(), ['1', '3', '4'])
  t.same(json(await app.uv({ url: batchUrl(b.batchId) })).completedCount, 4)
  // The journal of deliveries has them.
  const deliveries = json(await app.inject({ url: `/__admin/webhooks/deliveries?batch_id=${b.batchId}` })).data
  t.equal(deliveries.total, 3)
  for (const d of deliveries.items) t.match(d, { status: 'succeeded', attempt_count: 1, url: hook.url, account_id: 'acc_uv_main', event_type: 'call.dialed' })
})

t.test('a failing receiver is retried on the simulated clock; redelivery sends it again', async t => {
  const app = await uvApp(t)
  const hook = await receiver(t, n => n <= 2 ? 500 : 200)
  const b = await createBatch(t, app, { calls: [{ medium: { webRtc: {} } }], webhookUrl: hook.url })
  await advance(app, 3)
  t.equal(hook.received.length, 1)
  await advance(app, 10)
  t.equal(hook.received.length, 2, 'retried after 10 s')
  await advance(app, 30)
  t.equal(hook.received.length, 3, 'and again after 30 s: succeeded')
  const [d] = json(await app.inject({ url: `/__admin/webhooks/deliveries?batch_id=${b.batchId}` })).data.items
  t.match(d, { status: 'succeeded', attempt_count: 3 })
  t.same(hook.received[0].raw, hook.received[2].raw, 'the same body every attempt')
  const secret = json(await app.uv({ url: batchUrl(b.batchId) })).webhookSecret
  t.match(secret, /^[0-9a-f]{64}$/, 'the generated secret')
  for (const r of hook.received) t.ok(verify(r, secret), 'each attempt signed with it')
  const again = await app.inject({ method: 'POST', url: `/__admin/webhooks/deliveries/${d.id}/redeliver` })
  t.equal(again.statusCode, 200)
  t.equal(hook.received.length, 4, 'redelivered')
  t.equal(hook.received[3].raw, hook.received[0].raw)
  const [sc] = await walk(app, `${batchUrl(b.batchId)}/scheduled_calls`)
  t.equal(sc.status, 'SUCCESS', 'the call was created whatever the receiver answered (the server retries instead of failing it)')
})

t.test('the secret rotates with PATCH; outgoing-only batches and seeded WebRTC batches that do not move send nothing', async t => {
  const app = await uvApp(t)
  const hook = await receiver(t)
  const b = await createBatch(t, app, { calls: [{ medium: { webRtc: {} } }, { medium: { webRtc: {} } }], webhookUrl: hook.url, webhookSecret: 'one', paused: true })
  await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { webhookSecret: 'two', paused: false } })
  await advance(app, 600)
  t.equal(hook.received.length, 2)
  for (const r of hook.received) t.ok(verify(r, 'two'), 'signed with the new secret')
  await createBatch(t, app, { calls: twilioCalls(3) })
  await advance(app, 600)
  t.equal(hook.received.length, 2, 'telephony calls are placed by the server: no webhook')
})
