/**
 * The control API and the whole state with the Cartesia surface: accounts made for Cartesia work at
 * once, fixtures carry Cartesia's records (phone numbers in `tables`) and give the same answers
 * after a round trip, admin transitions move Cartesia batches, reseeding is deterministic, and the
 * journal and the OpenAPI document see the surface.
 */
import t from 'tap'
import { AGENT, CARTESIA_ACCOUNTS, KEY, advance, cartesiaApp, createBatch, createBody, get, json, post } from './support.js'

t.test('POST /__admin/accounts {"provider":"cartesia"}: a working organization with a key, an agent and a number', async t => {
  const app = await cartesiaApp(t)
  const res = await app.inject({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: '{"provider":"cartesia"}' })
  t.equal(res.statusCode, 201)
  const account = json(res).data
  t.equal(account.provider, 'cartesia')
  t.equal(account.max_concurrent_calls, 20)
  const key = account.api_keys[0].api_key
  t.match(key, /^sk_car_[A-Za-z0-9_-]+$/)
  t.match(account.agents[0].agent_id, /^agent_[0-9A-Za-z]{22}$/)
  t.equal(account.agents[0].current_version, '', 'Cartesia agents have no prompt versions')
  const { summaries } = json(await get(app, '/agents', key))
  t.equal(summaries.length, 1)
  t.match(summaries[0].phone_numbers, [{ id: /^ap_[0-9A-Za-z]{22}$/, number: /^\+1628555\d{4}$/ }])
  const b = await createBatch(app, createBody(['+15005550006'], { agent_id: summaries[0].id, from_number_id: summaries[0].phone_numbers[0].id }), key)
  t.equal(b.status, 'pending')
  await advance(app, 200)
  t.equal(json(await get(app, `/agents/calls/batches/${b.id}`, key)).recipients[0].status, 'completed')
  t.equal(json(await get(app, `/agents/calls/batches/${b.id}`)).error_code, 'not_found', 'the seeded organization does not see it')

  const bad = await app.inject({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: '{"provider":"cartesia","api_key":"sk_live_x","version_id":"v1"}' })
  t.equal(bad.statusCode, 400, 'Cartesia\'s key format, and no prompt version')
  const listed = json(await app.inject({ url: '/__admin/accounts' })).data.filter((a: any) => a.provider === 'cartesia').map((a: any) => a.account_id)
  t.same(listed.sort(), [CARTESIA_ACCOUNTS.other, CARTESIA_ACCOUNTS.main, account.account_id].sort())
})

t.test('a fixture carries Cartesia\'s records; a round trip answers the same', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(['+15005550006', '+15005550003'], { target_concurrency_limit: 1 }))
  await advance(app, 30)
  await post(app, `/agents/calls/batches/${b.id}/retry`)
  const urls = ['/agents', '/agents/calls/batches?limit=100', `/agents/calls/batches/${b.id}`, `/agents/calls?agent_id=${AGENT}&limit=100&expand=transcript`]
  const strip = (body: string) => body.replace(/"request_id":"[^"]+"/g, '')
  const before = await Promise.all(urls.map(async u => strip((await get(app, u)).body)))

  const exported = await app.inject({ url: '/__admin/state' })
  t.equal(exported.statusCode, 200)
  const fixture = json(exported)
  t.ok(fixture.accounts.some((a: any) => a.account_id === CARTESIA_ACCOUNTS.main && a.provider === 'cartesia'))
  t.ok(fixture.api_keys.some((k: any) => k.api_key === KEY))
  t.ok(fixture.batches.some((x: any) => x.schedule_id === b.id && x.name === 'Test batch' && x.extra?.region === 'US'))
  t.ok(Array.isArray(fixture.tables.phone_numbers) && fixture.tables.phone_numbers.some((n: any) => n.number_id === 'ap_Q8PRh7lXyZsawXJmN2KcT5'), 'phone numbers travel in tables')
  t.ok(fixture.tables.call_attempts.length > 0, 'earlier call attempts too')

  const reset = await app.inject({ method: 'POST', url: '/__admin/reseed', headers: { 'content-type': 'application/json' }, payload: '{"seed":1}' })
  t.equal(reset.statusCode, 200)
  t.not(strip((await get(app, urls[1])).body), before[1], 'another seed: other batches')
  const imported = await app.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: exported.body })
  t.equal(imported.statusCode, 200, imported.body.slice(0, 300))
  const after = await Promise.all(urls.map(async u => strip((await get(app, u)).body)))
  t.same(after, before, 'the same answers after the round trip')
  await advance(app, 300)
  t.equal(json(await get(app, `/agents/calls/batches/${b.id}`)).total_calls_finished, 2, 'the imported batch runs on')

  const badPrefix = JSON.parse(exported.body)
  badPrefix.batches.find((x: any) => x.schedule_id === b.id).schedule_id = 'sched_12345678'
  const refused = await app.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(badPrefix) })
  t.equal(refused.statusCode, 400, 'a Cartesia batch id must start with acb_')
  t.match(json(refused).error.details.join(' '), /Must start with acb_/)
})

