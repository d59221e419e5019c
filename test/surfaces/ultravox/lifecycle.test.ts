/**
 * Batches moving on the manual clock: calls go FUTURE -> PENDING -> SUCCESS (a created call) or
 * ERROR; a window that closes leaves EXPIRED calls and sets endedAt; pause stops new calls and
 * unpause resumes; completedCount is SUCCESS + ERROR; each test number ends its own way; created
 * calls follow Ultravox's Call shape, with a transcript when joined and a recording when enabled.
 */
import t from 'tap'
import { agentRecords } from '../../../src/surfaces/ultravox/presenters.js'
import { uuidFrom } from '../../../src/surfaces/ultravox/ids.js'
import {
  START, START_MS, advance, batchUrl, createBatch, json, testNumberCall, twilioCalls, uvApp, walk, type UltravoxApp
} from './support.js'

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
const statuses = async (app: UltravoxApp, b: any) => (await walk(app, `${batchUrl(b.batchId)}/scheduled_calls?pageSize=100`)).map(c => c.status)
const count = (xs: string[], s: string) => xs.filter(x => x === s).length

t.test('a window that closes leaves EXPIRED calls; endedAt is when nothing waits', async t => {
  const app = await uvApp(t)
  // 40 calls in a 24-minute window (the minimum for 40: 8 rounds of 5 calls at 3 minutes each); the
  // client pauses it for 15 minutes on the way, so the window closes before every call is created.
  const end = START_MS + 24 * 60_000
  const b = await createBatch(t, app, { calls: twilioCalls(40), windowStart: START, windowEnd: iso(end) })
  let now = START_MS
  while (now < end + 60_000) {
    if (now === START_MS + 5 * 60_000) await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: true } })
    if (now === START_MS + 20 * 60_000) await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: false } })
    await advance(app, 60)
    now += 60_000
    const got = json(await app.uv({ url: batchUrl(b.batchId) }))
    const s = await statuses(app, b)
    t.equal(got.completedCount, count(s, 'SUCCESS') + count(s, 'ERROR'), 'completedCount = SUCCESS + ERROR, at every step')
    t.equal(got.totalCount, 40)
    if (now < end) t.equal(got.endedAt, null, 'not ended while calls wait')
  }
  const s = await statuses(app, b)
  t.ok(count(s, 'EXPIRED') > 0, `${count(s, 'EXPIRED')} calls expired`)
  t.ok(count(s, 'SUCCESS') > 0, `${count(s, 'SUCCESS')} calls created`)
  t.equal(count(s, 'FUTURE') + count(s, 'PENDING'), 0, 'nothing waits after the window')
  const done = json(await app.uv({ url: batchUrl(b.batchId) }))
  t.equal(done.paused, false, 'it was running when the window closed')
  t.equal(done.endedAt, iso(end), 'endedAt: the window end')
  t.equal(done.completedCount, 40 - count(s, 'EXPIRED'), 'expired calls are not completed')
  const expired = (await walk(app, `${batchUrl(b.batchId)}/scheduled_calls?status=EXPIRED&pageSize=100`))
  t.equal(expired.length, count(s, 'EXPIRED'), 'the status filter')
  t.ok(expired.every(c => c.status === 'EXPIRED' && c.callId === null && c.error === null))
  t.equal((await walk(app, `${batchUrl(b.batchId)}/created_calls?pageSize=100`)).length, count(s, 'SUCCESS'), 'a created call per SUCCESS')
  await advance(app, 3600)
  t.same(await statuses(app, b), s, 'the window stays closed')
})

t.test('without a window end every call is created; endedAt once the last one is', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(12) })
  t.equal(json(await app.uv({ url: batchUrl(b.batchId) })).endedAt, null)
  await advance(app, 3 * 3600)
  const done = json(await app.uv({ url: batchUrl(b.batchId) }))
  t.match(done, { totalCount: 12, completedCount: 12, endedAt: /^2026-06-01T/ })
  t.same(await statuses(app, b), Array(12).fill('SUCCESS'))
  const created = await walk(app, `${batchUrl(b.batchId)}/created_calls?pageSize=100`)
  t.ok(done.endedAt >= created.map(c => c.created).sort().at(-1), 'endedAt: when the last call was created')
})

