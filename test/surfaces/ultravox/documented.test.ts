/**
 * The docs' example, answered with its own bytes: Get Scheduled Call Batch for
 * 3c90c3cc-0d44-4b50-8888-8dd25736052a (agent and batch) is the example body, its "<string>"
 * placeholders as null; 123 scheduled calls behind it (118 created, 5 errored); frozen: the
 * simulation never moves it and the API cannot change it. And the seeded data in every state.
 */
import t from 'tap'
import { DOCS, OTHER_KEY, advance, batchUrl, batchesUrl, json, uvApp, walk } from './support.js'

/** The example of docs.ultravox.ai's Get Scheduled Call Batch page, "<string>" placeholders as null. */
const EXAMPLE = '{"batchId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","created":"2023-11-07T05:31:56Z","totalCount":123,"completedCount":123,"endedAt":"2023-11-07T05:31:56Z","windowStart":"2023-11-07T05:31:56Z","windowEnd":"2023-11-07T05:31:56Z","webhookUrl":null,"webhookSecret":null,"paused":true}'

t.test('the docs example answers its own bytes, and never moves', async t => {
  const app = await uvApp(t)
  const res = await app.uv({ url: batchUrl(DOCS) })
  t.equal(res.statusCode, 200)
  t.equal(res.body, EXAMPLE, 'byte for byte')
  t.match(res.headers['content-type'], /^application\/json/)
  await advance(app, 7 * 86400)
  t.equal((await app.uv({ url: batchUrl(DOCS) })).body, EXAMPLE, 'a week later: the same bytes')
  const listed = await walk(app, `${batchesUrl(DOCS)}?pageSize=100`)
  t.equal(JSON.stringify(listed.find(b => b.batchId === DOCS)), EXAMPLE, 'the list item is the same')
})

t.test('123 scheduled calls behind it: 118 created (SUCCESS), 5 errored (ERROR, no call)', async t => {
  const app = await uvApp(t)
  const calls = await walk(app, `${batchUrl(DOCS)}/scheduled_calls?pageSize=100`)
  t.equal(calls.length, 123)
  t.equal(calls.filter(c => c.status === 'SUCCESS').length, 118)
  const errored = calls.filter(c => c.status === 'ERROR')
  t.equal(errored.length, 5)
  for (const c of errored) t.match(c, { callId: null, error: String, batchId: DOCS })
  for (const c of calls.filter(c => c.status === 'SUCCESS')) t.match(c, { callId: /^[0-9a-f-]{36}$/, error: null })
  const created = await walk(app, `${batchUrl(DOCS)}/created_calls?pageSize=100`)
  t.equal(created.length, 118)
  t.ok(created.every(c => c.created === '2023-11-07T05:31:56Z' && c.ended !== null && c.endReason !== null), 'created at the example instant, all ended')
  t.same(new Set(created.map(c => c.callId)), new Set(calls.filter(c => c.status === 'SUCCESS').map(c => c.callId)), 'the created calls are the SUCCESS ones')
  const first = json(await app.uv({ url: `${batchUrl(DOCS)}/scheduled_calls?pageSize=1` }))
  t.equal(first.total, 123)
})

t.test('the docs agent; the example cannot be changed or deleted (403)', async t => {
  const app = await uvApp(t)
  const agent = json(await app.uv({ url: `/api/agents/${DOCS}` }))
  t.match(agent, { agentId: DOCS, name: 'Docs Example Agent', created: '2023-11-07T05:31:56Z', statistics: { calls: Number } })
  t.ok(agent.statistics.calls >= 118, 'its calls are counted')
  const patch = await app.uv({ method: 'PATCH', url: batchUrl(DOCS), payload: { paused: false } })
  t.equal(patch.statusCode, 403)
  t.same(json(patch), { detail: 'This batch is the documentation\'s example and cannot be changed.' })
  t.equal((await app.uv({ method: 'DELETE', url: batchUrl(DOCS) })).statusCode, 403)
  t.equal((await app.uv({ url: batchUrl(DOCS) })).body, EXAMPLE, 'unchanged')
  t.equal((await app.uv({ url: batchUrl(DOCS), key: OTHER_KEY })).statusCode, 404, 'another account does not see it')
})

t.test('seeded batches in every state, for both accounts', async t => {
  const app = await uvApp(t)
  for (const key of ['uv_test_key', OTHER_KEY]) {
    const agents = await walk(app, '/api/agents?pageSize=100', key)
    t.ok(agents.length >= 3, `${key}: agents`)
    const batches: any[] = []
    for (const a of agents) for (const b of await walk(app, `${batchesUrl(a.agentId)}?pageSize=100`, key)) batches.push({ ...b, agentId: a.agentId })
    const statuses = async (b: any) => (await walk(app, `${batchUrl(b.batchId, b.agentId)}/scheduled_calls?pageSize=100`, key)).map(c => c.status)
    const future = batches.filter(b => b.windowStart !== null && b.completedCount === 0 && b.endedAt === null)
    t.ok(future.length > 0, `${key}: a batch with a future window`)
    for (const b of future) t.ok((await statuses(b)).every((s: string) => s === 'FUTURE'))
    const running = batches.filter(b => b.endedAt === null && b.completedCount > 0 && !b.paused)
    t.ok(running.length > 0, `${key}: a running batch`)
    t.ok(batches.some(b => b.endedAt === null && b.completedCount > 0 && b.paused), `${key}: a batch paused mid-way`)
    const ended = batches.filter(b => b.endedAt !== null)
    t.ok(ended.length > 0, `${key}: ended batches`)
    let expired = false
    let errored = false
    for (const b of ended) {
      const s = await statuses(b)
      t.notOk(s.includes('FUTURE') || s.includes('PENDING'), 'an ended batch has nothing waiting')
      t.equal(b.completedCount, s.filter((x: string) => x === 'SUCCESS' || x === 'ERROR').length, 'completedCount = SUCCESS + ERROR')
      expired ||= s.includes('EXPIRED')
      errored ||= s.includes('ERROR')
    }
    t.ok(expired, `${key}: expired calls`)
    t.ok(errored, `${key}: errored calls`)
    t.ok(ended.some(b => b.paused && b.windowEnd !== null), `${key}: ended after the window closed while paused`)
    const webrtc = batches.find(b => b.webhookUrl !== null)
    t.ok(webrtc !== undefined, `${key}: a non-outgoing batch with a webhook`)
    t.match(webrtc.webhookSecret, /^[0-9a-f]{64}$/)
    const one = json(await app.uv({ url: `${batchUrl(webrtc.batchId, webrtc.agentId)}/scheduled_calls?pageSize=1`, key }))
    t.same(one.results[0].medium, { webRtc: {} })
  }
})

t.test('the same seed gives the same data; ids are UUIDs', async t => {
  const a = await uvApp(t)
  const b = await uvApp(t)
  const agentsA = (await a.uv({ url: '/api/agents?pageSize=100' })).body
  t.equal((await b.uv({ url: '/api/agents?pageSize=100' })).body, agentsA)
  const first = json(await a.uv({ url: '/api/agents?pageSize=100' })).results
  for (const g of first) {
    t.match(g.agentId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$|^3c90c3cc/)
    const listA = (await a.uv({ url: `${batchesUrl(g.agentId)}?pageSize=100` })).body
    t.equal((await b.uv({ url: `${batchesUrl(g.agentId)}?pageSize=100` })).body, listA)
  }
})
