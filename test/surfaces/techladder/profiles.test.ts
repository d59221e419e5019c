/**
 * The two response profiles: documented (the docs' shapes, the default, byte-exact) and observed
 * (the live API's shapes as third-party client code reads them). The server's --profile, an
 * account's own profile (control API, create-account body, fixtures) winning over it, and the
 * body cache keeping each profile's bodies apart.
 */
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../../helper.js'
import { GET_BATCH_BODY, RESULT_EXAMPLE_ITEM } from '../../docs-examples.js'
import type { App } from '../../../src/http/app.js'

const P = '/api/v1/public'
const get = async (app: App, url: string, key = KEY) => app.inject({ url: `${P}${url}`, headers: auth(key) })
const setProfile = async (app: App, accountId: string, profile: string | null) =>
  app.inject({ method: 'POST', url: `/__admin/accounts/${accountId}/profile`, payload: { profile } })

/** The docs' Results example item, mapped as the observed profile maps it. */
function observedExampleItem (transcript: unknown) {
  const { status, recording, ended_at: endedAt, started_at: startedAt, ...rest } = RESULT_EXAMPLE_ITEM as any
  const { outcomes, summary, analysis_status: analysis, transcript_status: transcriptStatus, disconnect_reason: reason, answer_duration_seconds: answer, duration_seconds: duration, call_id: callId, external_id: externalId, phone_number: phone, name } = rest
  return {
    call_id: callId, external_id: externalId, phone_number: phone, name, call_status: status, duration_seconds: duration,
    answer_duration_seconds: answer, disconnect_reason: reason, transcript_status: transcriptStatus, analysis_status: analysis,
    summary, outcomes, llm_transcript: transcript, recording_available: recording.available, started_at: startedAt, completed_at: endedAt
  }
}

t.test('documented (the default): the docs\' shapes, no observed field anywhere', async t => {
  const app = await build(t)
  t.equal(app.config.profile, 'documented')
  const batch = await get(app, '/call-batches/sched_7bac6f2a')
  t.equal(batch.body, JSON.stringify(GET_BATCH_BODY), 'Get Batch byte for byte')
  const results = json(await get(app, '/call-batches/sched_5d398018/results?limit=2')).data
  t.same(Object.keys(results), ['items', 'total', 'page', 'limit', 'has_more'], 'no batch status in results data')
  t.equal(JSON.stringify(results.items[0]), JSON.stringify(RESULT_EXAMPLE_ITEM))
  const list = json(await get(app, '/call-batches?limit=3')).data
  for (const item of list.items) t.equal(Object.keys(item)[0], 'schedule_id', 'list items start with schedule_id')
  t.notOk(list.items.some((i: any) => 'batch_id' in i))
})

t.test('observed (--profile observed): batch_id, results renamed, batch status in results data', async t => {
  const app = await build(t, { profile: 'observed' })
  const batch = await get(app, '/call-batches/sched_7bac6f2a')
  t.equal(batch.statusCode, 200)
  const expected = { ...GET_BATCH_BODY, data: { batch_id: 'sched_7bac6f2a', ...GET_BATCH_BODY.data } }
  t.equal(batch.body, JSON.stringify(expected), 'batch_id first, then every documented field as documented')

  const results = json(await get(app, '/call-batches/sched_5d398018/results?limit=2'))
  t.same(Object.keys(results.data), ['items', 'total', 'page', 'limit', 'has_more', 'status'])
  t.equal(results.data.status, 'completed', 'the batch status beside the page fields')
  t.same({ total: results.data.total, page: results.data.page, limit: results.data.limit, has_more: results.data.has_more }, { total: 150, page: 1, limit: 2, has_more: true })
  const first = results.data.items[0]
  t.type(first.llm_transcript, 'string', 'an answered call with a ready transcript has one')
  t.equal(JSON.stringify(first), JSON.stringify(observedExampleItem(first.llm_transcript)), 'the documented item, renamed field by field, in order')
  t.match(first.llm_transcript, /^Agent: Hello John, this is Customer Outreach Agent calling\.\n/)
  t.match(first.llm_transcript, /\nUser: [^\n]+$/, 'ends with the user\'s turn')
  for (const item of results.data.items) {
    for (const gone of ['status', 'ended_at', 'recording']) t.notOk(gone in item, `no ${gone}`)
  }

  const list = json(await get(app, '/call-batches?limit=5')).data
  t.ok(list.items.length > 0)
  for (const item of list.items) {
    t.equal(Object.keys(item)[0], 'batch_id')
    t.equal(item.batch_id, item.schedule_id)
  }
})

