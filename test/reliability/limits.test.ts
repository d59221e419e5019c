/**
 * Request limits over a real socket (the app listening on 127.0.0.1, every wait bounded): body size
 * (413), header size and URL length (431), slow requests (408), malformed HTTP (400): each answered
 * with the envelope. The limits themselves are set deliberately (not left to Node's defaults), and a
 * fast-check property throws random bytes at the socket: never a 5xx, never a hang.
 */
import t from 'tap'
import fc from 'fast-check'
import { buildApp, type App } from '../../src/http/app.js'
import { DEFAULT_CONFIG } from '../../src/http/config.js'
import { MAX_HEADER_BYTES } from '../../src/http/errors.js'
import { TEST_CONFIG } from '../helper.js'
import { envelopeProblem, fcParams, http, parseRaw, raw } from './support.js'

const KEY = 'sk_your_api_key'
const BODY_LIMIT = 4096

async function listening (tweak?: (app: App) => void): Promise<{ app: App, port: number }> {
  const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0, bodyLimit: BODY_LIMIT })
  tweak?.(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { app, port: (app.server.address() as { port: number }).port }
}

const { app, port } = await listening()

const expectEnvelope = (t: any, res: { statusCode: number, headers: Record<string, unknown>, body: string } | null, status: number, code: string, what: string) => {
  t.ok(res !== null, `${what}: an HTTP answer`)
  if (res === null) return
  t.equal(res.statusCode, status, `${what}: ${status}`)
  t.equal(envelopeProblem(res, what), null, `${what}: the envelope`)
  t.equal(JSON.parse(res.body).error.code, code, `${what}: ${code}`)
}

t.test('the limits are set deliberately', async t => {
  t.equal(DEFAULT_CONFIG.bodyLimit, 10 * 1024 * 1024, 'body: 10 MiB by default (BODY_LIMIT / --body-limit)')
  t.equal(app.initialConfig.bodyLimit, BODY_LIMIT, 'the configured body limit reaches Fastify')
  t.equal((app.server as any).maxHeaderSize, MAX_HEADER_BYTES, `headers: ${MAX_HEADER_BYTES} bytes, set explicitly`)
  t.equal(app.server.requestTimeout, 30_000, 'a whole request must arrive within 30 s')
  t.equal(app.server.timeout, 60_000, 'an idle socket is closed after 60 s')
  t.equal(app.server.keepAliveTimeout, 72_000, 'keep-alive: 72 s (longer than common load-balancer idle timeouts)')
  t.equal((app.initialConfig as any).routerOptions?.maxParamLength ?? app.initialConfig.maxParamLength, 2048, 'path ids up to 2048 characters reach the route')
})

