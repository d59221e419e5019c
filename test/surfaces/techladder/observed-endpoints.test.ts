/**
 * The endpoints the live API has and the docs lack: GET /agents, GET /calls/{call_id}/result and
 * POST /calls/test. Observed profile only: in the documented profile each is an unknown route,
 * whatever the method, body or content type.
 */
import t from 'tap'
import { auth, json, KEY, OTHER_KEY } from '../../helper.js'
import { advance, AGENT, createOk, manualApp, START, VERSION } from './lifecycle-support.js'
import type { App } from '../../../src/http/app.js'
import { techladderIds } from '../../../src/surfaces/techladder/ids.js'

const P = '/api/v1/public'
const get = async (app: App, url: string, key = KEY) => app.inject({ url: `${P}${url}`, headers: auth(key) })
const testCall = async (app: App, payload: unknown, key = KEY, type = 'application/json') =>
  app.inject({ method: 'POST', url: `${P}/calls/test`, headers: { ...auth(key), 'content-type': type }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
const routeNotFound = (method: string, path: string) => JSON.stringify({
  status_code: 404, message: 'Route not found', error: { code: 'NOT_FOUND', details: [`No route matches ${method} ${path}`] }, data: null
})

t.test('documented profile: every observed-only path is an unknown route, for any method, body or content type', async t => {
  const app = await manualApp(t)
  const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
    ['GET', `${P}/agents`, {}, undefined],
    ['GET', `${P}/agents?limit=0`, {}, undefined],
    ['DELETE', `${P}/agents`, {}, undefined],
    ['POST', `${P}/agents`, { 'content-type': 'application/json' }, '{}'],
    ['GET', `${P}/calls/call_a1b2c3d4/result`, {}, undefined],
    ['PUT', `${P}/calls/call_a1b2c3d4/result`, {}, undefined],
    ['POST', `${P}/calls/test`, { 'content-type': 'application/json' }, JSON.stringify({ agent_id: AGENT, phone_number: '15005550006' })],
    ['POST', `${P}/calls/test`, { 'content-type': 'application/json' }, '{not json'],
    ['POST', `${P}/calls/test`, { 'content-type': 'text/plain' }, 'hello'],
    ['POST', `${P}/calls/test`, {}, undefined],
    ['GET', `${P}/calls/test`, {}, undefined]
  ]
  for (const [method, url, headers, payload] of cases) {
    const res = await app.inject({ method: method as 'GET', url, headers: { ...auth(), ...headers }, payload })
    t.equal(res.statusCode, 404, `${method} ${url}`)
    t.equal(res.body, routeNotFound(method, url.split('?')[0]), `${method} ${url}: the documented unknown-route body`)
  }
  // The guard still runs first: no key is a 401, as on every path.
  t.equal((await app.inject({ url: `${P}/agents` })).statusCode, 401)
})

t.test('GET /agents: the account\'s agents in the list envelope', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const res = await get(app, '/agents')
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.equal(body.message, 'Agents fetched successfully')
  const own = app.repos.accounts.listAgents('acc_abc123')
  t.ok(own.length >= 2)
  t.same(body.data, {
    items: own.map(a => ({ agent_id: a.agent_id, agent_name: a.agent_name, current_version: a.current_version })),
    total: own.length, page: 1, limit: 50, has_more: false
  })
  t.ok(body.data.items.some((a: any) => a.agent_id === AGENT && a.agent_name === 'Customer Outreach Agent' && a.current_version === VERSION))
  const page2 = json(await get(app, '/agents?limit=1&page=2')).data
  t.same(page2, { items: [body.data.items[1]], total: own.length, page: 2, limit: 1, has_more: own.length > 2 })
  t.same(json(await get(app, '/agents?page=99')).data.items, [])
  const bad = await get(app, '/agents?limit=101')
  t.equal(bad.statusCode, 422)
  t.same(json(bad).error.details, ['limit: Must be an integer between 1 and 100'])
  // Another account sees only its own agents.
  const theirs = json(await get(app, '/agents', OTHER_KEY)).data.items.map((a: any) => a.agent_id)
  const mine = body.data.items.map((a: any) => a.agent_id)
  t.ok(theirs.length > 0)
  t.same(theirs.filter((id: string) => mine.includes(id)), [])
})

