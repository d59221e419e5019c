import t from 'tap'
import { auth, build, json } from '../../helper.js'
import type { App } from '../../../src/http/app.js'
import { adminBatch, advance, body, contacts, control, createOk, getBatch, manualApp, results, START } from './lifecycle-support.js'

const TERMINAL = ['completed', 'failed', 'no_answer', 'busy']
const OUTCOME_KEYS = ['Interested', 'Follow Up Required', 'Callback Date', 'Product Interest']

/** Runs a batch to the end in 15 s steps, checking the invariants at every step; returns the step log. */
async function runChecked (t: any, app: App, id: string, concurrency: number, maxSteps = 2000) {
  const log: string[] = []
  let prevDone = 0
  let maxInFlight = 0
  for (let step = 0; step < maxSteps; step++) {
    const b = await getBatch(app, id)
    const a = await adminBatch(app, id)
    const c = a.call_counts
    const inFlight = (c.queued ?? 0) + (c.ringing ?? 0) + (c.in_progress ?? 0)
    maxInFlight = Math.max(maxInFlight, inFlight)
    if (b.total_contacts !== b.completed_contacts + b.failed_contacts + b.pending_contacts) t.fail(`counters at step ${step}: ${JSON.stringify(b)}`)
    if (inFlight > concurrency) t.fail(`${inFlight} calls in flight at step ${step}, concurrency ${concurrency}`)
    if (b.completed_contacts !== (c.completed ?? 0)) t.fail('completed_contacts matches the calls')
    if (b.failed_contacts !== (c.failed ?? 0) + (c.no_answer ?? 0) + (c.busy ?? 0)) t.fail('failed_contacts matches the calls')
    const done = b.completed_contacts + b.failed_contacts
    if (done < prevDone) t.fail('finished calls never go back')
    prevDone = done
    log.push(`${b.updated_at} ${b.status} ${b.completed_contacts}/${b.failed_contacts}/${b.pending_contacts}`)
    if (b.status === 'completed') return { log, maxInFlight, steps: step }
    await advance(app, 15)
  }
  t.fail('batch did not complete')
  return { log, maxInFlight, steps: maxSteps }
}

t.test('immediate: a 150-call batch runs to completion within its concurrency', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 5, contacts: contacts(150), max_duration_seconds_per_call: 120 }))
  t.match(b, { status: 'active', started_at: START, pending_contacts: 150 })
  const first = await adminBatch(app, b.batch_id)
  t.same(first.call_counts, { pending: 145, queued: 5 }, 'five calls queued at once')

  const { maxInFlight } = await runChecked(t, app, b.batch_id, 5)
  t.equal(maxInFlight, 5, 'all five lanes were used, never more')
  await advance(app, 120) // transcripts and analyses finish after the calls
  const items = await results(app, b.batch_id)
  t.equal(items.length, 150)
  for (const r of items) {
    if (!TERMINAL.includes(r.status)) t.fail(`call ${r.call_id} is ${r.status}`)
    if (r.duration_seconds > 120) t.fail(`call ${r.call_id} lasted ${r.duration_seconds}s > max 120`)
    if (r.ended_at === null || r.started_at === null) t.fail('terminal calls have started_at and ended_at')
    if (r.status === 'completed') {
      if (!['ready', 'failed'].includes(r.transcript_status) || !['ready', 'failed'].includes(r.analysis_status)) t.fail(`processing not finished: ${JSON.stringify(r)}`)
      if (r.analysis_status === 'ready' && (r.summary === null || Object.keys(r.outcomes).join() !== OUTCOME_KEYS.join())) t.fail(`analysis ready without summary/outcomes: ${JSON.stringify(r)}`)
      if (r.recording.available !== (r.answer_duration_seconds > 0)) t.fail('recording follows the answered call')
    } else {
      if (r.transcript_status !== 'failed' || r.analysis_status !== 'failed' || r.answer_duration_seconds !== 0) t.fail(`unanswered call: ${JSON.stringify(r)}`)
    }
  }
  const completed = items.filter(r => r.status === 'completed').length
  t.ok(completed > 80 && completed < 140, `a realistic share completed (${completed}/150)`)
  const final = await getBatch(app, b.batch_id)
  t.equal(final.completed_contacts, completed)
  t.equal(final.pending_contacts, 0)
  t.ok(Date.parse(final.updated_at) > Date.parse(START), 'updated_at moved with the calls')
})

t.test('the same seed and the same clock moves give the same results', async t => {
  const run = async () => {
    const app = await manualApp(t)
    const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 3, contacts: contacts(20) }))
    const log: string[] = []
    for (let i = 0; i < 90; i++) {
      await advance(app, 30)
      const g = await getBatch(app, b.batch_id)
      log.push(`${g.status} ${g.completed_contacts} ${g.failed_contacts} ${g.pending_contacts} ${g.updated_at}`)
    }
    return { id: b.batch_id, log, results: await results(app, b.batch_id) }
  }
  const a = await run()
  const b = await run()
  t.equal(a.id, b.id)
  t.same(a.log, b.log)
  t.same(a.results, b.results)
  t.equal(a.log[a.log.length - 1].split(' ')[0], 'completed')
})

