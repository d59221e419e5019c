/**
 * Parallel clients, as in a CI run with several workers against one mock: over a real socket
 * (127.0.0.1), many connections at once send reads, creates, clock advances, batch transitions and,
 * now and then, a reset of the whole state. Whatever interleaving happens, every answer is an
 * envelope with a status the route documents, never a 5xx, never a hang; afterwards the state is
 * consistent (counters add up) and the server keeps serving.
 */
import t from 'tap'
import fc from 'fast-check'
import { Agent } from 'node:http'
import { buildApp } from '../../src/http/app.js'
import { TEST_CONFIG, watchContract } from '../helper.js'
import { envelopeProblem, fcParams, http, routesOf, within } from './support.js'

const KEY = 'sk_your_api_key'
const OTHER = 'sk_other_account_key'

const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0, clock: 'manual' })
const violations = watchContract(app)
await app.listen({ port: 0, host: '127.0.0.1' })
t.teardown(() => app.close())
const port = (app.server.address() as { port: number }).port
const agent = new Agent({ keepAlive: true, maxSockets: 24 })
t.teardown(() => agent.destroy())

const admin = routesOf(app.swagger(), '/__admin')
const has = (method: string, path: string) => admin.some(r => r.method === method && r.path === path)
const transitions = admin.filter(r => r.method === 'POST' && /^\/__admin\/batches\/:batch_id\/[a-z_-]+$/.test(r.path)).map(r => r.path.split('/').pop()!)
const hasCreate = routesOf(app.swagger(), '/api/v1/public').some(r => r.method === 'POST' && r.path === '/api/v1/public/call-batches')

const recentIds = () => app.db.prepare('SELECT schedule_id FROM batches ORDER BY rowid DESC LIMIT 8').pluck().all() as string[]
const createBody = (mode: string, n: number) => JSON.stringify({
  agent_name: 'agt-57949b14',
  version_name: 'pmt-667ddf271b',
  start_mode: mode,
  concurrency: 2,
  contacts: Array.from({ length: n }, (_v, i) => ({ contact_id: `p-${i}`, phone_number: `9198765${String(i).padStart(5, '0')}` }))
})

type Action = { kind: string, run: () => Promise<{ statusCode: number, headers: Record<string, unknown>, body: string }> }
const json = { 'content-type': 'application/json' }
const action = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('list', 'get', 'calls', 'results', 'me', 'other').map(kind => ({
    kind,
    run: async () => {
      const id = recentIds()[0] ?? 'sched_7bac6f2a'
      const path = kind === 'list' ? '/api/v1/public/call-batches?limit=20'
        : kind === 'me' ? '/api/v1/public/me'
          : kind === 'other' ? `/api/v1/public/call-batches/${id}/results`
            : `/api/v1/public/call-batches/${id}${kind === 'get' ? '' : `/${kind}?limit=50`}`
      return await http(port, { path, headers: { authorization: `Bearer ${kind === 'other' ? OTHER : KEY}` }, agent })
    }
  }) as Action) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('manual', 'immediate'), fc.integer({ min: 1, max: 8 })).map(([mode, n]) => ({
    kind: 'create',
    run: async () => await http(port, { method: 'POST', path: '/api/v1/public/call-batches', headers: { authorization: `Bearer ${KEY}`, ...json }, body: createBody(mode, n), agent })
  }) as Action) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 900 }).map(seconds => ({
    kind: 'advance',
    run: async () => await http(port, { method: 'POST', path: '/__admin/clock/advance', headers: json, body: JSON.stringify({ seconds }), agent })
  }) as Action) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...transitions), fc.nat()).map(([tr, pick]) => ({
    kind: `transition:${tr}`,
    run: async () => {
      const ids = recentIds()
      return await http(port, { method: 'POST', path: `/__admin/batches/${ids[pick % Math.max(1, ids.length)] ?? 'sched_00000000'}/${tr}`, agent })
    }
  }) as Action) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset', run: async () => await http(port, { method: 'POST', path: '/__admin/reset', agent }) } as Action) }
)

t.test('parallel reads, creates, clock moves, transitions and resets: envelopes only', async t => {
  t.ok(hasCreate, 'POST /api/v1/public/call-batches is documented')
  t.ok(has('POST', '/__admin/clock/advance'), 'POST /__admin/clock/advance is documented')
  t.ok(has('POST', '/__admin/reset'), 'POST /__admin/reset is documented')
  t.ok(transitions.length >= 5, `batch transitions are documented: ${transitions.join(', ')}`)
  let requests = 0
  const kinds = new Map<string, number>()
  await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 24 }), async (batch) => {
    // All at once: the server interleaves them as it likes.
    const answers = await within(Promise.all(batch.map(async a => ({ a, res: await a.run() }))), 20_000, 'a parallel batch of requests')
    for (const { a, res } of answers) {
      requests++
      kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1)
      const problem = envelopeProblem(res, a.kind)
      if (problem !== null) throw new Error(problem)
    }
    const v = violations.splice(0)
    if (v.length > 0) throw new Error(`contract: ${v[0]}`)
  }), fcParams(30))
  t.comment(`parallel requests: ${requests}; ${JSON.stringify(Object.fromEntries(kinds))}`)

  const broken = app.db.prepare(`SELECT schedule_id FROM batches
    WHERE completed_contacts + failed_contacts + pending_contacts != total_contacts`).pluck().all()
  t.same(broken, [], 'every batch\'s counters add up')
  const me = await http(port, { path: '/api/v1/public/me', headers: { authorization: `Bearer ${KEY}` } })
  t.equal(me.statusCode, 200, 'the server still serves')
})
