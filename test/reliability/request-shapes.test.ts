/**
 * Requests spelled in ways a router, a proxy or a careless client produce: each gets the answer its
 * plain form would, or the surface's own error body, never a 500 or a bare Node reply. Every route of
 * every public surface (read from the served OpenAPI document, surfaces from support.ts's table) is
 * sent percent-encoded, with dot segments and in absolute form, over a real socket.
 */
import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { TEST_CONFIG } from '../helper.js'
import { fill, parseRaw, raw, surfaceProblem, surfaceRoutes, SURFACES, trickled, type SurfaceSpec } from './support.js'

// A limit high enough never to refuse, so that the rate-limit headers are sent.
const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 1_000_000, clock: 'manual' }, { requestTimeoutMs: 1500 })
t.teardown(() => app.close())
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as { port: number }).port
const KEY = 'Authorization: Bearer sk_your_api_key\r\n'
const get = async (target: string, headers = KEY) => parseRaw(await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`))!

/** Every unreserved letter and digit of a path percent-encoded (the slashes kept): the same path to a server. */
const encodeAll = (path: string) => path.replace(/[A-Za-z0-9]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
/** Dot segments in front of the path (`/./agents`, `/zz/../agents`): they resolve to the path itself. */
const splice = (path: string, insert: string) => insert + path
const VARIANTS: Array<[string, (path: string) => string]> = [
  ['percent-encoded', encodeAll],
  ['one lowercase escape', p => p.replace(/[a-z](?=[^/]*$)/, c => '%' + c.charCodeAt(0).toString(16))],
  ['dot segment', p => splice(p, '/.')],
  ['dot-dot segment', p => splice(p, '/zz/..')],
  ['encoded dot segments', p => splice(p, '/%2e/zz/%2E%2e')],
  ['absolute form', p => `http://127.0.0.1:${port}${p}`],
  ['absolute form, another authority', p => `http://api.example.test${p}`],
  ['absolute form with dot segments, encoded', p => `http://127.0.0.1:${port}${splice(encodeAll(p), '/zz/../.')}`]
]