t.test('scheduled: pending until the scheduled instant', async t => {
  const app = await manualApp(t)
  // 15:00 in Kolkata is 09:30Z: 30 minutes after the clock's start.
  const b = await createOk(t, app, body({ start_mode: 'scheduled', schedule_date: '2026-06-01', schedule_time: '15:00', schedule_timezone: 'Asia/Kolkata' }))
  await advance(app, 29 * 60 + 59)
  t.match(await getBatch(app, b.batch_id), { status: 'pending', started_at: null })
  await advance(app, 1)
  t.match(await getBatch(app, b.batch_id), { status: 'active', started_at: '2026-06-01T09:30:00Z', scheduled_at: '2026-06-01T09:30:00Z' })
  await advance(app, 3600)
  t.match(await getBatch(app, b.batch_id), { status: 'completed', pending_contacts: 0 })
})

t.test('manual: pending until started through the control API', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body())
  await advance(app, 86400)
  t.match(await getBatch(app, b.batch_id), { status: 'pending', started_at: null })
  const started = await control(app, b.batch_id, 'start')
  t.equal(started.statusCode, 200)
  t.match(json(started).data, { status: 'active', started_at: '2026-06-02T09:00:00Z', paused: false })
  const again = await control(app, b.batch_id, 'start')
  t.equal(again.statusCode, 409)
  t.equal(json(again).error.code, 'CONFLICT')
  await advance(app, 3600)
  t.match(await getBatch(app, b.batch_id), { status: 'completed' })
})

t.test('pause, resume, cancel, fail', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 2, contacts: contacts(12) }))
  t.equal((await control(app, b.batch_id, 'resume')).statusCode, 409, 'resume needs a paused batch')
  const paused = json(await control(app, b.batch_id, 'pause')).data
  t.match(paused, { status: 'active', paused: true })
  t.equal((await control(app, b.batch_id, 'pause')).statusCode, 409)
  await advance(app, 3600)
  const whilePaused = await adminBatch(app, b.batch_id)
  t.equal(whilePaused.status, 'active', 'a paused batch stays active publicly')
  t.equal(whilePaused.completed_contacts + whilePaused.failed_contacts, 2, 'the calls in flight finished, no new one was dialed')
  t.equal(whilePaused.call_counts.pending, 10)
  t.match(json(await control(app, b.batch_id, 'resume')).data, { paused: false })
  await advance(app, 60)
  const resumed = await adminBatch(app, b.batch_id)
  t.ok(resumed.call_counts.pending < 10, 'dialing went on')

  const cancelled = json(await control(app, b.batch_id, 'cancel')).data
  t.equal(cancelled.status, 'cancelled')
  t.equal(cancelled.total_contacts, cancelled.completed_contacts + cancelled.failed_contacts + cancelled.pending_contacts)
  t.notOk(cancelled.call_counts.queued || cancelled.call_counts.ringing || cancelled.call_counts.in_progress, 'nothing left in flight')
  t.ok(cancelled.pending_contacts > 0, 'undialed calls stay pending')
  await advance(app, 3600)
  t.match(await getBatch(app, b.batch_id), { status: 'cancelled', pending_contacts: cancelled.pending_contacts })
  for (const action of ['start', 'pause', 'resume', 'cancel', 'fail']) {
    t.equal((await control(app, b.batch_id, action)).statusCode, 409, `${action} on a cancelled batch`)
  }

  const f = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 3, contacts: contacts(6) }))
  await advance(app, 10)
  const failed = json(await control(app, f.batch_id, 'fail')).data
  t.match(failed, { status: 'failed', pending_contacts: 3 })
  t.equal(failed.failed_contacts + failed.completed_contacts, 3)

  const p = await createOk(t, app, body())
  t.match(json(await control(app, p.batch_id, 'cancel')).data, { status: 'cancelled', pending_contacts: 3 })
  t.equal((await control(app, 'sched_7bac6f2a', 'cancel')).statusCode, 409, 'documented batches are frozen')
  t.equal((await control(app, 'sched_nope', 'start')).statusCode, 404)
  t.equal((await app.inject({ url: '/__admin/batches/sched_nope' })).statusCode, 404)
})

t.test('seeded batches are snapshots until the control API moves them', async t => {
  const app = await manualApp(t)
  const seeded = app.repos.batches.listByStatus('active').find(b => b.account_id === 'acc_abc123')!
  const before = await getBatch(app, seeded.schedule_id)
  await advance(app, 3600)
  t.same(await getBatch(app, seeded.schedule_id), before, 'an active seeded batch does not move by itself')
  t.equal((await control(app, seeded.schedule_id, 'pause')).statusCode, 200)
  t.equal((await control(app, seeded.schedule_id, 'resume')).statusCode, 200)
  await advance(app, 7 * 86400)
  const after = await getBatch(app, seeded.schedule_id)
  t.equal(after.status, 'completed', 'resumed, it runs to the end')
  t.equal(after.pending_contacts, 0)
  const pending = app.repos.batches.listByStatus('pending').find(b => b.account_id === 'acc_abc123')!
  t.equal((await control(app, pending.schedule_id, 'start')).statusCode, 200)
  await advance(app, 7 * 86400)
  t.equal((await getBatch(app, pending.schedule_id)).status, 'completed')
})

