// startMockServer as a user's test suite uses it: imported from the package entry, over real HTTP
// with fetch, controlled through the typed admin client.
import t from 'tap'
import { ControlError, startMockServer, type Fixture } from '../../src/index.js'

t.test('starts on a free port with seeded keys; close() stops it', async (t) => {
  const mock = await startMockServer({ batchesPerAccount: 2, callsPerBatch: 10 })
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(mock.keys.main, 'sk_your_api_key')
  t.equal(mock.accounts.main, 'acc_abc123')
  const me = await fetch(`${mock.url}/api/v1/public/me`, { headers: { authorization: `Bearer ${mock.keys.main}` } })
  t.equal(me.status, 200)
  t.equal(((await me.json()) as any).data.account_id, 'acc_abc123')
  t.same(await mock.admin.health(), { status: 'ok' })
  t.same(await mock.admin.ready(), { status: 'ready' })
  await mock.close()
  await mock.close() // twice is fine
  await t.rejects(fetch(`${mock.url}/healthz`), 'no longer listening')
})

t.test('two servers side by side are independent', async (t) => {
  const [a, b] = await Promise.all([startMockServer({ batchesPerAccount: 1, callsPerBatch: 5 }), startMockServer({ batchesPerAccount: 1, callsPerBatch: 5 })])
  t.teardown(async () => { await a.close(); await b.close() })
  t.not(a.url, b.url)
  await a.admin.disableAccount('acc_abc123')
  t.equal((await fetch(`${a.url}/api/v1/public/me`, { headers: { authorization: `Bearer ${a.keys.main}` } })).status, 403)
  t.equal((await fetch(`${b.url}/api/v1/public/me`, { headers: { authorization: `Bearer ${b.keys.main}` } })).status, 200)
})

t.test('the control client covers the control plane', async (t) => {
  const mock = await startMockServer({ batchesPerAccount: 2, callsPerBatch: 10, adminToken: 'secret' })
  t.teardown(mock.close)
  const { admin, url, keys } = mock
  const get = async (path: string, key: string = keys.main, headers: Record<string, string> = {}) =>
    await fetch(url + path, { headers: { authorization: `Bearer ${key}`, ...headers } })

  // The token is sent by the client; without it the admin API refuses.
  t.equal((await fetch(`${url}/__admin/accounts`)).status, 401)

  // Accounts and keys (every provider seeds accounts of its own).
  const seededAccounts = (await admin.listAccounts()).length
  const acc = await admin.createAccount({ account_id: 'acc_client', api_key: 'sk_client_key' })
  t.equal(acc.api_keys[0].api_key, 'sk_client_key')
  t.equal((await get('/api/v1/public/me', 'sk_client_key')).status, 200)
  const rotated = await admin.rotateKey('acc_client')
  t.same(rotated.revoked, ['sk_client_key'])
  t.equal((await get('/api/v1/public/me', 'sk_client_key')).status, 401)
  t.equal((await get('/api/v1/public/me', rotated.api_key as string)).status, 200)
  const err = await admin.getAccount('acc_missing').catch((e: unknown) => e)
  t.ok(err instanceof ControlError)
  t.match(err, { status: 404, code: 'NOT_FOUND', details: ['No account found with id acc_missing'] })

  // Scenarios and journal.
  await admin.clearJournal()
  const scn = await admin.addScenario({ match: { account_id: 'acc_abc123', path: '/api/v1/public/me' }, action: { status: 429 }, times: 1 })
  t.equal((await get('/api/v1/public/me')).status, 429)
  t.equal((await get('/api/v1/public/me')).status, 200)
  t.equal((await get('/api/v1/public/me', keys.other)).status, 200)
  t.match(await admin.getScenario(scn.id), { fired: 1, remaining: 0 })
  const journal = await admin.journal({ account_id: 'acc_abc123' })
  t.same(journal.items.map(e => [e.status, e.scenario_id]), [[200, null], [429, scn.id]])
  t.equal((await admin.journal({ status: 429 })).items.length, 1)
  t.equal((await admin.listScenarios()).length, 1)
  await admin.removeScenario(scn.id)
  t.same(await admin.clearScenarios(), { removed: 0 })

  // Snapshot and restore.
  const snapshot: Fixture = await admin.exportState()
  const listBefore = await (await get('/api/v1/public/call-batches')).text()
  await admin.reseed({ seed: 99, batches_per_account: 1, calls_per_batch: 3 })
  t.not(await (await get('/api/v1/public/call-batches')).text(), listBefore)
  const restored = await admin.importState(snapshot)
  t.equal(restored.counts.calls, snapshot.calls.length)
  t.equal(await (await get('/api/v1/public/call-batches')).text(), listBefore, 'identical after restore')
  const reset = await admin.reset()
  t.equal(reset.counts.accounts, snapshot.accounts.length - 1, 'the seeded accounts (every provider\'s), without the one made here')
  t.equal((await get('/api/v1/public/me', rotated.api_key as string)).status, 401, 'the created account is gone')
})

t.test('lifecycle through the client: manual clock, create a batch, advance, read results', async (t) => {
  const mock = await startMockServer({ clock: 'manual', clockStart: '2026-06-01T09:00:00Z', batchesPerAccount: 1, callsPerBatch: 5 })
  t.teardown(mock.close)
  const { admin, url, keys } = mock
  const created = await fetch(`${url}/api/v1/public/call-batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.main}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      agent_name: 'agt-57949b14',
      version_name: 'pmt-667ddf271b',
      contacts: [1, 2, 3].map(i => ({ contact_id: `c-${i}`, name: `Contact ${i}`, phone_number: `91980000000${i}` }))
    })
  })
  t.equal(created.status, 201)
  const batchId = ((await created.json()) as any).data.schedule_id as string
  t.match(await admin.getClock(), { mode: 'manual', time: '2026-06-01T09:00:00Z' })
  const before = await admin.getBatch(batchId)
  t.match(before, { total_contacts: 3, status: 'pending', start_mode: 'manual' })
  t.match(await admin.startBatch(batchId), { status: 'active' }, 'a manual batch starts from the control plane')
  await admin.advanceClock({ seconds: 3 * 3600 })
  const after = await admin.getBatch(batchId)
  t.equal(after.pending_contacts, 0, 'every call finished')
  t.ok(['completed', 'failed'].includes(after.status))
  const results = (await (await fetch(`${url}/api/v1/public/call-batches/${batchId}/results`, { headers: { authorization: `Bearer ${keys.main}` } })).json()) as any
  t.equal(results.data.items.length, 3)
  const deliveries = await admin.listDeliveries({ batch_id: batchId })
  t.equal(deliveries.total, 0, 'no callback_url, no deliveries')
  const refused = await admin.cancelBatch(batchId).catch((e: unknown) => e)
  t.match(refused, { status: 409 })
})
