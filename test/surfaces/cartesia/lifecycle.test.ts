/**
 * A batch running on the test's clock: statuses as dispatch goes on, cancel (C4) and retry (C5) on a
 * running batch, the test numbers, call records (C6, get call) and their audio.
 */
import t from 'tap'
import { advance, assertCartesiaError, cartesiaApp, createBatch, createBody, get, json, post } from './support.js'

const URL = '/agents/calls/batches'
const T = (n: number) => `+1500555000${n}`
/** Ordinary numbers: fates drawn by the seeded outcome model. */
const ordinary = (n: number) => Array.from({ length: n }, (_v, i) => `+4420795${String(10000 + i).padStart(5, '0')}`)

t.test('statuses while a batch runs: pending -> in_progress -> completed (every recipient dispatched) -> calls finish', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(ordinary(6), { target_concurrency_limit: 2 }))
  t.equal(b.status, 'pending')
  await advance(app, 1)
  let now = json(await get(app, `${URL}/${b.id}`))
  t.equal(now.status, 'in_progress')
  t.equal(now.total_calls_dispatched, 2, 'two lanes')
  t.same(now.recipients.map((r: any) => r.status), ['dispatched', 'dispatched', 'queued', 'queued', 'queued', 'queued'])
  t.ok(now.recipients.slice(0, 2).every((r: any) => typeof r.agent_call_id === 'string'), 'dispatched recipients carry their call id')
  let sawCompletedWhileRunning = false
  for (let i = 0; i < 200; i++) {
    await advance(app, 15)
    now = json(await get(app, `${URL}/${b.id}`))
    // Bodies are cached per change version: the list and the batch always show the current state.
    const { recipients, ...summary } = now
    t.same(json(await get(app, `${URL}?limit=1`)).data[0], summary, `list item = batch after ${(i + 1) * 15} s`)
    if (now.status === 'completed' && now.total_calls_finished < 6) sawCompletedWhileRunning = true
    if (now.total_calls_finished === 6) break
  }
  t.equal(now.total_calls_finished, 6, 'every call ended')
  t.equal(now.status, 'completed')
  t.ok(sawCompletedWhileRunning, 'completed as soon as every recipient was dispatched, while calls still ran')
  t.ok(now.recipients.every((r: any) => ['completed', 'failed'].includes(r.status) && typeof r.end_reason === 'string'), 'finished recipients carry an end_reason')
  const calls = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100`)).data
  t.equal(calls.length, 6, 'one call record per recipient')
  t.same(calls.map((c: any) => c.id).sort(), now.recipients.map((r: any) => r.agent_call_id).sort())
})

t.test('cancel a running batch: queued recipients cancelled, calls in flight finish; idempotent', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody([T(6), T(6), T(6), T(6), T(6)], { target_concurrency_limit: 2 }))
  await advance(app, 10)
  const before = json(await get(app, `${URL}/${b.id}`))
  t.equal(before.total_calls_dispatched, 2)
  const res = await post(app, `${URL}/${b.id}/cancel`)
  t.equal(res.statusCode, 200)
  const cancelled = json(res)
  t.notOk('recipients' in cancelled, 'cancel answers the batch without recipients')
  t.equal(cancelled.status, 'cancelled')
  t.equal(cancelled.total_calls_dispatched, 2)
  const detail = json(await get(app, `${URL}/${b.id}`))
  t.same(detail.recipients.map((r: any) => r.status), ['started', 'started', 'cancelled', 'cancelled', 'cancelled'], 'calls in flight keep going')
  t.notOk(detail.recipients.slice(2).some((r: any) => 'agent_call_id' in r), 'cancelled recipients were never dialed')
  const again = await post(app, `${URL}/${b.id}/cancel`)
  t.equal(again.statusCode, 200, 'idempotent')
  t.same(json(again), { ...cancelled, last_updated_at: json(again).last_updated_at })
  await advance(app, 600)
  const done = json(await get(app, `${URL}/${b.id}`))
  t.same(done.recipients.map((r: any) => r.status), ['completed', 'completed', 'cancelled', 'cancelled', 'cancelled'], 'the calls in flight finished; nothing more was dialed')
  t.equal(done.status, 'cancelled')
  t.equal(done.total_calls_finished, 2)
  t.equal(json(await get(app, `/agents/calls?batch_id=${b.id}`)).data.length, 2)
  assertCartesiaError(t, await post(app, `${URL}/${b.id}/retry`), 400, 'invalid_request', /is cancelled and cannot be retried/)

  const pending = await createBatch(app, createBody(2))
  const c = json(await post(app, `${URL}/${pending.id}/cancel`))
  t.equal(c.status, 'cancelled', 'a batch not yet admitted: cancelled')
  t.equal(c.total_calls_dispatched, 0)
  await advance(app, 5)
  t.equal(json(await get(app, `${URL}/${pending.id}`)).total_calls_dispatched, 0, 'and it never dispatches')

  const all = await createBatch(app, createBody([T(6)]))
  await advance(app, 2)
  const completed = json(await post(app, `${URL}/${all.id}/cancel`))
  t.equal(completed.status, 'completed', 'every recipient dispatched already: cancel changes nothing')
  await advance(app, 600)
  t.equal(json(await get(app, `${URL}/${all.id}`)).recipients[0].status, 'completed')
  assertCartesiaError(t, await post(app, `${URL}/acb_missing/cancel`), 404, 'not_found', 'Call batch acb_missing not found')
})

t.test('retry a running batch: failed and unanswered recipients queued again as new call attempts', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody([T(2), T(3), T(1), T(6), ...ordinary(2)], { target_concurrency_limit: 3 }))
  await advance(app, 20)
  const mid = json(await get(app, `${URL}/${b.id}`))
  t.equal(mid.status, 'in_progress')
  const firstIds = new Map(mid.recipients.map((r: any) => [r.id, r.agent_call_id]))
  const failedEarly = mid.recipients.filter((r: any) => r.status === 'failed')
  t.ok(failedEarly.length >= 1, `${failedEarly.length} failed by now (busy and unreachable fail fast)`)
  const retried = json(await post(app, `${URL}/${b.id}/retry`))
  t.equal(retried.retry_count, 1)
  t.notOk('recipients' in retried)
  const after = json(await get(app, `${URL}/${b.id}`))
  for (const r of failedEarly) {
    const now = after.recipients.find((x: any) => x.id === r.id)
    t.ok(['queued', 'dispatched'].includes(now.status), `${r.to_number} queued again (${now.status})`)
    t.notOk('end_reason' in now || 'error_message' in now, 'its old outcome is gone')
    if (now.status === 'dispatched') t.not(now.agent_call_id, firstIds.get(r.id), 'a new attempt has a new call id')
  }
  for (const r of after.recipients.filter((x: any) => !failedEarly.some((f: any) => f.id === x.id))) {
    if (firstIds.get(r.id) !== undefined) t.equal(r.agent_call_id, firstIds.get(r.id), `${r.to_number}: not failed, untouched`)
  }
  await advance(app, 900)
  const done = json(await get(app, `${URL}/${b.id}`))
  t.equal(done.status, 'completed')
  t.equal(done.total_calls_finished, 6)
  const calls = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100`)).data
  const placedAgain = failedEarly.filter((r: any) => r.to_number !== T(1)).length
  t.equal(calls.length, 5 + placedAgain, 'one record per placed attempt: 5 first attempts (the unreachable number has none), and each retried one placed again')
  t.ok(calls.some((c: any) => c.id === failedEarly.find((r: any) => r.agent_call_id !== undefined)?.agent_call_id), 'an earlier attempt stays in the list')
  const nothing = json(await post(app, `${URL}/${b.id}/retry`))
  t.equal(nothing.retry_count, 2, 'the unanswered ones (test numbers fail again) are queued again')
  const clean = await createBatch(app, createBody([T(6)]))
  await advance(app, 300)
  const noop = json(await post(app, `${URL}/${clean.id}/retry`))
  t.equal(noop.retry_count, 0, 'nothing failed: a retry changes nothing')
  t.equal(noop.status, 'completed')
  assertCartesiaError(t, await post(app, `${URL}/acb_missing/retry`), 404, 'not_found')
})

