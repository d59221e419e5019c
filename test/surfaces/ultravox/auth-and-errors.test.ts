/**
 * Authentication, the order of DRF's checks, and error bodies: exactly {"detail": "…"} for
 * 401/403/404/405/415/429/500, never another surface's body; another provider's key is no key here,
 * and an Ultravox key is no key on TechLadder's paths; TechLadder's scope under /api/v1/public is
 * unchanged by Ultravox's /api.
 */
import t from 'tap'
import { auth } from '../../helper.js'
import { DOCS, KEY, batchUrl, batchesUrl, json, uvApp } from './support.js'

t.test('X-API-Key (or X-Unsafe-API-Key) of an Ultravox account; anything else is a 401', async t => {
  const app = await uvApp(t)
  t.equal((await app.uv({ url: '/api/agents' })).statusCode, 200, 'X-API-Key')
  t.equal((await app.uv({ url: '/api/agents', key: null, headers: { 'x-unsafe-api-key': KEY } })).statusCode, 200, 'X-Unsafe-API-Key')
  const missing = await app.uv({ url: '/api/agents', key: null })
  t.equal(missing.statusCode, 401)
  t.same(json(missing), { detail: 'Authentication credentials were not provided.' })
  t.equal(missing.headers['www-authenticate'], 'X-API-Key', 'DRF pairs a 401 with WWW-Authenticate')
  t.same(json(await app.uv({ url: '/api/agents', key: '' })), { detail: 'Authentication credentials were not provided.' })
  for (const key of ['nope', 'sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key']) {
    const res = await app.uv({ url: '/api/agents', key })
    t.equal(res.statusCode, 401, `${key}: 401`)
    t.same(json(res), { detail: 'Invalid API key.' })
  }
  t.equal((await app.uv({ url: '/api/agents', key: null, headers: auth() })).statusCode, 401, 'a TechLadder Bearer token is no Ultravox key')
  t.equal((await app.uv({ url: '/api/agents', key: null, headers: { 'x-api-key': [KEY, KEY] } })).statusCode, 401, 'a repeated X-API-Key is ambiguous: none')
  t.equal((await app.uv({ url: '/api/agents', key: 'nope', headers: { 'x-unsafe-api-key': KEY } })).statusCode, 401, 'X-API-Key wins')
  // An Ultravox key on TechLadder's paths gets TechLadder's own 401.
  const tl = await app.inject({ url: '/api/v1/public/me', headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` } })
  t.equal(tl.statusCode, 401)
  t.match(json(tl), { status_code: 401, error: { code: 'UNAUTHORIZED' }, data: null })
})

t.test('DRF order: unknown path 404 without a key; wrong method 401 then 405 with Allow', async t => {
  const app = await uvApp(t)
  for (const url of ['/api', '/api/', '/api/nope', '/api/agents/x/y/z/w', '/api/accounts/me', '/api/v1/nope']) {
    const res = await app.uv({ url, key: null })
    t.equal(res.statusCode, 404, `${url}: 404`)
    t.same(json(res), { detail: 'Not found.' })
  }
  t.equal((await app.uv({ method: 'PUT', url: batchUrl(DOCS), key: null })).statusCode, 401, 'auth before the method check')
  const put = await app.uv({ method: 'PUT', url: batchUrl(DOCS) })
  t.equal(put.statusCode, 405)
  t.same(json(put), { detail: 'Method "PUT" not allowed.' })
  t.equal(put.headers.allow, 'GET, PATCH, DELETE, HEAD')
  t.equal((await app.uv({ method: 'POST', url: '/api/agents' })).headers.allow, 'GET, HEAD')
  t.equal((await app.uv({ method: 'DELETE', url: batchesUrl() })).headers.allow, 'GET, POST, HEAD')
  t.equal((await app.uv({ method: 'POST', url: `/api/calls/${DOCS}` })).statusCode, 405)
  const head = await app.uv({ method: 'HEAD', url: batchUrl(DOCS) })
  t.equal(head.statusCode, 200, 'HEAD wherever GET')
  t.equal(head.body, '')
  const options = await app.uv({ method: 'OPTIONS', url: batchesUrl() })
  t.equal(options.statusCode, 405, 'OPTIONS is not served')
  t.same(json(options), { detail: 'Method "OPTIONS" not allowed.' })
})

t.test('malformed ids, other accounts\' ids and missing records are all {"detail": "Not found."}', async t => {
  const app = await uvApp(t)
  const urls = [
    '/api/agents/not-a-uuid', `/api/agents/${DOCS.toUpperCase()}`, '/api/agents/00000000-0000-4000-8000-000000000000',
    batchUrl('00000000-0000-4000-8000-000000000000'), batchUrl('bogus'), `${batchUrl(DOCS, '00000000-0000-4000-8000-000000000000')}`,
    '/api/calls/00000000-0000-4000-8000-000000000000', '/api/calls/zzz/messages', '/api/calls/zzz/recording'
  ]
  for (const url of urls) {
    const res = await app.uv({ url })
    t.equal(res.statusCode, 404, url)
    t.equal(res.body, '{"detail":"Not found."}')
  }
})

t.test('a disabled account: 403; the rate limit: 429 with Retry-After, off at 0', async t => {
  const app = await uvApp(t, { rateLimitPerMinute: 3 })
  for (let i = 0; i < 3; i++) t.equal((await app.uv({ url: '/api/agents' })).statusCode, 200)
  const limited = await app.uv({ url: '/api/agents' })
  t.equal(limited.statusCode, 429)
  t.match(json(limited).detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/)
  t.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60)
  t.equal((await app.uv({ url: '/api/agents', key: 'uv_other_key' })).statusCode, 200, 'per key')
  t.equal((await app.uv({ url: '/api/agents', key: 'nope' })).statusCode, 401, 'authentication comes before throttling')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts/acc_uv_other/disable' })).statusCode, 200)
  const off = await app.uv({ url: '/api/agents', key: 'uv_other_key' })
  t.equal(off.statusCode, 403)
  t.same(json(off), { detail: 'You do not have permission to perform this action.' })
  const unlimited = await uvApp(t, { rateLimitPerMinute: 0 })
  for (let i = 0; i < 20; i++) t.equal((await unlimited.uv({ url: '/api/agents' })).statusCode, 200)
})

t.test('bodies: JSON only (415 names the raw type), parse errors in Python\'s words, empty is {}', async t => {
  const app = await uvApp(t)
  const post = (payload: string, type?: string) => app.uv({ method: 'POST', url: batchesUrl(), payload, headers: type === undefined ? {} : { 'content-type': type } })
  const text = await post('calls', 'text/plain; charset=utf-8')
  t.equal(text.statusCode, 415)
  t.same(json(text), { detail: 'Unsupported media type "text/plain; charset=utf-8" in request.' })
  t.equal((await post('{}', 'application/x-www-form-urlencoded')).statusCode, 415)
  const cases: Array<[string, string]> = [
    ['x', 'Expecting value: line 1 column 1 (char 0)'],
    ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
    ['{"a":1} x', 'Extra data: line 1 column 9 (char 8)'],
    ['{"a": NaN}', "Out of range float values are not JSON compliant: 'NaN'"],
    ['{\n  "calls":\n  x}', 'Expecting value: line 3 column 3 (char 15)']
  ]
  for (const [body, message] of cases) {
    const res = await post(body, 'application/json')
    t.equal(res.statusCode, 400, body)
    t.same(json(res), { detail: `JSON parse error - ${message}` }, body)
  }
  const bad = await app.uv({ method: 'POST', url: batchesUrl(), payload: Buffer.from([0xff, 0x7b]), headers: { 'content-type': 'application/json' } })
  t.same(json(bad), { detail: "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" })
  const deep = await post('['.repeat(100) + ']'.repeat(100), 'application/json')
  t.equal(deep.statusCode, 400, 'too deep: a 400, never a 500')
  const empty = await app.uv({ method: 'POST', url: batchesUrl() })
  t.equal(empty.statusCode, 400)
  t.same(json(empty), { calls: ['This field is required.'] }, 'an empty body is {}')
  // DRF reads the body after the lookup: an unknown agent with a broken body is a 404.
  const lookupFirst = await app.uv({ method: 'POST', url: batchesUrl('00000000-0000-4000-8000-000000000000'), payload: '{', headers: { 'content-type': 'application/json' } })
  t.equal(lookupFirst.statusCode, 404)
  t.equal((await app.uv({ method: 'DELETE', url: batchUrl('00000000-0000-4000-8000-000000000000'), payload: 'junk', headers: { 'content-type': 'text/plain' } })).statusCode, 404, 'DELETE never reads a body')
})

t.test('a body over the limit: 413 in DRF\'s body', async t => {
  const app = await uvApp(t, { bodyLimit: 2000 })
  const res = await app.uv({ method: 'POST', url: batchesUrl(), payload: { calls: Array.from({ length: 100 }, () => ({ metadata: { a: 'b' } })) } })
  t.equal(res.statusCode, 413)
  t.same(json(res), { detail: 'Request body exceeded the limit of 2000 bytes.' })
})

t.test('forced scenario statuses answer in DRF\'s body', async t => {
  const app = await uvApp(t)
  await app.inject({ method: 'POST', url: '/__admin/scenarios', payload: { match: { path: '/api/agents' }, action: { status: 500 } } })
  const res = await app.inject({ url: '/api/agents', headers: { 'x-api-key': KEY } })
  t.equal(res.statusCode, 500)
  t.same(json(res), { detail: 'A server error occurred.' })
  const prefer = await app.inject({ url: '/api/agents', headers: { 'x-api-key': KEY, prefer: 'code=429' } })
  t.equal(prefer.statusCode, 429)
  t.match(json(prefer), { detail: /^Request was throttled/ })
  t.equal(prefer.headers['retry-after'], '60')
})

t.test('TechLadder under /api/v1/public keeps its own answers', async t => {
  const app = await uvApp(t)
  const nope = await app.inject({ url: '/api/v1/public/nope', headers: auth() })
  t.equal(nope.statusCode, 404)
  t.match(json(nope), { status_code: 404, error: { code: 'NOT_FOUND' } })
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth() })).statusCode, 200)
  const method = await app.inject({ method: 'DELETE', url: '/api/v1/public/call-batches', headers: auth() })
  t.equal(method.statusCode, 405)
  t.match(json(method), { status_code: 405, error: { code: 'METHOD_NOT_ALLOWED' } })
})
