/**
 * Accounts made through the control API for Ultravox work at once: a key in Ultravox's shape, a UUID
 * agent with a published revision, batches that run; the journal shows only a hint of the key,
 * from either header.
 */
import t from 'tap'
import { advance, json, twilioCalls, uvApp, walk } from './support.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

t.test('POST /__admin/accounts {"provider": "ultravox"} makes a working account', async t => {
  const app = await uvApp(t)
  const res = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox' } })
  t.equal(res.statusCode, 201)
  const account = json(res).data
  t.equal(account.provider, 'ultravox')
  const key = account.api_keys[0].api_key
  t.match(key, /^[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$/, 'a key shaped like Ultravox\'s')
  const agent = account.agents[0]
  t.match(agent.agent_id, UUID)
  t.match(agent.current_version, UUID)
  const listed = json(await app.uv({ url: '/api/agents', key }))
  t.equal(listed.total, 1)
  t.match(listed.results[0], { agentId: agent.agent_id, publishedRevisionId: agent.current_version, statistics: { calls: 0 } })
  const created = await app.uv({ method: 'POST', url: `/api/agents/${agent.agent_id}/scheduled_batches`, key, payload: { calls: twilioCalls(4) } })
  t.equal(created.statusCode, 201)
  await advance(app, 3600)
  t.equal((await walk(app, `/api/agents/${agent.agent_id}/scheduled_batches/${json(created).batchId}/created_calls`, key)).length, 4)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: { authorization: `Bearer ${key}` } })).statusCode, 401, 'not a TechLadder key')
  const given = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', api_key: 'Zk9Ht7Lm.wX7pN9fM3kLj6tRq2bGhA8yE5cZvD4sT', agent_id: '11111111-2222-4333-8444-555555555555', version_id: '66666666-7777-4888-8999-000000000000' } })
  t.equal(given.statusCode, 201)
  t.equal(json(await app.uv({ url: '/api/agents/11111111-2222-4333-8444-555555555555', key: 'Zk9Ht7Lm.wX7pN9fM3kLj6tRq2bGhA8yE5cZvD4sT' })).publishedRevisionId, '66666666-7777-4888-8999-000000000000')
  const bad = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', agent_id: 'agt-1234' } })
  t.equal(bad.statusCode, 400, 'Ultravox agent ids are UUIDs')
})

t.test('the journal shows a hint of the key, from X-API-Key or X-Unsafe-API-Key', async t => {
  const app = await uvApp(t)
  await app.uv({ url: '/api/agents' })
  await app.uv({ url: '/api/agents', key: null, headers: { 'x-unsafe-api-key': 'uv_other_key' } })
  const items = json(await app.inject({ url: '/__admin/journal' })).data.items
  const mine = items.filter((e: any) => e.path === '/api/agents')
  t.equal(mine.length, 2)
  for (const e of mine) {
    t.match(e.key_hint, /^uv_?…k?ey$/)
    t.notOk(JSON.stringify(e).includes('uv_test_key') || JSON.stringify(e).includes('uv_other_key'), 'never the whole key')
    t.equal(e.status, 200)
  }
  t.same(mine.map((e: any) => e.account_id).sort(), ['acc_uv_main', 'acc_uv_other'])
})
