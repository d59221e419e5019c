/**
 * The Cartesia guard and error bodies: Bearer or X-API-Key (one credential, Cartesia's own keys
 * only), Cartesia-Version, X-Request-Id on every response, and Cartesia's error body for every
 * error the surface can give (401, 403, 400, 404, 405, 413, 415, 429, forced statuses, 500).
 */
import t from 'tap'
import { cartesiaErrors } from '../../../src/surfaces/cartesia/errors.js'
import { SEEDED_KEYS } from '../../helper.js'
import { CARTESIA_ACCOUNTS, KEY, OTHER_KEY, VERSION, assertCartesiaError, cartesiaApp, createBody, headers, json } from './support.js'

const LIST = '/agents/calls/batches?limit=1'

t.test('a key in Authorization: Bearer or X-API-Key; one credential only', async t => {
  const app = await cartesiaApp(t)
  const ok = async (h: Record<string, string>, label: string) => {
    const res = await app.inject({ url: LIST, headers: { 'cartesia-version': VERSION, ...h } })
    t.equal(res.statusCode, 200, label)
  }
  await ok({ authorization: `Bearer ${KEY}` }, 'Bearer (what the SDK sends)')
  await ok({ authorization: `bearer ${KEY}` }, 'the scheme word is case-insensitive')
  await ok({ 'x-api-key': KEY }, 'X-API-Key (the guide\'s curl)')
  await ok({ 'X-API-Key': KEY, Authorization: `Bearer ${KEY}` }, 'both headers with the same key')

  const refused = async (h: Record<string, string>, message: RegExp, label: string) => {
    const res = await app.inject({ url: LIST, headers: { 'cartesia-version': VERSION, ...h } })
    t.test(label, async t => { assertCartesiaError(t, res, 401, 'invalid_api_key', message) })
  }
  await refused({}, /^Missing API key/, 'no key')
  await refused({ authorization: 'Bearer sk_car_nope' }, /^Invalid API key$/, 'an unknown key')
  await refused({ authorization: `Bearer ${SEEDED_KEYS.main}` }, /^Invalid API key$/, 'a TechLadder key is no key here')
  await refused({ 'x-api-key': SEEDED_KEYS.main }, /^Invalid API key$/, 'a TechLadder key in X-API-Key')
  await refused({ authorization: `Bearer ${KEY}`, 'x-api-key': OTHER_KEY }, /^Ambiguous/, 'two headers, two different keys')
  await refused({ authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, 'x-api-key': KEY }, /^Ambiguous/, 'a malformed Authorization beside a good X-API-Key')
  await refused({ authorization: KEY }, /^Ambiguous/, 'a key without the Bearer scheme')
  await refused({ 'x-api-key': '' }, /^Ambiguous/, 'an empty X-API-Key')
})

/** Sends raw HTTP (inject merges header objects, so a repeated header needs a socket). */
async function raw (app: Awaited<ReturnType<typeof cartesiaApp>>, head: string): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as import('node:net').AddressInfo
  const net = await import('node:net')
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.write(`${head}Connection: close\r\n\r\n`) })
    let data = ''
    socket.on('data', d => { data += d.toString() })
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}

t.test('a repeated Authorization or X-API-Key header is no credential, even with the same key twice', async t => {
  const app = await cartesiaApp(t)
  for (const [name, value] of [['Authorization', `Bearer ${KEY}`], ['X-API-Key', KEY]]) {
    const res = await raw(app, `GET ${LIST} HTTP/1.1\r\nHost: x\r\nCartesia-Version: ${VERSION}\r\n${name}: ${value}\r\n${name}: ${value}\r\n`)
    t.match(res, /^HTTP\/1\.1 401 /, `${name} twice`)
    t.match(res, /"error_code":"invalid_api_key"/)
  }
  const once = await raw(app, `GET ${LIST} HTTP/1.1\r\nHost: x\r\nCartesia-Version: ${VERSION}\r\nX-API-Key: ${KEY}\r\n`)
  t.match(once, /^HTTP\/1\.1 200 /, 'sanity: once is fine')
  const twoVersions = await raw(app, `GET ${LIST} HTTP/1.1\r\nHost: x\r\nCartesia-Version: ${VERSION}\r\nCartesia-Version: ${VERSION}\r\nX-API-Key: ${KEY}\r\n`)
  t.match(twoVersions, /^HTTP\/1\.1 400 /, 'a repeated Cartesia-Version is no version')
})

