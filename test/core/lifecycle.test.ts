/**
 * The lifecycle without HTTP: a batch runs to its end on the manual clock, and every lever a
 * provider uses (pause at any time, cancel leaving calls to finish, delete, retry as new attempts,
 * a window that expires undialed calls, calls that fail before dialing) keeps the counters true.
 */
import t from 'tap'
import { DomainError } from '../../src/core/model/errors.js'
import { TEST_NUMBERS } from '../../src/core/simulation/test-numbers.js'
import { ACCOUNT, AGENT, IDS, core, newBatch, phones, START } from './support.js'

/** The kind of the domain error `fn` throws, or 'none'. */
const refusal = (fn: () => unknown): string => {
  try { fn() } catch (err) { return err instanceof DomainError ? err.kind : 'other' }
  return 'none'
}
const number = (outcome: string) => Object.entries(TEST_NUMBERS).find(([, o]) => o === outcome)![0]
const counters = (b: { total_contacts: number, completed_contacts: number, failed_contacts: number, pending_contacts: number }) =>
  b.total_contacts === b.completed_contacts + b.failed_contacts + b.pending_contacts

t.test('an immediate batch dials at its concurrency and completes; drained_at when nothing waits', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(phones(6), { concurrency: 2 })
  t.equal(c.batch(b.schedule_id).status, 'active')
  t.equal(c.calls(b.schedule_id).filter(x => x.status === 'queued').length, 2, 'two lanes')
  t.ok(c.calls(b.schedule_id).filter(x => x.status === 'queued').every(x => x.dialed_ord !== null), 'dialed calls have a dial order')
  t.equal(c.batch(b.schedule_id).drained_at, null)
  for (let i = 0; i < 200 && c.batch(b.schedule_id).status === 'active'; i++) await c.advance(60)
  const done = c.batch(b.schedule_id)
  t.equal(done.status, 'completed')
  t.ok(counters(done))
  t.equal(done.pending_contacts, 0)
  t.ok(done.drained_at !== null && done.drained_at <= done.updated_at, 'drained before or when it completed')
  const ords = c.calls(b.schedule_id).map(x => x.dialed_ord!)
  t.same([...ords].sort((a, z) => a - z), ords, 'dialed in contact order')
  t.equal(new Set(ords).size, ords.length, 'each dial has its own place')
})

t.test('the test numbers always end the same way; an unreachable number fails before dialing', async t => {
  const c = core()
  t.teardown(c.close)
  const outcomes = ['unreachable', 'no_answer', 'busy', 'voicemail', 'short_call', 'full_call']
  const b = c.create(outcomes.map(number), { concurrency: 6 })
  await c.advance(2)
  const unreachable = c.calls(b.schedule_id)[0]
  t.equal(unreachable.status, 'failed', 'unreachable: failed at its first ring')
  t.equal(unreachable.duration_seconds, 0)
  t.equal(unreachable.started_at, unreachable.ended_at)
  t.ok(Date.parse(unreachable.ended_at!) - START <= 3000, 'within seconds of the create')
  t.equal(unreachable.dial_error, 'The number is unreachable')
  await c.advance(600)
  const [, noAnswer, busy, voicemail, short, full] = c.calls(b.schedule_id)
  t.match(noAnswer, { status: 'no_answer', duration_seconds: 30, dial_error: null })
  t.match(busy, { status: 'busy', duration_seconds: 3 })
  t.match(voicemail, { status: 'completed', disconnect_reason: 'voicemail', duration_seconds: 25 })
  t.match(short, { status: 'completed', duration_seconds: 15, answer_duration_seconds: 12 })
  t.match(full, { status: 'completed', duration_seconds: 95, transcript_status: 'ready', analysis_status: 'ready' })
  t.ok(full.summary !== null && full.summary.length > 0, 'a summary')
  t.same(Object.keys(full.outcomes).sort(), ['Callback Date', 'Interested'], 'every outcome key filled')
  // The same numbers in another batch end the same way.
  const again = c.create(outcomes.map(number), { concurrency: 6 })
  await c.advance(600)
  t.same(c.calls(again.schedule_id).map(x => [x.status, x.duration_seconds]), c.calls(b.schedule_id).map(x => [x.status, x.duration_seconds]))
})

