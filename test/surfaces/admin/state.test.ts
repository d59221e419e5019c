// Reset, reseed, export and import (fixtures): the whole-state controls of /__admin.
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../../helper.js'
import type { App } from '../../../src/http/app.js'

/** The public responses a client would see: every list, detail, calls and results page, for two keys. */
async function publicView (app: App): Promise<string[]> {
  const out: string[] = []
  for (const key of [KEY, OTHER_KEY]) {
    const me = await app.inject({ url: '/api/v1/public/me', headers: auth(key) })
    out.push(me.body)
    const list = await app.inject({ url: '/api/v1/public/call-batches?limit=100', headers: auth(key) })
    out.push(list.body)
    for (const b of (json(list).data?.items ?? []).slice(0, 6)) {
      for (const suffix of ['', '/calls?limit=500', '/results?limit=500', '/calls?status=completed']) {
        const res = await app.inject({ url: `/api/v1/public/call-batches/${b.schedule_id as string}${suffix}`, headers: auth(key) })
        out.push(`${res.statusCode} ${res.body}`)
      }
    }
  }
  return out
}

t.test('POST /__admin/reset restores the seeded state', async (t) => {
  const app = await build(t)
  const before = await publicView(app)
  const seededAccounts = json(await app.inject({ url: '/__admin/accounts' })).data.length
  // Change the state: a new account, a disabled one, a scenario.
  const created = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_extra' } })
  t.equal(created.statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/disable' })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).statusCode, 403)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { action: { status: 500 } } })

  let emitted = 0
  app.storeEvents.on('state-replaced', () => { emitted++ })
  const res = await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.same(body.data.seed, { seed: app.config.seed, batches_per_account: 12, calls_per_batch: 40 })
  t.equal(body.data.counts.accounts, seededAccounts, 'the seeded accounts of every provider, and only them')
  t.equal(emitted, 1, 'state-replaced emitted once')
  t.equal(json(await app.inject({ url: '/__admin/journal' })).data.total, 0, 'journal cleared')
  t.same(await publicView(app), before, 'same public responses as a fresh server')
  t.equal(json(await app.inject({ url: '/__admin/scenarios' })).data.length, 0, 'scenarios cleared')
  t.equal(json(await app.inject({ url: '/__admin/accounts/acc_extra' })).status_code, 404)
})

t.test('reset clears every table, including tables added by later migrations', async (t) => {
  const app = await build(t)
  app.db.exec('CREATE TABLE IF NOT EXISTS zz_extra_feature (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)')
  app.db.prepare("INSERT INTO zz_extra_feature (v) VALUES ('x')").run()
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(app.db.prepare('SELECT COUNT(*) FROM zz_extra_feature').pluck().get(), 0)
})

t.test('POST /__admin/reseed seeds with other options; reset goes back to the start-up ones', async (t) => {
  const app = await build(t)
  const before = await publicView(app)
  const res = await app.inject({ method: 'POST', url: '/__admin/reseed', payload: { seed: 7, batches_per_account: 2, calls_per_batch: 5 } })
  t.equal(res.statusCode, 200)
  t.same(json(res).data.seed, { seed: 7, batches_per_account: 2, calls_per_batch: 5 })
  const list = json(await app.inject({ url: '/api/v1/public/call-batches?limit=100', headers: auth(OTHER_KEY) }))
  t.equal(list.data.total, 2, 'the other account has 2 synthetic batches')
  const bad = await app.inject({ method: 'POST', url: '/__admin/reseed', payload: { seed: -1, calls_per_batch: 'x' } })
  t.equal(bad.statusCode, 400)
  t.equal(json(bad).error.code, 'VALIDATION_ERROR')
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.same(await publicView(app), before)
})

t.test('fixture round trip: export, reset, import gives identical responses', async (t) => {
  const app = await build(t)
  // A state unlike the seed: a new account with a key, a disabled account.
  await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_roundtrip', api_key: 'sk_roundtrip_key' } })
  await app.inject({ method: 'POST', url: '/__admin/accounts/acc_def456/disable' })
  const before = await publicView(app)
  const exported = await app.inject({ url: '/__admin/state' })
  t.equal(exported.statusCode, 200)
  t.match(exported.headers['content-type'], /application\/json/)
  const fixture = json(exported)
  t.equal(fixture.version, 1)
  t.ok(fixture.calls.length > 100)

  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.not((await publicView(app)).join(), before.join(), 'reset changed the state')
  let emitted = 0
  app.storeEvents.on('state-replaced', () => { emitted++ })
  const imported = await app.inject({ method: 'PUT', url: '/__admin/state', payload: fixture })
  t.equal(imported.statusCode, 200, imported.body.slice(0, 500))
  t.equal(json(imported).data.counts.calls, fixture.calls.length)
  t.equal(emitted, 1)
  t.same(await publicView(app), before, 'identical public responses')
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth('sk_roundtrip_key') })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/__admin/state' })).body, exported.body, 'export after import is byte-identical')
})

