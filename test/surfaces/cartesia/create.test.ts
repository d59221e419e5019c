/**
 * POST /agents/calls/batches (C1): the created batch, its defaults, and every validation rule
 * (one 400 lists every problem; unknown agent or number 404), each tested.
 */
import t from 'tap'
import {
  AGENT, CARTESIA_NUMBERS, KEY, NUMBER, OTHER_KEY, SIP_NUMBER, START, advance, assertCartesiaError, cartesiaApp, createBatch,
  createBody, get, json, post
} from './support.js'

const URL = '/agents/calls/batches'
const DAY = 86_400_000
const startMs = Date.parse(START)
const at = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z'

t.test('a created batch: 201 without recipients, pending, the defaults; dispatch begins a second later', async t => {
  const app = await cartesiaApp(t)
  const res = await post(app, URL, { ...createBody(3), unknown_field: 'ignored' })
  t.equal(res.statusCode, 201)
  t.match(res.headers['content-type'], /^application\/json/)
  const b = json(res)
  t.match(b.id, /^acb_[0-9A-Za-z]{22}$/)
  t.same(Object.keys(b), ['id', 'name', 'agent_id', 'from_number_id', 'region', 'target_concurrency_limit', 'status', 'total_calls_scheduled',
    'total_calls_dispatched', 'total_calls_finished', 'retry_count', 'created_at', 'last_updated_at'], 'the guide\'s fields, in its order; no scheduled_at, admitted_at or recipients')
  t.match(b, {
    name: 'Test batch', agent_id: AGENT, from_number_id: NUMBER, region: 'US', target_concurrency_limit: 10, status: 'pending',
    total_calls_scheduled: 3, total_calls_dispatched: 0, total_calls_finished: 0, retry_count: 0, created_at: START, last_updated_at: START
  })
  const admin = json(await app.inject({ url: `/__admin/batches/${b.id}` })).data
  t.equal(admin.max_duration_seconds_per_call, 480 * 60, 'max_call_duration_minutes defaults to 480 (28,800 s per call)')

  const got = json(await get(app, `${URL}/${b.id}`))
  t.equal(got.recipients.length, 3)
  got.recipients.forEach((r: any, i: number) => {
    t.match(r.id, /^acbr_[0-9A-Za-z]{22}$/)
    t.same(r, { id: r.id, to_number: `+1415555${1000 + i}`, status: 'queued', created_at: START, metadata: { n: i } }, 'queued, metadata echoed')
  })
  await advance(app, 1)
  const running = json(await get(app, `${URL}/${b.id}`))
  t.equal(running.admitted_at, at(startMs + 1000), 'admitted_at: when dispatch began')
  t.notOk('scheduled_at' in running, 'no scheduled_at for a batch that dispatches immediately')
  t.equal(running.total_calls_dispatched, 3)
  t.equal(running.total_calls_finished, 0)
  t.equal(running.status, 'completed', 'every recipient dispatched (3 within the default concurrency of 10): completed while the calls run')
})

t.test('optional fields: concurrency, ringing, duration, scheduled_at, region; null is absent', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(2, {
    target_concurrency_limit: 20, ringing_timeout_seconds: 5, max_call_duration_minutes: 1, scheduled_at: at(startMs + 3600_000).replace('Z', '+00:00')
  }))
  t.equal(b.target_concurrency_limit, 20, 'the org limit itself is allowed')
  t.equal(b.scheduled_at, at(startMs + 3600_000), 'scheduled_at echoed as RFC 3339 UTC')
  t.equal(json(await app.inject({ url: `/__admin/batches/${b.id}` })).data.max_duration_seconds_per_call, 60, '1 minute per call')
  await advance(app, 3599)
  t.equal(json(await get(app, `${URL}/${b.id}`)).status, 'pending', 'not before scheduled_at')
  await advance(app, 1)
  const started = json(await get(app, `${URL}/${b.id}`))
  t.equal(started.total_calls_dispatched, 2, 'dispatch at scheduled_at')
  t.equal(started.admitted_at, b.scheduled_at)

  const offset = await createBatch(app, createBody(1, { scheduled_at: '2026-06-02T14:30:00.250+05:30' }))
  t.equal(offset.scheduled_at, '2026-06-02T09:00:00Z', 'an offset is normalised to UTC, fractional seconds dropped')
  const edges = await createBatch(app, createBody(1, { ringing_timeout_seconds: 80, max_call_duration_minutes: 480, target_concurrency_limit: 1 }))
  t.equal(edges.target_concurrency_limit, 1)
  const nulls = await createBatch(app, createBody(1, { target_concurrency_limit: null, scheduled_at: null, region: null, ringing_timeout_seconds: null, max_call_duration_minutes: null }))
  t.equal(nulls.target_concurrency_limit, 10, 'null counts as absent')
  t.notOk('scheduled_at' in nulls)
  const sip = await createBatch(app, createBody(1, { from_number_id: SIP_NUMBER, region: 'EU' }))
  t.equal(sip.region, 'EU', 'region on a SIP-trunk number')
  const sipDefault = await createBatch(app, createBody(1, { from_number_id: SIP_NUMBER }))
  t.equal(sipDefault.region, 'US', 'region defaults to US')
  const meta = await createBatch(app, { ...createBody(['+14155550001', '+14155550001']), recipients: [{ to_number: '+14155550001' }, { to_number: '+14155550001', metadata: { nested: { a: [1, null, 'x'] } } }] })
  const recipients = json(await get(app, `${URL}/${meta.id}`)).recipients
  t.equal(recipients.length, 2, 'the same number twice is kept twice')
  t.same(recipients.map((r: any) => r.metadata), [null, { nested: { a: [1, null, 'x'] } }], 'metadata: null when left out, any JSON object as given')
})

