/**
 * Property-based fuzzing of the read side (fast-check; the seed is printed on failure, replay with
 * FC_SEED=<seed>, run longer with FC_RUNS=<n>): query strings, path ids and headers on every GET
 * route of the served OpenAPI document. Each response must be the documented envelope with a
 * declared status (never a 5xx, never a hang), and the server keeps serving afterwards.
 */
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, routesOf } from './support.js'
import { KEY, OTHER_KEY, DISABLED_KEY, SEEDED_KEYS } from '../helper.js'

const { app, send } = await checkedApp(t)
const doc = app.swagger() as any
const getRoutes = routesOf(doc, '/api/v1/public').filter(r => r.method === 'GET')
const OWN_BATCH = 'sched_7bac6f2a'
const otherIds = (app.db.prepare("SELECT schedule_id FROM batches WHERE account_id = 'acc_def456'").pluck().all() as string[])

const stillServing = async (t: Test) => {
  const res = await send({ url: '/api/v1/public/call-batches?limit=1', headers: { authorization: `Bearer ${KEY}` } })
  t.equal(res.statusCode, 200, 'the server still serves a normal request')
}

// ------------------------------------------------------------------ arbitraries

const SQLISH = ["' OR '1'='1", "1; DROP TABLE batches; --", '" OR ""="', "sched_7bac6f2a' --", '1 UNION SELECT api_key FROM api_keys',
  '%27%20OR%201%3D1', "'; SELECT * FROM sqlite_master; --", '\\x00', 'NULL', '*', '%', '_']
const ODD = ['0', '-1', '-0', '1e3', '1.5', '1.0', 'NaN', 'Infinity', '0x10', '0b1', '9007199254740993', '99999999999999999999999999',
  '', ' ', ' 1', '1 ', '+1', 'true', 'null', 'undefined', '[]', '{}', '[object Object]', '__proto__', 'constructor',
  'pending', 'completed', 'queued', 'failed', 'PENDING', 'agt-57949b14', '%00', '%', '%E0%A4%A', '%FF', '%2', '%%', '\u0000', '\uFFFF', '\uD800']

/** URL-safe printable ASCII a client could put raw in a request target (no space, '#', '?', '&', '='). */
const RAW_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$\'()*+,;:@%/[]'.split('')
const rawSafe = (max: number) => fc.string({ unit: fc.constantFrom(...RAW_SAFE), maxLength: max })
const percentJunk = fc.array(fc.oneof(
  fc.integer({ min: 0, max: 255 }).map(b => '%' + b.toString(16).padStart(2, '0').toUpperCase()),
  fc.constantFrom('%', '%Z', '%2', '%E0%A4', '%C0%AF', '%ED%A0%80', 'a')
), { maxLength: 12 }).map(parts => parts.join(''))

const text = fc.oneof(
  fc.constantFrom(...ODD, ...SQLISH),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 3000 })
)

/** One encoded query value: percent-encoded text, raw safe ASCII, or raw percent junk. */
const encodedValue = fc.oneof(
  { weight: 4, arbitrary: text.map(v => { try { return encodeURIComponent(v) } catch { return encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '?')) } }) },
  { weight: 2, arbitrary: rawSafe(60) },
  { weight: 1, arbitrary: percentJunk }
)
const queryKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('limit', 'page', 'status', 'agent_id', 'external_id') },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'limit[]', 'page[0]', 'status[a]', 'limit.x', '', 'x', 'LIMIT') },
  { weight: 1, arbitrary: rawSafe(20) }
)
const queryString = fc.array(fc.tuple(queryKey, fc.option(encodedValue, { nil: undefined })), { maxLength: 8 })
  .map(pairs => pairs.map(([k, v]) => v === undefined ? k : `${k}=${v}`).join('&'))

const routeArb = fc.constantFrom(...getRoutes)
const goodAuth = { authorization: `Bearer ${KEY}` }

// ------------------------------------------------------------------ properties

