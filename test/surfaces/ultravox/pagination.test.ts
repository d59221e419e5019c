/**
 * DRF cursor pagination on every Ultravox list: `pageSize` (default 10, at most 100, a bad value is
 * the default), an opaque `cursor` (404 "Invalid cursor" when it does not decode), `next`/`previous`
 * absolute URLs of this server from the request's Host with the other parameters kept and sorted,
 * and walks that meet every item exactly once while the simulation changes the data.
 */
import t from 'tap'
import { DOCS, advance, batchUrl, batchesUrl, createBatch, json, twilioCalls, uvApp, walk, type UltravoxApp } from './support.js'

const page = async (app: UltravoxApp, url: string, headers: Record<string, string> = {}) => {
  const res = await app.uv({ url, headers })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return json(res)
}
const local = (link: string) => { const u = new URL(link); return u.pathname + u.search }

t.test('pageSize: default 10, at most 100; bad values are the default (never a 400)', async t => {
  const app = await uvApp(t)
  const url = `${batchUrl(DOCS)}/scheduled_calls`
  t.equal((await page(app, url)).results.length, 10)
  t.equal((await page(app, `${url}?pageSize=3`)).results.length, 3)
  t.equal((await page(app, `${url}?pageSize=1000`)).results.length, 100)
  for (const bad of ['0', '-5', 'abc', '', '1.5', '1e3']) t.equal((await page(app, `${url}?pageSize=${bad}`)).results.length, 10, `pageSize=${bad}`)
  t.equal((await page(app, `${url}?pageSize=2&pageSize=4`)).results.length, 4, 'the last value of a repeated parameter')
  const first = await page(app, `${url}?pageSize=5`)
  t.same(Object.keys(first), ['next', 'previous', 'results', 'total'])
  t.equal(first.total, 123)
  t.equal(first.previous, null)
})

t.test('next and previous: absolute URLs from the Host, other parameters kept and sorted; both directions agree', async t => {
  const app = await uvApp(t)
  const url = `${batchUrl(DOCS)}/scheduled_calls?status=SUCCESS&pageSize=7`
  const first = await page(app, url, { host: 'mock.test:8080' })
  t.match(first.next, /^http:\/\/mock\.test:8080\/api\/agents\/3c90c3cc-0d44-4b50-8888-8dd25736052a\/scheduled_batches\/3c90c3cc-0d44-4b50-8888-8dd25736052a\/scheduled_calls\?cursor=[A-Za-z0-9%]+&pageSize=7&status=SUCCESS$/)
  t.equal(first.total, 118)
  const second = await page(app, local(first.next))
  t.not(second.previous, null)
  const back = await page(app, local(second.previous))
  t.same(back.results, first.results, 'previous returns the page before, in order')
  t.equal(back.previous, null, 'and that is the first page')
  t.same(back.next, first.next.replace('mock.test:8080', 'localhost:80'), 'the same next link (from this request\'s host)')
  const all = await walk(app, url)
  t.equal(all.length, 118)
  t.ok(all.every(c => c.status === 'SUCCESS'))
  // Walk backwards from the end with previous links.
  let cur = await page(app, `${batchUrl(DOCS)}/scheduled_calls?pageSize=50`)
  while (cur.next !== null) cur = await page(app, local(cur.next))
  const backwards: any[] = [...cur.results]
  while (cur.previous !== null) {
    cur = await page(app, local(cur.previous))
    backwards.unshift(...cur.results)
  }
  t.same(backwards.map(c => c.callId ?? c.error), (await walk(app, `${batchUrl(DOCS)}/scheduled_calls?pageSize=100`)).map(c => c.callId ?? c.error), 'previous links cover the same list')
})

