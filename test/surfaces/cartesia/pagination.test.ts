/**
 * Stripe-style cursors on both lists: walking forward with `starting_after` and backward with
 * `ending_before` returns every item once, in list order; `has_more` and `next_page` follow the
 * direction of travel; a cursor at either end gives an empty page (the SDK's paginator needs it);
 * walks stay exact while the simulation changes calls; the time bounds and filters of the calls list.
 */
import t from 'tap'
import { AGENT, OTHER_KEY, advance, assertCartesiaError, cartesiaApp, createBatch, createBody, get, json, walkForward } from './support.js'
import type { App } from '../../../src/http/app.js'

const BATCHES = '/agents/calls/batches'

/** Every item walking backward from `from` (exclusive) with `ending_before`, in list order. */
async function walkBackward (app: App, base: string, from: string, limit: number): Promise<string[]> {
  const ids: string[] = []
  let before: string | null = from
  const sep = base.includes('?') ? '&' : '?'
  while (before !== null) {
    const res = await get(app, `${base}${sep}limit=${limit}&ending_before=${before}`)
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
    const body = json(res)
    ids.unshift(...body.data.map((x: any) => x.id))
    if (body.has_more) {
      if (body.next_page !== body.data[0].id) throw new Error('backward next_page must be the first item')
    } else if (body.next_page !== null) throw new Error('next_page must be null without more')
    before = body.has_more ? body.next_page : null
  }
  return ids
}

t.test('batches: forward and backward walks at every page size give every batch once, in order', async t => {
  const app = await cartesiaApp(t)
  const all = json(await get(app, `${BATCHES}?limit=100`)).data.map((b: any) => b.id)
  t.equal(all.length, 13)
  for (const limit of [1, 2, 3, 5, 10, 12, 13, 100]) {
    const { ids, pages } = await walkForward(app, BATCHES, limit)
    t.same(ids, all, `forward, limit ${limit}`)
    t.equal(pages, Math.max(1, Math.ceil(all.length / limit)), `limit ${limit}: has_more is false on the last page`)
    t.same(await walkBackward(app, BATCHES, all[all.length - 1], limit), all.slice(0, -1), `backward from the oldest, limit ${limit}`)
  }
  const mid = json(await get(app, `${BATCHES}?limit=3&ending_before=${all[5]}`))
  t.same(mid.data.map((b: any) => b.id), all.slice(2, 5), 'ending_before: the items just before, in list order')
  t.equal(mid.has_more, true)
  t.equal(mid.next_page, all[2])
  const first = json(await get(app, `${BATCHES}?limit=3&ending_before=${all[1]}`))
  t.same(first.data.map((b: any) => b.id), [all[0]])
  t.equal(first.has_more, false)
  t.same(json(await get(app, `${BATCHES}?ending_before=${all[0]}`)), { data: [], next_page: null, has_more: false }, 'before the first: empty')
  t.same(json(await get(app, `${BATCHES}?starting_after=${all[all.length - 1]}`)), { data: [], next_page: null, has_more: false }, 'after the last: empty')
  const forward = json(await get(app, `${BATCHES}?limit=4`))
  t.equal(forward.next_page, all[3], 'forward next_page: the last item')

  const agentAll = json(await get(app, `${BATCHES}?limit=100&agent_id=${AGENT}`)).data.map((b: any) => b.id)
  t.same((await walkForward(app, `${BATCHES}?agent_id=${AGENT}`, 1)).ids, agentAll, 'a filtered walk')
  const outside = all.find((id: string) => !agentAll.includes(id))
  const fromOutside = json(await get(app, `${BATCHES}?limit=100&agent_id=${AGENT}&starting_after=${outside}`)).data.map((b: any) => b.id)
  t.same(fromOutside, agentAll.filter((id: string) => all.indexOf(id) > all.indexOf(outside)), 'a cursor the filter leaves out keeps its place in the list')

  const made = await createBatch(app)
  const after = (await walkForward(app, BATCHES, 4)).ids
  t.same(after, [made.id, ...all], 'a new batch comes first')
})

t.test('calls: walks over an agent\'s and a batch\'s calls, while calls change and new ones are dialed', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(Array.from({ length: 12 }, (_v, i) => `+4420795${String(20000 + i)}`), { target_concurrency_limit: 4 }))
  await advance(app, 30)
  const base = `/agents/calls?agent_id=${AGENT}`
  const all = json(await get(app, `${base}&limit=100`)).data.map((c: any) => c.id)
  t.ok(all.length > 20, `${all.length} calls of the agent`)
  for (const limit of [1, 3, 7, 100]) {
    t.same((await walkForward(app, base, limit)).ids, all, `forward, limit ${limit}`)
    t.same(await walkBackward(app, base, all[all.length - 1], limit), all.slice(0, -1), `backward, limit ${limit}`)
  }
  // A walk that goes on while the simulation runs: every record it saw once, none twice.
  const seen: string[] = []
  let after: string | null = null
  for (;;) {
    const page = json(await get(app, `${base}&limit=5${after === null ? '' : `&starting_after=${after}`}`))
    seen.push(...page.data.map((c: any) => c.id))
    await advance(app, 20)
    if (!page.has_more) break
    after = page.next_page
  }
  t.equal(new Set(seen).size, seen.length, 'no call twice')
  t.same(seen, all, 'the calls that existed when the walk began, in order (newer ones are before its start)')

  const batchCalls = json(await get(app, `/agents/calls?batch_id=${b.id}&limit=100`)).data.map((c: any) => c.id)
  t.same((await walkForward(app, `/agents/calls?batch_id=${b.id}`, 2)).ids, batchCalls)
  t.same(json(await get(app, `/agents/calls?batch_id=${b.id}&agent_id=${AGENT}&limit=100`)).data.map((c: any) => c.id), batchCalls, 'both ids, agreeing')

  // The SDK's end-of-walk request.
  t.same(json(await get(app, `${base}&starting_after=${all[all.length - 1]}`)), { data: [], next_page: null, has_more: false })
})

