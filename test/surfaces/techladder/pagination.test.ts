/** Pagination: the envelope, has_more = page*limit < total, stable order, every item exactly once. */
import t from 'tap'
import { auth, build, json } from '../../helper.js'

const app = await build(t)
const get = async (url: string) => {
  const res = await app.inject({ url, headers: auth() })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return json(res).data
}

async function walk (base: string, limit: number, id: string) {
  const seen: string[] = []
  let page = 1
  for (;;) {
    const data = await get(`${base}${base.includes('?') ? '&' : '?'}limit=${limit}&page=${page}`)
    t.equal(data.page, page)
    t.equal(data.limit, limit)
    t.equal(data.has_more, page * limit < data.total, `has_more on page ${page}`)
    t.ok(data.items.length <= limit)
    seen.push(...data.items.map((i: any) => i[id]))
    if (!data.has_more) {
      t.equal(seen.length, data.total, `${base}: walking every page yields total items`)
      return seen
    }
    page++
  }
}

t.test('list batches: odd limits give the same sequence, each batch once, newest first', async t => {
  const all = await walk('/api/v1/public/call-batches', 100, 'schedule_id')
  t.equal(new Set(all).size, all.length, 'no duplicates')
  for (const limit of [1, 3, 7, 13]) t.same(await walk('/api/v1/public/call-batches', limit, 'schedule_id'), all, `limit ${limit}`)
  const first = await get('/api/v1/public/call-batches?limit=100')
  const created = first.items.map((b: any) => `${b.created_at} ${b.schedule_id}`)
  t.same(created, [...created].sort().reverse(), 'ordered by created_at then schedule_id, descending')
})

t.test('list batches: filters narrow total and items', async t => {
  for (const status of ['pending', 'active', 'completed', 'failed', 'cancelled']) {
    const data = await get(`/api/v1/public/call-batches?status=${status}&limit=100`)
    t.ok(data.total > 0, `some ${status} batch is seeded`)
    t.ok(data.items.every((b: any) => b.status === status))
    t.equal(data.items.length, Math.min(100, data.total))
  }
  const agent = await get('/api/v1/public/call-batches?agent_id=agt-57949b14&limit=100')
  t.ok(agent.items.every((b: any) => b.agent_id === 'agt-57949b14'))
  const none = await get('/api/v1/public/call-batches?agent_id=agt-00000000')
  t.same(none, { items: [], total: 0, page: 1, limit: 50, has_more: false })
})

t.test('results and calls: walks with odd limits, contact order', async t => {
  const results = await walk('/api/v1/public/call-batches/sched_5d398018/results', 100, 'call_id')
  t.equal(results.length, 150)
  t.equal(results[0], 'call_a1b2c3d4')
  for (const limit of [7, 49, 500]) t.same(await walk('/api/v1/public/call-batches/sched_5d398018/results', limit, 'call_id'), results)
  t.same(await walk('/api/v1/public/call-batches/sched_5d398018/calls', 11, 'call_id'), results, 'calls list the same calls in the same order')
})

t.test('calls: status filter totals agree with the batch counters', async t => {
  const batch = (await get('/api/v1/public/call-batches/sched_7bac6f2a'))
  const counts: Record<string, number> = {}
  for (const s of ['pending', 'queued', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer', 'busy']) {
    const data = await get(`/api/v1/public/call-batches/sched_7bac6f2a/calls?status=${s}&limit=500`)
    t.ok(data.items.every((c: any) => c.status === s))
    t.equal(data.items.length, data.total)
    counts[s] = data.total
  }
  t.equal(counts.completed, batch.completed_contacts)
  t.equal(counts.failed + counts.no_answer + counts.busy, batch.failed_contacts)
  t.equal(counts.pending + counts.queued + counts.ringing + counts.in_progress, batch.pending_contacts)
  const walked = await walk('/api/v1/public/call-batches/sched_7bac6f2a/calls?status=completed', 9, 'call_id')
  t.equal(walked.length, counts.completed)
})

t.test('a page past the end is 200 with empty items and the real total', async t => {
  t.same(await get('/api/v1/public/call-batches/sched_5d398018/results?limit=100&page=3'), { items: [], total: 150, page: 3, limit: 100, has_more: false })
  t.same(await get('/api/v1/public/call-batches/sched_5d398018/calls?page=99999999'), { items: [], total: 150, page: 99999999, limit: 100, has_more: false })
  const list = await get('/api/v1/public/call-batches?page=1000')
  t.same(list.items, [])
  t.equal(list.has_more, false)
  t.ok(list.total > 0)
})

t.test('defaults: limit 50 for batches, 100 for calls and results; page 1', async t => {
  t.equal((await get('/api/v1/public/call-batches')).limit, 50)
  t.equal((await get('/api/v1/public/call-batches/sched_5d398018/calls')).limit, 100)
  const results = await get('/api/v1/public/call-batches/sched_5d398018/results')
  t.equal(results.limit, 100)
  t.equal(results.page, 1)
})
