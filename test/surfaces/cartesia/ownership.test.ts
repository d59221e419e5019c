/**
 * Ownership on the Cartesia surface (OWASP API1): for random pairs of organizations (the two seeded
 * ones and three made through the control API, with batches made through the API) and every Cartesia
 * route that takes an id (read from the served OpenAPI document), another organization's batch,
 * call or agent answers exactly as a missing id does (same status, same body but for the request's
 * own id), nothing is changed through it, and the lists show each organization its own records only.
 */
import t from 'tap'
import fc from 'fast-check'
import { fcParams, fill, routesOf } from '../../reliability/support.js'
import { advance, cartesiaApp, createBody, headers, json, walkForward } from './support.js'

interface Org { accountId: string, key: string, agent: string, number: string }

t.test('no Cartesia key reads or changes another organization\'s data', async t => {
  // Thousands of requests per key: the rate limit (tested in auth.test.ts) is off here.
  const app = await cartesiaApp(t, { rateLimitPerMinute: 0 })
  await app.ready()
  const doc = app.swagger() as any
  const idRoutes = routesOf(doc, '/agents').filter(r => /:(batch_id|call_id|agent_id)/.test(r.path))
  t.ok(idRoutes.length >= 6, `routes with an id: ${idRoutes.map(r => `${r.method} ${r.path}`).join(', ')}`)

  const orgs: Org[] = []
  const agentsOf = async (key: string) => json(await app.inject({ url: '/agents', headers: headers(key) })).summaries
  for (const [accountId, key] of [['acc_car_test', 'sk_car_test_key'], ['acc_car_other', 'sk_car_other_key']]) {
    const agents = await agentsOf(key)
    const withNumber = agents.find((a: any) => a.phone_numbers.length > 0)
    orgs.push({ accountId, key, agent: withNumber.id, number: withNumber.phone_numbers[0].id })
  }
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ provider: 'cartesia', account_id: `acc_car_iso${i}`, api_key: `sk_car_iso_${i}` }) })
    t.equal(res.statusCode, 201)
    const [agent] = await agentsOf(`sk_car_iso_${i}`)
    orgs.push({ accountId: `acc_car_iso${i}`, key: `sk_car_iso_${i}`, agent: agent.id, number: agent.phone_numbers[0].id })
  }
  for (const org of orgs) {
    for (let n = 0; n < 2; n++) {
      const res = await app.inject({ method: 'POST', url: '/agents/calls/batches', headers: { ...headers(org.key), 'content-type': 'application/json' },
        payload: JSON.stringify(createBody(['+15005550006', '+15005550002', '+15005550001'], { agent_id: org.agent, from_number_id: org.number })) })
      t.equal(res.statusCode, 201, `a batch for ${org.accountId}`)
    }
  }
  await advance(app, 200)

  const batchesOf = (accountId: string) => app.db.prepare('SELECT schedule_id FROM batches WHERE account_id = ? ORDER BY schedule_id').pluck().all(accountId) as string[]
  const callsOf = (accountId: string) => app.db.prepare(`SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id
    WHERE b.account_id = ? AND c.dialed_ord IS NOT NULL AND c.dial_error IS NULL ORDER BY c.call_id`).pluck().all(accountId) as string[]
  const agentIdsOf = (accountId: string) => app.db.prepare('SELECT agent_id FROM agents WHERE account_id = ?').pluck().all(accountId) as string[]

  t.test('lists: each organization sees exactly its own batches, agents and calls', async t => {
    for (const org of orgs) {
      const listed = (await walkForward(app, '/agents/calls/batches', 7, org.key)).ids
      t.same([...listed].sort(), batchesOf(org.accountId), `${org.accountId}: its batches`)
      t.same((await agentsOf(org.key)).map((a: any) => a.id).sort(), agentIdsOf(org.accountId).sort(), `${org.accountId}: its agents`)
      const calls: string[] = []
      for (const agent of agentIdsOf(org.accountId)) calls.push(...(await walkForward(app, `/agents/calls?agent_id=${agent}`, 50, org.key)).ids)
      const latest = callsOf(org.accountId)
      t.ok(latest.every(id => calls.includes(id)), `${org.accountId}: every call of its own`)
      const foreign = calls.filter(id => !latest.includes(id))
      for (const id of foreign) {
        const owner = app.db.prepare(`SELECT b.account_id FROM call_attempts a JOIN batches b ON b.schedule_id = a.batch_id WHERE a.call_id = ?`).pluck().get(id)
        t.equal(owner, org.accountId, `${id}: an earlier attempt of its own`)
      }
    }
  })

  t.test('random pairs x every id route: another organization\'s record is indistinguishable from a missing one', async t => {
    const idsOf = (org: Org) => ({ batch_id: batchesOf(org.accountId), call_id: callsOf(org.accountId), agent_id: agentIdsOf(org.accountId) })
    const before = new Map<string, string>()
    const view = async (org: Org, batchId: string) => (await app.inject({ url: `/agents/calls/batches/${batchId}`, headers: headers(org.key) })).body.replace(/"request_id":"[^"]+"/g, '')
    for (const org of orgs) for (const id of batchesOf(org.accountId)) before.set(id, await view(org, id))

    const pair = fc.tuple(fc.nat({ max: orgs.length - 1 }), fc.nat({ max: orgs.length - 2 }))
      .map(([a, b]) => [orgs[a], orgs[b >= a ? b + 1 : b]] as const)
    const stripId = (body: string) => body.replace(/"request_id":"[^"]+"/, '"request_id":""')
    let cases = 0
    await fc.assert(fc.asyncProperty(pair, fc.constantFrom(...idRoutes), fc.nat(), fc.constantFrom('', '?limit=1', '?expand=transcript'), async ([owner, intruder], route, pick, q) => {
      cases++
      const param = /:(batch_id|call_id|agent_id)/.exec(route.path)![1] as 'batch_id' | 'call_id' | 'agent_id'
      const ids = idsOf(owner)[param]
      if (ids.length === 0) return
      const id = ids[pick % ids.length]
      const missing = id.slice(0, -4) + (id.endsWith('zzzz') ? 'yyyy' : 'zzzz')
      const send = (value: string) => app.inject({ method: route.method, url: fill(route.path, { [param]: value }) + (route.method === 'GET' ? q : ''), headers: headers(intruder.key) })
      const theirs = await send(id)
      const none = await send(missing)
      if (theirs.statusCode !== 404) throw new Error(`${intruder.accountId} got ${theirs.statusCode} for ${owner.accountId}'s ${id} via ${route.method} ${route.path}`)
      if (theirs.statusCode !== none.statusCode) throw new Error(`${route.path}: ${theirs.statusCode} vs ${none.statusCode}`)
      if (stripId(theirs.body) !== stripId(none.body).split(missing).join(id)) throw new Error(`${route.path}: bodies differ:\n${theirs.body}\n${none.body}`)
      const names = (r: typeof theirs) => Object.keys(r.headers).filter(h => h !== 'date').sort().join(',')
      if (names(theirs) !== names(none)) throw new Error(`${route.path}: headers differ`)
      if (theirs.body.includes(owner.accountId)) throw new Error('the owner\'s account id leaked')
    }), fcParams(600))
    t.comment(`cross-organization cases: ${cases}`)
    for (const org of orgs) {
      for (const id of batchesOf(org.accountId)) {
        if (await view(org, id) !== before.get(id)) t.fail(`${id} of ${org.accountId} changed through another organization's requests`)
      }
    }
    t.pass('no batch changed through another organization\'s requests')
  })

  t.test('cursors and filters of another organization are refused, never followed', async t => {
    const [a, b] = orgs
    const theirBatch = batchesOf(b.accountId)[0]
    const theirCall = callsOf(b.accountId)[0]
    const theirAgent = agentIdsOf(b.accountId)[0]
    const status = async (url: string) => (await app.inject({ url, headers: headers(a.key) })).statusCode
    t.equal(await status(`/agents/calls/batches?starting_after=${theirBatch}`), 400)
    t.equal(await status(`/agents/calls/batches?ending_before=${theirBatch}`), 400)
    t.same(json(await app.inject({ url: `/agents/calls/batches?agent_id=${theirAgent}`, headers: headers(a.key) })).data, [], 'another\'s agent filters to nothing')
    t.equal(await status(`/agents/calls?agent_id=${a.agent}&starting_after=${theirCall}`), 400)
    t.equal(await status(`/agents/calls?batch_id=${theirBatch}`), 404)
    t.equal(await status(`/agents/calls?agent_id=${theirAgent}`), 404)
  })
})