t.test('calls list: required ids, time bounds, expand, cursors', async t => {
  const app = await cartesiaApp(t)
  const base = `/agents/calls?agent_id=${AGENT}`
  const all = json(await get(app, `${base}&limit=100`)).data
  const started = all.filter((c: any) => c.start_time !== null).map((c: any) => c.start_time).sort()
  const mid = started[Math.floor(started.length / 2)]
  const gte = json(await get(app, `${base}&limit=100&start_time_gte=${mid}`)).data
  t.same(gte.map((c: any) => c.id), all.filter((c: any) => c.start_time !== null && c.start_time >= mid).map((c: any) => c.id), 'start_time_gte: inclusive')
  const lte = json(await get(app, `${base}&limit=100&start_time_lte=${mid}`)).data
  t.same(lte.map((c: any) => c.id), all.filter((c: any) => c.start_time !== null && c.start_time <= mid).map((c: any) => c.id), 'start_time_lte: inclusive')
  const exact = json(await get(app, `${base}&limit=100&start_time_gte=${mid}&start_time_lte=${mid}`)).data
  t.ok(exact.length >= 1 && exact.every((c: any) => c.start_time === mid), 'both bounds on one instant')
  const midMs = Date.parse(mid)
  const shifted = new Date(midMs + 2 * 3600_000).toISOString().slice(0, 19) + '+02:00'
  t.same(json(await get(app, `${base}&limit=100&start_time_gte=${encodeURIComponent(shifted)}`)).data, gte, 'an offset is the same instant')
  t.same(json(await get(app, `${base}&limit=100&start_time_gte=${shifted}`)).data, gte, 'an unencoded + (a space once decoded) is taken as +')
  const frac = new Date(midMs - 500).toISOString()
  t.same(json(await get(app, `${base}&limit=100&start_time_gte=${frac}`)).data, gte, 'fractional seconds: a lower bound rounds up')

  const bad: Array<[string, RegExp]> = [
    ['/agents/calls', /agent_id or batch_id is required/],
    [`${base}&start_time_gte=yesterday`, /start_time_gte: Must be an RFC 3339/],
    [`${base}&start_time_lte=2026-05-01T00:00:00`, /start_time_lte: Must be an RFC 3339/],
    [`${base}&start_time_gte=2026-05-02T00:00:00Z&start_time_lte=2026-05-01T00:00:00Z`, /start_time_gte: Must not be after start_time_lte/],
    [`${base}&expand=summary`, /expand: Must be transcript/],
    [`${base}&starting_after=${all[0].id}&ending_before=${all[1].id}`, /cannot be combined/],
    [`${base}&starting_after=ac_missing`, /starting_after: No call ac_missing in this organization/],
    [`${base}&limit=101`, /limit: Must be an integer between 1 and 100/],
    [`${base}&agent_id=${AGENT}`, /agent_id: Must be a single string/]
  ]
  for (const [url, message] of bad) {
    const res = await get(app, url)
    t.test(url, async t => { assertCartesiaError(t, res, 400, 'invalid_request', message) })
  }
  const batches = json(await get(app, `${BATCHES}?limit=100`)).data
  const otherAgentBatch = batches.find((b: any) => b.agent_id !== AGENT)
  assertCartesiaError(t, await get(app, `/agents/calls?batch_id=${otherAgentBatch.id}&agent_id=${AGENT}`), 400, 'invalid_request', /is not the agent of call batch/)
  assertCartesiaError(t, await get(app, '/agents/calls?batch_id=acb_missing'), 404, 'not_found', 'Call batch acb_missing not found')
  assertCartesiaError(t, await get(app, '/agents/calls?agent_id=agent_missing'), 404, 'not_found', 'Agent agent_missing not found')
  assertCartesiaError(t, await get(app, `/agents/calls?agent_id=${AGENT}`, OTHER_KEY), 404, 'not_found', `Agent ${AGENT} not found`)
  const otherCall = json(await get(app, `/agents/calls?agent_id=${json(await get(app, '/agents', OTHER_KEY)).summaries[0].id}&limit=1`, OTHER_KEY)).data[0]
  if (otherCall !== undefined) assertCartesiaError(t, await get(app, `${base}&starting_after=${otherCall.id}`), 400, 'invalid_request', /No call/)
})