t.test('pause and unpause at any time: a paused batch dials nothing, even when its start comes', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(phones(4), { start_mode: 'scheduled', scheduled_ms: START + 60_000, paused: true })
  t.ok(c.engine.isPaused(b.schedule_id))
  await c.advance(120)
  t.equal(c.batch(b.schedule_id).status, 'active', 'started at its time')
  t.equal(c.calls(b.schedule_id).filter(x => x.status !== 'pending').length, 0, 'but dialed nothing while paused')
  c.engine.pause(b.schedule_id, false)
  t.ok(c.calls(b.schedule_id).some(x => x.status === 'queued'), 'unpaused: dialing at once')
  c.engine.pause(b.schedule_id, true)
  await c.advance(3600)
  t.ok(c.calls(b.schedule_id).some(x => x.status === 'pending'), 'paused again: the rest waits')
  t.ok(counters(c.batch(b.schedule_id)))
})

t.test('cancel leaving calls in flight to finish, and cancel hanging them up', async t => {
  const c = core()
  t.teardown(c.close)
  const finish = c.create(phones(6, 919810000000), { concurrency: 2 })
  await c.advance(5)
  const inFlight = c.calls(finish.schedule_id).filter(x => ['queued', 'ringing', 'in_progress'].includes(x.status)).map(x => x.seq)
  t.equal(inFlight.length, 2)
  t.equal(c.engine.cancel(finish.schedule_id, 'finish').status, 'cancelled')
  await c.advance(3600)
  const after = c.calls(finish.schedule_id)
  for (const seq of inFlight) t.ok(['completed', 'failed', 'no_answer', 'busy'].includes(after[seq - 1].status), `call ${seq} ran to its end`)
  t.equal(after.filter(x => x.status === 'pending').length, 4, 'nothing else was dialed')
  t.equal(c.batch(finish.schedule_id).status, 'cancelled')
  t.ok(counters(c.batch(finish.schedule_id)))
  t.equal(c.engine.cancel(finish.schedule_id, 'finish').status, 'cancelled', 'cancelling again is a no-op')

  const hang = c.create(phones(4, 919820000000), { concurrency: 2 })
  await c.advance(5)
  c.engine.cancel(hang.schedule_id, 'hang_up')
  t.equal(c.calls(hang.schedule_id).filter(x => ['queued', 'ringing', 'in_progress'].includes(x.status)).length, 0, 'nothing in flight after a hang-up')
})

t.test('delete: gone from findOwned, in-flight calls finish, nothing more is dialed', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(phones(5, 919830000000), { concurrency: 1 })
  await c.advance(2)
  c.engine.remove(b.schedule_id)
  t.equal(c.repos.batches.findOwned('acc_core', b.schedule_id), undefined, 'deleted batches are not found')
  t.ok(c.batch(b.schedule_id).deleted_at !== null)
  await c.advance(3600)
  t.equal(c.calls(b.schedule_id).filter(x => x.status !== 'pending').length, 1, 'only the call in flight ran')
  t.equal(refusal(() => c.engine.pause(b.schedule_id, true)), 'not_found', 'a deleted batch cannot be moved')
})

