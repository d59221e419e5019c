/**
 * Property-based fuzzing of both profiles (fast-check; FC_SEED replays, FC_RUNS runs longer): the
 * observed-only endpoints with fuzzed query strings, call ids and test-call bodies, every read
 * route of an observed server, and, in the documented profile, the observed-only paths with any
 * method, body and content type. Every answer is the envelope with a status the OpenAPI document
 * declares (checkedApp checks both), never a 5xx or a hang; nothing pollutes Object.prototype.
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, routesOf } from '../../reliability/support.js'
import { KEY } from '../../helper.js'

const P = '/api/v1/public'
const bearer = { authorization: `Bearer ${KEY}` }
const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',')

const SQLISH = ["' OR '1'='1", '1; DROP TABLE calls; --', 'call_a1b2c3d4\' --', '1 UNION SELECT api_key FROM api_keys', '%', '_', '*', '$.kind', 'json_extract']
const ODD = ['0', '-1', '1e3', '1.5', 'NaN', 'Infinity', '9007199254740993', '', ' ', 'null', '[]', '{}', '__proto__', 'constructor', 'test', 'result', '..', '.']
const RAW_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$\'()*+,;:@%'.split('')
const rawSafe = (max: number) => fc.string({ unit: fc.constantFrom(...RAW_SAFE), maxLength: max })
const text = fc.oneof(fc.constantFrom(...ODD, ...SQLISH), fc.integer().map(String), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 2000 }))
const encoded = (s: string) => { try { return encodeURIComponent(s) } catch { return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?')) } }
const queryString = fc.array(fc.tuple(fc.constantFrom('limit', 'page', 'status', 'agent_id', 'external_id', '__proto__', 'limit[]', 'x'), fc.option(text.map(encoded), { nil: undefined })), { maxLength: 6 })
  .map(pairs => pairs.map(([k, v]) => v === undefined ? k : `${k}=${v}`).join('&'))

t.test('observed server: fuzzed query strings on every read route, the new ones included', async t => {
  const { app, send } = await checkedApp(t, { profile: 'observed' })
  const routes = routesOf(app.swagger(), P).filter(r => r.method === 'GET')
  t.ok(routes.some(r => r.path === `${P}/agents`) && routes.some(r => r.path === `${P}/calls/:call_id/result`))
  let cases = 0
  await fc.assert(fc.asyncProperty(fc.constantFrom(...routes), queryString, async (route, qs) => {
    cases++
    const url = fill(route.path, { batch_id: 'sched_5d398018', call_id: 'call_a1b2c3d4' }) + '?' + qs
    const res = await send({ url, headers: bearer })
    if (![200, 400, 404, 422].includes(res.statusCode)) throw new Error(`${url}: unexpected ${res.statusCode}`)
  }), fcParams(800))
  t.comment(`cases: ${cases}`)
})

t.test('observed server: fuzzed call ids on /calls/{call_id}/result: 200 for the caller\'s own calls only', async t => {
  const { app, send } = await checkedApp(t, { profile: 'observed' })
  const own = new Set(app.db.prepare("SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.account_id = 'acc_abc123'").pluck().all() as string[])
  const theirs = app.db.prepare("SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.account_id <> 'acc_abc123' LIMIT 200").pluck().all() as string[]
  t.ok(own.size > 0 && theirs.length > 0, 'calls of the caller and of others to try')
  const id = fc.oneof(
    fc.constantFrom(...SQLISH, ...ODD.filter(s => s !== ''), ...theirs, 'call_a1b2c3d4', 'call_00000000'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 1, maxLength: 3000 }),
    fc.stringMatching(/^call_[0-9a-f]{8}$/)
  )
  let cases = 0
  await fc.assert(fc.asyncProperty(id, fc.constantFrom('component', 'double', 'raw'), rawSafe(40), async (raw, enc, safe) => {
    cases++
    const seg = enc === 'component' ? encoded(raw) : enc === 'double' ? encoded(encoded(raw)) : (safe || 'x')
    const url = `${P}/calls/${seg}/result`
    const res = await send({ url, headers: bearer })
    if (res.statusCode === 200) {
      const got = JSON.parse(res.body).data.call_id as string
      if (!own.has(got)) throw new Error(`${url}: answered a call that is not the caller's (${got})`)
    } else if (![400, 404, 405].includes(res.statusCode)) {
      throw new Error(`${url}: unexpected ${res.statusCode}`)
    }
    if (enc === 'component' && theirs.includes(raw) && res.statusCode !== 404) throw new Error(`another account's call ${raw} answered ${res.statusCode}`)
  }), fcParams(1000))
  t.comment(`cases: ${cases}`)
})

t.test('observed server: mutated and junk POST /calls/test bodies: 201 or a 4xx envelope, never a 5xx', async t => {
  const { app, send } = await checkedApp(t, { profile: 'observed', clock: 'manual' })
  const agent = app.repos.accounts.listAgents('acc_abc123')[0]
  const FIELDS = ['agent_id', 'version_id', 'channel', 'phone_number', 'external_id', 'recording_enabled', 'voice']
  const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']
  const odd = fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, 2 ** 53 + 1, '', ' ', 'telephony', 'web', '+15005550001', '15005550001', '919876543210',
      agent.agent_id, agent.current_version, 'pmt-0000000000', 'agt-nope', "' OR 1=1 --", '\u0000', '\uD800', 'a'.repeat(100_000), [], {}, [null]),
    fc.string({ maxLength: 40 }), fc.integer(), fc.jsonValue({ maxDepth: 3 })
  )
  const valid = () => ({ agent_id: agent.agent_id, version_id: agent.current_version, channel: 'telephony', phone_number: '15005550006', external_id: 'fz', recording_enabled: true, voice: 'Tara' })
  const mutation = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...FIELDS, ...PROTO), odd).map(([k, v]) => (b: any) => { Object.defineProperty(b, k, { value: v, enumerable: true, configurable: true, writable: true }) }) },
    { weight: 1, arbitrary: fc.constantFrom(...FIELDS).map(k => (b: any) => { delete b[k] }) }
  )
  const body = fc.oneof(
    { weight: 4, arbitrary: fc.array(mutation, { minLength: 0, maxLength: 4 }).map(ms => { const b = valid(); for (const m of ms) m(b); return JSON.stringify(b) }) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'null', '[]', '{', '{"a":1,}', '{"__proto__":{"polluted":1}}', '[' + '['.repeat(5000) + ']'.repeat(5000) + ']'), fc.string({ maxLength: 100 })) }
  )
  const type = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/x-www-form-urlencoded')
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(body, type, async (payload, contentType) => {
    const headers: Record<string, string> = { ...bearer }
    if (contentType !== '') headers['content-type'] = contentType
    const res = await send({ method: 'POST', url: `${P}/calls/test`, headers, payload })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (![201, 400, 404, 413, 415].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`)
    if (({} as any).polluted !== undefined) throw new Error('Object.prototype was polluted')
  }), fcParams(800))
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`)
  t.ok((statuses.get(201) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, 'some placed, some refused')
  t.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(','), protoKeysBefore)
  // Every test call placed is readable, none is listed.
  const placed = app.db.prepare("SELECT c.call_id FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.extra LIKE '%test_call%'").pluck().all() as string[]
  t.equal(placed.length, statuses.get(201))
  for (const id of placed.slice(0, 20)) t.equal((await send({ url: `${P}/calls/${id}/result`, headers: bearer })).statusCode, 200)
  const listed = JSON.parse((await send({ url: `${P}/call-batches?limit=100`, headers: bearer })).body).data.items.map((b: any) => b.schedule_id)
  const hidden = new Set(app.db.prepare("SELECT schedule_id FROM batches WHERE extra LIKE '%test_call%'").pluck().all() as string[])
  t.notOk(listed.some((id: string) => hidden.has(id)), 'no test call in the batch list')
})

t.test('documented server: an observed-only path is an unknown route, for any method, body and content type', async t => {
  const { send } = await checkedApp(t)
  // Ids of dots only are dot segments, which the URL parser resolves away (another path altogether).
  const callId = rawSafe(30).map(id => id.replace(/[%/]/g, '')).map(id => /^\.*$/.test(id) ? `x${id}` : id)
  const path = fc.oneof(fc.constant(`${P}/agents`), fc.constant(`${P}/calls/test`), callId.map(id => `${P}/calls/${id}/result`))
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
  const payload = fc.oneof(fc.constant(undefined), fc.constantFrom('', '{}', '{', '[]', JSON.stringify({ agent_id: 'agt-57949b14', phone_number: '15005550001' })), fc.string({ maxLength: 50 }))
  const type = fc.constantFrom('application/json', 'text/plain', 'application/xml', '')
  await fc.assert(fc.asyncProperty(path, method, payload, type, async (url, m, body, contentType) => {
    const headers: Record<string, string> = { ...bearer }
    if (contentType !== '' && body !== undefined) headers['content-type'] = contentType
    const res = await send({ method: m, url, headers, payload: m === 'GET' ? undefined : body })
    const notFound = JSON.stringify({ status_code: 404, message: 'Route not found', error: { code: 'NOT_FOUND', details: [`No route matches ${m} ${url}`] }, data: null })
    if (res.body === notFound) return
    // Otherwise exactly what its twin, a path no profile has, answers: the framework reads a
    // request's body before it finds no route, so a malformed JSON body is a 400 on any unknown
    // path. (The observed-only routes' own methods answer the 404 before reading the body.)
    const twin = url.slice(0, -1) + 'z'
    const unknown = await send({ method: m, url: twin, headers, payload: m === 'GET' ? undefined : body })
    if (res.statusCode !== unknown.statusCode || res.body !== unknown.body.split(twin).join(url)) {
      throw new Error(`${m} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}; ${twin}: ${unknown.statusCode} ${unknown.body.slice(0, 200)}`)
    }
    if (res.statusCode !== 400) throw new Error(`${m} ${url}: ${res.statusCode}`)
  }), fcParams(600))
})