t.test('a fixture that fails validation is refused whole, naming each bad record', async (t) => {
  const app = await build(t)
  const fixture = json(await app.inject({ url: '/__admin/state' }))
  const pristine = (await app.inject({ url: '/__admin/state' })).body

  const cases: Array<[string, (f: any) => void, RegExp]> = [
    ['bad batch status', f => { f.batches[3].status = 'running' }, /^batches\[3\]\.status: Must be one of pending, active, completed, failed, cancelled$/],
    ['bad id prefix', f => { f.accounts[1].account_id = 'x_1' }, /^accounts\[1\]\.account_id: Must start with acc_$/],
    ['unknown account', f => { f.api_keys[0].account_id = 'acc_nobody' }, /^api_keys\[0\]\.account_id: No account acc_nobody in accounts$/],
    ['unknown batch', f => { f.calls[5].batch_id = 'sched_nope' }, /^calls\[5\]\.batch_id: No batch sched_nope in batches$/],
    ['counter mismatch', f => { f.batches[0].completed_contacts += 1; f.batches[0].pending_contacts -= 1 }, /^batches\[0\]: Counters/],
    ['total mismatch', f => { f.batches[2].total_contacts += 1; f.batches[2].pending_contacts += 1 }, /^batches\[2\]\.total_contacts: Is \d+ but calls holds/],
    ['sum mismatch', f => { f.batches[4].total_contacts += 5 }, /^batches\[4\]\.total_contacts: Must equal completed_contacts \+ failed_contacts \+ pending_contacts$/],
    ['call status', f => { f.calls[7].status = 'done' }, /^calls\[7\]\.status: Must be one of pending, queued/],
    ['missing field', f => { delete f.calls[1].phone_number }, /^calls\[1\]\.phone_number: This field is required$/],
    ['duplicate key', f => { f.api_keys[1].api_key = f.api_keys[0].api_key }, /^api_keys\[1\]\.api_key: Duplicate key$/],
    ['bad version', f => { f.version = 2 }, /^version: Must be 1$/],
    ['bad time', f => { f.accounts[0].created_at = 'yesterday' }, /^accounts\[0\]\.created_at: Must be an ISO 8601 date-time$/]
  ]
  for (const [name, mutate, detail] of cases) {
    const f = structuredClone(fixture)
    mutate(f)
    const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: f })
    t.equal(res.statusCode, 400, name)
    const body = json(res)
    t.equal(body.message, 'Invalid fixture', name)
    t.equal(body.error.code, 'VALIDATION_ERROR', name)
    t.match(body.error.details[0], detail, `${name}: ${String(body.error.details[0])}`)
  }
  const notObject = await app.inject({ method: 'PUT', url: '/__admin/state', payload: [1, 2] })
  t.equal(notObject.statusCode, 400)
  t.equal((await app.inject({ url: '/__admin/state' })).body, pristine, 'nothing changed')
})

t.test('a minimal hand-written fixture loads; missing arrays mean empty', async (t) => {
  const app = await build(t)
  const fixture = {
    version: 1,
    accounts: [{ account_id: 'acc_min', name: 'Min', email: 'min@example.com', api_enabled: true, max_batch_size: 100, max_concurrent_calls: 2, max_call_duration_seconds: 60, rate_limit_per_minute: null, webhook_secret: 'whsec_min', created_at: '2026-05-14T09:00:00Z' }],
    api_keys: [{ api_key: 'sk_min_key', account_id: 'acc_min', active: true, created_at: '2026-05-14T09:00:00Z' }]
  }
  const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: fixture })
  t.equal(res.statusCode, 200, res.body)
  t.same(json(res).data.counts, { accounts: 1, api_keys: 1, agents: 0, batches: 0, calls: 0 })
  const list = json(await app.inject({ url: '/api/v1/public/call-batches', headers: auth('sk_min_key') }))
  t.equal(list.data.total, 0)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).statusCode, 401, 'seeded keys are gone')
})

