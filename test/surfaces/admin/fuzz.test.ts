// Property-based fuzzing of the control plane's own inputs: fixtures (mutated exports and junk),
// scenario rules, account bodies, journal queries. Every answer is a declared status with the
// envelope (the helper checks), never a 5xx; a refused fixture changes nothing.
import t from 'tap'
import fc from 'fast-check'
import { build, json } from '../../helper.js'

const RUNS = Number(process.env.FC_RUNS ?? 60)

t.test('fixtures: mutated exports and junk never give a 5xx; refused ones change nothing', async (t) => {
  const app = await build(t, { batchesPerAccount: 2, callsPerBatch: 5, clock: 'manual' })
  const pristine = (await app.inject({ url: '/__admin/state' })).body
  const base = JSON.parse(pristine)
  const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }))
  const arrays = ['accounts', 'api_keys', 'agents', 'batches', 'calls'] as const
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('field' as const), array: fc.constantFrom(...arrays), index: fc.nat(), field: fc.string({ maxLength: 30 }), value: junk }),
    fc.record({ kind: fc.constant('known' as const), array: fc.constantFrom(...arrays), index: fc.nat(), pick: fc.nat(), value: junk }),
    fc.record({ kind: fc.constant('table' as const), table: fc.constantFrom('sim_events', 'sim_state', 'webhook_deliveries', 'webhook_attempts', 'nope'), row: fc.dictionary(fc.constantFrom('id', 'due_ms', 'batch_id', 'seq', 'kind', 'key', 'value', 'n', 'event_id', 'bogus'), junk, { maxKeys: 4 }) }),
    fc.record({ kind: fc.constant('root' as const), field: fc.constantFrom('version', 'tables', ...arrays), value: junk })
  )
  let lastAccepted = pristine
  await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
    const f = structuredClone(base)
    for (const m of mutations) {
      if (m.kind === 'root') f[m.field] = m.value
      else if (m.kind === 'table') {
        if (typeof f.tables !== 'object' || f.tables === null || Array.isArray(f.tables)) f.tables = {}
        if (!Array.isArray(f.tables[m.table])) f.tables[m.table] = []
        f.tables[m.table].push(m.row)
      }
      else {
        const list = f[m.array]
        if (!Array.isArray(list) || list.length === 0) continue
        const rec = list[m.index % list.length]
        if (rec === null || typeof rec !== 'object') continue
        const field = m.kind === 'field' ? m.field : Object.keys(rec)[m.pick % Object.keys(rec).length]
        rec[field] = m.value
      }
    }
    const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: f })
    if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${JSON.stringify(mutations).slice(0, 300)}: ${res.body.slice(0, 300)}`)
    if (res.statusCode === 200) lastAccepted = (await app.inject({ url: '/__admin/state' })).body
    else if ((await app.inject({ url: '/__admin/state' })).body !== lastAccepted) throw new Error('a refused fixture changed the state')
  }), { numRuns: RUNS })
  t.pass('no 5xx')
})

t.test('scenario, account and journal inputs never give a 5xx', async (t) => {
  const app = await build(t)
  const anyJson = fc.jsonValue({ maxDepth: 3 })
  const scenario = fc.oneof(anyJson, fc.record({
    match: fc.record({ method: fc.string(), path: fc.string(), path_regex: fc.string(), account_id: fc.string(), header: fc.record({ name: fc.string(), value: fc.string() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    action: fc.record({ status: fc.oneof(fc.constantFrom(400, 401, 403, 404, 422, 429, 500), fc.integer()), latency_ms: fc.integer({ min: -5, max: 20 }), fault: fc.constantFrom('reset', 'empty', 'x') }, { requiredKeys: [] }),
    times: fc.oneof(fc.integer(), fc.constant(null)),
    probability: fc.double(),
    seed: fc.integer()
  }, { requiredKeys: [] }))
  await fc.assert(fc.asyncProperty(scenario, async (body) => {
    const res = await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    if (res.statusCode >= 500) throw new Error(`${res.statusCode}: ${res.body}`)
    await app.inject({ method: 'DELETE', url: '/__admin/scenarios' })
  }), { numRuns: RUNS })
  await fc.assert(fc.asyncProperty(anyJson, fc.string({ maxLength: 12 }), async (body, id) => {
    for (const [method, url] of [['POST', '/__admin/accounts'], ['POST', `/__admin/accounts/${encodeURIComponent(id)}/keys/rotate`], ['POST', '/__admin/accounts/acc_abc123/keys'], ['POST', '/__admin/reseed']] as const) {
      if (url === '/__admin/reseed' && typeof body === 'object' && body !== null && !Array.isArray(body)) continue // a valid reseed is slow, not interesting
      const res = await app.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
      if (res.statusCode >= 500) throw new Error(`${method} ${url} ${res.statusCode}: ${res.body}`)
    }
  }), { numRuns: RUNS })
  await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('method', 'path', 'status', 'account_id', 'valid', 'limit', 'x'), fc.string({ maxLength: 8 })), async (q) => {
    const res = await app.inject({ url: '/__admin/journal', query: q })
    if (res.statusCode !== 200 && res.statusCode !== 422) throw new Error(`${res.statusCode}: ${res.body}`)
    if (res.statusCode === 422) t.equal(json(res).error.code, 'VALIDATION_ERROR')
  }), { numRuns: RUNS })
  t.pass('no 5xx')
})
