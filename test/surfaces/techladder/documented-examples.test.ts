/** Every documented example, request as the docs send it, body compared whole. */
import t from 'tap'
import { auth, build, json, KEY } from '../../helper.js'
import {
  CALLS_EXAMPLE_BODY, GET_BATCH_BODY, INVALID_STATUS_BODY, LIST_EXAMPLE_ITEM, NOT_FOUND_BODY, RESULT_EXAMPLE_ITEM, UNAUTHORIZED_BODY
} from '../../docs-examples.js'

const app = await build(t)
const headers = { ...auth(KEY), accept: 'application/json' }

t.test('Get Call Batch: sched_7bac6f2a answers exactly the documented body', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches/sched_7bac6f2a', headers })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.same(json(res), GET_BATCH_BODY)
  t.equal(res.body, JSON.stringify(GET_BATCH_BODY), 'byte for byte, in the documented key order')
})

t.test('the docs\' long example key works like sk_your_api_key', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches/sched_7bac6f2a', headers: auth('sk_bvTQr74V8Rk-bNM7mPOR2rwWQQrqs_m9K8HNeemSECfb--2L9VfVyElni0qzkF-D') })
  t.same(json(res), GET_BATCH_BODY)
})

t.test('List Call Batches: the documented query finds the documented pending batch', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches?agent_id=agt-57949b14&status=pending&limit=50&page=1', headers })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.equal(body.message, 'Call batches fetched successfully')
  t.equal(body.error, null)
  t.same({ ...body.data, items: undefined }, { items: undefined, total: 1, page: 1, limit: 50, has_more: false })
  t.equal(body.data.items.length, 1)
  const { schedule_id: id, ...rest } = body.data.items[0]
  t.match(id, /^sched_[0-9a-f]{8}$/)
  t.same(rest, LIST_EXAMPLE_ITEM, 'every field but the id is the documented item')
  t.same(Object.keys(body.data.items[0]), ['schedule_id', ...Object.keys(LIST_EXAMPLE_ITEM)], 'documented fields, documented order')
})

t.test('List Call Batches: the documented 422 for an unknown status', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches?status=running', headers })
  t.equal(res.statusCode, 422)
  t.equal(res.body, JSON.stringify(INVALID_STATUS_BODY))
})

t.test('Get Batch Results: sched_5d398018, limit=100&page=1', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches/sched_5d398018/results?limit=100&page=1', headers: auth(KEY) })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.equal(body.message, 'Batch results fetched successfully')
  t.same({ total: body.data.total, page: body.data.page, limit: body.data.limit, has_more: body.data.has_more },
    { total: 150, page: 1, limit: 100, has_more: true })
  t.equal(body.data.items.length, 100)
  t.same(body.data.items[0], RESULT_EXAMPLE_ITEM)
  t.equal(JSON.stringify(body.data.items[0]), JSON.stringify(RESULT_EXAMPLE_ITEM), 'documented key order')
})

t.test('List Batch Calls: the documented pending call, found by its external id', async t => {
  const res = await app.inject({ url: '/api/v1/public/call-batches/sched_7bac6f2a/calls?external_id=101', headers })
  t.equal(res.statusCode, 200)
  t.equal(res.body, JSON.stringify(CALLS_EXAMPLE_BODY))
})

t.test('the documented 404s', async t => {
  for (const path of ['', '/calls', '/results']) {
    const res = await app.inject({ url: `/api/v1/public/call-batches/sched_bdb2b840${path}`, headers })
    t.equal(res.statusCode, 404, path)
    t.equal(res.body, JSON.stringify(NOT_FOUND_BODY('sched_bdb2b840')), path)
  }
})

t.test('the documented 401 on every endpoint, for a missing and for an invalid key', async t => {
  const urls = ['/api/v1/public/me', '/api/v1/public/call-batches', '/api/v1/public/call-batches/sched_7bac6f2a',
    '/api/v1/public/call-batches/sched_7bac6f2a/calls', '/api/v1/public/call-batches/sched_5d398018/results']
  for (const url of urls) {
    for (const h of [{}, auth('sk_not_a_real_key')]) {
      const res = await app.inject({ url, headers: h })
      t.equal(res.statusCode, 401, url)
      t.equal(res.body, JSON.stringify(UNAUTHORIZED_BODY), url)
    }
  }
})

t.test('GET /me: the documented account', async t => {
  const res = await app.inject({ url: '/api/v1/public/me', headers })
  t.equal(res.statusCode, 200)
  t.same(json(res), {
    status_code: 200,
    message: 'Account details fetched successfully',
    error: null,
    data: {
      account_id: 'acc_abc123',
      name: 'Your Company',
      email: 'dev@yourcompany.com',
      limits: { max_batch_size: 10000, max_concurrent_calls: 20, max_call_duration_seconds: 900, rate_limit_per_minute: 300 }
    }
  })
})
