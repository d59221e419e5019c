/**
 * A client written against the live TechLadder API (the flow of the public third-party end-to-end
 * suites: reference §5), played end to end over a real socket against a server on a realtime clock
 * at speed 1: /me; /agents and pick an agent by name; create a batch with an external_id contact,
 * the extra fields and the unreachable test number; Get Batch (reads batch_id); poll the results
 * every few seconds until the batch is completed and the call failed with completed_at set and
 * duration 0; then /calls/{call_id}/result.
 *
 * It passes in the observed profile within seconds, and fails in the documented profile at the first
 * observed-only shape: that is what proves the two profiles differ.
 */
import t, { type Test } from 'tap'
import { startMockServer, type MockServer } from '../../../src/index.js'

const UNREACHABLE = '15005550001'
const POLL_MS = 2000
const GIVE_UP_MS = 150_000

class ClientFailure extends Error {
  constructor (readonly step: string, message: string) {
    super(`${step}: ${message}`)
    this.name = 'ClientFailure'
  }
}

interface LiveRun { batchId: string, callId: string, polls: number, elapsedMs: number, finalItem: any, callResult: any }

/**
 * The live-API client. `agent`: a client configured with an agent id instead of looking it up
 * (it skips /agents), to see what fails after that.
 */
async function liveClient (baseUrl: string, apiKey: string, agentName: string, agent?: { agent_id: string, current_version: string }): Promise<LiveRun> {
  const started = Date.now()
  const request = async (step: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api/v1/public${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    let json: any
    try { json = JSON.parse(text) } catch { throw new ClientFailure(step, `not JSON: ${text.slice(0, 200)}`) }
    return { status: res.status, json }
  }
  const expect = (step: string, ok: boolean, what: string, got: unknown) => {
    if (!ok) throw new ClientFailure(step, `${what}; got ${JSON.stringify(got)?.slice(0, 300)}`)
  }

  const me = await request('me', 'GET', '/me')
  expect('me', me.status === 200 && me.json.status_code === 200, 'expected 200', me)
  expect('me', typeof me.json.data?.account_id === 'string', 'expected data.account_id', me.json.data)

  if (agent === undefined) {
    const agents = await request('agents', 'GET', '/agents')
    expect('agents', agents.status === 200 && agents.json.status_code === 200, 'expected 200', agents.json)
    const items = agents.json.data?.items
    expect('agents', Array.isArray(items) && items.length > 0, 'expected a non-empty data.items', agents.json.data)
    agent = items.find((a: any) => a.agent_name === agentName)
    expect('agents', agent !== undefined && /^agt-/.test(agent.agent_id) && /^pmt-/.test(agent.current_version), `expected an agent named ${agentName}`, items)
  }

  const created = await request('create', 'POST', '/call-batches', {
    agent_name: agent!.agent_id,
    version_name: agent!.current_version,
    voice: 'Kavya',
    did_number_id: '08037236753',
    interruption: true,
    use_alternate_number: false,
    start_mode: 'immediate',
    schedule_date: '2026-06-19',
    schedule_time: '14:00',
    timezone: 'Asia/Kolkata',
    contacts: [{ external_id: '101', name: 'Akshat', phone_number: UNREACHABLE }]
  })
  expect('create', created.status === 201 && created.json.status_code === 201, 'expected 201', created.json)
  const batchId = created.json.data?.batch_id
  expect('create', typeof batchId === 'string' && batchId.startsWith('sched_'), 'expected data.batch_id', created.json.data)

  const batch = await request('get batch', 'GET', `/call-batches/${batchId}`)
  expect('get batch', batch.status === 200, 'expected 200', batch.json)
  expect('get batch', batch.json.data?.batch_id === batchId, 'expected data.batch_id to be the batch id', batch.json.data)

  let polls = 0
  let finalItem: any
  for (;;) {
    polls++
    const results = await request('results', 'GET', `/call-batches/${batchId}/results`)
    expect('results', results.status === 200, 'expected 200', results.json)
    const data = results.json.data
    expect('results', typeof data?.status === 'string', 'expected the batch status in data.status', data === undefined ? undefined : Object.keys(data))
    const item = data.items.find((i: any) => i.external_id === '101')
    // Results can be empty at first; a call is done once its call_status is final.
    if (item !== undefined) expect('results', 'call_status' in item, 'expected items[].call_status', Object.keys(item))
    if (data.status === 'completed' && item !== undefined && ['completed', 'failed'].includes(item.call_status)) {
      finalItem = item
      break
    }
    if (Date.now() - started > GIVE_UP_MS) throw new ClientFailure('results', `not completed after ${polls} polls`)
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
  expect('results', finalItem.call_status === 'failed', 'expected the unreachable call to fail', finalItem)
  expect('results', typeof finalItem.completed_at === 'string' && finalItem.completed_at !== '', 'expected completed_at', finalItem)
  expect('results', finalItem.duration_seconds === 0, 'expected duration_seconds 0', finalItem)
  for (const field of ['transcript_status', 'disconnect_reason', 'outcomes', 'summary', 'llm_transcript', 'recording_available']) {
    expect('results', field in finalItem, `expected items[].${field}`, Object.keys(finalItem))
  }

  const one = await request('call result', 'GET', `/calls/${finalItem.call_id}/result`)
  expect('call result', one.status === 200 && one.json.status_code === 200, 'expected 200', one.json)
  return { batchId, callId: finalItem.call_id, polls, elapsedMs: Date.now() - started, finalItem, callResult: one.json.data }
}

/** The step and message a run fails with (a failure of the client, never of the test's own code). */
async function failureOf (run: Promise<LiveRun>): Promise<{ step: string, message: string }> {
  try {
    await run
  } catch (err) {
    if (err instanceof ClientFailure) return { step: err.step, message: err.message }
    throw err
  }
  throw new Error('the live client passed')
}

const serverOn = async (t: Test, profile: 'documented' | 'observed'): Promise<MockServer> => {
  const mock = await startMockServer({ profile, clock: 'realtime', clockSpeed: 1, batchesPerAccount: 2, callsPerBatch: 5 })
  t.teardown(mock.close)
  return mock
}

t.test('observed profile: the live client passes end to end, within seconds', async t => {
  const mock = await serverOn(t, 'observed')
  const run = await liveClient(mock.url, mock.keys.main, 'Customer Outreach Agent')
  t.ok(run.elapsedMs < 60_000, `done in ${run.elapsedMs} ms (${run.polls} polls every ${POLL_MS} ms), well inside three minutes`)
  t.match(run.finalItem, { call_status: 'failed', duration_seconds: 0, external_id: '101', phone_number: UNREACHABLE, summary: null, llm_transcript: null, recording_available: false })
  t.match(run.callResult, { batch_id: run.batchId, call_id: run.callId, call_status: 'failed', completed_at: run.finalItem.completed_at })
  // What the server kept of the extra fields.
  const stored = mock.app.repos.batches.findById(run.batchId)!
  t.match(stored, { did_number: '08037236753', voice: 'Kavya', interruption: true, scheduled_at: null, start_mode: 'immediate' })
})

t.test('documented profile: the same client fails at its first observed-only shape', async t => {
  const mock = await serverOn(t, 'documented')
  const first = await failureOf(liveClient(mock.url, mock.keys.main, 'Customer Outreach Agent'))
  t.equal(first.step, 'agents', 'GET /agents is not a documented endpoint')
  t.match(first.message, /expected 200; got .*"status_code":404.*Route not found/)
  // Given an agent id instead, it gets further and fails at the next one: Get Batch has no batch_id.
  const configured = await failureOf(liveClient(mock.url, mock.keys.main, 'Customer Outreach Agent', { agent_id: 'agt-57949b14', current_version: 'pmt-667ddf271b' }))
  t.equal(configured.step, 'get batch')
  t.match(configured.message, /expected data\.batch_id to be the batch id/)
})

t.test('one server, two accounts: the account setting picks the profile', async t => {
  const mock = await serverOn(t, 'documented')
  await mock.admin.createAccount({ account_id: 'acc_livesuite', api_key: 'sk_live_suite_key', agent_name: 'Live Suite Agent', profile: 'observed' })
  const run = await liveClient(mock.url, 'sk_live_suite_key', 'Live Suite Agent')
  t.equal(run.finalItem.call_status, 'failed')
  t.equal((await failureOf(liveClient(mock.url, mock.keys.main, 'Customer Outreach Agent'))).step, 'agents', 'the documented account on the same server')
  await mock.admin.setProfile('acc_abc123', 'observed')
  const now = await liveClient(mock.url, mock.keys.main, 'Customer Outreach Agent')
  t.equal(now.finalItem.duration_seconds, 0, 'switched with the control API, it passes')
})
