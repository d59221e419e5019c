/**
 * Property-based fuzzing of the Cartesia surface (fast-check; replay with FC_SEED=<seed>, run longer
 * with FC_RUNS=<n>): headers, create bodies, methods and paths (query strings and path ids of every
 * surface: test/reliability/fuzz-read.test.ts). Every
 * answer must have a status its route declares (the OpenAPI contract, checked on every response),
 * never a 5xx, never a hang, and every error must be Cartesia's body with its request id in the
 * X-Request-Id header; the server keeps serving afterwards.
 */
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, type Res } from '../../reliability/support.js'
import { SEEDED_KEYS } from '../../helper.js'
import { AGENT, GUIDE_BATCH_ID, KEY, NUMBER, OTHER_KEY, VERSION, createBody } from './support.js'

const { app, send: sendChecked } = await checkedApp(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z' })
const good = { authorization: `Bearer ${KEY}`, 'cartesia-version': VERSION }

/** A problem with a Cartesia answer, or null. */
function cartesiaProblem (res: Res, what: string, method = 'GET'): string | null {
  if (res.statusCode >= 500) return `${what}: ${res.statusCode}: ${res.body.slice(0, 300)}`
  const type = String(res.headers['content-type'] ?? '')
  const requestId = res.headers['x-request-id']
  if (typeof requestId !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(requestId)) return `${what}: X-Request-Id ${String(requestId)}`
  if (method === 'HEAD') return null
  if (res.statusCode === 200 && type === 'audio/wav') return res.body.startsWith('RIFF') ? null : `${what}: audio that is not WAV`
  if (!type.startsWith('application/json')) return `${what}: content-type ${type}`
  let body: any
  try { body = JSON.parse(res.body) } catch { return `${what}: not JSON: ${res.body.slice(0, 200)}` }
  if (res.statusCode >= 400) {
    const keys = Object.keys(body ?? {}).sort().join(',')
    if (keys !== 'doc_url,error_code,message,request_id,title') return `${what}: not Cartesia's error body: ${res.body.slice(0, 200)}`
    if (body.request_id !== requestId) return `${what}: request_id ${String(body.request_id)} is not the header's ${requestId}`
    if (typeof body.message !== 'string' || body.message === '' || typeof body.error_code !== 'string') return `${what}: no message or code`
    if (/\bat .*\.(js|ts|mjs):\d+/.test(res.body)) return `${what}: stack trace in body`
  }
  return null
}

const send = async (opts: { method?: string, url: string, headers?: Record<string, string | string[]>, payload?: string }): Promise<Res> => {
  const res = await sendChecked(opts as any, { envelope: false })
  const problem = cartesiaProblem(res, `${opts.method ?? 'GET'} ${opts.url.slice(0, 160)}`, opts.method)
  if (problem !== null) throw new Error(problem)
  return res
}

const stillServing = async (t: Test) => {
  const res = await send({ url: '/agents/calls/batches?limit=1', headers: good })
  t.equal(res.statusCode, 200, 'the server still serves a normal request')
}

// ------------------------------------------------------------------ arbitraries

const RAW_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$\'()*+,;:@%/[]'.split('')
const rawSafe = (max: number) => fc.string({ unit: fc.constantFrom(...RAW_SAFE), maxLength: max })

// ------------------------------------------------------------------ properties

t.test('fuzzed headers (auth and version variants, duplicated, junk): 200/400/401 only, never another organization', async t => {
  const keys = [KEY, OTHER_KEY, ...Object.values(SEEDED_KEYS), 'sk_car_nope']
  const headerChar = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(c => String.fromCharCode(c)) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map(c => String.fromCharCode(c)) })
  const junk = fc.string({ unit: headerChar, maxLength: 60 })
  const scheme = fc.constantFrom('Bearer', 'bearer', 'Basic', '', 'Bearer:')
  const authorization = fc.oneof(fc.constant(undefined), fc.tuple(scheme, fc.constantFrom(...keys)).map(([s, k]) => `${s} ${k}`), junk,
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...keys)).map(([a, b]) => [`Bearer ${a}`, `Bearer ${b}`]))
  const apiKey = fc.oneof(fc.constant(undefined), fc.constantFrom(...keys), junk, fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...keys)).map(([a, b]) => [a, b]))
  const version = fc.oneof(fc.constant(undefined), fc.constantFrom(VERSION, '2026-03-01', '2026-02-30', '2026-8-14', ''), junk, fc.constant<string[]>([VERSION, VERSION]))
  let cases = 0
  await fc.assert(fc.asyncProperty(authorization, apiKey, version, async (authz, key, v) => {
    cases++
    const headers: Record<string, string | string[]> = {}
    if (authz !== undefined) headers.authorization = authz
    if (key !== undefined) headers['x-api-key'] = key
    if (v !== undefined) headers['cartesia-version'] = v
    const res = await send({ url: '/agents', headers })
    if (![200, 400, 401].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}`)
    if (res.statusCode === 200) {
      const presented = new Set<string>()
      if (typeof authz === 'string') presented.add(/^bearer +(\S+) *$/i.exec(authz)?.[1] ?? '<bad>')
      if (typeof key === 'string') presented.add(key)
      if (Array.isArray(authz) || Array.isArray(key) || presented.size !== 1) throw new Error(`200 with ${JSON.stringify(headers).slice(0, 200)}`)
      const summaries = JSON.parse(res.body).summaries
      const own = [...presented][0] === KEY ? AGENT : null
      if (own !== null && !summaries.some((a: any) => a.id === own)) throw new Error('the key saw another organization')
      if ([...presented][0] === OTHER_KEY && summaries.some((a: any) => a.id === AGENT)) throw new Error('the other key saw the main organization')
    }
  }), fcParams(1500))
  t.comment(`header cases: ${cases}`)
  await stillServing(t)
})

t.test('fuzzed create bodies: 201, 400, 404, 413 or 415 in Cartesia\'s body, never 5xx', async t => {
  const base = createBody(2)
  const value = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constantFrom(null, '', 0, -1, 1.5, 1e308, 'x'.repeat(300), [], {}, AGENT, NUMBER, '+14155550100', '2026-06-02T00:00:00Z'))
  const field = fc.constantFrom('name', 'agent_id', 'from_number_id', 'recipients', 'target_concurrency_limit', 'ringing_timeout_seconds', 'max_call_duration_minutes', 'scheduled_at', 'region', '__proto__', 'constructor')
  const recipient = fc.record({ to_number: fc.oneof(fc.constantFrom('+14155550100', '+15005550001', '14155550100', '+0', ''), fc.string({ maxLength: 20 })), metadata: fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 3 })) }, { requiredKeys: [] })
  const mutated = fc.tuple(fc.dictionary(field, value, { maxKeys: 4 }), fc.option(fc.array(recipient, { maxLength: 5 }), { nil: undefined }))
    .map(([changes, recipients]) => JSON.stringify({ ...base, ...changes, ...(recipients === undefined ? {} : { recipients }) }))
  const payload = fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '[]', 'null', '{"recipients":' + '['.repeat(100) + ']'.repeat(100) + '}') }
  )
  const type = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined)
  let cases = 0
  let created = 0
  await fc.assert(fc.asyncProperty(payload, type, async (body, contentType) => {
    cases++
    const headers: Record<string, string> = { ...good }
    if (contentType !== undefined) headers['content-type'] = contentType
    const res = await send({ method: 'POST', url: '/agents/calls/batches', headers, payload: body })
    if (![201, 400, 404, 413, 415].includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode} for ${body.slice(0, 200)}`)
    if (res.statusCode === 201) created++
  }), fcParams(1500))
  t.comment(`create cases: ${cases}, created: ${created}`)
  t.ok(created > 0, 'some fuzzed bodies are valid')
  await stillServing(t)
})

t.test('fuzzed methods and paths under /agents: Cartesia bodies, never 5xx', async t => {
  const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
  const segment = fc.oneof(fc.constantFrom('calls', 'batches', 'cancel', 'retry', 'audio', GUIDE_BATCH_ID, AGENT, '..', '.', '', '%2e%2e', 'phone-numbers'), rawSafe(20))
  let cases = 0
  await fc.assert(fc.asyncProperty(method, fc.array(segment, { maxLength: 5 }), fc.boolean(), async (m, segs, withKey) => {
    cases++
    const url = '/agents/' + segs.join('/')
    let path = url
    try { path = new URL(url, 'http://x').pathname } catch {}
    // Dot segments may leave the surface (/agents/.. is /): only "no 5xx" there, and the root's own body.
    if (!path.startsWith('/agents')) {
      const res = await sendChecked({ method: m, url, headers: withKey ? good : {} } as any, { envelope: false })
      if (res.statusCode >= 500) throw new Error(`${url}: ${res.statusCode}`)
      return
    }
    await send({ method: m, url, headers: withKey ? good : {} })
  }), fcParams(1000))
  t.comment(`method/path cases: ${cases}`)
  await stillServing(t)
})