t.test('pause stops new calls (calls in flight finish); unpause resumes; paused calls still expire', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(30) })
  await advance(app, 30)
  json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: true } }))
  await advance(app, 900)
  const atPause = await statuses(app, b)
  const frozen = count(atPause, 'SUCCESS') + count(atPause, 'ERROR')
  await advance(app, 3600)
  const later = await statuses(app, b)
  t.equal(count(later, 'SUCCESS') + count(later, 'ERROR'), frozen, 'nothing new while paused')
  t.ok(count(later, 'FUTURE') > 0)
  const created = await walk(app, `${batchUrl(b.batchId)}/created_calls?pageSize=100`)
  t.ok(created.every(c => c.ended !== null), 'calls created before the pause ran to their end')
  t.equal(json(await app.uv({ method: 'PATCH', url: batchUrl(b.batchId), payload: { paused: 'false' } })).paused, false, 'DRF booleans: "false"')
  await advance(app, 4 * 3600)
  t.same(await statuses(app, b), Array(30).fill('SUCCESS'), 'unpaused: every call created')
  // Paused with a window: the waiting calls expire when it closes.
  const w = await createBatch(t, app, { calls: twilioCalls(10), windowEnd: iso(START_MS + 5 * 3600_000 + 3600_000), paused: true })
  await advance(app, 2 * 3600)
  const s = await statuses(app, w)
  t.same(s, Array(10).fill('EXPIRED'))
  t.match(json(await app.uv({ url: batchUrl(w.batchId) })), { paused: true, completedCount: 0, endedAt: String })
})

t.test('the test numbers, one by one', async t => {
  const app = await uvApp(t)
  const expected: Record<number, { status: string, endReason?: string, joined: boolean, billed?: string, voicemail?: true }> = {
    1: { status: 'ERROR', joined: false },
    2: { status: 'SUCCESS', endReason: 'unjoined', joined: false, billed: '0s' },
    3: { status: 'SUCCESS', endReason: 'unjoined', joined: false, billed: '0s' },
    4: { status: 'SUCCESS', endReason: 'agent_hangup', joined: true, billed: '20s', voicemail: true },
    5: { status: 'SUCCESS', endReason: 'hangup', joined: true, billed: '12s' },
    6: { status: 'SUCCESS', endReason: 'agent_hangup', joined: true, billed: '90s' }
  }
  for (const [n, want] of Object.entries(expected)) {
    const b = await createBatch(t, app, { calls: [testNumberCall(Number(n))] })
    await advance(app, 300)
    const [sc] = await walk(app, `${batchUrl(b.batchId)}/scheduled_calls`)
    t.equal(sc.status, want.status, `+1500555000${n}: ${want.status}`)
    const created = await walk(app, `${batchUrl(b.batchId)}/created_calls`)
    if (want.status === 'ERROR') {
      t.match(sc, { callId: null, error: 'The number is unreachable' })
      t.equal(created.length, 0, 'no created call')
      t.match(json(await app.uv({ url: batchUrl(b.batchId) })), { completedCount: 1, endedAt: String }, 'an error completes the call')
      continue
    }
    t.equal(created.length, 1)
    const call = created[0]
    t.equal(call.callId, sc.callId)
    t.equal(call.endReason, want.endReason, `+1500555000${n}: ${want.endReason}`)
    t.equal(call.joined !== null, want.joined)
    t.equal(call.billedDuration, want.billed)
    t.equal(call.billingStatus, want.joined ? 'BILLING_STATUS_BILLED' : 'BILLING_STATUS_FREE_ZERO_EFFECTIVE_DURATION')
    t.same(call.metadata, { number: String(n) }, 'the scheduled call\'s metadata')
    t.same(json(await app.uv({ url: `/api/calls/${call.callId}` })), call, 'GET /api/calls/{id} is the same call')
    const messages = await walk(app, `/api/calls/${call.callId}/messages`)
    if (want.voicemail === true) {
      t.equal(messages.length, 1, 'a voicemail: the agent leaves one message')
      t.equal(messages[0].role, 'MESSAGE_ROLE_AGENT')
    } else if (want.joined) {
      t.ok(messages.length >= 2, 'a joined call has a transcript')
      t.same(messages.map(m => m.callStageMessageIndex), messages.map((_m, i) => i))
      t.equal(messages[0].role, 'MESSAGE_ROLE_USER', 'the callee speaks first on an outgoing call')
    } else {
      t.same(messages, [], 'no transcript for an unjoined call')
    }
  }
})

