/**
 * Account isolation (OWASP API1, broken object-level authorization): for random pairs of accounts
 * and every public route that takes a batch id (read from the served OpenAPI document, so new
 * routes are covered without editing this file), no batch, call or result of one account is ever
 * visible to, or changeable by, another: the answer is byte-identical to the one for a missing id.
 * Accounts: the seeded ones, plus accounts made through POST /__admin/accounts when that route
 * exists, with batches made through POST /api/v1/public/call-batches when that route exists.
 * Then every public surface (the table in support.ts): each provider's keys are refused on every
 * other provider's routes, and on every route with an id each seeded account's records answer the
 * other account exactly as missing ones do (the surfaces' own suites, test/surfaces/cartesia/
 * ownership.test.ts and test/surfaces/ultravox/isolation.test.ts, add accounts made through the
 * control API, random pairs and lists).
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, routesOf, surfaceRoutes, SURFACES } from './support.js'
import { SEEDED_KEYS } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any
const publicRoutes = routesOf(doc, '/api/v1/public')
const adminRoutes = routesOf(doc, '/__admin')
const hasCreate = publicRoutes.some(r => r.method === 'POST' && r.path === '/api/v1/public/call-batches')
const hasAdminAccounts = adminRoutes.some(r => r.method === 'POST' && r.path === '/__admin/accounts')

interface Tenant { accountId: string, keys: string[] }
const tenants: Tenant[] = [
  { accountId: 'acc_abc123', keys: [SEEDED_KEYS.main, SEEDED_KEYS.docsExample] },
  { accountId: 'acc_def456', keys: [SEEDED_KEYS.other] }
]
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

if (hasAdminAccounts) {
  for (let i = 0; i < 3; i++) {
    const res = await send({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ account_id: `acc_iso${i}`, api_key: `sk_isolation_${i}_key` }) })
    if (res.statusCode !== 201) throw new Error(`creating an account failed: ${res.body}`)
    tenants.push({ accountId: `acc_iso${i}`, keys: [`sk_isolation_${i}_key`] })
  }
}

/** A valid create body for an account: its first agent and that agent's current version. */
function createBody (accountId: string, n: number): string {
  const agent = app.db.prepare('SELECT agent_id, current_version FROM agents WHERE account_id = ? ORDER BY agent_id LIMIT 1').get(accountId) as { agent_id: string, current_version: string }
  return JSON.stringify({
    agent_name: agent.agent_id,
    version_name: agent.current_version,
    contacts: Array.from({ length: 3 }, (_v, j) => ({ contact_id: `iso-${accountId}-${n}-${j}`, phone_number: `9198765${String(n).padStart(3, '0')}${j}${j}`, name: `Contact ${j}` }))
  })
}

let created = 0
{
  for (const tenant of tenants) {
    for (let n = 0; n < 2; n++) {
      const res = await send({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...bearer(tenant.keys[0]), 'content-type': 'application/json' }, payload: createBody(tenant.accountId, n) })
      if (res.statusCode !== 201) throw new Error(`create failed for ${tenant.accountId}: ${res.body}`)
      created++
    }
  }
}

const batchesOf = (accountId: string) => app.db.prepare('SELECT schedule_id FROM batches WHERE account_id = ? ORDER BY schedule_id').pluck().all(accountId) as string[]
const idRoutes = publicRoutes.filter(r => r.hasBatchId)
/** Everything an account's batch looks like to its owner: detail, calls and results JSON. */
const ownerView = async (tenant: Tenant, id: string) => {
  const parts: string[] = []
  for (const suffix of ['', '/calls?limit=500', '/results?limit=500']) {
    parts.push((await send({ url: `/api/v1/public/call-batches/${id}${suffix}`, headers: bearer(tenant.keys[0]) })).body)
  }
  return parts.join('\n')
}

t.test('the tenants', async t => {
  t.ok(tenants.length >= 2, `${tenants.length} accounts${hasAdminAccounts ? ' (3 made through /__admin/accounts)' : ''}`)
  t.ok(idRoutes.length >= 3, `routes with a batch id: ${idRoutes.map(r => `${r.method} ${r.path}`).join(', ')}`)
  t.ok(hasCreate, 'POST /api/v1/public/call-batches is documented')
  t.ok(created > 0, `${created} batches created through the API`)
  for (const tenant of tenants) t.ok(batchesOf(tenant.accountId).length > 0, `${tenant.accountId} owns batches`)
})