t.test('fuzzed query strings on every GET route: envelope, declared status, never 5xx', async t => {
  t.ok(getRoutes.length >= 5, `GET routes found: ${getRoutes.map(r => r.path).join(', ')}`)
  let cases = 0
  await fc.assert(fc.asyncProperty(routeArb, queryString, fc.boolean(), async (route, qs, extraAmp) => {
    cases++
    const url = fill(route.path, { batch_id: OWN_BATCH }) + '?' + qs + (extraAmp ? '&' : '')
    const res = await send({ url, headers: goodAuth })
    if (![200, 400, 404, 422].includes(res.statusCode)) throw new Error(`${url}: unexpected ${res.statusCode}`)
  }), fcParams(1500))
  t.comment(`query-string cases: ${cases}`)
  await stillServing(t)
})

t.test('fuzzed path ids (long, percent-encoded, unicode, SQL-looking, other tenants\'): 404/400 envelopes only', async t => {
  const idRoutes = getRoutes.filter(r => r.hasBatchId)
  t.ok(idRoutes.length >= 3)
  const id = fc.oneof(
    fc.constantFrom(...SQLISH, ...ODD.filter(s => s !== ''), ...otherIds, 'sched_00000000', '..', '.', '../me', '..%2F..%2Fme'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    fc.string({ minLength: 1, maxLength: 4000 }),
    fc.stringMatching(/^sched_[0-9a-f]{8}$/)
  )
  const encoding = fc.constantFrom('component', 'double', 'raw-safe', 'junk')
  let cases = 0
  await fc.assert(fc.asyncProperty(fc.constantFrom(...idRoutes), id, encoding, rawSafe(80), percentJunk, async (route, rawId, enc, safe, junk) => {
    cases++
    let seg: string
    try {
      seg = enc === 'component' ? encodeURIComponent(rawId)
        : enc === 'double' ? encodeURIComponent(encodeURIComponent(rawId))
          : enc === 'raw-safe' ? (safe.replace(/\//g, '') || 'x')
            : (junk || '%')
    } catch {
      seg = encodeURIComponent(rawId.replace(/[\uD800-\uDFFF]/g, '?'))
    }
    const url = route.path.replace(':batch_id', seg)
    const res = await send({ url, headers: goodAuth })
    if (![400, 404].includes(res.statusCode)) {
      // A raw-safe or junk id may decode to the caller's own batch id: only then is 200 right.
      if (!(res.statusCode === 200 && JSON.parse(res.body).data !== null && url.includes('sched_'))) {
        throw new Error(`${url.slice(0, 200)}: unexpected ${res.statusCode}`)
      }
    }
    if (enc === 'component' && otherIds.includes(rawId) && res.statusCode !== 404) throw new Error(`another account's batch ${rawId} answered ${res.statusCode}`)
  }), fcParams(1500))
  t.comment(`path-id cases: ${cases}`)
  await stillServing(t)
})

t.test('fuzzed headers (auth variants, duplicated, oversized, junk): 200/401/403/404 envelopes only', async t => {
  const keys = Object.values(SEEDED_KEYS)
  const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Token', '', 'Bearer:', 'Bearer\t')
  const headerChar = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(c => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map(c => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constant('\t') }
  )
  const headerValue = fc.oneof(
    fc.string({ unit: headerChar, maxLength: 60 }),
    fc.string({ unit: headerChar, minLength: 1000, maxLength: 20_000 })
  )
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.tuple(scheme, fc.constantFrom(' ', '  ', ''), fc.constantFrom(...keys), fc.constantFrom('', ' ', 'x', '\t')).map(([s, sp, k, tail]) => `${s}${sp}${k}${tail}`),
    fc.tuple(scheme, headerValue).map(([s, v]) => `${s} ${v}`),
    headerValue,
    // Duplicated Authorization headers (same or different keys): never "first wins" on another account.
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...keys)).map(([a, b]) => [`Bearer ${a}`, `Bearer ${b}`])
  )
  const tokenChars = 'abcdefghijklmnopqrstuvwxyz0123456789-_!#$%&\'*+.^`|~'.split('')
  const extraName = fc.oneof(
    fc.constantFrom('content-type', 'accept', 'accept-encoding', 'x-forwarded-for', 'x-real-ip', 'origin', 'cookie', 'if-none-match',
      'x-request-id', 'x-api-key', 'x-admin-token', 'range', 'expect', 'forwarded', 'x-http-method-override', 'accept-language'),
    fc.string({ unit: fc.constantFrom(...tokenChars), minLength: 1, maxLength: 30 })
  )
  const extras = fc.dictionary(extraName, headerValue, { maxKeys: 6 })
  const urls = ['/api/v1/public/me', '/api/v1/public/call-batches', `/api/v1/public/call-batches/${OWN_BATCH}`,
    `/api/v1/public/call-batches/${OWN_BATCH}/calls?limit=5`, `/api/v1/public/call-batches/${OWN_BATCH}/results?limit=5`, '/api/v1/public/nope']
  let cases = 0
  await fc.assert(fc.asyncProperty(fc.constantFrom(...urls), authorization, extras, async (url, authz, extra) => {
    cases++
    const headers: Record<string, string | string[]> = { ...extra }
    delete headers.authorization
    delete headers['content-length']
    delete headers['transfer-encoding']
    delete headers.host
    if (authz !== undefined) headers.authorization = authz
    const res = await send({ url, headers })
    if (![200, 401, 403, 404].includes(res.statusCode)) throw new Error(`${url}: unexpected ${res.statusCode}`)
    const body = JSON.parse(res.body)
    if (res.statusCode === 200 && url.endsWith('/me')) {
      // Whatever the headers, a 200 is the account of a presented key and only of a single clear Bearer key.
      const k = typeof authz === 'string' ? /^bearer +(\S+) *$/i.exec(authz)?.[1] : undefined
      if (k === undefined) throw new Error(`200 for authorization ${JSON.stringify(authz)?.slice(0, 80)}`)
      const expected = k === OTHER_KEY ? 'acc_def456' : 'acc_abc123'
      if (body.data.account_id !== expected) throw new Error(`key ${k} saw ${String(body.data.account_id)}`)
    }
    if (Array.isArray(authz) && res.statusCode !== 401) throw new Error(`duplicated Authorization answered ${res.statusCode}`)
    if (typeof authz === 'string' && authz.includes(DISABLED_KEY) && res.statusCode === 200) throw new Error('disabled key got 200')
  }), fcParams(1500))
  t.comment(`header cases: ${cases}`)
  await stillServing(t)
})