t.test('test numbers: each ends the same way on this surface', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody([1, 2, 3, 4, 5, 6].map(T), { target_concurrency_limit: 6 }))
  await advance(app, 600)
  const { recipients } = json(await get(app, `${URL}/${b.id}`))
  const calls = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100&expand=transcript`)).data
  const callOf = (n: number) => calls.find((c: any) => c.telephony_params.to === T(n))
  const secs = (c: any) => (Date.parse(c.end_time) - Date.parse(c.start_time)) / 1000
  t.equal(calls.length, 5, 'five call records: the unreachable number has none')

  t.test('+15005550001 unreachable: failed before dialing, error_message, no agent call', async t => {
    t.same(recipients[0], { id: recipients[0].id, to_number: T(1), status: 'failed', created_at: b.created_at, error_message: 'The number is unreachable', metadata: { n: 0 } })
    t.equal(callOf(1), undefined)
  })
  t.test('+15005550002 no answer: failed, dial_no_answer, rang 30 s, no transcript', async t => {
    t.match(recipients[1], { status: 'failed', end_reason: 'dial_no_answer', agent_call_id: callOf(2).id })
    t.match(callOf(2), { status: 'failed', end_reason: 'dial_no_answer', transcript: null })
    t.equal(secs(callOf(2)), 30)
  })
  t.test('+15005550003 busy: failed, dial_busy, 3 s', async t => {
    t.match(recipients[2], { status: 'failed', end_reason: 'dial_busy' })
    t.match(callOf(3), { status: 'failed', end_reason: 'dial_busy', transcript: null })
    t.equal(secs(callOf(3)), 3)
  })
  t.test('+15005550004 voicemail: completed, the agent leaves a message (one turn), 25 s', async t => {
    t.match(recipients[3], { status: 'completed', end_reason: 'agent_hangup' })
    t.equal(callOf(4).transcript.length, 1)
    t.equal(callOf(4).transcript[0].role, 'assistant')
    t.equal(secs(callOf(4)), 25)
  })
  t.test('+15005550005 short call: completed, the callee hangs up, 15 s', async t => {
    t.match(recipients[4], { status: 'completed', end_reason: 'client_hangup' })
    t.equal(secs(callOf(5)), 15)
  })
  t.test('+15005550006 full call: completed, agent_hangup, 95 s, a conversation', async t => {
    t.match(recipients[5], { status: 'completed', end_reason: 'agent_hangup' })
    t.equal(secs(callOf(6)), 95)
    t.ok(callOf(6).transcript.length >= 10)
  })
})

t.test('agent calls: fields, get, transcript, audio', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, { ...createBody([T(6), T(2), ...ordinary(1)], { target_concurrency_limit: 1 }), recipients: [{ to_number: T(6), metadata: { customer: { id: 7 } } }, { to_number: T(2) }, { to_number: ordinary(1)[0] }] })
  await advance(app, 3)
  let list = json(await get(app, `/agents/calls?batch_id=${b.id}`)).data
  t.equal(list.length, 1)
  t.match(list[0], { status: 'created', start_time: String, end_time: null, end_reason: null, summary: null, error_message: null }, 'ringing: created')
  t.notOk('transcript' in list[0], 'no transcript key without expand')
  await advance(app, 10)
  list = json(await get(app, `/agents/calls?batch_id=${b.id}&expand=`)).data
  t.match(list[0], { status: 'started', end_time: null }, 'answered: started')
  t.notOk('transcript' in list[0], 'expand= (what the SDK sends for null) counts as absent')
  assertCartesiaError(t, await get(app, `/agents/calls/${list[0].id}/audio`), 404, 'not_found', /did not connect or is still in progress/)
  await advance(app, 600)
  const first = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100`)).data.at(-1)
  t.same(Object.keys(first).sort(), ['agent_id', 'agent_name', 'end_reason', 'end_time', 'error_message', 'id', 'metadata', 'start_time', 'status', 'summary',
    'telephony_account_type', 'telephony_params'].sort())
  t.match(first, {
    id: /^ac_[0-9A-Za-z]{22}$/,
    agent_id: 'agent_Fo7pKNBUwLZxrTd6jvhpaE',
    agent_name: 'Outreach Agent',
    status: 'completed',
    end_reason: 'agent_hangup',
    telephony_params: { to: T(6), from: '+14155550100', direction: 'outbound', connection_type: 'phone' },
    telephony_account_type: 'cartesia',
    metadata: { customer: { id: 7 } }
  })
  const one = json(await get(app, `/agents/calls/${first.id}`))
  t.same(Object.keys(one).sort(), [...Object.keys(first), 'transcript'].sort(), 'get always carries transcript')
  t.same({ ...one, transcript: undefined, summary: undefined }, { ...first, transcript: undefined, summary: undefined })
  t.ok(one.transcript.length > 2)
  t.same(one.transcript[0], { role: 'assistant', text: one.transcript[0].text, start_timestamp: one.transcript[0].start_timestamp, end_timestamp: one.transcript[0].end_timestamp })
  t.ok(one.transcript.every((x: any, i: number) => x.role === (i % 2 === 0 ? 'assistant' : 'user') && x.end_timestamp <= 95))
  t.same(json(await get(app, `/agents/calls/${first.id}`)).transcript, one.transcript, 'the same transcript every time')
  const expanded = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100&expand=transcript`)).data
  t.same(expanded.find((c: any) => c.id === first.id).transcript, one.transcript, 'expand=transcript shows the same transcript')
  const unanswered = expanded.find((c: any) => c.telephony_params.to === T(2))
  t.match(unanswered, { status: 'failed', end_reason: 'dial_no_answer', transcript: null, metadata: null })

  const audio = await get(app, `/agents/calls/${first.id}/audio`)
  t.equal(audio.statusCode, 200)
  t.equal(audio.headers['content-type'], 'audio/wav')
  t.match(audio.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  const wav = audio.rawPayload
  t.equal(Number(audio.headers['content-length']), wav.length)
  t.equal(wav.toString('ascii', 0, 4), 'RIFF')
  t.equal(wav.toString('ascii', 8, 12), 'WAVE')
  t.equal(wav.readUInt16LE(22), 1, 'mono')
  t.equal(wav.readUInt32LE(24), 8000, '8 kHz')
  const seconds = wav.readUInt32LE(40) / wav.readUInt32LE(28)
  t.equal(seconds, (Date.parse(first.end_time) - Date.parse(first.start_time)) / 1000, 'as long as the call')
  assertCartesiaError(t, await get(app, `/agents/calls/${unanswered.id}/audio`), 404, 'not_found', /No audio/)
  assertCartesiaError(t, await get(app, '/agents/calls/ac_missing'), 404, 'not_found', 'Call ac_missing not found')
  assertCartesiaError(t, await get(app, '/agents/calls/ac_missing/audio'), 404, 'not_found', 'Call ac_missing not found')
  const otherOrg = await get(app, `/agents/calls/${first.id}`, 'sk_car_other_key')
  assertCartesiaError(t, otherOrg, 404, 'not_found', `Call ${first.id} not found`)
})

t.test('a pending recipient\'s call id is no call record yet', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(3, { target_concurrency_limit: 1 }))
  const queuedCallId = (app.db.prepare('SELECT call_id FROM calls WHERE batch_id = ? AND seq = 3').pluck().get(b.id)) as string
  assertCartesiaError(t, await get(app, `/agents/calls/${queuedCallId}`), 404, 'not_found')
})