interface Raw { statusCode: number, headers: Record<string, string>, body: string }
const send = async (method: string, target: string, headers: Record<string, string>, body?: string): Promise<Raw> => {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  const payload = body === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
  const res = parseRaw(await raw(port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines}${payload}Connection: close\r\n\r\n${body ?? ''}`))
  if (res === null) throw new Error(`${method} ${target}: no HTTP answer`)
  return res as Raw
}

/** Fresh records for write routes that change what they touch (cancel, retry, delete): one per request, so each spelling acts on its own. */
async function freshBatch (surface: SurfaceSpec): Promise<Record<string, string>> {
  const params = surface.params(app)
  if (surface.name === 'cartesia') {
    const agent = params.agent_id
    const number = app.db.prepare('SELECT number_id FROM phone_numbers WHERE account_id = ? LIMIT 1').pluck().get(surface.accounts.main) as string
    const res = await app.inject({ method: 'POST', url: '/agents/calls/batches', headers: { ...surface.headers(surface.keys.main), 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'shapes', agent_id: agent, from_number_id: number, recipients: [{ to_number: '+14155550100' }] }) })
    if (res.statusCode !== 201) throw new Error(`fresh Cartesia batch: ${res.body}`)
    return { ...params, batch_id: JSON.parse(res.body).id }
  }
  if (surface.name === 'ultravox') {
    const res = await app.inject({ method: 'POST', url: `/api/agents/${params.agent_id}/scheduled_batches`, headers: { ...surface.headers(surface.keys.main), 'content-type': 'application/json' }, payload: JSON.stringify({ calls: [{ medium: { twilio: { outgoing: { to: '+14155550100', from: '+14155559999' } } } }], paused: true }) })
    if (res.statusCode !== 201) throw new Error(`fresh Ultravox batch: ${res.body}`)
    return { ...params, batch_id: JSON.parse(res.body).batchId }
  }
  return params
}

const latestJournal = async () => JSON.parse((await app.inject({ url: '/__admin/journal?limit=1' })).body).data as { recorded: number, items: Array<{ method: string, path: string, status: number, account_id: string | null }> }

t.test('encoded, dot-segment and absolute-form targets of every route of every surface answer exactly as the plain path', async t => {
  const doc = app.swagger() as any
  for (const surface of SURFACES) {
    const routes = surfaceRoutes(doc, surface)
    t.ok(routes.length >= 5, `${surface.name}: ${routes.length} routes`)
    const statuses = new Map<number, number>()
    let cases = 0
    let serverErrors = 0
    for (const route of routes) {
      const changes = route.method !== 'GET' && !route.hasBody
      // A body the route refuses after routing (its own validation), so every spelling gets the same 400 and changes nothing.
      const body = route.hasBody ? '[]' : undefined
      const answer = async (spell: (path: string) => string, key: string | null) => {
        const params = changes && key !== null ? await freshBatch(surface) : surface.params(app)
        const plain = fill(route.path, params)
        const headers = key === null ? {} : surface.headers(key)
        const before = await latestJournal()
        const res = await send(route.method, spell(plain), headers, body)
        const after = await latestJournal()
        // The one new journal entry is this request's, with the key's account.
        const entry = after.recorded === before.recorded + 1 ? after.items[0] : undefined
        const same = (s: string) => s.split(params.batch_id).join(':batch_id')
        return { res, entry, stable: same(surface.stable(res.body)) }
      }
      for (const key of [surface.keys.main, null]) {
        const plain = await answer(p => p, key)
        for (const [name, spell] of VARIANTS) {
          cases++
          const got = await answer(spell, key)
          statuses.set(got.res.statusCode, (statuses.get(got.res.statusCode) ?? 0) + 1)
          if (got.res.statusCode >= 500) serverErrors++
          const what = `${surface.name} ${route.method} ${route.path} (${name}, ${key === null ? 'no key' : 'with a key'})`
          const problem = surfaceProblem(got.res, what, route.method, fill(route.path, surface.params(app)))
          if (problem !== null) t.fail(problem)
          if (got.res.statusCode !== plain.res.statusCode || got.stable !== plain.stable) {
            t.fail(`${what}: ${got.res.statusCode} ${got.res.body.slice(0, 160)}; the plain path: ${plain.res.statusCode} ${plain.res.body.slice(0, 160)}`)
            continue
          }
          const names = (r: Raw) => Object.keys(r.headers).filter(h => !surface.volatileHeaders.includes(h) && h !== 'content-length').sort().join(',')
          if (names(got.res) !== names(plain.res)) t.fail(`${what}: headers ${names(got.res)}; the plain path: ${names(plain.res)}`)
          if (surface.rateLimitHeaders && key !== null && got.res.headers['x-ratelimit-limit'] === undefined) t.fail(`${what}: no rate-limit headers`)
          if (got.entry === undefined || got.entry.status !== got.res.statusCode || got.entry.method !== route.method) t.fail(`${what}: no journal entry`)
          else if (got.entry.account_id !== (key === null || got.res.statusCode === 401 ? null : surface.accounts.main)) t.fail(`${what}: journaled with account ${String(got.entry.account_id)}`)
        }
      }
    }
    t.comment(`${surface.name}: ${routes.length} routes x ${VARIANTS.length} spellings x 2 (with and without a key): ${cases} cases, ${serverErrors} 5xx; statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
    t.equal(serverErrors, 0, `${surface.name}: no 5xx`)
  }
})

t.test('a dot segment that leaves a surface reaches the path it resolves to, with that surface\'s guard', async t => {
  const anon = await send('GET', '/api/v1/public/../../../agents', {})
  t.equal(anon.statusCode, 401, 'TechLadder path resolving into Cartesia\'s: Cartesia\'s 401')
  t.equal(JSON.parse(anon.body).error_code, 'invalid_api_key', `in Cartesia's body: ${anon.body.slice(0, 120)}`)
  const uv = await send('GET', '/api/v1/public/%2E%2E/%2e%2e/agents', { 'x-api-key': 'uv_test_key' })
  t.equal(uv.statusCode, 200, '/api/v1/public/../../agents is Ultravox\'s /api/agents')
  t.equal((await send('GET', '/agents/..', {})).statusCode, 200, '/agents/.. is the start page')
  t.equal((await send('GET', '/api/v1/public/me/..', { authorization: 'Bearer sk_your_api_key' })).statusCode, 404, '/me/.. is /api/v1/public/, a trailing slash: 404')
})

