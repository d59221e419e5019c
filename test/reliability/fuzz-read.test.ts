/**
 * Property-based fuzzing of the read side (fast-check; the seed is printed on failure, replay with
 * FC_SEED=<seed>, run longer with FC_RUNS=<n>): query strings (the route's declared parameters and
 * their values, and junk) on every GET route and path ids on every id route of every public surface
 * (the table in support.ts, routes from the served OpenAPI document); TechLadder's headers; methods
 * and paths anywhere. Each response must have a status its route declares and be the body of the
 * surface its path belongs to (never a 5xx, never a hang), and the server keeps serving afterwards.
 * (Headers and bodies of Cartesia and Ultravox: test/surfaces/<name>/fuzz.test.ts.)
 */
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, surfaceRoutes, SURFACES, type RouteInfo, type SurfaceSpec } from './support.js'
import { KEY, OTHER_KEY, DISABLED_KEY, SEEDED_KEYS } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any
const OWN_BATCH = 'sched_7bac6f2a'

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

const goodAuth = { authorization: `Bearer ${KEY}` }

// ------------------------------------------------------------------ properties

/** The query parameters a route declares, with the values its schema names (enums, examples, defaults). */
function queryOf (route: RouteInfo): { names: string[], values: string[] } {
  const op = doc.paths[route.path.replace(/:([A-Za-z_]+)/g, '{$1}')][route.method.toLowerCase()]
  const params = (op.parameters ?? []).filter((p: any) => p.in === 'query')
  const values = params.flatMap((p: any) => [...(p.schema?.enum ?? []), ...(p.schema?.examples ?? []), ...(p.examples === undefined ? [] : Object.values(p.examples).map((e: any) => e.value)), p.schema?.default, p.example])
    .filter((v: unknown) => v !== undefined && v !== null).map(String)
  return { names: params.map((p: any) => p.name as string), values }
}

/** Ids of both seeded accounts of a surface: the caller's own and another's (a cursor or filter may name either). */
const idsOf = (surface: SurfaceSpec) => {
  const other = app.db.prepare(`SELECT b.schedule_id, b.agent_id, c.call_id FROM batches b JOIN calls c ON c.batch_id = b.schedule_id
    WHERE b.account_id = ? AND c.status = 'completed' ORDER BY b.schedule_id LIMIT 1`).get(surface.accounts.other) as { schedule_id: string, agent_id: string, call_id: string }
  return { own: Object.values(surface.params(app)), other: [other.schedule_id, other.agent_id, other.call_id] }
}
const TIMES = ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00+02:00', '2026-13-01T00:00:00Z', '2026-06-01', '0', '-1', 'cD0xMA==', 'bz0yMDAwJnA9MQ==']

for (const surface of SURFACES) {
  const getRoutes = surfaceRoutes(doc, surface).filter(r => r.method === 'GET')
  const auth = surface.headers(surface.keys.main)
  const ids = idsOf(surface)
  const serving = async (t: Test) => {
    const res = await send({ url: fill(getRoutes[0].path, surface.params(app)), headers: auth })
    t.equal(res.statusCode, 200, `${surface.name}: the server still serves a normal request`)
  }

  t.test(`${surface.name}: fuzzed query strings on every GET route: its own bodies, declared statuses, never 5xx`, async t => {
    t.ok(getRoutes.length >= 5, `GET routes found: ${getRoutes.map(r => r.path).join(', ')}`)
    const statuses = new Map<number, number>()
    let cases = 0
    const arb = fc.constantFrom(...getRoutes).chain(route => {
      const q = queryOf(route)
      const value = fc.oneof(
        { weight: 3, arbitrary: encodedValue },
        { weight: 2, arbitrary: fc.constantFrom(...q.values, ...ids.own, ...ids.other, ...TIMES).map(v => encodeURIComponent(v)) }
      )
      const key = fc.oneof(
        { weight: 6, arbitrary: q.names.length > 0 ? fc.constantFrom(...q.names) : queryKey },
        { weight: 2, arbitrary: queryKey }
      )
      const qs = fc.array(fc.tuple(key, fc.option(value, { nil: undefined })), { maxLength: 8 })
        .map(pairs => pairs.map(([k, v]) => v === undefined ? k : `${k}=${v}`).join('&'))
      return fc.tuple(fc.constant(route), qs, fc.boolean())
    })
    await fc.assert(fc.asyncProperty(arb, async ([route, qs, extraAmp]) => {
      cases++
      const url = fill(route.path, surface.params(app)) + '?' + qs + (extraAmp ? '&' : '')
      const res = await send({ url, headers: auth })
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    }), fcParams(surface.name === 'techladder' ? 1000 : 600))
    t.comment(`${surface.name} query-string cases: ${cases}, 0 5xx; statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
    t.ok((statuses.get(200) ?? 0) > 0 && [...statuses.keys()].some(s => s >= 400), 'both answers and refusals')
    await serving(t)
  })

  t.test(`${surface.name}: fuzzed path ids (long, percent-encoded, unicode, SQL-looking, another account's) on every id route: never 5xx, another's never found`, async t => {
    const idRoutes = surfaceRoutes(doc, surface).filter(r => /:[A-Za-z_]+/.test(r.path))
    t.ok(idRoutes.length >= 3, idRoutes.map(r => `${r.method} ${r.path}`).join(', '))
    const id = fc.oneof(
      fc.constantFrom(...SQLISH, ...ODD.filter(s => s !== ''), ...ids.other, ...ids.own.map(i => i.toUpperCase()), ...ids.own.map(i => `${i}x`), '..', '.', '../me', '..%2F..%2Fme'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      fc.string({ minLength: 1, maxLength: 4000 }),
      fc.uuid()
    )
    const encoding = fc.constantFrom('component', 'double', 'raw-safe', 'junk')
    const statuses = new Map<number, number>()
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
      // One of the route's ids fuzzed, the others the caller's own.
      const params = surface.params(app)
      const names = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map(m => m[1])
      const which = names[cases % names.length]
      const url = route.path.replace(/:([A-Za-z_]+)/g, (_m, n: string) => n === which ? seg : encodeURIComponent(params[n]))
      const opts = { method: route.method, url, headers: { ...auth, ...(route.hasBody ? { 'content-type': 'application/json' } : {}) }, payload: route.hasBody ? '{}' : undefined }
      // A dot segment can take the path out of the surface (it is resolved, as a client would): there, only "no 5xx" and that path's own body.
      const res = await send(opts)
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      if (enc === 'component' && ids.other.includes(rawId) && res.statusCode < 400) throw new Error(`another account's ${rawId} answered ${res.statusCode} on ${route.method} ${route.path}`)
    }), fcParams(surface.name === 'techladder' ? 1000 : 600))
    t.comment(`${surface.name} path-id cases: ${cases}, 0 5xx; statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
    await serving(t)
  })
}

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
  }), fcParams(1000))
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
    // (Every other answer is checked as its surface's own body by support.ts: the envelope, Cartesia's, DRF's.)
    const lenient = m === 'HEAD' || /^\/+docs(\/|$)/.test(normalized) || /^\/+openapi\.json$/.test(normalized) || (m === 'GET' && normalized === '/')
    await send({ method: m, url, headers: withKey ? goodAuth : {} }, { envelope: !lenient })
  }), fcParams(800))
  t.comment(`method/path cases: ${cases}`)
  await stillServing(t)
})