t.test('GET /calls/{call_id}/result: a batch call\'s result, found by its id alone', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const batch = await createOk(t, app, { agent_name: AGENT, version_name: VERSION, start_mode: 'immediate', contacts: [{ contact_id: 'r-1', name: 'Ravi Kumar', phone_number: '15005550006' }] })
  const callId = json(await get(app, `/call-batches/${batch.batch_id}/calls`)).data.items[0].call_id
  const early = json(await get(app, `/calls/${callId}/result`))
  t.equal(early.message, 'Call result fetched successfully')
  t.match(early.data, { batch_id: batch.batch_id, call_id: callId, external_id: 'r-1', name: 'Ravi Kumar', call_status: 'queued', completed_at: null, llm_transcript: null, recording_available: false })
  await advance(app, 200)
  const done = json(await get(app, `/calls/${callId}/result`)).data
  const item = json(await get(app, `/call-batches/${batch.batch_id}/results`)).data.items[0]
  t.same(done, { batch_id: batch.batch_id, ...item }, 'the results item, with its batch')
  t.same(Object.keys(done), ['batch_id', ...Object.keys(item)])
  t.match(done, { call_status: 'completed', duration_seconds: 95, answer_duration_seconds: 90, recording_available: true, transcript_status: 'ready', analysis_status: 'ready' })
  t.match(done.llm_transcript, /^Agent: Hello Ravi, this is Customer Outreach Agent calling\./)
  t.type(done.completed_at, 'string')

  const missing = await get(app, '/calls/call_00000000/result')
  t.equal(missing.statusCode, 404)
  t.equal(missing.body, JSON.stringify({ status_code: 404, message: 'Call not found', error: { code: 'NOT_FOUND', details: ['No call found with id call_00000000'] }, data: null }))
  const foreign = await get(app, `/calls/${callId}/result`, OTHER_KEY)
  t.equal(foreign.body, missing.body.replace('call_00000000', callId), 'another account\'s call: the same 404 as a missing one')
})

t.test('GET /calls/call_a1b2c3d4/result: the docs show that id in two batches; the Results example answers', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const both = app.repos.calls.byCallId('call_a1b2c3d4').map(c => c.batch_id).sort()
  t.same(both, ['sched_5d398018', 'sched_7bac6f2a'], 'the id is in both documented batches')
  const res = json(await get(app, '/calls/call_a1b2c3d4/result'))
  t.equal(res.data.batch_id, 'sched_5d398018', 'the most recently dialed call (the completed Results example), not the never-dialed List Batch Calls example')
  t.match(res.data, { call_status: 'completed', duration_seconds: 145, summary: 'Customer was interested in the product demo. Agreed to a follow-up call next week.', completed_at: '2026-05-15T08:32:30Z' })
  t.equal(json(await get(app, '/calls/call_a1b2c3d4/result')).data.llm_transcript, res.data.llm_transcript, 'the same answer every time')
  t.equal((await get(app, '/calls/call_a1b2c3d4/result', OTHER_KEY)).statusCode, 404)
})

t.test('GET /calls/{call_id}/result: a retried call\'s earlier id answers the attempt as it ended', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const batch = await createOk(t, app, { agent_name: AGENT, version_name: VERSION, start_mode: 'immediate', contacts: [{ contact_id: 'b-1', phone_number: '15005550003' }] })
  await advance(app, 60)
  const first = json(await get(app, `/call-batches/${batch.batch_id}/calls`)).data.items[0].call_id
  // TechLadder has no retry endpoint; the core's lever dials the busy call again as a new attempt.
  app.simulation.retry(batch.batch_id, techladderIds(app.config.seed))
  const now = app.repos.calls.get(batch.batch_id, 1)!
  t.not(now.call_id, first, 'the retry has a new call id')
  const old = json(await get(app, `/calls/${first}/result`)).data
  t.match(old, { batch_id: batch.batch_id, call_id: first, external_id: 'b-1', call_status: 'busy', duration_seconds: 3, disconnect_reason: 'busy' })
  const latest = json(await get(app, `/calls/${now.call_id}/result`)).data
  t.match(latest, { call_id: now.call_id, call_status: 'queued' })
})

