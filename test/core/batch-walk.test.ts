/** Keyset walks over an account's batches: newest first, every batch once in either direction, deleted ones left out. */
import t from 'tap'
import { AGENT, core, phones } from './support.js'

t.test('walking forward and backward from any batch gives every batch once, in list order', async t => {
  const c = core()
  t.teardown(c.close)
  const ids: string[] = []
  for (let i = 0; i < 9; i++) {
    ids.push(c.create(phones(1, 919800000000 + i * 10)).schedule_id)
    // Two batches per instant: the id breaks ties.
    if (i % 2 === 1) await c.advance(60)
  }
  const all = c.repos.batches.walk({ accountId: 'acc_core', limit: 100, order: 'desc' })
  t.equal(all.length, 9)
  const key = (b: { created_at: string, schedule_id: string }) => `${b.created_at}|${b.schedule_id}`
  t.same(all.map(key), all.map(key).sort().reverse(), 'newest first, then id descending')
  t.same(all.map(b => b.schedule_id).sort(), [...ids].sort())

  const forward: string[] = []
  let after: typeof all[number] | undefined
  for (;;) {
    const page = c.repos.batches.walk({ accountId: 'acc_core', after, limit: 2, order: 'desc' })
    if (page.length === 0) break
    forward.push(...page.map(b => b.schedule_id))
    after = page[page.length - 1]
  }
  t.same(forward, all.map(b => b.schedule_id), 'forward pages of 2')

  const backward: string[] = []
  let before: typeof all[number] | undefined = all[all.length - 1]
  backward.unshift(before.schedule_id)
  for (;;) {
    const page = c.repos.batches.walk({ accountId: 'acc_core', before, limit: 2, order: 'asc' })
    if (page.length === 0) break
    backward.unshift(...page.map(b => b.schedule_id).reverse())
    before = page[page.length - 1]
  }
  t.same(backward, all.map(b => b.schedule_id), 'backward pages of 2 from the oldest')

  t.same(c.repos.batches.walk({ accountId: 'acc_core', agentId: AGENT.agent_id, limit: 100, order: 'desc' }).map(b => b.schedule_id), all.map(b => b.schedule_id))
  t.same(c.repos.batches.walk({ accountId: 'acc_core', agentId: 'agt-nobody', limit: 100, order: 'desc' }), [])
  t.same(c.repos.batches.walk({ accountId: 'acc_other', limit: 100, order: 'desc' }), [], 'another account sees none')

  c.engine.remove(all[4].schedule_id)
  const left = c.repos.batches.walk({ accountId: 'acc_core', limit: 100, order: 'desc' }).map(b => b.schedule_id)
  t.same(left, all.map(b => b.schedule_id).filter(id => id !== all[4].schedule_id), 'a deleted batch is left out')
  t.same(c.repos.batches.walk({ accountId: 'acc_core', after: all[4], limit: 1, order: 'desc' }).map(b => b.schedule_id), [all[5].schedule_id],
    'a deleted batch still works as a cursor position')
})
