/**
 * Secrets: API keys are compared in constant time (tested as a property of the code path, not by
 * a flaky stopwatch: the presented key is hashed with SHA-256 before anything else, the database
 * is searched by digest, and the one comparison is crypto.timingSafeEqual over two 32-byte
 * digests); and neither the log nor the request journal ever prints a full API key, of any
 * surface (the table in support.ts), sent in a credential header, the query, the path or the body,
 * plain or percent-encoded; nor does a public response show a key its request did not carry.
 */
import t from 'tap'
import fc from 'fast-check'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { buildApp } from '../../src/http/app.js'
import { createAccountRepository } from '../../src/core/store/accounts.js'
import { SEEDED_KEYS, TEST_CONFIG } from '../helper.js'
import { fcParams, fill, ROOT, routesOf, surfaceRoutes, SURFACES } from './support.js'

const require = createRequire(import.meta.url)
const crypto = require('node:crypto') as typeof import('node:crypto')

t.test('key lookup: hash first, search by digest, compare digests with timingSafeEqual', async t => {
  const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0 })
  t.teardown(() => app.close())
  await app.ready()
  const repo = createAccountRepository(app.db)

  const events: string[] = []
  const realCreateHash = crypto.createHash
  const realTse = crypto.timingSafeEqual
  ;(crypto as any).createHash = (alg: string, ...rest: unknown[]) => {
    const h = (realCreateHash as any)(alg, ...rest)
    const update = h.update.bind(h)
    h.update = (data: unknown, enc?: unknown) => { events.push(`hash:${alg}:${String(data)}`); return update(data, enc) }
    return h
  }
  ;(crypto as any).timingSafeEqual = (a: Buffer, b: Buffer) => { events.push(`tse:${a.length}:${b.length}`); return realTse(a, b) }
  syncBuiltinESMExports()
  t.teardown(() => {
    ;(crypto as any).createHash = realCreateHash
    ;(crypto as any).timingSafeEqual = realTse
    syncBuiltinESMExports()
  })

  for (const key of Object.values(SEEDED_KEYS)) {
    events.length = 0
    t.ok(repo.findByApiKey(key) !== undefined, `${key.slice(0, 6)}… is found`)
    t.same(events, [`hash:sha256:${key}`, 'tse:32:32'], 'hashed once with SHA-256, then one timingSafeEqual over 32-byte digests')
  }
  // Unknown keys, near-misses and junk: the only work on the raw key is hashing it.
  await fc.assert(fc.property(fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.constantFrom(...Object.values(SEEDED_KEYS)).chain(k => fc.nat({ max: k.length - 1 }).map(i => k.slice(0, i) + (k[i] === 'x' ? 'y' : 'x') + k.slice(i + 1)))
  ), key => {
    events.length = 0
    const owner = repo.findByApiKey(key)
    if (owner !== undefined) return true
    if (events.length !== 1 || events[0] !== `hash:sha256:${key}`) throw new Error(`unexpected work on an unknown key: ${JSON.stringify(events)}`)
    return true
  }), fcParams(500))

  // The statement: a lookup by digest, never by the raw key.
  const source = readFileSync(join(ROOT, 'src/core/store/accounts.ts'), 'utf8')
  const lookup = /findByApiKey[\s\S]*?\n {4}\}/.exec(source)?.[0] ?? ''
  t.match(lookup, /hashApiKey\(key\)/, 'findByApiKey hashes the key')
  t.notMatch(lookup, /===\s*key|key\s*===|\.get\(key\)/, 'findByApiKey never compares or looks up the raw key')
  t.match(source, /WHERE k\.key_hash = \?/, 'the key query is by digest')
  t.notMatch(source, /WHERE[^`']*\bapi_key\s*=/, 'no query compares the raw api_key column')
})

t.test('the admin token is compared as digests with timingSafeEqual too', async t => {
  const source = readFileSync(join(ROOT, 'src/surfaces/admin/index.ts'), 'utf8')
  t.match(source, /timingSafeEqual\(digest\(given\), expected\)/)
})

/** A pino destination that keeps every line. */
function capture () {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _enc, cb) { lines.push(chunk.toString()); cb() } })
  return { lines, stream }
}

t.test('no full API key in the log (trace level) or the request journal', async t => {
  const { lines, stream } = capture()
  const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0, logLevel: 'trace' }, { logger: { level: 'trace', stream } as any })
  t.teardown(() => app.close())
  await app.ready()
  const admin = routesOf(app.swagger(), '/__admin')
  const has = (method: string, path: string) => admin.some(r => r.method === method && r.path === path)

  const secrets: string[] = [...Object.values(SEEDED_KEYS)]
  const unknownKey = 'sk_live_unknown_but_secret_1234567890'
  secrets.push(unknownKey)
  t.ok(has('POST', '/__admin/accounts'), 'POST /__admin/accounts is documented')
  const made = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_secret1', api_key: 'sk_secret_made_by_admin_0001' } })
  t.equal(made.statusCode, 201)
  secrets.push('sk_secret_made_by_admin_0001')

  const urls = ['/api/v1/public/me', '/api/v1/public/call-batches?limit=2', '/api/v1/public/call-batches/sched_7bac6f2a',
    '/api/v1/public/call-batches/sched_00000000/calls', '/api/v1/public/nope', '/api/v1/public/call-batches?limit=0']
  for (const key of secrets) {
    for (const url of urls) {
      for (const authorization of [`Bearer ${key}`, `bearer  ${key}`, key, `Basic ${key}`, `Bearer ${key}x`]) {
        await app.inject({ url, headers: { authorization } })
      }
    }
    await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{"agent_name":' })
    // A key where no key belongs (a client's mistake): in the query string, in a body.
    await app.inject({ url: `/api/v1/public/me?api_key=${key}&token=Bearer%20${key}`, headers: { authorization: `Bearer ${key}` } })
    await app.inject({ url: `/api/v1/public/call-batches/${key}`, headers: { authorization: `Bearer ${key}` } })
    await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ agent_name: key, note: `key=${key}` }) })
  }

  t.ok(has('GET', '/__admin/journal'), 'GET /__admin/journal is documented')
  const read = await app.inject({ url: '/__admin/journal?limit=1000' })
  t.equal(read.statusCode, 200)
  const journal = read.body
  t.ok(JSON.parse(journal).data.items.length > 50, 'the journal recorded the requests')
  const log = lines.join('')
  t.comment(`the log has ${lines.length} lines`)
  for (const key of secrets) {
    t.notOk(log.includes(key), `the log never contains ${key.slice(0, 6)}…`)
    t.notOk(journal.includes(key), `the journal never contains ${key.slice(0, 6)}…`)
    // Nor more than half of it in one piece (the hint shows at most a quarter at each end).
    // (Account ids aside: acc_uv_other holds half of uv_other_key by the seed's choice, and is no secret.)
    const half = key.slice(0, Math.ceil(key.length / 2) + 1)
    const noIds = (s: string) => s.replace(/acc_[A-Za-z0-9_]+/g, '')
    t.notOk(noIds(log).includes(half) || noIds(journal).includes(half), `no more than half of ${key.slice(0, 6)}… in one piece`)
  }
  // Ultravox's own key shape is redacted too, and no provider accepts a key of a shape the redaction would miss.
  const odd = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', api_key: 'uvChosenKey1234.secretpart' } })
  t.equal(odd.statusCode, 400, 'an Ultravox key of a shape the redaction does not know is refused')
})

t.test('every surface: no full key of any provider in a public response, the log or the journal, however it was sent', async t => {
  const { lines, stream } = capture()
  const app = await buildApp({ ...TEST_CONFIG, rateLimitPerMinute: 0, logLevel: 'trace', clock: 'manual' }, { logger: { level: 'trace', stream } as any })
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger()
  // Seeded keys of every surface, and per provider a key the control API generated and one it was given.
  const secrets = new Set<string>(SURFACES.flatMap(s => [s.keys.main, s.keys.other]))
  for (const surface of SURFACES) {
    for (const given of [undefined, surface.provider === 'ultravox' ? 'uv_chosen_secret_0042' : `sk_${surface.provider === 'cartesia' ? 'car_' : ''}chosen_secret_0042`]) {
      const made = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: surface.provider, ...(given === undefined ? {} : { api_key: given }) } })
      t.equal(made.statusCode, 201, `a ${surface.provider} account`)
      for (const k of JSON.parse(made.body).data.api_keys) secrets.add(k.api_key)
    }
  }
  const encodeAll = (key: string) => key.replace(/[A-Za-z0-9_.-]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  let requests = 0
  const leaks: string[] = []
  const send = async (opts: { method?: string, url: string, headers?: Record<string, string>, payload?: string }, carried: string[]) => {
    requests++
    const res = await app.inject(opts as any)
    const shown = res.body + '\n' + JSON.stringify(res.headers)
    // A response may echo what the request itself put in its path, query or body, to its sender; nothing else.
    for (const key of secrets) if (!carried.includes(key) && shown.includes(key)) leaks.push(`${opts.method ?? 'GET'} ${opts.url.slice(0, 80)}: shows ${key.slice(0, 6)}…`)
  }
  for (const key of secrets) {
    for (const surface of SURFACES) {
      const routes = surfaceRoutes(doc, surface)
      const gets = routes.filter(r => r.method === 'GET').slice(0, 4).map(r => fill(r.path, surface.params(app)))
      const write = routes.find(r => r.hasBody)!
      for (const headers of [...surface.authVariants(key), ...surface.authVariants(encodeAll(key)), { authorization: `Bearer ${key}x` }, { 'x-api-key': ` ${key}` }]) {
        for (const url of gets) await send({ url, headers }, [])
      }
      const headers = surface.headers(key)
      // A key where no key belongs (a client's mistake): the query string, the path, the body; plain and percent-encoded.
      for (const form of [key, encodeAll(key), encodeURIComponent(key)]) {
        await send({ url: `${gets[0]}?api_key=${form}&token=Bearer%20${form}`, headers }, [key])
        await send({ url: `${surface.prefix}/${form}`, headers }, [key])
        await send({ url: fill(write.path, { ...surface.params(app), batch_id: form, agent_id: form }), method: write.method, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ name: form, agent_name: form, note: `key=${form}` }) }, [key])
      }
    }
  }
  const journal = (await app.inject({ url: '/__admin/journal?limit=100000' })).body
  const log = lines.join('')
  t.comment(`${secrets.size} keys (${[...secrets].map(k => k.slice(0, 4) + '…').join(', ')}), ${requests} requests on ${SURFACES.length} surfaces; the log has ${lines.length} lines`)
  t.same(leaks.slice(0, 5), [], 'no public response shows a key it was not sent in its path, query or body')
  for (const key of secrets) {
    for (const form of [key, encodeAll(key), encodeURIComponent(key)]) {
      t.notOk(log.includes(form), `the log never contains ${key.slice(0, 6)}… (${form === key ? 'plain' : 'percent-encoded'})`)
      t.notOk(journal.includes(form), `the journal never contains ${key.slice(0, 6)}… (${form === key ? 'plain' : 'percent-encoded'})`)
    }
    // (Account ids aside: acc_uv_other holds half of uv_other_key by the seed's choice, and is no secret.)
    const half = key.slice(0, Math.ceil(key.length / 2) + 1)
    const noIds = (s: string) => s.replace(/acc_[A-Za-z0-9_]+/g, '')
    t.notOk(noIds(log).includes(half) || noIds(journal).includes(half), `no more than half of ${key.slice(0, 6)}… in one piece`)
  }
  // Ultravox's own key shape is redacted too, and no provider accepts a key of a shape the redaction would miss.
  const odd = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { provider: 'ultravox', api_key: 'uvChosenKey1234.secretpart' } })
  t.equal(odd.statusCode, 400, 'an Ultravox key of a shape the redaction does not know is refused')
})
