/** The documented rate limit: N per minute per key, headers on every response, the documented 429. */
import t from 'tap'
import { auth, build, json, KEY, OTHER_KEY } from '../../helper.js'
import { RATE_LIMITED_BODY } from '../../docs-examples.js'
import { createRateLimiter } from '../../../src/harness/rate-limiter.js'

t.test('headers on every public response, the 429 body after the limit, per key', async t => {
  const app = await build(t, { rateLimitPerMinute: 300 })
  const first = await app.inject({ url: '/api/v1/public/me', headers: auth() })
  t.equal(first.headers['x-ratelimit-limit'], '300')
  t.equal(first.headers['x-ratelimit-remaining'], '299')
  const reset = Number(first.headers['x-ratelimit-reset'])
  t.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 61, 'reset is epoch seconds within the minute')
  for (let i = 2; i <= 300; i++) {
    const res = await app.inject({ url: '/api/v1/public/call-batches/sched_bdb2b840', headers: auth() })
    t.equal(res.statusCode, 404)
    if (i === 300) t.equal(res.headers['x-ratelimit-remaining'], '0')
  }
  const limited = await app.inject({ url: '/api/v1/public/me', headers: auth() })
  t.equal(limited.statusCode, 429)
  t.equal(limited.body, JSON.stringify(RATE_LIMITED_BODY))
  t.equal(limited.headers['x-ratelimit-remaining'], '0')
  t.equal(limited.headers['x-ratelimit-reset'], String(reset))
  const other = await app.inject({ url: '/api/v1/public/me', headers: auth(OTHER_KEY) })
  t.equal(other.statusCode, 200, 'another key has its own window')
  const bad = await app.inject({ url: '/api/v1/public/me', headers: auth('sk_wrong') })
  t.equal(bad.statusCode, 401, 'an invalid key is still 401, not 429')
  t.ok(bad.headers['x-ratelimit-limit'], '401s carry the headers too')
  t.notOk((await app.inject({ url: '/healthz' })).headers['x-ratelimit-limit'], 'not on the mock\'s own routes')
})

t.test('the configured limit is used in the headers, the 429 detail and /me', async t => {
  const app = await build(t, { rateLimitPerMinute: 3 })
  const me = json(await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) }))
  t.equal(me.data.limits.rate_limit_per_minute, 3)
  await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })
  await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })
  const res = await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })
  t.equal(res.statusCode, 429)
  t.same(json(res).error.details, ['Maximum 3 requests per minute'])
})

t.test('0 switches the limit off: no 429, no headers', async t => {
  const app = await build(t, { rateLimitPerMinute: 0 })
  for (let i = 0; i < 400; i++) {
    const res = await app.inject({ url: '/api/v1/public/me', headers: auth() })
    if (res.statusCode !== 200) { t.fail(`request ${i}: ${res.statusCode}`); break }
  }
  const res = await app.inject({ url: '/api/v1/public/me', headers: auth() })
  t.notOk(res.headers['x-ratelimit-limit'])
})

t.test('the window resets after a minute (fixed window per key)', async t => {
  let now = 1_000_000
  const limiter = createRateLimiter(() => now)
  t.equal(limiter.hit('k', 2).remaining, 1)
  t.equal(limiter.hit('k', 2).remaining, 0)
  t.equal(limiter.hit('k', 2).limited, true)
  now += 59_999
  t.equal(limiter.hit('k', 2).limited, true)
  now += 1
  const fresh = limiter.hit('k', 2)
  t.same(fresh, { limit: 2, remaining: 1, resetAt: now + 60_000, limited: false })
})

t.test('0 means off in both places: an account\'s own 0 switches its limit off; the server\'s 0 switches every limit off', async t => {
  const app = await build(t, { rateLimitPerMinute: 2 })
  const made = await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_unlimited', api_key: 'sk_unlimited_key', rate_limit_per_minute: 0 } })
  t.equal(made.statusCode, 201)
  for (let i = 0; i < 5; i++) {
    const res = await app.inject({ url: '/api/v1/public/me', headers: auth('sk_unlimited_key') })
    t.equal(res.statusCode, 200, `request ${i + 1}: not limited`)
    t.notOk(res.headers['x-ratelimit-limit'], 'no rate-limit headers when the limit is off')
  }
  t.equal(json(await app.inject({ url: '/api/v1/public/me', headers: auth('sk_unlimited_key') })).data.limits.rate_limit_per_minute, 0, '/me says 0: off')
  t.equal((await app.inject({ url: '/api/v1/public/me', headers: auth(KEY) })).headers['x-ratelimit-limit'], '2', 'others keep the server\'s limit')

  const off = await build(t, { rateLimitPerMinute: 0 })
  await off.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_own_limit', api_key: 'sk_own_limit_key', rate_limit_per_minute: 1 } })
  for (let i = 0; i < 3; i++) t.equal((await off.inject({ url: '/api/v1/public/me', headers: auth('sk_own_limit_key') })).statusCode, 200, 'a server limit of 0 switches accounts\' own limits off too')
})
