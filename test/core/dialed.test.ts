/** Dialed calls, every attempt, in dial order: walks see each record once; retried calls show every attempt. */
import t from 'tap'
import { TEST_NUMBERS } from '../../src/core/simulation/test-numbers.js'
import { AGENT, IDS, core, phones } from './support.js'

const number = (outcome: string) => Object.entries(TEST_NUMBERS).find(([, o]) => o === outcome)![0]

t.test('a walk newest first, page by page, sees every attempt once, earlier attempts included', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create([...phones(7), number('no_answer'), number('unreachable')], { concurrency: 3 })
  await c.advance(3600)
  c.engine.retry(b.schedule_id, IDS)
  await c.advance(3600)
  const all = c.repos.dialed.list({ accountId: 'acc_core', batchId: b.schedule_id, placedOnly: false, limit: 1000, order: 'desc' })
  const failedBefore = c.repos.calls.allAttempts(b.schedule_id).length
  t.equal(all.length, 9 + failedBefore, 'every call once, plus each earlier attempt')
  t.same(all.map(x => x.dialed_ord), [...all.map(x => x.dialed_ord)].sort((a, z) => z! - a!), 'newest first')
  t.equal(new Set(all.map(x => x.call_id)).size, all.length, 'each attempt its own call id')
  t.ok(all.some(x => !x.latest && x.status === 'no_answer'), 'an earlier attempt is listed')
  const placed = c.repos.dialed.list({ accountId: 'acc_core', batchId: b.schedule_id, placedOnly: true, limit: 1000, order: 'desc' })
  t.ok(placed.every(x => x.dial_error === null))
  t.equal(placed.length, c.repos.dialed.placedCount(b.schedule_id))
  t.ok(placed.length < all.length, 'calls that failed before dialing are left out')

  const walked: string[] = []
  let before: number | undefined
  for (;;) {
    const page = c.repos.dialed.list({ accountId: 'acc_core', batchId: b.schedule_id, before, placedOnly: false, limit: 4, order: 'desc' })
    if (page.length === 0) break
    walked.push(...page.map(x => x.call_id))
    before = page[page.length - 1].dialed_ord!
  }
  t.same(walked, all.map(x => x.call_id), 'the walk gives the same records in the same order')

  const byAgent = c.repos.dialed.list({ accountId: 'acc_core', agentId: AGENT.agent_id, placedOnly: false, limit: 1000, order: 'desc' })
  t.same(byAgent.map(x => x.call_id), all.map(x => x.call_id), 'the agent-wide list holds the same records')
  t.equal(c.repos.dialed.list({ accountId: 'acc_other', agentId: AGENT.agent_id, placedOnly: false, limit: 10, order: 'desc' }).length, 0, 'another account sees none')
  const one = all[3]
  t.same(c.repos.dialed.byCallId('acc_core', one.call_id), one)
  t.equal(c.repos.dialed.byCallId('acc_other', one.call_id), undefined)
})
