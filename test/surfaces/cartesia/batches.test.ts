/**
 * Reading batches (C2, C3) and the seeded data: the guide's example byte for byte, recipients on
 * get only, statuses and counters derived from the recipients, every status seeded, the agents.
 */
import t from 'tap'
import {
  AGENT, CARTESIA_NUMBERS, GUIDE_BATCH_ID, GUIDE_BATCH_JSON, KEY, NUMBER, OTHER_KEY, assertCartesiaError, cartesiaApp, get, json
} from './support.js'

const URL = '/agents/calls/batches'

t.test('the guide\'s example batch answers the guide\'s values byte for byte', async t => {
  const app = await cartesiaApp(t)
  const list = await get(app, `${URL}?limit=100`)
  const listed = json(list).data.find((b: any) => b.id === GUIDE_BATCH_ID)
  t.equal(JSON.stringify(listed), GUIDE_BATCH_JSON, 'the list item is the guide\'s JSON exactly')
  const one = await get(app, `${URL}/${GUIDE_BATCH_ID}`)
  t.equal(one.statusCode, 200)
  const { recipients, ...batch } = json(one)
  t.equal(JSON.stringify(batch), GUIDE_BATCH_JSON, 'get is the guide\'s JSON plus recipients')
  t.equal(one.body, GUIDE_BATCH_JSON.slice(0, -1) + `,"recipients":${JSON.stringify(recipients)}}`, 'recipients come last')
  t.equal(recipients.length, 2)
  t.same(recipients.map((r: any) => [r.to_number, r.status, r.created_at]), [['+14155559876', 'queued', '2026-03-01T12:00:00Z'], ['+14155559877', 'queued', '2026-03-01T12:00:00Z']])
  t.same(Object.keys(recipients[0]), ['id', 'to_number', 'status', 'created_at', 'metadata'], 'no agent_call_id, end_reason or error_message while queued')

  // Frozen: the clock never moves it, and cancel/retry are refused.
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/json' }, payload: '{"seconds":86400}' })
  t.equal(json(await get(app, `${URL}/${GUIDE_BATCH_ID}`)).status, 'pending', 'never moved by the simulation')
  for (const action of ['cancel', 'retry']) {
    const res = await app.inject({ method: 'POST', url: `${URL}/${GUIDE_BATCH_ID}/${action}`, headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': '2026-08-14' } })
    assertCartesiaError(t, res, 400, 'invalid_request', /documented example/)
  }
  t.equal(json(await get(app, `${URL}/${GUIDE_BATCH_ID}`)).status, 'pending')
})

t.test('list: newest first, no recipients, filter by agent; get: recipients; another organization\'s batch is a 404', async t => {
  const app = await cartesiaApp(t)
  const all = json(await get(app, `${URL}?limit=100`))
  t.equal(all.has_more, false)
  t.equal(all.next_page, null)
  t.equal(all.data.length, 13, '12 seeded batches and the guide\'s')
  const keys = all.data.map((b: any) => `${b.created_at}|${b.id}`)
  t.same(keys, [...keys].sort().reverse(), 'newest first (created_at, then id)')
  t.ok(all.data.every((b: any) => !('recipients' in b)), 'no recipients in the list')
  const byAgent = json(await get(app, `${URL}?limit=100&agent_id=${AGENT}`))
  t.ok(byAgent.data.length >= 1)
  t.same(byAgent.data.map((b: any) => b.id), all.data.filter((b: any) => b.agent_id === AGENT).map((b: any) => b.id), 'agent_id filters')
  t.same(json(await get(app, `${URL}?agent_id=agent_nobody`)), { data: [], next_page: null, has_more: false }, 'an unknown agent: an empty list')
  t.equal(json(await get(app, URL)).data.length, 10, 'limit defaults to 10')

  const other = json(await get(app, `${URL}?limit=100`, OTHER_KEY)).data
  t.ok(other.length > 0)
  t.notOk(other.some((b: any) => all.data.some((a: any) => a.id === b.id)), 'the other organization sees its own batches only')
  assertCartesiaError(t, await get(app, `${URL}/${other[0].id}`), 404, 'not_found', `Call batch ${other[0].id} not found`)
  assertCartesiaError(t, await get(app, `${URL}/acb_missing`), 404, 'not_found', 'Call batch acb_missing not found')

  for (const q of ['limit=0', 'limit=101', 'limit=1.5', 'limit=x', 'limit=', 'limit=1&limit=2', 'agent_id=a&agent_id=b', 'starting_after=', 'starting_after=acb_x&ending_before=acb_y', 'starting_after=acb_missing', `ending_before=${other[0].id}`]) {
    const res = await get(app, `${URL}?${q}`)
    t.test(q, async t => { assertCartesiaError(t, res, 400, 'invalid_request') })
  }
  t.match(json(await get(app, `${URL}?limit=0`)).message, 'limit: Must be an integer between 1 and 100')
  t.match(json(await get(app, `${URL}?starting_after=acb_missing`)).message, 'starting_after: No call batch acb_missing in this organization')
})

t.test('seeded batches: every status, calls in every status, counters that follow the recipients', async t => {
  const app = await cartesiaApp(t)
  const all = json(await get(app, `${URL}?limit=100`)).data
  t.same([...new Set(all.map((b: any) => b.status))].sort(), ['cancelled', 'completed', 'failed', 'in_progress', 'pending'], 'every batch status')
  t.ok(all.some((b: any) => b.retry_count === 1), 'a retried batch')
  const recipientStatuses = new Set<string>()
  for (const summary of all) {
    const b = json(await get(app, `${URL}/${summary.id}`))
    const { recipients, ...rest } = b
    t.same(rest, summary, `${b.id}: get without recipients is the list item`)
    const n = (s: string) => recipients.filter((r: any) => r.status === s).length
    t.equal(b.total_calls_scheduled, recipients.length)
    t.equal(b.total_calls_dispatched, recipients.length - n('queued') - n('cancelled'), `${b.id}: dispatched = not queued, not cancelled`)
    t.equal(b.total_calls_finished, n('completed') + n('failed'), `${b.id}: finished = completed + failed`)
    const expected = n('cancelled') > 0 ? 'cancelled'
      : recipients.every((r: any) => r.status === 'failed' && r.error_message !== undefined) ? 'failed'
        : n('queued') === 0 && b.admitted_at !== undefined ? 'completed'
          : b.total_calls_dispatched > 0 ? 'in_progress' : 'pending'
    t.equal(b.status, expected, `${b.id}: status ${b.status}`)
    t.match(b.name, /^[A-Z][a-z]+ [a-z -]+$/)
    t.ok(Object.values(CARTESIA_NUMBERS).some(x => x.number_id === b.from_number_id), 'a seeded number of the organization')
    if (b.region !== 'US') t.equal(b.from_number_id, 'ap_S1pTrk8ZaQ5wEr6Ty7Ui9O', 'a region other than US only on the SIP trunk')
    for (const r of recipients) {
      recipientStatuses.add(r.status)
      t.match(r.to_number, /^\+[1-9]\d{6,14}$/)
      if (r.status === 'queued' || r.status === 'cancelled') t.notOk('agent_call_id' in r || 'error_message' in r)
      else t.ok(('agent_call_id' in r) !== ('error_message' in r), 'agent_call_id or error_message, never both')
      if ('end_reason' in r) t.ok(['completed', 'failed'].includes(r.status))
    }
    if (b.status === 'failed') {
      const calls = json(await get(app, `/agents/calls?batch_id=${b.id}`))
      t.same(calls.data, [], 'a batch that failed before dialing has no call records')
    }
  }
  t.same([...recipientStatuses].sort(), ['cancelled', 'completed', 'dispatched', 'failed', 'queued', 'started'], 'every recipient status')
})

t.test('agents: the organization\'s, newest first, one number each', async t => {
  const app = await cartesiaApp(t)
  const res = await get(app, '/agents')
  const { summaries } = json(res)
  t.ok(summaries.length >= 2)
  const guide = summaries.find((a: any) => a.id === AGENT)
  t.match(guide, { name: 'Outreach Agent', tts_language: 'en', has_text_to_agent_run: false, deployment_count: 1, phone_numbers: [{ id: NUMBER, number: '+14155550100' }] })
  t.equal(summaries[summaries.length - 1].id, AGENT, 'the oldest agent last')
  const other = json(await get(app, '/agents', OTHER_KEY)).summaries
  t.notOk(other.some((a: any) => a.id === AGENT), 'another organization\'s agents are not listed')
  t.same(json(await get(app, `/agents/${AGENT}`)), guide)
  assertCartesiaError(t, await get(app, `/agents/${AGENT}`, OTHER_KEY), 404, 'not_found', `Agent ${AGENT} not found`)
  assertCartesiaError(t, await get(app, '/agents/agent_nope'), 404, 'not_found', 'Agent agent_nope not found')
})