t.test('keys of one surface are no keys on another: each answers in its own body', async t => {
  const app = await cartesiaApp(t)
  const tl = await app.inject({ url: '/api/v1/public/me', headers: { authorization: `Bearer ${KEY}` } })
  t.equal(tl.statusCode, 401)
  t.same(json(tl).error.code, 'UNAUTHORIZED', 'TechLadder\'s own 401 envelope for a Cartesia key')
  const car = await app.inject({ url: LIST, headers: headers(SEEDED_KEYS.main) })
  assertCartesiaError(t, car, 401, 'invalid_api_key')
})

t.test('Cartesia-Version: required, any real YYYY-MM-DD date', async t => {
  const app = await cartesiaApp(t)
  for (const v of ['2026-08-14', '2026-03-01', '2024-02-29', '1999-12-31']) {
    const res = await app.inject({ url: LIST, headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': v } })
    t.equal(res.statusCode, 200, `${v} accepted`)
  }
  for (const v of [undefined, '', '2026-8-14', '20260814', '2026-02-30', '2025-02-29', '2026-13-01', 'latest', '2026-08-14T00:00:00Z', ' 2026-08-14x']) {
    const h: Record<string, string> = { authorization: `Bearer ${KEY}` }
    if (v !== undefined) h['cartesia-version'] = v
    const res = await app.inject({ url: LIST, headers: h })
    t.test(`Cartesia-Version ${JSON.stringify(v)}`, async t => { assertCartesiaError(t, res, 400, 'invalid_request', /Cartesia-Version header is required/) })
  }
  const noKey = await app.inject({ url: LIST })
  assertCartesiaError(t, noKey, 401, 'invalid_api_key', /^Missing/)
  t.pass('no key and no version: the key is checked first')
})

t.test('X-Request-Id on every response, equal to request_id on errors, deterministic per server', async t => {
  const app = await cartesiaApp(t)
  const ids: string[] = []
  const ok = await app.inject({ url: LIST, headers: headers() })
  t.equal(ok.statusCode, 200)
  t.match(ok.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  ids.push(String(ok.headers['x-request-id']))
  for (const res of [
    await app.inject({ url: '/agents/calls/batches/acb_missing', headers: headers() }),
    await app.inject({ url: '/agents/nothing/here', headers: headers() }),
    await app.inject({ url: LIST })
  ]) ids.push(assertCartesiaError(t, res, res.statusCode, json(res).error_code).request_id)
  t.equal(new Set(ids).size, ids.length, 'a new id per request')

  const again = await cartesiaApp(t)
  const first = await again.inject({ url: LIST, headers: headers() })
  t.equal(first.headers['x-request-id'], ids[0], 'a server with the same seed gives the same ids for the same requests')
})

t.test('unknown routes and methods: 404 and 405 with Allow, in Cartesia\'s body', async t => {
  const app = await cartesiaApp(t)
  assertCartesiaError(t, await app.inject({ url: '/agents/calls/batches/x/y', headers: headers() }), 404, 'not_found', 'No route matches GET /agents/calls/batches/x/y')
  const res = await app.inject({ method: 'DELETE', url: '/agents/calls/batches', headers: headers() })
  assertCartesiaError(t, res, 405, 'method_not_allowed', /DELETE is not supported/)
  t.equal(res.headers.allow, 'GET, POST')
  const put = await app.inject({ method: 'PUT', url: '/agents/calls/batches/acb_x/cancel', headers: headers() })
  assertCartesiaError(t, put, 405, 'method_not_allowed')
  t.equal(put.headers.allow, 'POST')
  for (const url of ['/agents/', '/agents/calls/', '/agents/calls/batches/', '/agents/calls/batches//cancel']) {
    const method = url.endsWith('cancel') ? 'POST' : 'GET'
    assertCartesiaError(t, await app.inject({ method, url, headers: headers() }), 404, 'not_found', `No route matches ${method} ${url}`)
  }
  assertCartesiaError(t, await app.inject({ url: '/agents/calls/batches/x/y' }), 401, 'invalid_api_key', /^Missing/)
  t.pass('an anonymous caller learns nothing about routes: 401 first')
})

t.test('bodies: malformed JSON 400, not JSON 415, too large 413, too deep 400', async t => {
  const app = await cartesiaApp(t, { bodyLimit: 4096 })
  const send = (payload: string, type = 'application/json') => app.inject({ method: 'POST', url: '/agents/calls/batches', headers: { ...headers(), 'content-type': type }, payload })
  assertCartesiaError(t, await send('{"name": '), 400, 'invalid_request', 'body: Must be valid JSON')
  assertCartesiaError(t, await send(JSON.stringify(createBody()), 'text/plain'), 415, 'unsupported_media_type', /got text\/plain/)
  assertCartesiaError(t, await send(JSON.stringify(createBody(200))), 413, 'payload_too_large', /at most 4096 bytes/)
  let deep: unknown = {}
  for (let i = 0; i < 80; i++) deep = { a: deep }
  assertCartesiaError(t, await send(JSON.stringify(createBody(1, { name: 'x', extra: deep }))), 400, 'invalid_request', /nested at most/)
})

t.test('rate limit: 429 in Cartesia\'s body with an honest Retry-After; 0 switches it off', async t => {
  const app = await cartesiaApp(t, { rateLimitPerMinute: 2 })
  t.equal((await app.inject({ url: LIST, headers: headers() })).statusCode, 200)
  t.equal((await app.inject({ url: LIST, headers: headers() })).statusCode, 200)
  const limited = await app.inject({ url: LIST, headers: headers() })
  assertCartesiaError(t, limited, 429, 'rate_limited')
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter} s: until the window resets`)
  t.equal((await app.inject({ url: LIST, headers: headers(OTHER_KEY) })).statusCode, 200, 'another key has its own window')

  const off = await cartesiaApp(t, { rateLimitPerMinute: 0 })
  for (let i = 0; i < 5; i++) t.equal((await off.inject({ url: LIST, headers: headers() })).statusCode, 200)
})

t.test('a disabled organization: 403 in Cartesia\'s body', async t => {
  const app = await cartesiaApp(t)
  const off = await app.inject({ method: 'POST', url: `/__admin/accounts/${CARTESIA_ACCOUNTS.other}/disable` })
  t.equal(off.statusCode, 200)
  assertCartesiaError(t, await app.inject({ url: LIST, headers: headers(OTHER_KEY) }), 403, 'forbidden')
  t.equal((await app.inject({ url: LIST, headers: headers() })).statusCode, 200, 'the other organization is untouched')
})

t.test('statuses a scenario forces come in Cartesia\'s body, on every route', async t => {
  const app = await cartesiaApp(t)
  const routes = ['/agents', '/agents/agent_x', '/agents/calls/batches', '/agents/calls/batches/acb_x', '/agents/calls?agent_id=a', '/agents/calls/ac_x', '/agents/calls/ac_x/audio']
  const codes: Record<number, string> = { 400: 'invalid_request', 401: 'invalid_api_key', 403: 'forbidden', 404: 'not_found', 422: 'unprocessable_entity', 429: 'rate_limited', 500: 'internal_error' }
  for (const url of routes) {
    for (const [status, code] of Object.entries(codes)) {
      const res = await app.inject({ url, headers: headers(KEY, { prefer: `code=${status}` }) })
      assertCartesiaError(t, res, Number(status), code)
    }
  }
  const forced404 = json(await app.inject({ url: '/agents/calls/batches/acb_x', headers: headers(KEY, { prefer: 'code=404' }) }))
  t.equal(forced404.message, 'Call batch acb_x not found', 'a forced 404 names the record in the path')
  const post = await app.inject({ method: 'POST', url: '/agents/calls/batches/acb_x/retry', headers: headers(KEY, { prefer: 'code=500' }) })
  assertCartesiaError(t, post, 500, 'internal_error', 'An unexpected error occurred')
})

t.test('an unexpected fault is a 500 in Cartesia\'s body, with no internals', async t => {
  const app = await cartesiaApp(t)
  const request = { server: app, url: '/agents', method: 'GET', params: {}, headers: {} } as any
  const reply = cartesiaErrors.reply({ kind: 'internal', error: new Error('SQLITE_BUSY: secret detail') }, request)
  t.equal(reply.statusCode, 500)
  t.same(Object.keys(reply.body as object).sort(), ['doc_url', 'error_code', 'message', 'request_id', 'title'])
  t.notMatch(JSON.stringify(reply.body), /SQLITE|secret/)
  t.equal((reply.headers ?? {})['x-request-id'], (reply.body as any).request_id)
})
