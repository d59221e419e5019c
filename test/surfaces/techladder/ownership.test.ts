/** Ownership: another account's batch is a 404 byte-identical to a missing one; 403 for disabled accounts. */
import t from 'tap'
import { auth, build, DISABLED_KEY, json, KEY, OTHER_KEY } from '../../helper.js'
import { NOT_FOUND_BODY } from '../../docs-examples.js'

const app = await build(t)
const get = (url: string, key: string) => app.inject({ url, headers: auth(key) })

const idsOf = async (key: string) => {
  const res = await get('/api/v1/public/call-batches?limit=100', key)
  return json(res).data.items.map((b: any) => b.schedule_id) as string[]
}

t.test('each account lists only its own batches', async t => {
  const mine = await idsOf(KEY)
  const theirs = await idsOf(OTHER_KEY)
  t.ok(mine.length > 0 && theirs.length > 0)
  t.same(mine.filter(id => theirs.includes(id)), [], 'no batch is listed for both')
  t.notOk(theirs.includes('sched_7bac6f2a'))
})

t.test('another account\'s batch is 404 on every route, byte-identical to a missing id', async t => {
  const theirs = (await idsOf(OTHER_KEY))[0]
  for (const suffix of ['', '/calls', '/results']) {
    const res = await get(`/api/v1/public/call-batches/${theirs}${suffix}`, KEY)
    t.equal(res.statusCode, 404)
    t.equal(res.body, JSON.stringify(NOT_FOUND_BODY(theirs)))
    const back = await get(`/api/v1/public/call-batches/sched_7bac6f2a${suffix}`, OTHER_KEY)
    t.equal(back.statusCode, 404)
    t.equal(back.body, JSON.stringify(NOT_FOUND_BODY('sched_7bac6f2a')))
    const missing = await get(`/api/v1/public/call-batches/sched_00000000${suffix}`, KEY)
    const sameShape = (r: typeof res) => ({ status: r.statusCode, headers: Object.keys(r.headers).sort(), length: r.body.length - 14 })
    t.same(sameShape(res), sameShape(missing), 'same status, same headers')
  }
  t.notOk(JSON.stringify(json(await get(`/api/v1/public/call-batches/${theirs}`, KEY))).includes('acc_'), 'no hint of the owner')
})

t.test('each key sees its own account in /me', async t => {
  t.equal(json(await get('/api/v1/public/me', KEY)).data.account_id, 'acc_abc123')
  t.equal(json(await get('/api/v1/public/me', OTHER_KEY)).data.account_id, 'acc_def456')
})

t.test('a disabled account gets 403 FORBIDDEN everywhere, even for its own batches', async t => {
  for (const url of ['/api/v1/public/me', '/api/v1/public/call-batches', '/api/v1/public/call-batches/sched_7bac6f2a']) {
    const res = await get(url, DISABLED_KEY)
    t.equal(res.statusCode, 403, url)
    t.same(json(res), {
      status_code: 403,
      message: 'API access not enabled for your account',
      error: { code: 'FORBIDDEN', details: ['API access is disabled for this account. Contact info@techladder.ai to enable it'] },
      data: null
    })
  }
  const own = app.db.prepare("SELECT schedule_id FROM batches WHERE account_id = 'acc_ghi789' LIMIT 1").pluck().get() as string
  t.ok(own, 'the disabled account owns batches')
  t.equal((await get(`/api/v1/public/call-batches/${own}`, DISABLED_KEY)).statusCode, 403)
})