t.test('lists: each account sees exactly its own batches', async t => {
  for (const tenant of tenants) {
    for (const key of tenant.keys) {
      const seen: string[] = []
      for (let page = 1; page < 100; page++) {
        const body = JSON.parse((await send({ url: `/api/v1/public/call-batches?limit=100&page=${page}`, headers: bearer(key) })).body)
        seen.push(...body.data.items.map((b: any) => b.schedule_id))
        if (body.data.has_more !== true) break
      }
      t.same(seen.sort(), batchesOf(tenant.accountId), `${tenant.accountId} via ${key.slice(0, 8)}…`)
    }
    const me = JSON.parse((await send({ url: '/api/v1/public/me', headers: bearer(tenant.keys[0]) })).body)
    t.equal(me.data.account_id, tenant.accountId, '/me is the key\'s own account')
  }
})

t.test('random pairs of accounts × every batch-id route: another tenant\'s batch is indistinguishable from a missing one', async t => {
  const before = new Map<string, string>()
  for (const tenant of tenants) for (const id of batchesOf(tenant.accountId)) before.set(id, await ownerView(tenant, id))

  const pair = fc.tuple(fc.nat({ max: tenants.length - 1 }), fc.nat({ max: tenants.length - 2 }))
    .map(([a, b]) => [tenants[a], tenants[b >= a ? b + 1 : b]] as const)
  const query = fc.constantFrom('', '?limit=1', '?page=2', '?status=completed', '?limit=500&page=1', '?external_id=101')
  const body = fc.constantFrom('{}', '{"reason":"x"}', '[]', '')
  let cases = 0
  await fc.assert(fc.asyncProperty(pair, fc.nat(), fc.constantFrom(...idRoutes), query, body, fc.nat(), async ([owner, intruder], pick, route, q, payload, keyPick) => {
    cases++
    const ids = batchesOf(owner.accountId)
    const id = ids[pick % ids.length]
    // A missing id of the same length and shape, so the two answers can be compared byte for byte.
    const missing = id.slice(0, -4) + (id.endsWith('zzzz') ? 'yyyy' : 'zzzz')
    const key = intruder.keys[keyPick % intruder.keys.length]
    const headers: Record<string, string> = { ...bearer(key) }
    if (route.method !== 'GET' && payload !== '') headers['content-type'] = 'application/json'
    const opts = (batchId: string) => ({ method: route.method, url: fill(route.path, { batch_id: batchId }) + (route.method === 'GET' ? q : ''), headers, payload: route.method === 'GET' ? undefined : payload })
    const theirs = await send(opts(id))
    const none = await send(opts(missing))
    if (route.method === 'GET' && theirs.statusCode !== 404) throw new Error(`${intruder.accountId} read ${owner.accountId}'s ${id} via ${route.path}: ${theirs.statusCode}`)
    if (theirs.statusCode === 200 || theirs.statusCode === 201 || theirs.statusCode === 202) throw new Error(`${intruder.accountId} acted on ${owner.accountId}'s ${id} via ${route.method} ${route.path}: ${theirs.statusCode}`)
    if (theirs.statusCode !== none.statusCode) throw new Error(`${route.method} ${route.path}: another's batch ${theirs.statusCode}, missing ${none.statusCode}`)
    if (theirs.body !== none.body.split(missing).join(id)) throw new Error(`${route.method} ${route.path}: bodies differ:\n${theirs.body}\n${none.body}`)
    const names = (r: typeof theirs) => Object.keys(r.headers).filter(h => h !== 'date').sort().join(',')
    if (names(theirs) !== names(none)) throw new Error(`${route.path}: headers differ: ${names(theirs)} vs ${names(none)}`)
    if (theirs.headers['content-length'] !== none.headers['content-length']) throw new Error('content-length differs')
    if (theirs.body.includes(owner.accountId)) throw new Error('the owner\'s account id leaked')
  }), fcParams(1000))
  t.comment(`cross-account cases: ${cases}`)

  for (const tenant of tenants) {
    for (const id of batchesOf(tenant.accountId)) {
      if (await ownerView(tenant, id) !== before.get(id)) t.fail(`${id} of ${tenant.accountId} changed after other tenants' requests`)
    }
  }
  t.pass('no batch changed through another tenant\'s requests')
})