t.test('a created call in Ultravox\'s Call shape, from created to ended; messages while in progress', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: [{ ...testNumberCall(6), templateContext: { customerName: 'Ada' }, experimentalSettings: { x: 1 } }] })
  await advance(app, 1)
  const [ringing] = await walk(app, `${batchUrl(b.batchId)}/created_calls`)
  t.match(ringing, {
    created: '2026-06-01T09:00:01Z', joined: null, ended: null, endReason: null, billedDuration: null, billingStatus: 'BILLING_STATUS_PENDING',
    firstSpeaker: 'FIRST_SPEAKER_USER', firstSpeakerSettings: { user: {} }, agent: { agentId: b.agentId ?? String, name: 'Docs Example Agent' },
    medium: { twilio: { outgoing: { to: '+15005550006' } } }, experimentalSettings: { x: 1 }, sipDetails: null, shortSummary: null, summary: null,
    joinTimeout: '30s', maxDuration: '3600s', model: 'ultravox-v0.7', recordingEnabled: true, clientVersion: null, initialState: {}
  })
  t.match(ringing.systemPrompt, /calling Ada/, 'the template context renders the prompt')
  await advance(app, 40)
  const talking = json(await app.uv({ url: `/api/calls/${ringing.callId}` }))
  t.match(talking, { joined: '2026-06-01T09:00:06Z', ended: null })
  const partial = await walk(app, `/api/calls/${ringing.callId}/messages`)
  t.ok(partial.length > 0, 'what was said so far')
  t.equal((await app.uv({ url: `/api/calls/${ringing.callId}/recording` })).statusCode, 404, 'no recording before the end')
  await advance(app, 3600)
  const ended = json(await app.uv({ url: `/api/calls/${ringing.callId}` }))
  t.match(ended, { ended: '2026-06-01T09:01:36Z', endReason: 'agent_hangup', billedDuration: '90s', billingStatus: 'BILLING_STATUS_BILLED' })
  t.match(ended.summary, /\w/, 'summarized once ended')
  t.ok(ended.summary.startsWith(ended.shortSummary))
  const all = await walk(app, `/api/calls/${ringing.callId}/messages`)
  t.ok(all.length > partial.length)
  t.same(all.slice(0, partial.length).map(m => m.text), partial.map(m => m.text), 'the same transcript, continued')
  for (const m of all) t.ok(Number.parseFloat(m.timespan.end) <= 90, 'within the talk time')
  const rec = await app.inject({ url: `/api/calls/${ringing.callId}/recording`, headers: { 'x-api-key': 'uv_test_key' } })
  t.equal(rec.statusCode, 200)
  t.equal(rec.headers['content-type'], 'audio/wav')
  const wav = rec.rawPayload
  t.equal(wav.toString('ascii', 0, 4), 'RIFF')
  t.equal(wav.readUInt32LE(40) / wav.readUInt32LE(28), 90, 'as long as the call talked')
  t.equal((await app.uv({ url: `/api/calls/${ringing.callId}/messages?mode=in_call` })).statusCode, 200)
  t.same(json(await app.uv({ url: `/api/calls/${ringing.callId}/messages?mode=bogus` })), { mode: ['"bogus" is not a valid choice.'] })
})

t.test('recording off for the agent: 404; SIP calls have SIP details', async t => {
  const app = await uvApp(t)
  let agentId = ''
  for (let i = 0; agentId === ''; i++) if (!agentRecords({ agent_id: uuidFrom(`t${i}`) })) agentId = uuidFrom(`t${i}`)
  const acct = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', api_key: 'uv_norec_key', agent_id: agentId } })
  t.equal(acct.statusCode, 201)
  const agent = json(await app.uv({ url: `/api/agents/${agentId}`, key: 'uv_norec_key' }))
  t.equal(agent.callTemplate.recordingEnabled, false)
  const res = await app.uv({ method: 'POST', url: `/api/agents/${agentId}/scheduled_batches`, key: 'uv_norec_key', payload: { calls: [testNumberCall(6), { medium: { sip: { outgoing: { to: 'sip:+15005550005@carrier.example', from: 'Acme' } } } }] } })
  t.equal(res.statusCode, 201)
  const b = json(res)
  await advance(app, 600)
  const created = await walk(app, `/api/agents/${agentId}/scheduled_batches/${b.batchId}/created_calls`, 'uv_norec_key')
  t.equal(created.length, 2)
  for (const c of created) {
    t.equal(c.recordingEnabled, false)
    t.equal((await app.uv({ url: `/api/calls/${c.callId}/recording`, key: 'uv_norec_key' })).statusCode, 404, 'recording off: 404')
  }
  const sip = created.find(c => c.medium.sip !== undefined)
  t.match(sip, { joinUrl: null, sipDetails: { billedDuration: '12s', terminationReason: 'SIP_TERMINATION_NORMAL' } })
  t.equal(created.find(c => c.medium.twilio !== undefined).sipDetails, null)
  t.equal(json(await app.uv({ url: `/api/agents/${agentId}`, key: 'uv_norec_key' })).statistics.calls, 2, 'statistics.calls counts created calls')
})