t.test('every validation rule: a 400 naming the field', async t => {
  const app = await cartesiaApp(t)
  const tooBig = { k: 'x'.repeat(16_384) }
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no name', { name: undefined }, /^name: This field is required$/],
    ['name not a string', { name: 5 }, /^name: Must be a string$/],
    ['empty name', { name: '  ' }, /^name: Must not be empty$/],
    ['name too long', { name: 'n'.repeat(257) }, /^name: Must be at most 256 characters$/],
    ['no agent_id', { agent_id: undefined }, /^agent_id: This field is required$/],
    ['agent_id not a string', { agent_id: ['a'] }, /^agent_id: Must be a string$/],
    ['no from_number_id', { from_number_id: undefined }, /^from_number_id: This field is required$/],
    ['no recipients', { recipients: undefined }, /^recipients: This field is required$/],
    ['recipients not an array', { recipients: { to_number: '+14155550100' } }, /^recipients: Must be an array$/],
    ['zero recipients', { recipients: [] }, /^recipients: Must have at least 1 item$/],
    ['5,001 recipients', { recipients: Array.from({ length: 5001 }, () => ({ to_number: '+14155550100' })) }, /^recipients: Must have at most 5000 items$/],
    ['a recipient not an object', { recipients: ['+14155550100'] }, /^recipients\[0\]: Must be an object$/],
    ['no to_number', { recipients: [{ metadata: {} }] }, /^recipients\[0\]\.to_number: This field is required$/],
    ['to_number without +', { recipients: [{ to_number: '14155559876' }] }, /^recipients\[0\]\.to_number: Must be an E\.164 number/],
    ['to_number with a leading 0', { recipients: [{ to_number: '+0415555987' }] }, /E\.164/],
    ['to_number too long', { recipients: [{ to_number: '+1234567890123456' }] }, /E\.164/],
    ['to_number too short', { recipients: [{ to_number: '+123456' }] }, /E\.164/],
    ['to_number with spaces', { recipients: [{ to_number: '+1 415 555 9876' }] }, /E\.164/],
    ['to_number not a string', { recipients: [{ to_number: 14155559876 }] }, /E\.164/],
    ['metadata an array', { recipients: [{ to_number: '+14155550100', metadata: [1] }] }, /^recipients\[0\]\.metadata: Must be an object or null$/],
    ['metadata a string', { recipients: [{ to_number: '+14155550100', metadata: 'x' }] }, /^recipients\[0\]\.metadata: Must be an object or null$/],
    ['oversized metadata', { recipients: [{ to_number: '+14155550100', metadata: tooBig }] }, /^recipients\[0\]\.metadata: Must be at most 16384 bytes as JSON$/],
    ['concurrency 0', { target_concurrency_limit: 0 }, /^target_concurrency_limit: Must be at least 1$/],
    ['concurrency above the org limit', { target_concurrency_limit: 21 }, /^target_concurrency_limit: Must be at most 20, the organization's agent-call concurrency limit$/],
    ['concurrency not an integer', { target_concurrency_limit: 2.5 }, /^target_concurrency_limit: Must be an integer$/],
    ['concurrency as a string', { target_concurrency_limit: '5' }, /^target_concurrency_limit: Must be an integer$/],
    ['ringing 4 s', { ringing_timeout_seconds: 4 }, /^ringing_timeout_seconds: Must be at least 5$/],
    ['ringing 81 s', { ringing_timeout_seconds: 81 }, /^ringing_timeout_seconds: Must be at most 80$/],
    ['duration 0 min', { max_call_duration_minutes: 0 }, /^max_call_duration_minutes: Must be at least 1$/],
    ['duration 481 min', { max_call_duration_minutes: 481 }, /^max_call_duration_minutes: Must be at most 480$/],
    ['scheduled_at in the past', { scheduled_at: at(startMs - 1000) }, /^scheduled_at: Must be in the future$/],
    ['scheduled_at now', { scheduled_at: START }, /^scheduled_at: Must be in the future$/],
    ['scheduled_at past 30 days', { scheduled_at: at(startMs + 30 * DAY + 1000) }, /^scheduled_at: Must be at most 30 days ahead$/],
    ['scheduled_at without an offset', { scheduled_at: '2026-06-02T09:00:00' }, /^scheduled_at: Must be an RFC 3339 date-time with an offset/],
    ['scheduled_at not a date', { scheduled_at: 'tomorrow' }, /^scheduled_at: Must be an RFC 3339/],
    ['scheduled_at an impossible date', { scheduled_at: '2026-06-31T09:00:00Z' }, /^scheduled_at: Must be an RFC 3339/],
    ['region not a region', { region: 'MARS' }, /^region: Must be one of US, EU, APAC$/],
    ['region on a number that is not a SIP trunk', { region: 'EU' }, /^region: Can be set only when from_number_id is a SIP-trunk number/]
  ]
  for (const [label, fields, message] of cases) {
    const res = await post(app, URL, createBody(1, fields))
    t.test(label, async t => { assertCartesiaError(t, res, 400, 'invalid_request', message) })
  }
  const exactly30 = await post(app, URL, createBody(1, { scheduled_at: at(startMs + 30 * DAY) }))
  t.equal(exactly30.statusCode, 201, 'exactly 30 days ahead is allowed')

  const body = await post(app, URL, [createBody(1)])
  assertCartesiaError(t, body, 400, 'invalid_request', 'body: Must be a JSON object')
  const many = await post(app, URL, { name: 1, recipients: [{ to_number: 'x' }, { to_number: '+14155550100' }, {}], ringing_timeout_seconds: 1 })
  assertCartesiaError(t, many, 400, 'invalid_request',
    'name: Must be a string; agent_id: This field is required; from_number_id: This field is required; ringing_timeout_seconds: Must be at least 5; recipients[0].to_number: Must be an E.164 number such as +14155559876; recipients[2].to_number: This field is required')
  const lots = await post(app, URL, createBody(Array.from({ length: 50 }, () => 'bad')))
  const listed = json(lots).message.split('; ')
  t.equal(listed.length, 21, 'at most 20 problems listed')
  t.equal(listed[20], '… and 30 more')
})