t.test('clock control API', async t => {
  const app = await manualApp(t)
  t.match(json(await app.inject({ url: '/__admin/clock' })).data, { mode: 'manual', speed: 1, time: START, time_ms: Date.parse(START) })
  const adv = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { to: '2026-06-01T10:00:00Z' } })
  t.equal(json(adv).data.time, '2026-06-01T10:00:00Z')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { to: '2026-06-01T09:00:00Z' } })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: {} })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: -1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { time: '2020-01-01T00:00:00Z' } })).statusCode, 409)
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { mode: 'sideways' } })).statusCode, 400)
  const set = json(await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { time: '2026-06-02T00:00:00Z', speed: 60 } })).data
  t.match(set, { mode: 'manual', speed: 60, time: '2026-06-02T00:00:00Z' })
  const b = await createOk(t, app, body({ start_mode: 'immediate' }))
  t.equal(b.created_at, '2026-06-02T00:00:00Z', 'creates read the clock')
})

t.test('realtime with a speed factor: a batch finishes in wall seconds', async t => {
  const app = await build(t, { clock: 'realtime', clockSpeed: 2000 })
  const b = await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(10), concurrency: 5 }))
  const deadline = Date.now() + 8000
  let status = ''
  while (Date.now() < deadline) {
    status = (await getBatch(app, b.batch_id)).status
    if (status === 'completed') break
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  t.equal(status, 'completed')
  const clock = json(await app.inject({ url: '/__admin/clock' })).data
  t.equal(clock.mode, 'realtime')
  t.ok(clock.time_ms > Date.now() + 60_000, 'simulated time runs ahead of wall time')
  // Switching to manual freezes it.
  await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { mode: 'manual' } })
  const t1 = json(await app.inject({ url: '/__admin/clock' })).data.time_ms
  await new Promise(resolve => setTimeout(resolve, 50))
  t.equal(json(await app.inject({ url: '/__admin/clock' })).data.time_ms, t1)
})

t.test('list filter and has_more see created batches', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate' }))
  const active = json(await app.inject({ url: '/api/v1/public/call-batches?status=active&limit=100', headers: auth() })).data
  t.ok(active.items.some((i: any) => i.schedule_id === b.batch_id))
})

t.test('each call walks the documented path, one lane at a time', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', concurrency: 1, contacts: contacts(3) }))
  const paths: string[][] = [[], [], []]
  const processing: string[][] = [[], [], []]
  for (let i = 0; i < 900; i++) {
    const items = await results(app, b.batch_id)
    items.forEach((r, k) => {
      if (paths[k][paths[k].length - 1] !== r.status) paths[k].push(r.status)
      const p = `${r.transcript_status}/${r.analysis_status}`
      if (processing[k][processing[k].length - 1] !== p) processing[k].push(p)
    })
    const live = items.filter(r => ['queued', 'ringing', 'in_progress'].includes(r.status)).length
    if (live > 1) t.fail(`${live} calls in flight with concurrency 1`)
    if (items.every(r => r.analysis_status === 'ready' || r.analysis_status === 'failed')) break
    await advance(app, 2)
  }
  for (const [k, path] of paths.entries()) {
    const end = path[path.length - 1]
    const expected = end === 'completed'
      ? [['pending', 'queued', 'ringing', 'in_progress', 'completed'], ['pending', 'queued', 'ringing', 'completed']]
      : [['pending', 'queued', 'ringing', end]]
    // The first call is queued at creation, so its history starts at queued.
    const seen = k === 0 ? ['pending', ...path] : path
    t.ok(expected.some(e => e.join() === seen.join()), `call ${k + 1}: ${seen.join(' -> ')}`)
    const proc = processing[k]
    if (end === 'completed') {
      t.ok(['pending/pending,processing/pending,ready/processing,ready/ready', 'pending/pending,processing/pending,ready/processing,ready/failed', 'pending/pending,processing/pending,failed/failed'].includes(proc.join()),
        `call ${k + 1} processing: ${proc.join(' -> ')}`)
    } else {
      t.equal(proc.join(), 'pending/pending,failed/failed')
    }
  }
  t.equal((await getBatch(app, b.batch_id)).status, 'completed')
})

t.test('an admin reset mid-batch: the simulation forgets it and starts afresh', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(10) }))
  await advance(app, 30)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal(app.db.prepare('SELECT COUNT(*) FROM sim_events').pluck().get(), 0, 'no event outlives its batch')
  await advance(app, 3600)
  t.equal((await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}`, headers: auth() })).statusCode, 404)
  const again = await createOk(t, app, body({ start_mode: 'immediate', contacts: contacts(10) }))
  t.equal(again.batch_id, b.batch_id, 'id counters restart with the state')
  await advance(app, 3600)
  t.equal((await getBatch(app, again.batch_id)).status, 'completed')
})
