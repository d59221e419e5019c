/**
 * Get Batch and the list of an agent's batches are answered from bodies built once
 * (src/http/body-cache.ts) while nothing they show has changed. Every change shows on the next
 * read, whichever way it is made: the clock moving calls on, a create, PATCH, DELETE, the control
 * API, another repository on the same database, a state swap. A page's links follow each request's
 * host and URL, and another account never gets a body built for the first.
 */
import t, { type Test } from 'tap'
import { createRepositories } from '../../../src/core/store/index.js'
import { DOCS, OTHER_KEY, advance, batchUrl, batchesUrl, createBatch, twilioCalls, uvApp, type UltravoxApp } from './support.js'

/** The body of a 200 (fails the test otherwise). */
async function read (t: Test, app: UltravoxApp, url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await app.uv({ url, headers })
  t.equal(res.statusCode, 200, `${url}${headers.host === undefined ? '' : ` (host ${headers.host})`}`)
  return res.body
}
const itemOf = (page: any, id: string) => page.results.find((b: any) => b.batchId === id)

t.test('Get Batch: calls moving on, PATCH, the control API and DELETE show on the next read', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(20) })
  const url = batchUrl(b.batchId)
  const first = await read(t, app, url)
  t.equal(await read(t, app, url), first, 'a repeated read: the same bytes')
  t.equal(JSON.parse(first).completedCount, 0)

  await advance(app, 90)
  const moved = JSON.parse(await read(t, app, url))
  t.ok(moved.completedCount > 0, `calls created since show (${moved.completedCount})`)
  t.equal(await read(t, app, url), JSON.stringify(moved), 'and are read again from the new body')

  t.equal((await app.inject({ method: 'POST', url: `/__admin/batches/${b.batchId}/pause` })).statusCode, 200)
  t.equal(JSON.parse(await read(t, app, url)).paused, true, 'paused through the control API (the batch row itself is unchanged)')

  t.equal((await app.uv({ method: 'PATCH', url, payload: { paused: false, throttle: '5/m' } })).statusCode, 200)
  t.match(JSON.parse(await read(t, app, url)), { paused: false, throttle: '5/m' }, 'PATCH shows')

  t.equal((await app.uv({ method: 'DELETE', url })).statusCode, 204)
  t.equal((await app.uv({ url })).statusCode, 404, 'deleted: 404, not the body built before')
})

t.test('list pages: calls moving on, a create, a pause through the control API and a delete show on the next read', async t => {
  const app = await uvApp(t)
  const all = `${batchesUrl()}?pageSize=100`
  const one = `${batchesUrl()}?pageSize=1`
  const a = await createBatch(t, app, { calls: twilioCalls(20) })
  const before = JSON.parse(await read(t, app, all))
  t.equal(await read(t, app, all), JSON.stringify(before), 'a repeated read: the same bytes')
  t.equal(itemOf(before, a.batchId).completedCount, 0)
  const firstPage = JSON.parse(await read(t, app, one))
  t.equal(firstPage.results[0].batchId, a.batchId, 'newest first')
  const next = new URL(firstPage.next)
  const secondUrl = next.pathname + next.search
  const second = JSON.parse(await read(t, app, secondUrl))

  await advance(app, 90)
  const moved = JSON.parse(await read(t, app, all))
  t.ok(itemOf(moved, a.batchId).completedCount > 0, 'calls created since show in the list item')

  t.equal((await app.inject({ method: 'POST', url: `/__admin/batches/${a.batchId}/pause` })).statusCode, 200)
  t.equal(itemOf(JSON.parse(await read(t, app, all)), a.batchId).paused, true,
    'paused through the control API: only the batch\'s own version moved, not the list\'s')

  const b = await createBatch(t, app, { calls: twilioCalls(3) })
  const afterCreate = JSON.parse(await read(t, app, all))
  t.equal(afterCreate.total, before.total + 1, 'a create counts')
  t.equal(afterCreate.results[0].batchId, b.batchId, 'and comes first')
  t.equal(JSON.parse(await read(t, app, one)).results[0].batchId, b.batchId, 'on the first page of 1 too')
  const secondAgain = JSON.parse(await read(t, app, secondUrl))
  t.same(secondAgain.results, second.results, 'a page after a cursor keeps its items (keyset)')
  t.equal(secondAgain.total, second.total + 1, 'but its total counts the new batch')

  t.equal((await app.uv({ method: 'DELETE', url: batchUrl(a.batchId) })).statusCode, 204)
  const afterDelete = JSON.parse(await read(t, app, all))
  t.equal(afterDelete.total, before.total, 'a delete counts')
  t.notOk(itemOf(afterDelete, a.batchId), 'and the batch is gone from the page')
})

