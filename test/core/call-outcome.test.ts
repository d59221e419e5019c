/** The one call-outcome model: its thresholds, its determinism, later attempts, test numbers. */
import t from 'tap'
import { FateSource, inFlightStatusFor, terminalStatusFor } from '../../src/core/simulation/call-outcome.js'
import { TEST_NUMBERS, testNumberOutcome } from '../../src/core/simulation/test-numbers.js'
import { batchDefaults, type BatchRecord } from '../../src/core/model/records.js'

const BATCH: BatchRecord = {
  schedule_id: 'sched_0000abcd', account_id: 'acc_x', agent_id: 'agt-x', agent_name: 'X', version_id: 'pmt-x', status: 'active',
  start_mode: 'immediate', voice: 'Tara', did_number: null, total_contacts: 1, completed_contacts: 0, failed_contacts: 0,
  pending_contacts: 1, concurrency: 1, recording_enabled: true, scheduled_at: null, started_at: null, created_at: '2026-06-01T00:00:00Z',
  updated_at: '2026-06-01T00:00:00Z', interruption: false, use_alternate_number: false, deduplicate_by_phone: true, callback_url: null,
  max_duration_seconds_per_call: 120, metadata: null, frozen: false, ...batchDefaults()
}

t.test('terminal statuses: 72 / 15 / 8 / 5 percent, more failures for a failing batch', async t => {
  t.equal(terminalStatusFor(0), 'completed')
  t.equal(terminalStatusFor(0.7199), 'completed')
  t.equal(terminalStatusFor(0.72), 'no_answer')
  t.equal(terminalStatusFor(0.87), 'busy')
  t.equal(terminalStatusFor(0.95), 'failed')
  t.equal(terminalStatusFor(0.6, true), 'no_answer')
  t.equal(terminalStatusFor(0.8, true), 'failed')
  t.equal(inFlightStatusFor(0.1), 'in_progress')
  t.equal(inFlightStatusFor(0.7), 'ringing')
  t.equal(inFlightStatusFor(0.9), 'queued')
})

t.test('a fate is a pure function of (seed, batch, seq, attempt); durations respect the batch limit', async t => {
  const a = new FateSource(1)
  const b = new FateSource(1)
  const other = new FateSource(2)
  let differs = 0
  const statuses = new Map<string, number>()
  for (let seq = 1; seq <= 400; seq++) {
    const call = { seq, attempt: 1, phone_number: String(919800000000 + seq) }
    const fa = a.fate(BATCH, call)
    t.same(fa, b.fate(BATCH, call))
    if (JSON.stringify(fa) !== JSON.stringify(other.fate(BATCH, call))) differs++
    t.ok(fa.durationSeconds <= 120, 'at most max_duration_seconds_per_call')
    t.ok(fa.ringSeconds <= fa.durationSeconds)
    t.equal(fa.preDialError, null, 'ordinary numbers never fail before dialing')
    statuses.set(fa.status, (statuses.get(fa.status) ?? 0) + 1)
  }
  t.ok(differs > 300, 'another seed, other fates')
  t.ok((statuses.get('completed') ?? 0) > 240 && (statuses.get('completed') ?? 0) < 330, `about 72% completed: ${JSON.stringify(Object.fromEntries(statuses))}`)
  let redraws = 0
  for (let seq = 1; seq <= 100; seq++) {
    const first = a.fate(BATCH, { seq, attempt: 1, phone_number: '919876543210' })
    const second = a.fate(BATCH, { seq, attempt: 2, phone_number: '919876543210' })
    if (JSON.stringify(first) !== JSON.stringify(second)) redraws++
  }
  t.ok(redraws > 80, 'a later attempt draws again')
})

t.test('test numbers match on their digits, whatever the format', async t => {
  t.equal(Object.keys(TEST_NUMBERS).length, 6)
  t.equal(testNumberOutcome('15005550001'), 'unreachable')
  t.equal(testNumberOutcome('+15005550001'), 'unreachable')
  t.equal(testNumberOutcome('+1 (500) 555-0006'), 'full_call')
  t.equal(testNumberOutcome('15005550007'), undefined)
  const f = new FateSource(9)
  for (let attempt = 1; attempt <= 3; attempt++) {
    t.match(f.fate(BATCH, { seq: attempt, attempt, phone_number: '+15005550001' }), { status: 'failed', preDialError: 'The number is unreachable', durationSeconds: 0 })
    t.match(f.fate(BATCH, { seq: 10 + attempt, attempt, phone_number: '15005550003' }), { status: 'busy', durationSeconds: 3 })
  }
})