t.test('the simulation follows a swapped state: an imported active batch runs on', async (t) => {
  const app = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z' })
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: auth(),
    payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', contacts: [1, 2, 3, 4].map(i => ({ contact_id: `c-${i}`, phone_number: `91980000000${i}` })) }
  })
  t.equal(created.statusCode, 201)
  const id = json(created).data.schedule_id as string
  const snapshot = json(await app.inject({ url: '/__admin/state' }))
  t.equal(snapshot.batches.find((b: any) => b.schedule_id === id).status, 'active')

  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await app.inject({ url: `/api/v1/public/call-batches/${id}`, headers: auth() })).statusCode, 404, 'gone after reset')
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/state', payload: snapshot })).statusCode, 200)
  const advanced = await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3 * 3600 } })
  t.equal(advanced.statusCode, 200)
  const batch = json(await app.inject({ url: `/api/v1/public/call-batches/${id}`, headers: auth() })).data
  t.equal(batch.pending_contacts, 0, 'the imported batch ran to the end')
  t.ok(['completed', 'failed'].includes(batch.status))
})

t.test('other features\' state rides along: raw tables and extra columns', async (t) => {
  const app = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z' })
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: auth(),
    payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', contacts: [1, 2].map(i => ({ contact_id: `c-${i}`, phone_number: `91980000000${i}` })) }
  })
  const id = json(created).data.schedule_id as string
  t.equal((await app.inject({ method: 'POST', url: `/__admin/batches/${id}/pause` })).statusCode, 200)
  const fixture = json(await app.inject({ url: '/__admin/state' }))
  t.equal(fixture.batches.find((b: any) => b.schedule_id === id).paused, 1, 'a column added by a later migration is an extra field')
  t.ok(Array.isArray(fixture.tables.sim_events), 'tables other features add are exported raw')
  t.notOk('calls' in fixture.tables || 'batches' in fixture.tables, 'record tables are not repeated')

  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await app.inject({ method: 'PUT', url: '/__admin/state', payload: fixture })).statusCode, 200)
  t.equal(json(await app.inject({ url: `/__admin/batches/${id}` })).data.paused, true, 'the pause is restored')

  const bad = async (mutate: (f: any) => void) => {
    const f = structuredClone(fixture)
    mutate(f)
    const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: f })
    t.equal(res.statusCode, 400)
    return json(res).error.details[0] as string
  }
  t.equal(await bad(f => { f.tables.nope = [] }), 'tables.nope: No such table')
  t.equal(await bad(f => { f.tables.calls = [] }), 'tables.calls: Is covered by the record arrays')
  t.equal(await bad(f => { f.tables.sim_events = [{ bogus: 1 }] }), 'tables.sim_events[0].bogus: No such column')
  t.match(await bad(f => { f.tables.sim_events = [{ due_ms: 1, batch_id: 'sched_gone', seq: 1, kind: 'dial' }] }), /^tables\.sim_events: A row \(rowid \d+\) references a missing batches record$/)
  t.equal(await bad(f => { f.tables = [] }), 'tables: Must be an object of arrays of rows')
  t.equal(json(await app.inject({ url: `/__admin/batches/${id}` })).data.paused, true, 'refused fixtures changed nothing')
})

t.test('the fixture example of the control API page loads', async (t) => {
  const { readFileSync } = await import('node:fs')
  const doc = readFileSync(new URL('../../../docs/control-api.md', import.meta.url), 'utf8')
  const section = doc.slice(doc.indexOf('### Fixture format'))
  const example = JSON.parse(section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7)))
  const app = await build(t)
  const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: example })
  t.equal(res.statusCode, 200, res.body)
  const results = json(await app.inject({ url: '/api/v1/public/call-batches/sched_0000aaaa/results', headers: auth('sk_min_key') }))
  t.equal(results.data.items[0].external_id, 'c-1')
})
