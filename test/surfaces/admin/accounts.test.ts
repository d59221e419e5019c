// Accounts and API keys through /__admin: create, disable/enable, add, rotate, revoke keys.
import t from 'tap'
import { auth, build, json, KEY } from '../../helper.js'

t.test('GET /__admin/accounts lists the seeded accounts with keys and agents', async (t) => {
  const app = await build(t)
  const res = await app.inject({ url: '/__admin/accounts' })
  t.equal(res.statusCode, 200)
  const all = json(res).data
  t.same(all.map((a: any) => a.account_id), all.map((a: any) => a.account_id).sort(), 'ordered by account id')
  // Every provider's seeded accounts are listed; TechLadder's are these three.
  const accounts = all.filter((a: any) => a.provider === 'techladder')
  t.same(accounts.map((a: any) => a.account_id), ['acc_abc123', 'acc_def456', 'acc_ghi789'])
  t.ok(accounts[0].api_keys.some((k: any) => k.api_key === KEY && k.active))
  t.ok(accounts[0].agents.length > 0)
  const one = await app.inject({ url: '/__admin/accounts/acc_def456' })
  t.equal(json(one).data.account_id, 'acc_def456')
  const missing = await app.inject({ url: '/__admin/accounts/acc_nobody' })
  t.equal(missing.statusCode, 404)
  t.same(json(missing).error, { code: 'NOT_FOUND', details: ['No account found with id acc_nobody'] })
})

t.test('POST /__admin/accounts creates a working account', async (t) => {
  const app = await build(t)
  const generated = await app.inject({ method: 'POST', url: '/__admin/accounts' })
  t.equal(generated.statusCode, 201)
  const acc = json(generated).data
  t.match(acc.account_id, /^acc_[0-9a-f]{8}$/)
  t.match(acc.api_keys[0].api_key, /^sk_test_/)
  t.match(acc.agents[0].agent_id, /^agt-[0-9a-f]{8}$/)
  t.match(acc.agents[0].current_version, /^pmt-[0-9a-f]{10}$/)
  const me = await app.inject({ url: '/api/v1/public/me', headers: auth(acc.api_keys[0].api_key) })
  t.equal(me.statusCode, 200)
  t.same(json(me).data.limits, { max_batch_size: 10000, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: 300 })
  const list = await app.inject({ url: '/api/v1/public/call-batches', headers: auth(acc.api_keys[0].api_key) })
  t.equal(json(list).data.total, 0, 'a new account has no batches')

  const given = await app.inject({
    method: 'POST',
    url: '/__admin/accounts',
    payload: { account_id: 'acc_given', name: 'Given Ltd', email: 'ops@given.example', api_key: 'sk_given_key', rate_limit_per_minute: 5, max_batch_size: 50, agent_id: 'agt-given01', version_id: 'pmt-given01' }
  })
  t.equal(given.statusCode, 201)
  const me2 = json(await app.inject({ url: '/api/v1/public/me', headers: auth('sk_given_key') })).data
  t.same(me2, { account_id: 'acc_given', name: 'Given Ltd', email: 'ops@given.example', limits: { max_batch_size: 50, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: 5 } })

  const dupAccount = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_given' } })
  t.equal(dupAccount.statusCode, 409)
  t.same(json(dupAccount).error.details, ['account_id: acc_given already exists'])
  const dupKey = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { api_key: KEY } })
  t.equal(dupKey.statusCode, 409)
  t.same(json(dupKey).error.details, ['api_key: Is already in use'])
  const bad = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'nope', api_key: 'pk_x', max_batch_size: 0 } })
  t.equal(bad.statusCode, 400)
  t.same(json(bad).error.details.sort(), [
    'account_id: Must be acc_ followed by 1 to 64 letters, digits, _ or -',
    'api_key: Must be sk_ followed by 4 to 200 letters, digits, _ or -',
    'max_batch_size: Must be at least 1'
  ])
})

t.test('disable and enable API access', async (t) => {
  const app = await build(t)
  const off = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/disable' })
  t.equal(off.statusCode, 200)
  t.equal(json(off).data.api_enabled, false)
  const denied = await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })
  t.equal(denied.statusCode, 403)
  t.equal(json(denied).error.code, 'FORBIDDEN')
  t.equal(json(await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/enable' })).data.api_enabled, true)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts/acc_nobody/disable' })).statusCode, 404)
})

t.test('add, rotate and revoke keys', async (t) => {
  const app = await build(t)
  const added = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys', payload: { api_key: 'sk_second_key' } })
  t.equal(added.statusCode, 201)
  t.same(json(added).data, { account_id: 'acc_abc123', api_key: 'sk_second_key', revoked: [] })
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth('sk_second_key') })).statusCode, 200)
  const generated = json(await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys' })).data.api_key
  t.match(generated, /^sk_test_/)

  // Rotate one key: it stops working, the new one works, the others keep working.
  const rotated = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys/rotate', payload: { api_key: 'sk_second_key', new_api_key: 'sk_third_key' } })
  t.equal(rotated.statusCode, 200)
  t.same(json(rotated).data, { account_id: 'acc_abc123', api_key: 'sk_third_key', revoked: ['sk_second_key'] })
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth('sk_second_key') })).statusCode, 401)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth('sk_third_key') })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).statusCode, 200)

  // Rotate without naming a key: every active key is revoked.
  const all = json(await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys/rotate' })).data
  t.ok(all.revoked.includes(KEY) && all.revoked.includes('sk_third_key') && all.revoked.includes(generated))
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).statusCode, 401)
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(all.api_key) })).statusCode, 200)

  const notMine = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_def456/keys/rotate', payload: { api_key: all.api_key } })
  t.equal(notMine.statusCode, 404)
  t.same(json(notMine).error.details, ['api_key: Is not a key of account acc_def456'])

  const revoked = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys/revoke', payload: { api_key: all.api_key } })
  t.equal(revoked.statusCode, 200)
  t.same(json(revoked).data.revoked, [all.api_key])
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(all.api_key) })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts/acc_abc123/keys/revoke', payload: { api_key: 'sk_unknown' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts/acc_nobody/keys' })).statusCode, 404)
})

t.test('ADMIN_TOKEN guards every admin route; customer keys never open it', async (t) => {
  const app = await build(t, { adminToken: 'let-me-in' })
  for (const [method, url] of [['GET', '/__admin/accounts'], ['POST', '/__admin/reset'], ['GET', '/__admin/journal'], ['GET', '/__admin/scenarios'], ['GET', '/__admin/state']] as const) {
    const none = await app.inject({ method, url })
    t.equal(none.statusCode, 401, `${method} ${url} without a token`)
    t.equal(json(none).error.code, 'UNAUTHORIZED')
    t.equal((await app.inject({ method, url, headers: auth(KEY) })).statusCode, 401, `${method} ${url} with a customer key`)
  }
  t.equal((await app.inject({ url: '/__admin/accounts', headers: { 'x-admin-token': 'let-me-in' } })).statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/accounts', headers: { authorization: 'Bearer let-me-in' } })).statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/accounts', headers: { authorization: 'Bearer let-me-ix' } })).statusCode, 401)
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'health stays open')
})