t.test('observed llm_transcript: null until the call ended with a conversation, deterministic', async t => {
  const app = await build(t, { profile: 'observed' })
  const all = json(await get(app, '/call-batches/sched_7bac6f2a/results?limit=500')).data.items
  const answered = all.filter((i: any) => i.call_status === 'completed' && i.answer_duration_seconds > 0 && i.transcript_status === 'ready')
  const others = all.filter((i: any) => !(i.call_status === 'completed' && i.answer_duration_seconds > 0 && i.transcript_status === 'ready'))
  t.ok(answered.length > 10 && others.length > 10)
  for (const i of answered) t.match(i.llm_transcript, /^Agent: .+(\n(Agent|User): .+)+$/)
  for (const i of others) t.equal(i.llm_transcript, null, `${i.call_id} (${i.call_status}, transcript ${i.transcript_status})`)
  const again = await build(t, { profile: 'observed', seed: 99 })
  const other = json(await get(again, '/call-batches/sched_7bac6f2a/results?limit=500')).data.items
  t.same(other.map((i: any) => i.llm_transcript), all.map((i: any) => i.llm_transcript), 'the docs\' batches read the same on any seed')
  // Two answered calls of one batch rarely say the same thing.
  t.ok(new Set(answered.map((i: any) => i.llm_transcript)).size > answered.length / 2)
})

