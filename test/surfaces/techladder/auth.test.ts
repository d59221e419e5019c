/** Authorization header parsing: 401 for missing, malformed or unknown keys; scheme case-insensitive. */
import t from 'tap'
import { build, json, KEY } from '../../helper.js'
import { UNAUTHORIZED_BODY } from '../../docs-examples.js'

const app = await build(t)
const me = (authorization?: string) => app.inject({ url: '/api/v1/public/me', headers: authorization === undefined ? {} : { authorization } })

t.test('the scheme word is case-insensitive', async t => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
    t.equal((await me(`${scheme} ${KEY}`)).statusCode, 200, scheme)
  }
})

t.test('missing, malformed and unknown keys are 401 with the documented body', async t => {
  const bad = ['', 'Bearer', 'Bearer ', KEY, `Basic ${KEY}`, `Token ${KEY}`, `Bearer ${KEY} extra`, `Bearer ${KEY.toUpperCase()}`,
    `Bearer ${KEY}x`, 'Bearer sk_', `Bearer\t${KEY}`, `Bearer ${'x'.repeat(5000)}`]
  for (const header of [undefined, ...bad]) {
    const res = await me(header)
    t.equal(res.statusCode, 401, JSON.stringify(header)?.slice(0, 40))
    t.same(json(res), UNAUTHORIZED_BODY)
  }
})

t.test('401 comes before everything else: unknown routes and bad queries under the public prefix', async t => {
  for (const url of ['/api/v1/public/nope', '/api/v1/public/call-batches?limit=0', '/api/v1/public/call-batches/sched_bdb2b840']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 401, url)
  }
  const res = await app.inject({ method: 'DELETE', url: '/api/v1/public/me' })
  t.equal(res.statusCode, 401, 'wrong method without a key')
})