t.test('reseeding is deterministic; the seed shapes Cartesia\'s data', async t => {
  const a = await cartesiaApp(t)
  const b = await cartesiaApp(t)
  const strip = (body: string) => body.replace(/"request_id":"[^"]+"/g, '')
  for (const url of ['/agents', '/agents/calls/batches?limit=100', `/agents/calls?agent_id=${AGENT}&limit=100&expand=transcript`]) {
    t.equal(strip((await get(a, url)).body), strip((await get(b, url)).body), `${url}: the same on two servers with the same seed`)
  }
  const other = await cartesiaApp(t, { seed: 99 })
  t.not((await get(other, '/agents/calls/batches?limit=100')).body, (await get(a, '/agents/calls/batches?limit=100')).body, 'another seed, other batches')
  t.equal(json(await get(other, '/agents/calls/batches/acb_PDWFN995PzAudChwFDqVZ2')).name, 'March outreach', 'the guide\'s batch whatever the seed')
})

t.test('admin transitions, the journal and the OpenAPI document see Cartesia\'s batches', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(4, { target_concurrency_limit: 1 }))
  await advance(app, 2)
  const pause = await app.inject({ method: 'POST', url: `/__admin/batches/${b.id}/pause` })
  t.equal(pause.statusCode, 200)
  await advance(app, 3600)
  const paused = json(await get(app, `/agents/calls/batches/${b.id}`))
  t.equal(paused.total_calls_dispatched, 1, 'paused: nothing more dispatched')
  t.equal(paused.status, 'in_progress')
  t.equal((await app.inject({ method: 'POST', url: `/__admin/batches/${b.id}/fail` })).statusCode, 200)
  const failed = json(await get(app, `/agents/calls/batches/${b.id}`))
  t.equal(failed.status, 'failed', 'failed by the control API')
  t.same(failed.recipients.slice(1).map((r: any) => [r.status, r.error_message]), Array(3).fill(['failed', 'The batch failed before this recipient was dialed']))
  t.equal(failed.total_calls_finished, 4)

  const entries = json(await app.inject({ url: '/__admin/journal?limit=100' })).data.items
  t.ok(entries.some((e: any) => e.path === `/agents/calls/batches/${b.id}` && e.status === 200 && e.account_id === CARTESIA_ACCOUNTS.main), 'the journal records Cartesia requests')
  const refused = await get(app, '/agents/calls/batches/acb_missing')
  t.equal(refused.statusCode, 404)
  const [last] = json(await app.inject({ url: '/__admin/journal?limit=1' })).data.items
  t.match(last, { path: '/agents/calls/batches/acb_missing', status: 404, error_code: 'not_found', valid: false }, 'with Cartesia\'s error_code')
  t.notOk(JSON.stringify(last).includes(KEY), 'and only a hint of the key')
  t.equal(last.key_hint, 'sk_…key', 'a hint of the key presented')

  const doc = json(await app.inject({ url: '/openapi.json' }))
  t.ok(doc.tags.some((tag: any) => tag.name === 'Cartesia Agent Calls'))
  for (const path of ['/agents', '/agents/{agent_id}', '/agents/calls/batches', '/agents/calls/batches/{batch_id}', '/agents/calls/batches/{batch_id}/cancel',
    '/agents/calls/batches/{batch_id}/retry', '/agents/calls', '/agents/calls/{call_id}', '/agents/calls/{call_id}/audio']) {
    t.ok(doc.paths[path] !== undefined, `${path} documented`)
  }
  t.same(Object.keys(doc.components.securitySchemes).filter(k => k.startsWith('cartesia')).sort(), ['cartesiaApiKey', 'cartesiaBearer'])
})