t.test('calls of one tenant never appear in another tenant\'s call search', async t => {
  const externalIds = app.db.prepare(`SELECT DISTINCT c.external_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id
    WHERE b.account_id = ? LIMIT 20`).pluck().all(tenants[0].accountId) as string[]
  for (const intruder of tenants.slice(1)) {
    for (const batchId of batchesOf(intruder.accountId).slice(0, 3)) {
      for (const ext of externalIds.slice(0, 5)) {
        const res = JSON.parse((await send({ url: `/api/v1/public/call-batches/${batchId}/calls?external_id=${encodeURIComponent(ext)}`, headers: bearer(intruder.keys[0]) })).body)
        for (const call of res.data.items) {
          const owner = app.db.prepare('SELECT b.account_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE c.call_id = ?').pluck().get(call.call_id)
          t.equal(owner, intruder.accountId, `call ${String(call.call_id)} belongs to the caller`)
        }
      }
    }
  }
})

t.test('a disabled account\'s key opens nothing, not even its own batches', async t => {
  const own = batchesOf('acc_ghi789')
  t.ok(own.length > 0)
  for (const route of idRoutes) {
    const res = await send({ method: route.method, url: fill(route.path, { batch_id: own[0] }), headers: { ...bearer(SEEDED_KEYS.disabled), ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) }, payload: route.method === 'GET' ? undefined : '{}' })
    t.equal(res.statusCode, 403, `${route.method} ${route.path}`)
  }
})

t.test('rate limits are per key: one tenant (or a flood of bad keys) never spends another\'s budget', async t => {
  const limited = await checkedApp(t, { rateLimitPerMinute: 5 })
  const me = (key: string) => limited.send({ url: '/api/v1/public/me', headers: bearer(key) })
  for (let i = 0; i < 5; i++) t.equal((await me(SEEDED_KEYS.main)).statusCode, 200)
  t.equal((await me(SEEDED_KEYS.main)).statusCode, 429, 'the sixth request of acc_abc123 is limited')
  t.equal((await me(SEEDED_KEYS.docsExample)).statusCode, 200, 'another key of the same account has its own budget')
  // Unknown keys are counted per client address; they stay 401 (401 comes before 429).
  for (let i = 0; i < 20; i++) t.equal((await me(`sk_bad_${i}`)).statusCode, 401)
  const other = await me(SEEDED_KEYS.other)
  t.equal(other.statusCode, 200, 'acc_def456 is untouched by both floods')
  t.equal(other.headers['x-ratelimit-remaining'], '4')
})

t.test('with ADMIN_TOKEN set, no customer key opens any /__admin route', async t => {
  const guarded = await checkedApp(t, { adminToken: 'adm_reliability_token', clock: 'manual' })
  const doc = guarded.app.swagger() as any
  // Routes declared open (`security: []`) are the dashboard's files, which hold no data: the page
  // asks for the token and sends it with every control API request (docs/dashboard.md).
  const open = (r: { method: string, path: string }): boolean => {
    const security = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.security
    return Array.isArray(security) && security.length === 0
  }
  const all = routesOf(doc, '/__admin')
  t.same(all.filter(open).map(r => `${r.method} ${r.path}`), ['GET /__admin/ui', 'GET /__admin/ui/:file'], 'only the dashboard\'s files open without the token')
  const routes = all.filter(r => !open(r))
  t.ok(routes.length > 0, `${routes.length} admin routes`)
  const keys = [...Object.values(SEEDED_KEYS), 'adm_reliability_tokenx', '', 'adm_reliability_toke']
  for (const route of routes) {
    const url = fill(route.path, { batch_id: 'sched_7bac6f2a', account_id: 'acc_abc123', id: 'scn_1', delivery_id: 'dlv_1' })
    for (const key of keys) {
      for (const headers of [bearer(key), { 'x-admin-token': key }]) {
        const res = await guarded.send({ method: route.method, url, headers: { ...headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) }, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}' })
        if (res.statusCode !== 401) t.fail(`${route.method} ${url} with ${JSON.stringify(headers).slice(0, 60)}: ${res.statusCode}`)
      }
    }
  }
  const ok = await guarded.send({ url: '/__admin/accounts', headers: { 'x-admin-token': 'adm_reliability_token' } })
  t.equal(ok.statusCode, 200, 'the admin token itself works')
})

