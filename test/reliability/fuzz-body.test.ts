/**
 * Property-based fuzzing of request bodies (fast-check; seed printed on failure, FC_SEED replays,
 * FC_RUNS runs longer): mutations of a valid Create Call Batch body (wrong types, missing and
 * unknown fields, prototype keys, deep nesting, huge arrays and strings), raw JSON junk and odd
 * content types on every route that takes a body (public and /__admin, read from the served
 * OpenAPI document). Every answer is the envelope with a declared status, never a 5xx or a hang;
 * nothing pollutes Object.prototype; the server keeps serving. Then every write route of every public
 * surface (the table in support.ts) gets bodies built from its declared schema, fields overridden with
 * null, booleans, values of each union branch and wrong types: its own bodies only, never a 5xx, and a
 * boolean in a number field is always refused. (Junk bodies on Cartesia's and Ultravox's routes:
 * the raw-junk property below and test/surfaces/<name>/fuzz.test.ts.)
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, ownerOf, routesOf, surfaceRoutes, SURFACES, writeBody } from './support.js'
import { KEY } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any
const CREATE = '/api/v1/public/call-batches'
const hasCreate = routesOf(doc, '/api/v1/public').some(r => r.method === 'POST' && r.path === CREATE)
const bodyRoutes = [...SURFACES.flatMap(s => surfaceRoutes(doc, s)), ...routesOf(doc, '/__admin')].filter(r => r.hasBody)
const jsonHeaders = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',')

const agent = app.db.prepare("SELECT agent_id, current_version FROM agents WHERE account_id = 'acc_abc123' ORDER BY agent_id LIMIT 1").get() as { agent_id: string, current_version: string }
const validBody = () => ({
  agent_name: agent.agent_id,
  version_name: agent.current_version,
  start_mode: 'manual',
  concurrency: 2,
  metadata: { campaign: 'fuzz' },
  contacts: [
    { contact_id: 'c-1', name: 'Asha', phone_number: '919876543210', metadata: { company_name: 'Acme' } },
    { contact_id: 'c-2', phone_number: '919876543211' }
  ]
})

/** Nested arrays/objects `depth` levels deep, as text (fast-check's JSON arbitraries stay shallow). */
const deep = (depth: number, kind: 'array' | 'object') => kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']
const FIELDS = ['agent_name', 'version_name', 'voice', 'did_number', 'interruption', 'use_alternate_number', 'start_mode', 'schedule_date',
  'schedule_time', 'schedule_timezone', 'concurrency', 'callback_url', 'deduplicate_by_phone', 'recording_enabled',
  'max_duration_seconds_per_call', 'metadata', 'contacts']
const CONTACT_FIELDS = ['contact_id', 'name', 'phone_number', 'metadata', 'status']

const oddValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', 'Infinity', '1e400', 'NaN', '-0', '0x10', 'null',
    '__proto__', "' OR 1=1 --", '\u0000', '\uD800', 'a'.repeat(100_000), [], {}, [null], { __proto__: { polluted: 1 } }),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 4 })
)

type Mutation = (b: any) => void
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom(...FIELDS, ...PROTO_KEYS), oddValue).map(([k, v]) => (b: any) => { Object.defineProperty(b, k, { value: v, enumerable: true, configurable: true, writable: true }) }) },
  { weight: 10, arbitrary: fc.constantFrom(...FIELDS).map(k => (b: any) => { delete b[k] }) },
  { weight: 20, arbitrary: fc.tuple(fc.nat({ max: 1 }), fc.constantFrom(...CONTACT_FIELDS, ...PROTO_KEYS), oddValue).map(([i, k, v]) => (b: any) => {
    if (Array.isArray(b.contacts) && typeof b.contacts[i] === 'object' && b.contacts[i] !== null) Object.defineProperty(b.contacts[i], k, { value: v, enumerable: true, configurable: true, writable: true })
  }) },
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS), oddValue).map(([k, v]) => (b: any) => {
    if (typeof b.metadata === 'object' && b.metadata !== null) Object.defineProperty(b.metadata, k, { value: v, enumerable: true, configurable: true, writable: true })
  }) },
  // Huge arrays (rare: each costs tens of ms): more contacts than allowed, or a big array in metadata.
  { weight: 1, arbitrary: fc.constantFrom(10_001, 25_000).map(n => (b: any) => { b.contacts = Array.from({ length: n }, (_v, i) => ({ contact_id: `h${i}`, phone_number: '9198765' + String(i).padStart(5, '0') })) }) },
  { weight: 1, arbitrary: fc.constantFrom(1000, 50_000).map(n => (b: any) => { b.metadata = { list: Array.from({ length: n }, (_v, i) => i) } }) },
  { weight: 1, arbitrary: fc.constantFrom('contacts', 'metadata').map(k => (b: any) => { b[k] = Array.from({ length: 5000 }, () => null) }) }
)