t.test('retry: failed and unanswered calls are dialed again as new attempts; completed ones untouched', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create([number('full_call'), number('no_answer'), number('busy'), number('unreachable')], { concurrency: 4 })
  await c.advance(600)
  t.equal(c.batch(b.schedule_id).status, 'completed')
  const before = c.calls(b.schedule_id)
  const retried = c.engine.retry(b.schedule_id, IDS)
  t.equal(retried.retry_count, 1)
  t.equal(retried.status, 'active')
  t.equal(retried.drained_at, null, 'waiting calls again')
  const after = c.calls(b.schedule_id)
  t.same(after[0], before[0], 'the completed call is untouched')
  for (const i of [1, 2, 3]) {
    t.equal(after[i].attempt, 2)
    t.not(after[i].call_id, before[i].call_id, 'a new call id')
    t.same(c.repos.calls.attemptsOf(b.schedule_id, i + 1).map(a => [a.call_id, a.status]), [[before[i].call_id, before[i].status]], 'the ended attempt is kept')
  }
  await c.advance(600)
  t.equal(c.batch(b.schedule_id).status, 'completed')
  t.equal(c.calls(b.schedule_id)[1].status, 'no_answer', 'a test number ends the same way on every attempt')
  t.ok(counters(c.batch(b.schedule_id)))
  c.engine.cancel(b.schedule_id, 'finish')
  const r = c.engine.retry(b.schedule_id, IDS)
  t.equal(r.retry_count, 2, 'a completed batch is not cancelled: retried again')
})

t.test('retry is refused on a cancelled batch; a retry with nothing to dial changes nothing', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(phones(2, 919840000000), { start_mode: 'manual' })
  t.equal(c.engine.retry(b.schedule_id, IDS).retry_count, 0)
  c.engine.cancel(b.schedule_id, 'finish')
  t.equal(refusal(() => c.engine.retry(b.schedule_id, IDS)), 'conflict')
})

t.test('a window end expires every call not dialed by then; a pending batch whose window closed is over', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(phones(10, 919850000000), { concurrency: 1, window_end_ms: START + 300_000 })
  await c.advance(3600)
  const calls = c.calls(b.schedule_id)
  const expired = calls.filter(x => x.status === 'expired')
  t.ok(expired.length > 0 && expired.length < 10, `${expired.length} expired`)
  t.ok(expired.every(x => x.ended_at === '2026-06-01T09:05:00Z' && x.dialed_ord === null))
  const done = c.batch(b.schedule_id)
  t.equal(done.status, 'completed')
  t.ok(counters(done))
  t.equal(done.failed_contacts, calls.filter(x => x.status !== 'completed').length, 'expired calls count as failed')

  const later = c.create(phones(3, 919860000000), { start_mode: 'scheduled', scheduled_ms: START + 7_200_000, window_end_ms: START + 3_700_000 })
  await c.advance(3600)
  t.equal(c.batch(later.schedule_id).status, 'completed', 'closed before it started')
  t.ok(c.calls(later.schedule_id).every(x => x.status === 'expired'))

  const moved = c.create(phones(3, 919870000000), { start_mode: 'scheduled', scheduled_ms: START + 90_000_000 })
  c.engine.reschedule(moved.schedule_id, { windowEndMs: START + 20_000_000 })
  await c.advance(3000)
  t.equal(c.batch(moved.schedule_id).window_end_at, '2026-06-01T14:33:20Z')
  c.engine.reschedule(moved.schedule_id, { startMs: null })
  t.equal(c.batch(moved.schedule_id).status, 'active', 'no start time: starts now')
})

t.test('the same clock moves give the same calls (determinism of the core)', async t => {
  const run = async () => {
    const c = core(42)
    const b = c.create(phones(12, 919880000000), { concurrency: 3 })
    await c.advance(1800)
    const out = JSON.stringify(c.calls(b.schedule_id))
    await c.close()
    return out
  }
  t.equal(await run(), await run())
})

t.test('call ids are unique across the store: a candidate another call has is drawn again', async t => {
  const c = core()
  t.teardown(c.close)
  const clashing = { batchId: IDS.batchId, callId: (_b: string, seq: number, attempt: number, retry: number) => `call_same_${seq}_${attempt}_${retry}` }
  const a = c.engine.create(ACCOUNT, AGENT, newBatch(phones(3)), clashing)
  const b = c.engine.create(ACCOUNT, AGENT, newBatch(phones(3, 919890000000)), clashing)
  t.same(c.calls(a.schedule_id).map(x => x.call_id), ['call_same_1_1_0', 'call_same_2_1_0', 'call_same_3_1_0'])
  t.same(c.calls(b.schedule_id).map(x => x.call_id), ['call_same_1_1_1', 'call_same_2_1_1', 'call_same_3_1_1'], 'the second batch drew again')
})