t.test('5,000 recipients are accepted', async t => {
  const app = await cartesiaApp(t)
  const b = await createBatch(app, createBody(5000))
  t.equal(b.total_calls_scheduled, 5000)
})

t.test('unknown or another organization\'s agent or number: 404', async t => {
  const app = await cartesiaApp(t)
  assertCartesiaError(t, await post(app, URL, createBody(1, { agent_id: 'agent_nope' })), 404, 'not_found', 'Agent agent_nope not found')
  assertCartesiaError(t, await post(app, URL, createBody(1, { from_number_id: 'ap_nope' })), 404, 'not_found', 'Phone number ap_nope not found')
  assertCartesiaError(t, await post(app, URL, createBody(1, { from_number_id: CARTESIA_NUMBERS.other.number_id })), 404, 'not_found',
    `Phone number ${CARTESIA_NUMBERS.other.number_id} not found`)
  assertCartesiaError(t, await post(app, URL, createBody(1), OTHER_KEY), 404, 'not_found', `Agent ${AGENT} not found`)
  assertCartesiaError(t, await post(app, URL, createBody(1, { agent_id: 'agent_nope', from_number_id: 'ap_nope' })), 404, 'not_found', /^Agent/)
  t.pass('the agent is checked before the number')
  assertCartesiaError(t, await post(app, URL, createBody(1, { agent_id: 'agent_nope', ringing_timeout_seconds: 1 })), 400, 'invalid_request')
  t.pass('body problems before lookups')
  t.equal(json(await get(app, `${URL}?limit=100`, KEY)).data.length, 13, 'nothing was created by the refused requests (12 seeded + the guide\'s)')
})

t.test('the concurrency limit is the organization\'s own (default: half of it)', async t => {
  const app = await cartesiaApp(t)
  const made = await app.inject({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ provider: 'cartesia', max_concurrent_calls: 7, api_key: 'sk_car_small_org' }) })
  t.equal(made.statusCode, 201)
  const account = json(made).data
  const agent = account.agents[0].agent_id
  const numbers = json(await get(app, '/agents', 'sk_car_small_org')).summaries[0].phone_numbers
  t.equal(numbers.length, 1, 'a provisioned organization has one number, shown on its agent')
  const body = createBody(1, { agent_id: agent, from_number_id: numbers[0].id })
  const b = await createBatch(app, body, 'sk_car_small_org')
  t.equal(b.target_concurrency_limit, 3, 'half of 7')
  assertCartesiaError(t, await post(app, URL, { ...body, target_concurrency_limit: 8 }, 'sk_car_small_org'), 400, 'invalid_request', /at most 7/)
  t.equal((await post(app, URL, { ...body, target_concurrency_limit: 7 }, 'sk_car_small_org')).statusCode, 201)
})
