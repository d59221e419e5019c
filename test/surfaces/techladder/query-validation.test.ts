/** Query validation: 422 with one "<field>: <message>" per bad field, all together; never clamped. */
import t from 'tap'
import { auth, build, json } from '../../helper.js'

const app = await build(t)
const get = (url: string) => app.inject({ url, headers: auth() })

const LIST = '/api/v1/public/call-batches'
const CALLS = '/api/v1/public/call-batches/sched_5d398018/calls'
const RESULTS = '/api/v1/public/call-batches/sched_5d398018/results'

t.test('limit and page that are not positive integers in range are 422, not clamped', async t => {
  const cases: Array<[string, string, string]> = [
    [LIST, 'limit=0', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'limit=101', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'limit=-5', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'limit=2.5', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'limit=abc', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'limit=', 'limit: Must be an integer between 1 and 100'],
    [LIST, 'page=0', 'page: Must be a positive integer'],
    [LIST, 'page=-1', 'page: Must be a positive integer'],
    [LIST, 'page=1.5', 'page: Must be a positive integer'],
    [LIST, 'page=x', 'page: Must be a positive integer'],
    [CALLS, 'limit=501', 'limit: Must be an integer between 1 and 500'],
    [CALLS, 'limit=0', 'limit: Must be an integer between 1 and 500'],
    [RESULTS, 'limit=501', 'limit: Must be an integer between 1 and 500'],
    [RESULTS, 'page=0', 'page: Must be a positive integer'],
    [CALLS, 'status=done', 'status: Must be one of pending, queued, ringing, in_progress, completed, failed, no_answer, busy']
  ]
  for (const [path, query, detail] of cases) {
    const res = await get(`${path}?${query}`)
    t.equal(res.statusCode, 422, `${path}?${query}`)
    t.same(json(res), { status_code: 422, message: 'Invalid query parameters', error: { code: 'VALIDATION_ERROR', details: [detail] }, data: null }, `${path}?${query}`)
  }
})

t.test('every bad field is reported together, once each', async t => {
  const res = await get(`${LIST}?status=nope&limit=1000&page=0`)
  t.equal(res.statusCode, 422)
  t.same(json(res).error.details.slice().sort(), [
    'limit: Must be an integer between 1 and 100',
    'page: Must be a positive integer',
    'status: Must be one of pending, active, completed, failed, cancelled'
  ])
})

t.test('a repeated parameter is invalid, not silently one of its values', async t => {
  const res = await get(`${LIST}?limit=5&limit=6`)
  t.equal(res.statusCode, 422)
  t.same(json(res).error.details, ['limit: Must be an integer between 1 and 100'])
})

t.test('the largest allowed values are accepted', async t => {
  t.equal((await get(`${LIST}?limit=100`)).statusCode, 200)
  t.equal((await get(`${CALLS}?limit=500`)).statusCode, 200)
  t.equal((await get(`${RESULTS}?limit=500&page=1`)).statusCode, 200)
})

t.test('unknown query parameters are ignored', async t => {
  const plain = await get(`${LIST}?limit=5`)
  const extra = await get(`${LIST}?limit=5&sort=asc&foo=bar`)
  t.equal(extra.statusCode, 200)
  t.equal(extra.body, plain.body)
})

t.test('results take no status filter: it is ignored like any unknown parameter', async t => {
  const res = await get(`${RESULTS}?status=completed&limit=10`)
  t.equal(res.statusCode, 200)
  t.equal(json(res).data.total, 150)
})

t.test('validation is checked before the batch is looked up', async t => {
  const res = await get('/api/v1/public/call-batches/sched_bdb2b840/results?limit=0')
  t.equal(res.statusCode, 422)
})
