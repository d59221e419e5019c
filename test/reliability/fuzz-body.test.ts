/**
 * Property-based fuzzing of request bodies (fast-check; seed printed on failure, FC_SEED replays,
 * FC_RUNS runs longer): mutations of a valid Create Call Batch body (wrong types, missing and
 * unknown fields, prototype keys, deep nesting, huge arrays and strings), raw JSON junk and odd
 * content types on every route that takes a body (public and /__admin, read from the served
 * OpenAPI document). Every answer is the envelope with a declared status, never a 5xx or a hang;
 * nothing pollutes Object.prototype; the server keeps serving.
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, routesOf } from './support.js'
import { KEY } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any
const CREATE = '/api/v1/public/call-batches'
const hasCreate = routesOf(doc, '/api/v1/public').some(r => r.method === 'POST' && r.path === CREATE)
const bodyRoutes = [...routesOf(doc, '/api/v1/public'), ...routesOf(doc, '/__admin')].filter(r => r.hasBody)
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
  }), fcParams(1000))
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
    const url = route.path.replace(':batch_id', 'sched_7bac6f2a').replace(/:([a-z_]+)/g, 'x_$1')
    const headers: Record<string, string> = { authorization: `Bearer ${KEY}` }
    if (type !== '') headers['content-type'] = type
    const res = await send({ method: route.method, url, headers, payload })
    if (res.statusCode >= 500) throw new Error(`${route.method} ${url}: ${res.statusCode}`)
    if (({} as any).polluted !== undefined) throw new Error('Object.prototype was polluted')
  }), fcParams(800))
  t.comment(`raw-body cases: ${cases}`)
  t.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(','), protoKeysBefore, 'Object.prototype is unchanged')
  const res = await send({ url: '/api/v1/public/call-batches?limit=1', headers: { authorization: `Bearer ${KEY}` } })
  t.equal(res.statusCode, 200, 'the server still serves a normal request')
})