t.test('a request without Host gets the envelope 400, not Node\'s bare one', async t => {
  const res = parseRaw(await raw(port, `GET /api/v1/public/me HTTP/1.1\r\n${KEY}Connection: close\r\n\r\n`))!
  t.equal(res.statusCode, 400)
  t.same(JSON.parse(res.body).error, { code: 'VALIDATION_ERROR', details: ['host: This header is required'] })
})

t.test('a trailing slash is another path: 404, not a 405 naming the other methods of the path without it', async t => {
  for (const url of ['/__admin/clock/', '/api/v1/public/me/']) {
    const res = await app.inject({ url, headers: { authorization: 'Bearer sk_your_api_key' } })
    t.equal(res.statusCode, 404, url)
    t.equal(JSON.parse(res.body).error.code, 'NOT_FOUND')
  }
  const wrong = await app.inject({ method: 'DELETE', url: '/__admin/clock' })
  t.equal(wrong.statusCode, 405, 'a wrong method on the path itself is still a 405')
})

t.test('a number in a query string must be a decimal numeral', async t => {
  for (const q of ['0x10', '1e1', '0b11', '0o7', 'Infinity']) {
    const res = await app.inject({ url: `/api/v1/public/call-batches?limit=${q}`, headers: { authorization: 'Bearer sk_your_api_key' } })
    t.equal(res.statusCode, 422, `limit=${q}`)
    t.same(JSON.parse(res.body).error.details, ['limit: Must be an integer between 1 and 100'])
  }
  t.equal((await app.inject({ url: '/api/v1/public/call-batches?limit=016', headers: { authorization: 'Bearer sk_your_api_key' } })).statusCode, 200, 'leading zeros are still decimal')
})

t.test('a credential sent twice is no credential, on the control API too', async t => {
  const secured = await buildApp({ ...TEST_CONFIG, adminToken: 'tok_admin_secret' })
  t.teardown(() => secured.close())
  t.equal((await secured.inject({ url: '/__admin/clock', headers: { authorization: 'Bearer tok_admin_secret' } })).statusCode, 200)
  const twice = await secured.inject({ url: '/__admin/clock', headers: { authorization: ['Bearer tok_admin_secret', 'Bearer nope'] } as never })
  t.equal(twice.statusCode, 401, 'two Authorization headers')
  const both = await secured.inject({ url: '/__admin/clock', headers: { 'x-admin-token': ['tok_admin_secret', 'tok_admin_secret'] } as never })
  t.equal(both.statusCode, 401, 'two X-Admin-Token headers')
  // Past Node's default 2,000-header cut, a second Authorization header is still seen.
  const filler = 'a: 1\r\n'.repeat(2001)
  const res = parseRaw(await raw(port, `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\n${KEY}${filler}Authorization: Bearer sk_other_account_key\r\nConnection: close\r\n\r\n`))!
  t.equal(res.statusCode, 401, 'a second Authorization after 2,000 other headers: 401, not one of the two accounts')
})

t.test('a body trickled past the request deadline gets the 408 envelope and the connection closes', async t => {
  const started = Date.now()
  const answer = await trickled(port, 'POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_your_api_key\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{')
  const res = parseRaw(answer)!
  t.equal(res?.statusCode, 408, `408 after ${Date.now() - started} ms`)
  t.same(JSON.parse(res.body).error, { code: 'VALIDATION_ERROR', details: ['request: Was not received in time'] })
  t.ok(Date.now() - started < 5000, 'at the deadline, not at the drip\'s end')
})
