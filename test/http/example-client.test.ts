// Example: how a client library's own test suite uses techladder-mock in-process.
// In your project: `import { startMockServer } from 'techladder-mock'` (here: the source entry).
// Run it: npx tap test/http/example-client.test.ts (docs/control-api.md shows it)
import t from 'tap'
import { startMockServer, type MockServer } from '../../src/index.js'

// ---- The code under test: a tiny client a user would write for the TechLadder API -------------
class TechLadder {
  constructor (private readonly baseUrl: string, private readonly apiKey: string) {}
  private async request (method: string, path: string, body?: unknown): Promise<any> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.baseUrl}/api/v1/public${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
      const json = await res.json() as any
      if (res.status === 429 && attempt < 3) continue // retry rate limits (a real client would wait)
      if (!res.ok) throw new Error(`${res.status} ${json.error.code}`)
      return json.data
    }
  }

  createBatch (contacts: Array<{ contact_id: string, phone_number: string }>) {
    return this.request('POST', '/call-batches', { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', contacts, start_mode: 'immediate' })
  }

  getBatch (id: string) { return this.request('GET', `/call-batches/${id}`) }
  results (id: string) { return this.request('GET', `/call-batches/${id}/results?limit=500`) }
}

// ---- The tests ----------------------------------------------------------------------------------
let mock: MockServer
t.before(async () => {
  // A manual clock: time moves only when the test says so.
  mock = await startMockServer({ clock: 'manual', clockStart: '2026-06-01T09:00:00Z', batchesPerAccount: 2, callsPerBatch: 10 })
})
t.beforeEach(async () => { await mock.admin.reset() })
t.teardown(async () => { await mock.close() })

t.test('a batch runs to the end and its results are read', async (t) => {
  const client = new TechLadder(mock.url, mock.keys.main)
  const batch = await client.createBatch([
    { contact_id: 'c-1', phone_number: '919800000001' },
    { contact_id: 'c-2', phone_number: '919800000002' }
  ])
  t.equal(batch.status, 'active')
  await mock.admin.advanceClock({ seconds: 2 * 3600 }) // two simulated hours, processed at once
  const done = await client.getBatch(batch.schedule_id)
  t.equal(done.pending_contacts, 0)
  const results = await client.results(batch.schedule_id)
  t.same(results.items.map((r: any) => r.external_id), ['c-1', 'c-2'])
})

t.test('the client retries a 429', async (t) => {
  const client = new TechLadder(mock.url, mock.keys.main)
  await mock.admin.addScenario({ match: { method: 'GET', path: '/api/v1/public/call-batches/*' }, action: { status: 429 }, times: 1 })
  const batch = await client.getBatch('sched_7bac6f2a')
  t.equal(batch.schedule_id, 'sched_7bac6f2a')
  const sent = await mock.admin.journal({ path: '/api/v1/public/call-batches/sched_7bac6f2a' })
  t.same(sent.items.map(e => e.status), [200, 429], 'one 429, then the retry succeeded')
})

t.test('the client surfaces a revoked key', async (t) => {
  await mock.admin.rotateKey(mock.accounts.main)
  const client = new TechLadder(mock.url, mock.keys.main)
  await t.rejects(client.getBatch('sched_7bac6f2a'), /401 UNAUTHORIZED/)
})