t.test('fuzzed methods and paths anywhere: envelopes, never 5xx', async t => {
  const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
  const segment = fc.oneof(fc.constantFrom('api', 'v1', 'public', 'call-batches', 'me', 'calls', 'results', OWN_BATCH, '__admin', '..', '.', '', 'docs', 'openapi.json'),
    rawSafe(20), percentJunk)
  let cases = 0
  await fc.assert(fc.asyncProperty(method, fc.array(segment, { maxLength: 7 }), fc.boolean(), async (m, segs, withKey) => {
    cases++
    const url = '/' + segs.join('/')
    // HEAD has no body to check, and the docs UI and the start page (GET /) are HTML by design: for
    // those only "no 5xx, no hang".
    let normalized = url
    try { normalized = new URL(url, 'http://x').pathname } catch {}
    // Paths under /api other than TechLadder's are Ultravox's: their errors are DRF bodies (the contract
    // checks them against Ultravox's error schema; test/surfaces/ultravox/fuzz.test.ts fuzzes them).
    let decoded = normalized
    try { decoded = decodeURIComponent(normalized) } catch {}
    const ultravox = /^\/api(\/|$)/.test(decoded) && !/^\/api\/v1\/public(\/|$)/.test(decoded)
    const lenient = m === 'HEAD' || ultravox || /^\/+docs(\/|$)/.test(normalized) || /^\/+openapi\.json$/.test(normalized) || (m === 'GET' && normalized === '/')
    await send({ method: m, url, headers: withKey ? goodAuth : {} }, { envelope: !lenient })
  }), fcParams(1000))
  t.comment(`method/path cases: ${cases}`)
  await stillServing(t)
})