t.test('every surface: a key of one provider is refused on every route of every other provider, in that surface\'s body', async t => {
  const { app: a, send: check } = await checkedApp(t, { clock: 'manual' })
  const doc = a.swagger()
  let cases = 0
  for (const target of SURFACES) {
    const routes = surfaceRoutes(doc, target)
    for (const holder of SURFACES.filter(s => s !== target)) {
      for (const key of [holder.keys.main, holder.keys.other]) {
        // The target surface's own ways of sending a key, and the holder's (what its client would send).
        for (const headers of [...target.authVariants(key), ...holder.authVariants(key)]) {
          for (const route of routes) {
            cases++
            const res = await check({ method: route.method, url: fill(route.path, target.params(a)), headers: { ...headers, ...(route.hasBody ? { 'content-type': 'application/json' } : {}) }, payload: route.hasBody ? '{}' : undefined })
            if (res.statusCode !== 401) t.fail(`${holder.name} key on ${target.name} ${route.method} ${route.path} with ${Object.keys(headers).join('+')}: ${res.statusCode}`)
          }
        }
      }
    }
  }
  t.comment(`cross-provider cases: ${cases}, all 401 in the target surface's body, 0 5xx`)
  t.ok(cases > 300, `${cases} cross-provider requests`)
})

t.test('every surface: another account\'s records answer exactly as missing ones, on every route with an id, and nothing changes', async t => {
  const { app: a, send: check } = await checkedApp(t, { clock: 'manual' })
  const doc = a.swagger()
  /** An account's records, as the ids its routes take. */
  const paramsOf = (accountId: string): Record<string, string> => {
    const row = a.db.prepare(`SELECT b.schedule_id, b.agent_id, c.call_id FROM batches b JOIN calls c ON c.batch_id = b.schedule_id
      WHERE b.account_id = ? AND b.deleted_at IS NULL AND c.status = 'completed' ORDER BY b.schedule_id, c.call_id LIMIT 1`).get(accountId) as { schedule_id: string, agent_id: string, call_id: string }
    return { batch_id: row.schedule_id, agent_id: row.agent_id, call_id: row.call_id }
  }
  /** An id of the same shape that names nothing. */
  const missing = (id: string) => id.slice(0, -4) + (id.endsWith('0000') ? '1111' : '0000')
  let cases = 0
  for (const surface of SURFACES) {
    const routes = surfaceRoutes(doc, surface).filter(r => /:(batch_id|agent_id|call_id)/.test(r.path))
    t.ok(routes.length >= 3, `${surface.name}: ${routes.length} routes with an id`)
    for (const [owner, intruder] of [[surface.accounts.main, surface.keys.other], [surface.accounts.other, surface.keys.main]] as const) {
      const theirs = paramsOf(owner)
      const none = Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, missing(v)]))
      const view = async () => {
        const ownerKey = owner === surface.accounts.main ? surface.keys.main : surface.keys.other
        const parts: string[] = []
        for (const route of routes.filter(r => r.method === 'GET')) parts.push(surface.stable((await check({ url: fill(route.path, theirs), headers: surface.headers(ownerKey) })).body))
        return parts.join('\n')
      }
      const before = await view()
      for (const route of routes) {
        cases++
        const opts = (params: Record<string, string>) => ({ method: route.method, url: fill(route.path, params), headers: { ...surface.headers(intruder), ...(route.hasBody ? { 'content-type': 'application/json' } : {}) }, payload: route.hasBody ? '{"paused":true}' : undefined })
        const a1 = await check(opts(theirs))
        const a2 = await check(opts(none))
        const what = `${surface.name} ${route.method} ${route.path}: ${intruder} on ${owner}'s records`
        if (a1.statusCode < 400) t.fail(`${what}: ${a1.statusCode}`)
        const same = (body: string) => Object.entries(theirs).reduce((b, [k, v]) => b.split(none[k]).join(v), surface.stable(body))
        if (a1.statusCode !== a2.statusCode || surface.stable(a1.body) !== same(a2.body)) t.fail(`${what}: ${a1.statusCode} ${a1.body.slice(0, 160)}; a missing id: ${a2.statusCode} ${a2.body.slice(0, 160)}`)
        const names = (r: { headers: Record<string, unknown> }) => Object.keys(r.headers).filter(h => !surface.volatileHeaders.includes(h)).sort().join(',')
        if (names(a1) !== names(a2)) t.fail(`${what}: headers differ`)
        if (a1.body.includes(owner)) t.fail(`${what}: the owner's account id shows`)
      }
      t.equal(await view(), before, `${surface.name}: ${owner}'s records unchanged by the other account's requests`)
    }
  }
  t.comment(`cross-account cases (every id route, both directions, every surface): ${cases}, 0 5xx`)
})
