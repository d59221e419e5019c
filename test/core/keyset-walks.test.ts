/**
 * Keyset walks the provider lists page with (Ultravox's cursor pagination): an agent's live batches
 * by creation order, a batch's calls by seq with a status selection, dialed calls that have started
 * ringing, and a call found by its id after its batch was deleted. Positions never change, so a
 * walk meets every record once while the simulation moves the batches.
 */
import t from 'tap'
import { TEST_NUMBERS } from '../../src/core/simulation/test-numbers.js'
import { ACCOUNT, AGENT, core, phones } from './support.js'

const unreachable = Object.entries(TEST_NUMBERS).find(([, o]) => o === 'unreachable')![0]

t.test('an agent\'s live batches, newest first, by (created_at, schedule_id); deleted ones left out', async t => {
  const c = core()
  t.teardown(c.close)
  const ids: string[] = []
  for (let i = 0; i < 5; i++) {
    ids.push(c.create(phones(2, 919800000000 + i * 10), { start_mode: 'manual' }).schedule_id)
    if (i % 2 === 1) await c.advance(1) // two batches share a created_at second: the id breaks the tie
  }
  const all = c.repos.batches.walk({ accountId: ACCOUNT.account_id, agentId: AGENT.agent_id, limit: 100, order: 'desc' })
  t.equal(all.length, 5)
  const keys = all.map(b => [b.created_at, b.schedule_id] as const)
  const sorted = [...keys].sort((a, b) => a[0] === b[0] ? (a[1] < b[1] ? 1 : -1) : (a[0] < b[0] ? 1 : -1))
  t.same(keys, sorted, 'created_at descending, then schedule_id descending')
  // Walk two at a time with `after`, and back with `before`.
  const seen: string[] = []
  let after: { created_at: string, schedule_id: string } | undefined
  for (;;) {
    const page = c.repos.batches.walk({ accountId: ACCOUNT.account_id, agentId: AGENT.agent_id, after, limit: 2, order: 'desc' })
    if (page.length === 0) break
    seen.push(...page.map(b => b.schedule_id))
    const last = page[page.length - 1]
    after = { created_at: last.created_at, schedule_id: last.schedule_id }
  }
  t.same(seen, all.map(b => b.schedule_id), 'a walk meets every batch once, in order')
  const oldest = all[all.length - 1]
  const newer = c.repos.batches.walk({ accountId: ACCOUNT.account_id, agentId: AGENT.agent_id, before: oldest, limit: 2, order: 'asc' })
  t.same(newer.map(b => b.schedule_id), [all[3].schedule_id, all[2].schedule_id], 'before, oldest first')
  t.equal(c.repos.batches.countLive(ACCOUNT.account_id, AGENT.agent_id), 5)
  c.engine.remove(ids[0])
  t.equal(c.repos.batches.countLive(ACCOUNT.account_id, AGENT.agent_id), 4, 'deleted batches are not counted')
  t.notOk(c.repos.batches.walk({ accountId: ACCOUNT.account_id, agentId: AGENT.agent_id, limit: 100, order: 'desc' }).some(b => b.schedule_id === ids[0]))
  t.same(c.repos.batches.walk({ accountId: 'acc_nobody', agentId: AGENT.agent_id, limit: 100, order: 'desc' }), [], 'another account sees none')
})

t.test('a batch\'s calls by seq with a status selection; counts agree with the walks', async t => {
  const c = core()
  t.teardown(c.close)
  const numbers = phones(8)
  numbers[2] = unreachable
  numbers[5] = unreachable
  const b = c.create(numbers, { concurrency: 8 })
  await c.advance(10)
  const calls = c.calls(b.schedule_id)
  const errored = calls.filter(x => x.dial_error !== null).map(x => x.seq)
  t.same(errored, [3, 6], 'the unreachable numbers failed before dialing')
  const walk = (q: Parameters<typeof c.repos.calls.walk>[1]) => c.repos.calls.walk(b.schedule_id, q).map(x => x.seq)
  t.same(walk({ limit: 3, order: 'asc' }), [1, 2, 3])
  t.same(walk({ afterSeq: 3, limit: 3, order: 'asc' }), [4, 5, 6])
  t.same(walk({ beforeSeq: 4, limit: 2, order: 'desc' }), [3, 2])
  t.same(walk({ statuses: ['failed'], dialError: 'some', limit: 10, order: 'asc' }), [3, 6])
  const placed = walk({ statuses: ['ringing', 'in_progress', 'completed', 'no_answer', 'busy', 'failed'], dialError: 'none', limit: 10, order: 'asc' })
  t.same(placed, [1, 2, 4, 5, 7, 8], 'every call but the two that failed before dialing')
  t.same(walk({ statuses: [], limit: 10, order: 'asc' }), [], 'an empty selection selects nothing')
  t.equal(c.repos.calls.count(b.schedule_id, { statuses: ['failed'], dialError: 'some' }), 2)
  t.equal(c.repos.calls.count(b.schedule_id, { dialError: 'none' }), 6)
  t.equal(c.repos.calls.count(b.schedule_id, {}), 8)
  t.equal(c.repos.calls.count(b.schedule_id, { statuses: ['pending', 'queued'] }), calls.filter(x => x.status === 'pending' || x.status === 'queued').length)
  t.throws(() => c.repos.calls.walk(b.schedule_id, { statuses: ['nope' as never], limit: 1, order: 'asc' }), 'an unknown status is refused')
})

t.test('dialed calls that started ringing, counted; a call of a deleted batch found by id', async t => {
  const c = core()
  t.teardown(c.close)
  const numbers = phones(6)
  numbers[0] = unreachable
  const b = c.create(numbers, { concurrency: 3 })
  const q = { accountId: ACCOUNT.account_id, batchId: b.schedule_id, placedOnly: true, startedOnly: true }
  t.equal(c.repos.dialed.count(q), 0, 'queued calls have not started')
  t.equal(c.repos.dialed.count({ ...q, startedOnly: false }), 3, 'three calls queued (one will fail before dialing when it would ring)')
  await c.advance(5)
  const started = c.calls(b.schedule_id).filter(x => x.started_at !== null && x.dial_error === null)
  t.ok(started.length >= 2)
  t.equal(c.repos.dialed.count(q), started.length)
  t.same(c.repos.dialed.list({ ...q, limit: 100, order: 'desc' }).map(x => x.call_id).sort(), started.map(x => x.call_id).sort())
  t.equal(c.repos.dialed.count({ accountId: ACCOUNT.account_id, agentId: AGENT.agent_id, placedOnly: true, startedOnly: true }), started.length, 'per agent too')
  const one = started[0]
  c.engine.remove(b.schedule_id)
  t.equal(c.repos.dialed.byCallId(ACCOUNT.account_id, one.call_id), undefined, 'hidden with its batch')
  t.equal(c.repos.dialed.byCallIdIncludingDeleted(ACCOUNT.account_id, one.call_id)?.call_id, one.call_id, 'still found by its id')
  t.equal(c.repos.dialed.byCallIdIncludingDeleted('acc_nobody', one.call_id), undefined, 'never for another account')
  t.equal(c.repos.dialed.count(q), 0, 'a deleted batch has no calls to list')
})