t.test('POST /calls/test: one call placed at once, its result readable by call id, never a listed batch', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const listBefore = (await get(app, '/call-batches?limit=100')).body
  const res = await testCall(app, { agent_id: AGENT, version_id: VERSION, channel: 'telephony', phone_number: '15005550006', external_id: 'ext-9', recording_enabled: true, voice: 'Raj' })
  t.equal(res.statusCode, 201)
  const body = json(res)
  t.equal(body.status_code, 201)
  t.equal(body.message, 'Test call created successfully')
  t.same(Object.keys(body.data), ['call_id', 'agent_id', 'version_id', 'channel', 'phone_number', 'external_id', 'voice', 'recording_enabled', 'call_status', 'created_at'])
  t.match(body.data, { call_id: /^call_[0-9a-f]{8}$/, agent_id: AGENT, version_id: VERSION, channel: 'telephony', phone_number: '15005550006', external_id: 'ext-9', voice: 'Raj', recording_enabled: true, call_status: 'queued', created_at: START })
  const id = body.data.call_id

  t.equal((await get(app, '/call-batches?limit=100')).body, listBefore, 'the batch list does not change')
  const hidden = app.repos.calls.byCallId(id)[0].batch_id
  for (const path of ['', '/calls', '/results']) {
    t.equal((await get(app, `/call-batches/${hidden}${path}`)).statusCode, 404, `the test call's batch is not found by its id (${path || 'get'})`)
  }
  t.equal(json(await get(app, `/calls/${id}/result`)).data.batch_id, null)
  await advance(app, 200)
  const result = json(await get(app, `/calls/${id}/result`)).data
  t.match(result, { batch_id: null, call_id: id, external_id: 'ext-9', phone_number: '15005550006', call_status: 'completed', duration_seconds: 95, recording_available: true })
  t.type(result.summary, 'string')
  t.type(result.llm_transcript, 'string')
  t.equal((await get(app, `/calls/${id}/result`, OTHER_KEY)).statusCode, 404, 'another account cannot read it')

  // Defaults: the agent's current version and voice, telephony, recording on, external_id "test".
  const minimal = json(await testCall(app, { agent_id: AGENT, phone_number: '+15005550001' })).data
  t.match(minimal, { version_id: VERSION, voice: 'Tara', channel: 'telephony', recording_enabled: true, external_id: 'test', phone_number: '15005550001' })
  await advance(app, 5)
  t.match(json(await get(app, `/calls/${minimal.call_id}/result`)).data, { call_status: 'failed', duration_seconds: 0, summary: null, llm_transcript: null })
  t.equal(json(await testCall(app, { agent_id: AGENT, phone_number: '15005550006', recording_enabled: false })).data.recording_enabled, false)
  t.same(json(await testCall(app, { agent_id: AGENT, phone_number: '15005550006', external_id: 7 })).data.external_id, '7', 'an integer external_id is taken as its digits, as in Create')
})

t.test('POST /calls/test: refusals', async t => {
  const app = await manualApp(t, { profile: 'observed' })
  const bad = await testCall(app, { channel: 'web', phone_number: '12', recording_enabled: 'yes', voice: 7, version_id: [] })
  t.equal(bad.statusCode, 400)
  t.same(json(bad).error, {
    code: 'VALIDATION_ERROR',
    details: ['agent_id: This field is required', 'version_id: Must be of type string', 'channel: Must be one of telephony',
      'phone_number: Must be at least 10 digits', 'recording_enabled: Must be of type boolean', 'voice: Must be of type string']
  })
  const types = await testCall(app, { agent_id: 12, phone_number: 15005550001, external_id: true, channel: null, voice: null })
  t.same(json(types).error.details, ['agent_id: Must be of type string', 'phone_number: Must be of type string', 'external_id: Must be of type string'], 'never coerced; null is absent')
  t.same(json(await testCall(app, [])).error.details, ['body: Must be a JSON object'])
  t.same(json(await testCall(app, '{"agent_id":')).error.details, ['body: Must be valid JSON'])
  t.equal((await testCall(app, { agent_id: AGENT, phone_number: '15005550006' }, KEY, 'text/plain')).statusCode, 415)
  const noAgent = await testCall(app, { agent_id: 'agt-nope', phone_number: '15005550006' })
  t.equal(noAgent.statusCode, 404)
  t.same(json(noAgent).error.details, ['No agent found with id agt-nope'])
  const theirAgent = app.repos.accounts.listAgents('acc_def456')[0].agent_id
  t.equal((await testCall(app, { agent_id: theirAgent, phone_number: '15005550006' })).statusCode, 404, 'another account\'s agent is not found')
  const noVersion = await testCall(app, { agent_id: AGENT, version_id: 'pmt-0000000000', phone_number: '15005550006' })
  t.equal(noVersion.statusCode, 404)
  t.same(json(noVersion).error.details, [`No prompt version found with id pmt-0000000000 for agent ${AGENT}`])
  t.equal(app.repos.calls.byCallId('x').length, 0)
  t.equal(app.db.prepare("SELECT COUNT(*) FROM batches WHERE extra LIKE '%test_call%'").pluck().get(), 0, 'no refused test call left a record')
})
