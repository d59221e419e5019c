/**
 * Account isolation for the observed-only endpoints and across profiles: no key reads another
 * account's call (a batch call or a test call) or agent; another account's call id answers exactly
 * what a missing one does; test calls are in no batch list; and an account's profile never changes
 * what another account gets. Tenants: the seeded accounts and three made through the control API,
 * on a server whose profile is documented, with the accounts' own profiles mixed.
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams } from '../../reliability/support.js'
import { SEEDED_KEYS } from '../../helper.js'

const P = '/api/v1/public'
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const json = (res: { body: string }) => JSON.parse(res.body)

const { app, send } = await checkedApp(t, { clock: 'manual' })

interface Tenant { accountId: string, key: string }
const tenants: Tenant[] = [
  { accountId: 'acc_abc123', key: SEEDED_KEYS.main },
  { accountId: 'acc_def456', key: SEEDED_KEYS.other }
]
for (let i = 0; i < 3; i++) {
  const res = await send({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ account_id: `acc_obs${i}`, api_key: `sk_observed_iso_${i}`, profile: i === 2 ? null : 'observed' }) })
  if (res.statusCode !== 201) throw new Error(res.body)
  tenants.push({ accountId: `acc_obs${i}`, key: `sk_observed_iso_${i}` })
}
// Every tenant answers observed (the seeded ones through the control API) but acc_obs2, which keeps the server's documented.
for (const id of ['acc_abc123', 'acc_def456']) {
  const res = await send({ method: 'POST', url: `/__admin/accounts/${id}/profile`, headers: { 'content-type': 'application/json' }, payload: '{"profile":"observed"}' })
  if (res.statusCode !== 200) throw new Error(res.body)
}
const observed = tenants.filter(x => x.accountId !== 'acc_obs2')

// Each observed tenant places two test calls and one batch.
for (const tenant of observed) {
  const agent = app.repos.accounts.listAgents(tenant.accountId)[0]
  for (const phone of ['15005550006', '15005550001']) {
    const res = await send({ method: 'POST', url: `${P}/calls/test`, headers: { ...bearer(tenant.key), 'content-type': 'application/json' }, payload: JSON.stringify({ agent_id: agent.agent_id, phone_number: phone, external_id: `${tenant.accountId}-t` }) })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  const res = await send({ method: 'POST', url: `${P}/call-batches`, headers: { ...bearer(tenant.key), 'content-type': 'application/json' }, payload: JSON.stringify({ agent_name: agent.agent_id, version_name: agent.current_version, start_mode: 'immediate', contacts: [{ external_id: 'a', phone_number: '15005550004' }, { external_id: 'b', phone_number: '919800000001' }] }) })
  if (res.statusCode !== 201) throw new Error(res.body)
}
await send({ method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/json' }, payload: '{"seconds":300}' })

const callsOf = (accountId: string) => app.db.prepare('SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.account_id = ? ORDER BY c.call_id').pluck().all(accountId) as string[]
const testCallBatches = new Set(app.db.prepare("SELECT schedule_id FROM batches WHERE extra LIKE '%test_call%'").pluck().all() as string[])

t.test('the tenants', async t => {
  t.equal(testCallBatches.size, observed.length * 2, 'two test calls per observed tenant')
  for (const tenant of tenants) t.ok(callsOf(tenant.accountId).length > 0 || tenant.accountId === 'acc_obs2', tenant.accountId)
})

t.test('every tenant reads each of its own calls, test calls included', async t => {
  for (const tenant of observed) {
    for (const id of callsOf(tenant.accountId).slice(0, 60)) {
      const res = await send({ url: `${P}/calls/${id}/result`, headers: bearer(tenant.key) })
      if (res.statusCode !== 200 || json(res).data.call_id !== id) t.fail(`${tenant.accountId} ${id}: ${res.statusCode}`)
    }
  }
  t.pass('read')
})

t.test('random pairs of tenants: another account\'s call id answers exactly what a missing one does', async t => {
  const pair = fc.tuple(fc.nat({ max: observed.length - 1 }), fc.nat({ max: tenants.length - 2 }))
    .map(([a, b]) => {
      const owner = observed[a]
      const others = tenants.filter(x => x !== owner)
      return [owner, others[b % others.length]] as const
    })
  let cases = 0
  await fc.assert(fc.asyncProperty(pair, fc.nat(), async ([owner, intruder], pick) => {
    cases++
    const ids = callsOf(owner.accountId)
    const id = ids[pick % ids.length]
    const missing = id.slice(0, -4) + (id.endsWith('zzzz') ? 'yyyy' : 'zzzz')
    const theirs = await send({ url: `${P}/calls/${id}/result`, headers: bearer(intruder.key) })
    const none = await send({ url: `${P}/calls/${missing}/result`, headers: bearer(intruder.key) })
    if (theirs.statusCode !== 404) throw new Error(`${intruder.accountId} read ${owner.accountId}'s call ${id}: ${theirs.statusCode}`)
    if (theirs.body !== none.body.split(missing).join(id)) throw new Error(`bodies differ:\n${theirs.body}\n${none.body}`)
    if (theirs.headers['content-length'] !== none.headers['content-length']) throw new Error('content-length differs')
    if (theirs.body.includes(owner.accountId)) throw new Error('the owner\'s account id leaked')
  }), fcParams(600))
  t.comment(`cases: ${cases}`)
})

t.test('agents: each tenant sees exactly its own', async t => {
  for (const tenant of observed) {
    const seen = json(await send({ url: `${P}/agents?limit=100`, headers: bearer(tenant.key) })).data.items.map((a: any) => a.agent_id).sort()
    t.same(seen, app.repos.accounts.listAgents(tenant.accountId).map(a => a.agent_id).sort(), tenant.accountId)
  }
  const documented = await send({ url: `${P}/agents`, headers: bearer('sk_observed_iso_2') })
  t.equal(documented.statusCode, 404, 'the tenant that keeps the server\'s documented profile has no /agents')
})

t.test('batch lists: each tenant sees exactly its own batches, never a test call', async t => {
  for (const tenant of tenants) {
    const seen: string[] = []
    for (let page = 1; page < 100; page++) {
      const data = json(await send({ url: `${P}/call-batches?limit=100&page=${page}`, headers: bearer(tenant.key) })).data
      seen.push(...data.items.map((b: any) => b.schedule_id))
      if (data.has_more !== true) break
    }
    const expected = (app.db.prepare('SELECT schedule_id FROM batches WHERE account_id = ? ORDER BY schedule_id').pluck().all(tenant.accountId) as string[])
      .filter(id => !testCallBatches.has(id))
    t.same(seen.sort(), expected, tenant.accountId)
    for (const status of ['active', 'completed']) {
      const items = json(await send({ url: `${P}/call-batches?status=${status}&limit=100`, headers: bearer(tenant.key) })).data.items
      t.notOk(items.some((b: any) => testCallBatches.has(b.schedule_id)), `${tenant.accountId} ${status}`)
    }
  }
  for (const id of testCallBatches) {
    for (const tenant of tenants) {
      if ((await send({ url: `${P}/call-batches/${id}/results`, headers: bearer(tenant.key) })).statusCode !== 404) t.fail(`${id} found by ${tenant.accountId}`)
    }
  }
})

t.test('one account\'s profile never changes another\'s answers', async t => {
  const read = async (key: string) => (await send({ url: `${P}/call-batches?limit=3`, headers: bearer(key) })).body
  const before = await read('sk_observed_iso_2')
  t.notOk(json({ body: before }).data.items.some((b: any) => 'batch_id' in b), 'acc_obs2 answers documented')
  await send({ method: 'POST', url: '/__admin/accounts/acc_obs0/profile', headers: { 'content-type': 'application/json' }, payload: '{"profile":"documented"}' })
  t.equal(await read('sk_observed_iso_2'), before)
  t.ok(json({ body: await read(SEEDED_KEYS.main) }).data.items.every((b: any) => b.batch_id === b.schedule_id), 'acc_abc123 still observed')
  t.equal((await send({ url: `${P}/agents`, headers: bearer('sk_observed_iso_0') })).statusCode, 404, 'acc_obs0 now documented')
})