t.test('what does not differ: /me, List Batch Calls, Create (batch_id already) and every error body', async t => {
  const doc = await build(t)
  const obs = await build(t, { profile: 'observed' })
  for (const url of ['/me', '/call-batches/sched_7bac6f2a/calls?external_id=101', '/call-batches/sched_7bac6f2a/calls?limit=7&page=3',
    '/call-batches/sched_bdb2b840', '/call-batches/sched_bdb2b840/results', '/call-batches?status=running', '/nope']) {
    const [a, b] = [await get(doc, url), await get(obs, url)]
    t.equal(b.statusCode, a.statusCode, url)
    t.equal(b.body, a.body, url)
  }
  const payload = { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', contacts: [{ contact_id: 'c-1', phone_number: '919800000001' }] }
  const created = await Promise.all([doc, obs].map(async app => json(await app.inject({ method: 'POST', url: `${P}/call-batches`, headers: auth(), payload }))))
  t.same(Object.keys(created[1].data), Object.keys(created[0].data))
  t.equal(created[1].data.batch_id, created[1].data.schedule_id)
})

t.test('an account\'s own profile wins over the server\'s, both ways, from the next request', async t => {
  const app = await build(t)
  const before = await get(app, '/call-batches/sched_7bac6f2a')
  t.notOk('batch_id' in json(before).data)

  const set = await setProfile(app, 'acc_abc123', 'observed')
  t.equal(set.statusCode, 200)
  t.equal(json(set).data.profile, 'observed')
  t.equal(json(set).message, 'Account profile set')
  // The body cache must not answer the documented body it built a moment ago.
  t.equal(json(await get(app, '/call-batches/sched_7bac6f2a')).data.batch_id, 'sched_7bac6f2a')
  t.equal(json(await get(app, '/call-batches/sched_5d398018/results?limit=1')).data.status, 'completed')
  t.equal((await get(app, '/agents')).statusCode, 200)
  // Another account on the same server keeps the server's profile.
  t.equal((await get(app, '/agents', OTHER_KEY)).statusCode, 404)
  t.notOk('batch_id' in json(await get(app, '/call-batches?limit=1', OTHER_KEY)).data.items[0])

  t.equal((await setProfile(app, 'acc_abc123', null)).statusCode, 200, 'null: back to the server\'s')
  t.equal((await get(app, '/call-batches/sched_7bac6f2a')).body, before.body, 'the documented bytes again')
  t.equal((await get(app, '/agents')).statusCode, 404)

  const observedServer = await build(t, { profile: 'observed' })
  await setProfile(observedServer, 'acc_abc123', 'documented')
  t.equal((await get(observedServer, '/call-batches/sched_7bac6f2a')).body, JSON.stringify(GET_BATCH_BODY), 'documented on an observed server')
  t.equal((await get(observedServer, '/agents')).statusCode, 404)
  t.equal((await get(observedServer, '/agents', OTHER_KEY)).statusCode, 200)
})

t.test('an account made with a profile, and a fixture carrying one', async t => {
  const app = await build(t)
  const made = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_live', api_key: 'sk_live_client_key', profile: 'observed' } })
  t.equal(made.statusCode, 201)
  t.equal((await get(app, '/agents', 'sk_live_client_key')).statusCode, 200)

  const fixture = json(await app.inject({ url: '/__admin/state' }))
  for (const a of fixture.accounts) if (a.account_id === 'acc_def456') a.profile = 'observed'
  const fresh = await build(t)
  const imported = await fresh.inject({ method: 'PUT', url: '/__admin/state', payload: fixture })
  t.equal(imported.statusCode, 200, imported.body.slice(0, 300))
  t.equal((await get(fresh, '/agents', OTHER_KEY)).statusCode, 200, 'the imported account answers observed')
  t.equal((await get(fresh, '/agents', 'sk_live_client_key')).statusCode, 200)
  t.equal((await get(fresh, '/agents')).statusCode, 404, 'acc_abc123 kept the server\'s')
  const bad = structuredClone(fixture)
  bad.accounts[0].profile = 'live'
  const refused = await fresh.inject({ method: 'PUT', url: '/__admin/state', payload: bad })
  t.equal(refused.statusCode, 400, 'an unknown profile in a fixture is refused')
})

t.test('POST /__admin/accounts/{id}/profile: refusals', async t => {
  const app = await build(t)
  const cases: Array<[string, unknown, number, RegExp]> = [
    ['acc_nope', { profile: 'observed' }, 404, /No account found with id acc_nope/],
    ['acc_abc123', { profile: 'live' }, 400, /profile: Must be one of documented, observed/],
    ['acc_abc123', { profile: 3 }, 400, /profile: Must be one of documented, observed/],
    ['acc_abc123', {}, 400, /profile/]
  ]
  for (const [id, payload, status, detail] of cases) {
    const res = await app.inject({ method: 'POST', url: `/__admin/accounts/${id}/profile`, payload: payload as object })
    t.equal(res.statusCode, status, JSON.stringify(payload))
    t.match(json(res).error.details.join(' '), detail)
  }
  // Another provider's account has one shape: a profile would do nothing there.
  app.repos.accounts.insertAccount({
    account_id: 'acc_carts', name: 'C', email: 'c@example.test', api_enabled: true, max_batch_size: 10, max_concurrent_calls: 1,
    max_call_duration_seconds: 60, rate_limit_per_minute: null, webhook_secret: 'whsec_x', created_at: '2026-01-01T00:00:00Z', provider: 'cartesia', profile: null
  })
  const other = await setProfile(app, 'acc_carts', 'observed')
  t.equal(other.statusCode, 400)
  t.match(json(other).error.details[0], /^profile: Only techladder accounts have a response profile/)
  t.equal(app.repos.accounts.getAccount('acc_carts')?.profile, null)
})

t.test('the OpenAPI document describes both profiles', async t => {
  const app = await build(t)
  const doc = json(await app.inject({ url: '/openapi.json' }))
  const shapes = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema
  for (const path of [`${P}/call-batches/{batch_id}`, `${P}/call-batches/{batch_id}/results`, `${P}/call-batches`]) {
    const s = shapes(path)
    t.equal(s.anyOf?.length, 2, path)
    t.same(s.anyOf.map((x: any) => x.title), ['documented profile', 'observed profile'], path)
  }
  t.ok(shapes(`${P}/call-batches/{batch_id}`).anyOf[1].properties.data.properties.batch_id)
  t.ok(shapes(`${P}/call-batches/{batch_id}/results`).anyOf[1].properties.data.properties.status)
  for (const [method, path] of [['get', `${P}/agents`], ['get', `${P}/calls/{call_id}/result`], ['post', `${P}/calls/test`]]) {
    const op = doc.paths[path]?.[method]
    t.ok(op, `${method} ${path}`)
    t.same(op.tags, ['Observed'])
    t.match(op.description, /Observed profile only/)
    t.ok(op.responses['404'], 'the documented profile\'s 404 is declared')
  }
  t.ok(doc.paths['/__admin/accounts/{account_id}/profile'].post)
})

t.test('on an observed server, the observed-only operations succeed from their OpenAPI examples ("Try it out")', async t => {
  const app = await build(t, { profile: 'observed', clock: 'manual' })
  const doc = json(await app.inject({ url: '/openapi.json' }))
  const agents = await app.inject({ url: `${P}/agents`, headers: auth() })
  t.equal(agents.statusCode, 200)
  const callId = doc.paths[`${P}/calls/{call_id}/result`].get.parameters.find((p: any) => p.name === 'call_id').example
  t.equal((await app.inject({ url: `${P}/calls/${callId}/result`, headers: auth() })).statusCode, 200, `call_id example ${String(callId)}`)
  const example = doc.paths[`${P}/calls/test`].post.requestBody.content['application/json'].example
  const placed = await app.inject({ method: 'POST', url: `${P}/calls/test`, headers: { ...auth(), 'content-type': 'application/json' }, payload: JSON.stringify(example) })
  t.equal(placed.statusCode, 201, placed.body.slice(0, 200))
})