t.test('a cursor that does not decode: 404 {"detail": "Invalid cursor"}; a bad status filter: 400', async t => {
  const app = await uvApp(t)
  for (const cursor of ['%%%', 'abc', 'cD1hYmM=', 'bz14JnA9MQ==', '////', 'cj0xJnA9', Buffer.from('p=\u00ff', 'latin1').toString('base64')]) {
    const res = await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?cursor=${encodeURIComponent(cursor)}` })
    t.equal(res.statusCode, 404, cursor)
    t.same(json(res), { detail: 'Invalid cursor' })
  }
  t.equal((await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?cursor=` })).statusCode, 200, 'an empty cursor is the first page')
  const bad = await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?status=DONE` })
  t.equal(bad.statusCode, 400)
  t.same(json(bad), { status: ['Select a valid choice. DONE is not one of the available choices.'] })
  t.equal((await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?status=` })).statusCode, 200, 'an empty status is no filter')
  t.equal((await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?status=success` })).statusCode, 400, 'choices are case-sensitive')
})

t.test('walks meet every item exactly once while the batches progress', async t => {
  const app = await uvApp(t)
  const batches = []
  for (let i = 0; i < 4; i++) batches.push(await createBatch(t, app, { calls: twilioCalls(60, i * 100) }))
  await advance(app, 30)
  // Scheduled calls and created calls of one batch, batches of the agent: one page, then the clock moves, then the next page.
  const stepWalk = async (url: string, key: (x: any) => string, between: () => Promise<void>) => {
    const seen: string[] = []
    let next: string | null = url
    while (next !== null) {
      const body: any = await page(app, next.startsWith('http') ? local(next) : next)
      seen.push(...body.results.map(key))
      next = body.next
      await between()
    }
    return seen
  }
  const b = batches[0]
  const scheduled = await stepWalk(`${batchUrl(b.batchId)}/scheduled_calls?pageSize=7`, c => JSON.stringify(c.metadata), async () => { await advance(app, 45) })
  t.equal(scheduled.length, 60, 'every scheduled call')
  t.equal(new Set(scheduled).size, 60, 'once each')
  const createdBefore = json(await app.uv({ url: `${batchUrl(batches[1].batchId)}/created_calls?pageSize=1` })).total
  const created = await stepWalk(`${batchUrl(batches[1].batchId)}/created_calls?pageSize=3`, c => c.callId, async () => {
    await advance(app, 60)
    await createBatch(t, app, { calls: twilioCalls(2, 900) }) // new batches meanwhile
  })
  t.equal(new Set(created).size, created.length, 'no created call twice')
  t.ok(created.length >= createdBefore, 'every call created when the walk began')
  const batchIds = await stepWalk(`${batchesUrl()}?pageSize=2`, x => x.batchId, async () => {
    await advance(app, 60)
    await createBatch(t, app, { calls: twilioCalls(1, 950) })
  })
  t.equal(new Set(batchIds).size, batchIds.length, 'no batch twice')
  for (const x of batches) t.ok(batchIds.includes(x.batchId), 'every batch that existed when the walk began')
  t.ok(batchIds.includes(DOCS))
  const agents = await stepWalk('/api/agents?pageSize=1', a => a.agentId, async () => { await advance(app, 60) })
  t.equal(new Set(agents).size, agents.length)
  t.equal(agents.length, json(await app.uv({ url: '/api/agents' })).total)
})

t.test('agents: newest first by default; sort and search', async t => {
  const app = await uvApp(t)
  const all = json(await app.uv({ url: '/api/agents?pageSize=100' })).results
  const created = all.map((a: any) => a.created)
  t.same(created, [...created].sort().reverse(), '-created')
  t.equal(all.at(-1).agentId, DOCS, 'the 2023 docs agent is the oldest')
  const byName = json(await app.uv({ url: '/api/agents?pageSize=100&sort=name' })).results.map((a: any) => a.name)
  t.same(byName, [...byName].sort())
  const desc = json(await app.uv({ url: '/api/agents?pageSize=100&sort=-name' })).results.map((a: any) => a.name)
  t.same(desc, [...byName].reverse())
  t.same(json(await app.uv({ url: '/api/agents?sort=bogus&pageSize=100' })).results, all, 'an unknown field is ignored')
  const found = json(await app.uv({ url: '/api/agents?search=docs%20EXAMPLE' }))
  t.equal(found.total, 1)
  t.equal(found.results[0].agentId, DOCS)
})

t.test('messages page like every list', async t => {
  const app = await uvApp(t)
  const [call] = (await walk(app, `${batchUrl(DOCS)}/created_calls?pageSize=100`)).filter(c => c.joined !== null && c.billedDuration !== '0s')
  const all = await walk(app, `/api/calls/${call.callId}/messages?pageSize=100`)
  t.ok(all.length > 2)
  const paged = await walk(app, `/api/calls/${call.callId}/messages?pageSize=2`)
  t.same(paged, all)
  t.equal(json(await app.uv({ url: `/api/calls/${call.callId}/messages?pageSize=1` })).total, all.length)
})
