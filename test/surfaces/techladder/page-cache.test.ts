/**
 * Results and calls pages are cached once built (src/http/body-cache.ts); a call written through
 * any repository on the same database must show on the next read of that page.
 */
import t from 'tap'
import { auth, build, json } from '../../helper.js'
import { createRepositories } from '../../../src/core/store/index.js'

const app = await build(t)
const BATCH = 'sched_5d398018'
const get = async (url: string) => {
  const res = await app.inject({ url, headers: auth() })
  t.equal(res.statusCode, 200, url)
  return json(res).data
}

t.test('a call update shows on the next read of a cached page, results and calls alike', async t => {
  const results = `/api/v1/public/call-batches/${BATCH}/results?limit=5&page=2`
  const calls = `/api/v1/public/call-batches/${BATCH}/calls?limit=5&page=2`
  const before = await get(results)
  t.same(await get(results), before, 'a repeated read answers the same')
  const beforeCalls = await get(calls)

  const call = app.repos.calls.get(BATCH, 7)!
  t.ok(call, 'seq 7 is on page 2 at limit 5')
  app.repos.calls.update({ ...call, summary: 'changed by the page cache test' }, call.status)
  const after = await get(results)
  t.equal(after.items[1].summary, 'changed by the page cache test')
  t.not(JSON.stringify(after), JSON.stringify(before))

  // Another repository instance on the same database (what seeding and the control plane use).
  const other = createRepositories(app.db)
  other.calls.update({ ...call, external_id: 'page-cache-test' }, call.status)
  const afterCalls = await get(calls)
  t.equal(afterCalls.items[1].external_id, 'page-cache-test')
  t.not(JSON.stringify(afterCalls), JSON.stringify(beforeCalls))
  t.equal((await get(results)).items[1].external_id, 'page-cache-test')
})

t.test('pages of other sizes and pages of other batches are independent entries', async t => {
  const a = await get(`/api/v1/public/call-batches/${BATCH}/results?limit=3&page=1`)
  const b = await get(`/api/v1/public/call-batches/${BATCH}/results?limit=4&page=1`)
  t.equal(a.items.length, 3)
  t.equal(b.items.length, 4)
  t.same(b.items.slice(0, 3), a.items)
  const c = await get('/api/v1/public/call-batches/sched_7bac6f2a/results?limit=3&page=1')
  t.not(JSON.stringify(c.items), JSON.stringify(a.items))
})

t.test('list pages follow batch writes through any repository, and raw SQL writes after a state swap', async t => {
  const url = '/api/v1/public/call-batches?limit=50'
  const before = await get(url)
  const first = app.repos.batches.findOwned('acc_abc123', before.items[0].schedule_id)!
  const other = createRepositories(app.db)
  other.batches.update({ ...first, completed_contacts: first.completed_contacts + 0, status: first.status === 'cancelled' ? 'failed' : 'cancelled' })
  const after = await get(url)
  t.not(after.items[0].status, before.items[0].status, 'an update through another repository shows')
  t.equal(after.total, before.total)

  // A swap writes with raw SQL, then emits state-replaced: cached pages must not survive it.
  const results = `/api/v1/public/call-batches/${BATCH}/results?limit=5&page=1`
  await get(results)
  app.db.prepare("UPDATE batches SET agent_name = 'Raw ' || agent_name WHERE account_id = 'acc_abc123'").run()
  app.db.prepare("UPDATE calls SET name = 'Raw ' || name WHERE batch_id = ? AND seq = 1").run(BATCH)
  t.same(await get(url), after, 'raw SQL alone is not seen (cached)')
  app.storeEvents.emit('state-replaced')
  const raw = await app.inject({ url, headers: auth() })
  t.match(raw.body, /"agent_name":"Raw /, 'after state-replaced the list is read again')
  const rawResults = await app.inject({ url: results, headers: auth() })
  t.match(rawResults.body, /"name":"Raw /, 'after state-replaced the results page is read again')
})