t.test('a body over the limit: 413 envelope (Content-Length, and chunked without one)', async t => {
  const big = JSON.stringify({ contacts: 'x'.repeat(BODY_LIMIT) })
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
  const res = await http(port, { method: 'POST', path: '/api/v1/public/call-batches', headers, body: big })
  expectEnvelope(t, res, 413, 'PAYLOAD_TOO_LARGE', 'Content-Length over the limit')
  t.same(JSON.parse(res.body).error.details, [`body: Must be at most ${BODY_LIMIT} bytes`])

  const chunked = `POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
    [0, 1, 2].map(() => `${(2000).toString(16)}\r\n${'y'.repeat(2000)}\r\n`).join('') + '0\r\n\r\n'
  expectEnvelope(t, parseRaw(await raw(port, chunked)), 413, 'PAYLOAD_TOO_LARGE', 'chunked body over the limit')

  const admin = await http(port, { method: 'PUT', path: '/__admin/clock', headers: { 'content-type': 'application/json' }, body: big })
  t.equal(admin.statusCode, 413, 'the admin API has the same limit')
  const ok = await http(port, { path: '/api/v1/public/me', headers })
  t.equal(ok.statusCode, 200, 'the server still serves')
})

t.test('headers over the limit, and an over-long URL: 431 envelope, connection closed', async t => {
  const justUnder = `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nX-Pad: ${'p'.repeat(MAX_HEADER_BYTES - 200)}\r\nConnection: close\r\n\r\n`
  t.equal(parseRaw(await raw(port, justUnder))?.statusCode, 200, 'headers just under the limit are fine')

  const over = `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nX-Pad: ${'p'.repeat(MAX_HEADER_BYTES + 10)}\r\n\r\n`
  const res = parseRaw(await raw(port, over))
  expectEnvelope(t, res, 431, 'VALIDATION_ERROR', 'one oversized header')
  t.same(JSON.parse(res!.body).error.details, [`headers: Must be at most ${MAX_HEADER_BYTES} bytes in total`])
  t.equal(res!.headers.connection, 'close')

  const many = `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 400 }, (_v, i) => `X-H${i}: ${'v'.repeat(40)}\r\n`).join('')}\r\n`
  expectEnvelope(t, parseRaw(await raw(port, many)), 431, 'VALIDATION_ERROR', 'many headers adding up')

  const longUrl = `GET /api/v1/public/call-batches/${'a'.repeat(MAX_HEADER_BYTES + 100)} HTTP/1.1\r\nHost: x\r\n\r\n`
  expectEnvelope(t, parseRaw(await raw(port, longUrl)), 431, 'VALIDATION_ERROR', 'a URL longer than the header limit')
  t.equal((await http(port, { path: '/api/v1/public/me', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, 'the server still serves')
})

t.test('malformed HTTP: 400 envelope, connection closed', async t => {
  for (const [what, bytes] of [
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['bad header line', 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
    ['bad Content-Length', 'POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['two Content-Lengths', 'POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['Content-Length and chunked', 'POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['bad chunk size', 'POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['a NUL in a header', 'GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk\u0000x\r\n\r\n'],
    ['HTTP/2 preface on HTTP/1.1', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']
  ] as const) {
    const text = await raw(port, bytes)
    expectEnvelope(t, parseRaw(text), 400, 'VALIDATION_ERROR', what)
  }
})

t.test('CONNECT (a client taking the mock for a proxy): 405 envelope, connection closed', async t => {
  for (const target of ['example.com:443', '/api/v1/public/me']) {
    const res = parseRaw(await raw(port, `CONNECT ${target} HTTP/1.1\r\nHost: example.com:443\r\nAuthorization: Bearer ${KEY}\r\n\r\n`))
    expectEnvelope(t, res, 405, 'METHOD_NOT_ALLOWED', `CONNECT ${target}`)
    t.equal(res?.headers.connection, 'close')
  }
  t.equal((await http(port, { path: '/api/v1/public/me', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, 'the server still serves')
})

t.test('a request that never finishes arriving: 408 envelope when the request timeout passes', async t => {
  // The same handler as production with the timeouts shortened, so the test takes a second.
  const slow = await listening(a => {
    a.server.requestTimeout = 600
    a.server.headersTimeout = 600
    ;(a.server as any).connectionsCheckingInterval = 100
  })
  const started = Date.now()
  const text = await raw(slow.port, `GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n`, 5000)
  expectEnvelope(t, parseRaw(text), 408, 'VALIDATION_ERROR', 'headers never finished')
  t.ok(Date.now() - started < 4000, `answered after ${Date.now() - started} ms`)

  const body = await raw(slow.port, `POST /api/v1/public/call-batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"agent_name":`, 5000)
  const res = parseRaw(body)
  // Node answers a body that stops arriving either with the 408 envelope or by closing the socket.
  t.ok(res === null || (res.statusCode === 408 && envelopeProblem(res, 'slow body') === null), `a body that stops arriving: ${res?.statusCode ?? 'closed'}`)
})

t.test('random bytes on the socket: an envelope (never a 5xx) or a close, never a hang', async t => {
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G\u00c9T', '']
  const targets = ['/api/v1/public/me', '/api/v1/public/call-batches', '/api/v1/public/call-batches/sched_7bac6f2a', '*', 'http://x/y', '/%', '/a b', '', '/\u00ff']
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'HTTP/9.9', 'http/1.1', '']
  const line = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map(c => String.fromCharCode(c)), maxLength: 60 })
  const request = fc.oneof(
    fc.tuple(fc.constantFrom(...methods), fc.constantFrom(...targets), fc.constantFrom(...versions), fc.array(line, { maxLength: 5 }), line)
      .map(([m, p, v, hs, body]) => `${m} ${p} ${v}\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n${hs.map(h => h + '\r\n').join('')}Connection: close\r\n\r\n${body}`),
    fc.array(line, { minLength: 1, maxLength: 6 }).map(ls => ls.join('\r\n') + '\r\n\r\n')
  )
  let cases = 0
  let answered = 0
  await fc.assert(fc.asyncProperty(request, async bytes => {
    cases++
    const text = await raw(port, Buffer.from(bytes, 'latin1'), 3000, true)
    if (text === '') {
      // Only input without a request line may be closed in silence (blank lines before a request are ignored, RFC 9112 2.2).
      if (/^[\r\n]*$/.test(bytes)) return
      throw new Error(`closed without an answer: ${JSON.stringify(bytes.slice(0, 120))}`)
    }
    answered++
    const res = parseRaw(text)
    if (res === null) throw new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`)
    if (res.statusCode >= 500) throw new Error(`answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
    if (bytes.startsWith('HEAD ') || res.statusCode === 204 || res.statusCode === 304) return
    // Node's own chunked framing is left in the raw text; only a Content-Length body is checked in full.
    if (res.headers['transfer-encoding'] === undefined && res.body !== '') {
      const problem = envelopeProblem(res, JSON.stringify(bytes.slice(0, 60)))
      if (problem !== null && !res.headers['content-type']?.toString().startsWith('text/html')) throw new Error(problem)
    }
  }), fcParams(600))
  t.comment(`raw-socket cases: ${cases} (${answered} answered, the rest closed by the server)`)
  t.equal((await http(port, { path: '/api/v1/public/me', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, 'the server still serves')
})

t.test('Authorization variants over a real socket (Node\'s own header parsing): one clear key or a 401', async t => {
  const keys = ['sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key', 'sk_nope_1234']
  const name = fc.constantFrom('Authorization', 'authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN')
  const value = fc.tuple(fc.constantFrom('Bearer', 'bearer', 'Basic', 'Bearer:'), fc.constantFrom(' ', '  ', '\t'), fc.constantFrom(...keys), fc.constantFrom('', ' ', '  ', 'x'))
    .map(([scheme, sp, key, tail]) => ({ text: `${scheme}${sp}${key}${tail}`, key, clean: /^bearer$/i.test(scheme) && sp.trim() === '' && sp !== '\t' && (tail === '' || tail.trim() === '') }))
  const extra = fc.array(fc.tuple(fc.constantFrom('X-Forwarded-For', 'X-Api-Key', 'Cookie', 'Accept', 'Proxy-Authorization'), fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map(c => String.fromCharCode(c)), maxLength: 40 })), { maxLength: 3 })
  let cases = 0
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 3 }), extra, async (auths, extras) => {
    cases++
    const lines = [...auths.map(([n, v]) => `${n}: ${v.text}`), ...extras.map(([n, v]) => `${n}: ${v}`)]
    const text = await raw(port, Buffer.from(`GET /api/v1/public/me HTTP/1.1\r\nHost: x\r\n${lines.map(l => l + '\r\n').join('')}Connection: close\r\n\r\n`, 'latin1'), 3000)
    const res = parseRaw(text)
    if (res === null) throw new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 100))}`)
    const problem = envelopeProblem(res, 'me')
    if (problem !== null) throw new Error(problem)
    if (res.statusCode === 400) return // an invalid header line (Node's parser), answered with the envelope
    const single = auths.length === 1 ? auths[0][1] : null
    const expected = single === null || !single.clean || single.key === 'sk_nope_1234' ? 401 : single.key === 'sk_disabled_account_key' ? 403 : 200
    if (res.statusCode !== expected) throw new Error(`${JSON.stringify(lines)}: ${res.statusCode}, expected ${expected}`)
    if (expected === 200 && JSON.parse(res.body).data.account_id !== (single!.key === 'sk_other_account_key' ? 'acc_def456' : 'acc_abc123')) throw new Error('wrong account')
  }), fcParams(400))
  t.comment(`real-socket authorization cases: ${cases}`)
})