t.test('a page\'s links follow the request: host, protocol, path and query are part of what is cached', async t => {
  const app = await uvApp(t)
  const url = `${batchesUrl()}?pageSize=1`
  const a = JSON.parse(await read(t, app, url, { host: 'a.test:8080' }))
  const b = JSON.parse(await read(t, app, url, { host: 'b.test' }))
  t.match(a.next, /^http:\/\/a\.test:8080\/api\/agents\//)
  t.match(b.next, /^http:\/\/b\.test\/api\/agents\//)
  t.same(b.results, a.results, 'the same page')
  t.equal(JSON.parse(await read(t, app, url, { host: 'a.test:8080' })).next, a.next, 'the first host again: its own links')
  t.match(JSON.parse(await read(t, app, url, { host: 'not a host' })).next, /^http:\/\/localhost\/api\/agents\//, 'an unusable Host: localhost')
  const spelled = JSON.parse(await read(t, app, `${batchesUrl()}?zeta=1&pageSize=1`, { host: 'a.test:8080' }))
  t.match(spelled.next, /^http:\/\/a\.test:8080\/api\/agents\/[^?]+\?cursor=[^&]+&pageSize=1&zeta=1$/, 'other parameters kept, sorted')
  const second = new URL(a.next)
  const back = JSON.parse(await read(t, app, second.pathname + second.search, { host: 'c.test' }))
  t.match(back.previous, /^http:\/\/c\.test\//, 'a cursor page: its links from its own request')
})

t.test('another account never gets a body built for the first', async t => {
  const app = await uvApp(t)
  const list = `${batchesUrl()}?pageSize=5`
  await read(t, app, batchUrl(DOCS))
  await read(t, app, list)
  for (const url of [batchUrl(DOCS), list]) {
    const res = await app.uv({ url, key: OTHER_KEY })
    t.equal(res.statusCode, 404, `${url}: another account`)
    t.same(JSON.parse(res.body), { detail: 'Not found.' })
  }
  t.equal((await app.uv({ url: batchUrl(DOCS, '00000000-0000-4000-8000-000000000000') })).statusCode, 404, 'the batch under another agent')
  await read(t, app, batchUrl(DOCS))
})

t.test('writes through another repository, raw SQL followed by a state swap, and a reset show on the next read', async t => {
  const app = await uvApp(t)
  const b = await createBatch(t, app, { calls: twilioCalls(4), windowStart: '2026-06-02T09:00:00Z' })
  const url = batchUrl(b.batchId)
  const list = `${batchesUrl()}?pageSize=100`
  const seeded = JSON.parse(await read(t, app, list)).total - 1
  const before = await read(t, app, url)
  const beforeList = await read(t, app, list)

  // The same database through another repository instance (what seeding and the control plane use).
  createRepositories(app.db).batches.setPaused(b.batchId, true)
  t.equal(JSON.parse(await read(t, app, url)).paused, true, 'Get Batch shows it')
  t.equal(itemOf(JSON.parse(await read(t, app, list)), b.batchId).paused, true, 'the list shows it')

  // A swap writes with raw SQL, then emits state-replaced: nothing built before may survive it.
  const pausedBody = await read(t, app, url)
  const pausedList = await read(t, app, list)
  app.db.prepare("UPDATE batches SET webhook_secret = 'raw-secret' WHERE schedule_id = ?").run(b.batchId)
  t.equal(await read(t, app, url), pausedBody, 'raw SQL alone is not seen (the body is cached)')
  t.equal(await read(t, app, list), pausedList, 'nor in the list')
  app.storeEvents.emit('state-replaced')
  t.equal(JSON.parse(await read(t, app, url)).webhookSecret, 'raw-secret', 'after state-replaced Get Batch is built again')
  t.equal(itemOf(JSON.parse(await read(t, app, list)), b.batchId).webhookSecret, 'raw-secret', 'and the list')

  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal((await app.uv({ url })).statusCode, 404, 'gone after a reset')
  const afterReset = JSON.parse(await read(t, app, list))
  t.equal(afterReset.total, seeded, 'the list is the seeded one again')
  t.notOk(itemOf(afterReset, b.batchId))
  t.not(before, await read(t, app, batchUrl(DOCS)), 'sanity: different batches, different bodies')
  t.not(beforeList, JSON.stringify(afterReset))
})