/** The mutated body as text; some cases splice deep nesting into it. */
const mutatedBody = fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.oneof(
  { weight: 9, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(65, 1000, 5000, 100_000), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>, fc.constantFrom('metadata', 'contacts', 'agent_name')) }
))
  .map(([ms, nest]) => {
    const b = validBody()
    for (const m of ms) m(b)
    let text = JSON.stringify(b)
    if (nest !== null) {
      const [depth, kind, field] = nest
      const obj = JSON.parse(text) as Record<string, unknown>
      obj[field] = '__DEEP__'
      text = JSON.stringify(obj).replace('"__DEEP__"', deep(depth, kind))
    }
    return text
  })

t.test('mutated Create Call Batch bodies: 201 or a 4xx envelope, never a 5xx', async t => {
  t.ok(hasCreate, `POST ${CREATE} is documented`)
  const statuses = new Map<number, number>()
  let cases = 0
  await fc.assert(fc.asyncProperty(mutatedBody, async body => {
    cases++
    const res = await send({ method: 'POST', url: CREATE, headers: jsonHeaders, payload: body })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (![201, 400, 404, 413].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`)
    if (({} as any).polluted !== undefined) throw new Error('Object.prototype was polluted')
  }), fcParams(500))
  t.comment(`create-body cases: ${cases}; statuses: ${JSON.stringify(Object.fromEntries(statuses))}`)
  t.ok((statuses.get(400) ?? 0) > 0, 'some bodies were rejected with 400')
  t.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(','), protoKeysBefore, 'Object.prototype is unchanged')
})

t.test('a prototype key in a body never becomes a property of the stored batch or of Object.prototype', async t => {
  t.ok(hasCreate, `POST ${CREATE} is documented`)
  const text = JSON.stringify(validBody()).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},')
    .replace('"contacts":[{', '"contacts":[{"__proto__":{"api_enabled":true,"polluted":"yes"},')
  const res = await send({ method: 'POST', url: CREATE, headers: jsonHeaders, payload: '{"__proto__":{"polluted":"yes"},' + text.slice(1) })
  t.ok([201, 400].includes(res.statusCode), `answered ${res.statusCode}`)
  t.equal(({} as any).polluted, undefined)
  t.equal((Object.prototype as any).api_enabled, undefined)
})

t.test('raw junk and odd content types on every route that takes a body: 4xx envelopes', async t => {
  t.ok(bodyRoutes.length >= 1 || !hasCreate, `routes with a body: ${bodyRoutes.map(r => `${r.method} ${r.path}`).join(', ') || 'none'}`)
  const routes = [...bodyRoutes, { method: 'POST', path: '/api/v1/public/call-batches/:batch_id', hasBatchId: true, hasBody: false }, { method: 'PUT', path: '/api/v1/public/me', hasBatchId: false, hasBody: false }]
  // Destructive admin operations (reset, reseed, state import) are fuzzed too, but their bodies are junk
  // here, so most are refused; whatever they accept must still be answered with an envelope.
  const junk = fc.oneof(
    fc.constantFrom('', ' ', 'null', 'true', '0', '"x"', '[]', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', 'NaN', '\u0000',
      '\uFEFF{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', deep(10_000, 'array'), deep(100_000, 'object'),
      '[' + '1,'.repeat(200_000) + '1]', '"' + 'x'.repeat(500_000) + '"'),
    fc.jsonValue({ maxDepth: 5 }).map(v => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 })
  )
  const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16',
    'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json\u0000', 'application/vnd.api+json')
  let cases = 0
  await fc.assert(fc.asyncProperty(fc.constantFrom(...routes), junk, contentType, async (route, payload, type) => {
    cases++
    // Each surface's route with its own key and records; the control API's with placeholders.
    const surface = SURFACES.find(s => s.name === ownerOf(route.path)?.name)
    const url = surface !== undefined ? fill(route.path, surface.params(app)) : route.path.replace(':batch_id', 'sched_7bac6f2a').replace(/:([a-z_]+)/g, 'x_$1')
    const headers: Record<string, string> = surface !== undefined ? { ...surface.headers(surface.keys.main) } : { authorization: `Bearer ${KEY}` }
    if (type !== '') headers['content-type'] = type
    const res = await send({ method: route.method, url, headers, payload })
    if (res.statusCode >= 500) throw new Error(`${route.method} ${url}: ${res.statusCode}`)
    if (({} as any).polluted !== undefined) throw new Error('Object.prototype was polluted')
  }), fcParams(400))
  t.comment(`raw-body cases: ${cases}`)
  t.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(','), protoKeysBefore, 'Object.prototype is unchanged')
  const res = await send({ url: '/api/v1/public/call-batches?limit=1', headers: { authorization: `Bearer ${KEY}` } })
  t.equal(res.statusCode, 200, 'the server still serves a normal request')
})

/** Any JSON value of a declared schema's union branches (anyOf/oneOf, enums, formats), or of no declared type at all. */
function valueFor (schema: any, depth = 0): fc.Arbitrary<unknown> {
  const wrong: Array<fc.Arbitrary<unknown>> = [fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 100_000 }), fc.double({ noNaN: true }), fc.string({ maxLength: 20 }),
    fc.constantFrom('', '1', 'true', 'null', '2026-06-02T10:00:00Z', '+14155550100', '919876543210')]
  if (depth < 2) wrong.push(fc.constantFrom([], {}, [null], { a: null }))
  return fc.oneof({ weight: 3, arbitrary: typed(schema, depth) }, { weight: 2, arbitrary: fc.oneof(...wrong) })
}
function typed (schema: any, depth: number): fc.Arbitrary<unknown> {
  if (schema === undefined || schema === null) return fc.jsonValue({ maxDepth: 2 })
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]
  if (branches.length > 0) return fc.oneof(...branches.map((b: any) => typed(b, depth)))
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  if (schema.const !== undefined) return fc.constant(schema.const)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': return schema.format === 'date-time' ? fc.date({ min: new Date('2026-05-01T00:00:00Z'), max: new Date('2026-08-01T00:00:00Z'), noInvalidDate: true }).map(d => d.toISOString()) : fc.string({ maxLength: 30 })
    case 'integer': return fc.integer({ min: (schema.minimum as number | undefined) ?? -10, max: (schema.maximum as number | undefined) ?? 1000 })
    case 'number': return fc.double({ noNaN: true, min: -10, max: 1000 })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return depth > 3 ? fc.constant([]) : fc.array(valueFor(schema.items, depth + 1), { maxLength: 3 })
    case 'object': {
      if (depth > 3 || schema.properties === undefined) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
      return fc.record(Object.fromEntries(Object.entries<any>(schema.properties).map(([k, v]) => [k, valueFor(v, depth + 1)])), { requiredKeys: [] })
    }
  }
  return fc.jsonValue({ maxDepth: 2 })
}
const declares = (schema: any, type: string): boolean => schema !== undefined && ((Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type) ||
  [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((b: any) => declares(b, type)))

t.test('every surface: bodies from the declared schemas, fields overridden by null, booleans, union branches and wrong types: never a 5xx, a boolean never read as a number', async t => {
  const checked = await checkedApp(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z', profile: 'observed' })
  const doc = checked.app.swagger() as any
  for (const surface of SURFACES) {
    const routes = surfaceRoutes(doc, surface).filter(r => r.hasBody)
    t.ok(routes.length > 0, `${surface.name}: ${routes.map(r => `${r.method} ${r.path}`).join(', ')}`)
    const statuses = new Map<number, number>()
    let cases = 0
    let booleansRefused = 0
    const arb = fc.constantFrom(...routes).chain(route => {
      const schema = doc.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')][route.method.toLowerCase()].requestBody.content['application/json'].schema
      // One or two fields of an otherwise valid body, so that both answers and refusals come.
      const overrides = fc.subarray(Object.keys(schema.properties), { minLength: 0, maxLength: 2 })
        .chain(keys => fc.tuple(...keys.map(k => valueFor(schema.properties[k]).map(v => [k, v] as const))))
        .map(pairs => Object.fromEntries(pairs) as Record<string, unknown>)
      return fc.tuple(fc.constant(route), fc.constant(schema), overrides)
    })
    await fc.assert(fc.asyncProperty(arb, async ([route, schema, overrides]) => {
      cases++
      const base = writeBody(surface, route.method, route.path)
      if (base === null) throw new Error(`${surface.name} ${route.method} ${route.path}: no base body in support.ts`)
      const params = surface.name === 'ultravox' && route.method === 'PATCH'
        ? checked.app.db.prepare("SELECT agent_id, schedule_id AS batch_id FROM batches WHERE account_id = 'acc_uv_main' AND frozen = 0 AND deleted_at IS NULL LIMIT 1").get() as Record<string, string>
        : surface.params(checked.app)
      const res = await checked.send({ method: route.method, url: fill(route.path, params), headers: { ...surface.headers(surface.keys.main), 'content-type': 'application/json' }, payload: JSON.stringify({ ...base, ...overrides }) })
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      if (({} as any).polluted !== undefined) throw new Error('Object.prototype was polluted')
      // A boolean where only numbers are declared is refused, never read as 0 or 1.
      const coerced = Object.entries(overrides).find(([k, v]) => typeof v === 'boolean' && (declares(schema.properties[k], 'integer') || declares(schema.properties[k], 'number')) && !declares(schema.properties[k], 'boolean'))
      if (coerced !== undefined) {
        if (res.statusCode < 400) throw new Error(`${route.method} ${route.path}: ${coerced[0]}: ${String(coerced[1])} answered ${res.statusCode}`)
        booleansRefused++
      }
    }), fcParams(300))
    t.comment(`${surface.name}: ${cases} schema-driven body cases, 0 5xx, ${booleansRefused} booleans in number fields refused; statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
    t.ok([...statuses.keys()].some(s => s < 300), `${surface.name}: some bodies were accepted`)
  }
})
