/**
 * Account isolation on the Ultravox routes (read from the served OpenAPI document, so new routes
 * are covered): no key reads or changes another account's agents, batches or calls; the answer is
 * byte-identical to the one for an id that does not exist. (Other providers' keys on every Ultravox
 * route, and Ultravox keys on every other surface's: test/reliability/isolation.test.ts.)
 */
import t from 'tap'
import { routesOf } from '../../reliability/support.js'
import { DOCS, KEY, OTHER_KEY, advance, json, twilioCalls, uvApp, walk, type UltravoxApp } from './support.js'

const MISSING = '00000000-0000-4000-8000-000000000000'

interface Tenant { key: string, agents: string[], batches: Array<{ agent: string, batch: string }>, calls: string[] }

async function tenant (app: UltravoxApp, key: string): Promise<Tenant> {
  const agents = (await walk(app, '/api/agents?pageSize=100', key)).map(a => a.agentId)
  const batches: Tenant['batches'] = []
  const calls: string[] = []
  for (const agent of agents) {
    for (const b of await walk(app, `/api/agents/${agent}/scheduled_batches?pageSize=100`, key)) {
      batches.push({ agent, batch: b.batchId })
      if (calls.length < 20) calls.push(...(await walk(app, `/api/agents/${agent}/scheduled_batches/${b.batchId}/created_calls?pageSize=100`, key)).slice(0, 3).map(c => c.callId))
    }
  }
  return { key, agents, batches, calls }
}

t.test('no key reads or changes another account\'s records: the same bytes as a missing id', async t => {
  const app = await uvApp(t)
  // A third account made through the control API, with a batch of its own.
  const made = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', api_key: 'uv_third_key' } })
  t.equal(made.statusCode, 201)
  const thirdAgent = json(made).data.agents[0].agent_id
  t.equal((await app.uv({ method: 'POST', url: `/api/agents/${thirdAgent}/scheduled_batches`, key: 'uv_third_key', payload: { calls: twilioCalls(3) } })).statusCode, 201)
  await advance(app, 300)
  const tenants = [await tenant(app, KEY), await tenant(app, OTHER_KEY), await tenant(app, 'uv_third_key')]
  for (const x of tenants) t.ok(x.agents.length > 0 && x.batches.length > 0 && x.calls.length > 0, `${x.key} has records`)
  const routes = routesOf(app.swagger(), '/api').filter(r => !r.path.startsWith('/api/v1/public'))
  t.ok(routes.length >= 10, `${routes.length} Ultravox operations`)
  let checks = 0
  for (const owner of tenants) {
    for (const intruder of tenants.filter(x => x !== owner)) {
      const b = owner.batches[0]
      for (const route of routes) {
        const fill = (agent: string, batch: string, call: string) => route.path.replace(':agent_id', agent).replace(':batch_id', batch).replace(':call_id', call)
        const theirs = fill(b.agent, b.batch, owner.calls[0])
        const missing = fill(route.path.includes(':batch_id') ? intruder.batches[0].agent : MISSING, MISSING, MISSING)
        if (theirs === missing || !/:(agent|batch|call)_id/.test(route.path)) continue
        const payload = route.method === 'POST' ? { calls: twilioCalls(1) } : route.method === 'PATCH' ? { paused: true } : undefined
        const a = await app.uv({ method: route.method, url: theirs, key: intruder.key, payload })
        const m = await app.uv({ method: route.method, url: missing, key: intruder.key, payload })
        checks++
        if (a.statusCode !== 404 || a.body !== m.body) t.fail(`${intruder.key} on ${route.method} ${theirs}: ${a.statusCode} ${a.body.slice(0, 120)} (missing: ${m.statusCode} ${m.body})`)
      }
      for (const call of owner.calls) {
        for (const suffix of ['', '/messages', '/recording']) {
          const res = await app.uv({ url: `/api/calls/${call}${suffix}`, key: intruder.key })
          checks++
          if (res.statusCode !== 404 || res.body !== '{"detail":"Not found."}') t.fail(`${intruder.key} read call ${call}${suffix}: ${res.statusCode}`)
        }
      }
      const listed = (await walk(app, '/api/agents?pageSize=100', intruder.key)).map(a => a.agentId)
      t.notOk(listed.some(id => owner.agents.includes(id)), `${intruder.key} lists none of ${owner.key}'s agents`)
    }
  }
  t.ok(checks > 100, `${checks} cross-account requests, all 404`)
  // Nothing was changed by the attempts: the owners' batches are not paused or deleted by them.
  t.equal((await app.uv({ url: `/api/agents/${DOCS}/scheduled_batches/${DOCS}` })).statusCode, 200)
  const third = tenants[2].batches[0]
  t.equal(json(await app.uv({ url: `/api/agents/${third.agent}/scheduled_batches/${third.batch}`, key: 'uv_third_key' })).paused, false)
})
