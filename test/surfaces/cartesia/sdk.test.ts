/**
 * The official Cartesia TypeScript SDK (`@cartesia/cartesia-js`), unchanged, with its base URL set to
 * a listening server: `agents.calls.list` walking every page with the SDK's own paginator (forward,
 * and backward from `ending_before`), `agents.calls.retrieve`, `agents.list` / `agents.retrieve`,
 * the audio download, and its error classes on Cartesia's error bodies. The batch routes, which this
 * SDK version lacks, are driven with plain `fetch` as a client would call them.
 */
import t from 'tap'
import Cartesia, { AuthenticationError, BadRequestError, NotFoundError, RateLimitError, type APIError } from '@cartesia/cartesia-js'
import type { AddressInfo } from 'node:net'
import { AGENT, GUIDE_BATCH_ID, GUIDE_BATCH_JSON, KEY, NUMBER, OTHER_KEY, VERSION, cartesiaApp, createBody } from './support.js'
import type { App } from '../../../src/http/app.js'

type AgentCall = Awaited<ReturnType<Cartesia['agents']['calls']['retrieve']>>

async function listening (app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

const client = (baseURL: string, apiKey = KEY) => new Cartesia({ apiKey, baseURL, maxRetries: 0, timeout: 10_000 })

/** Every request the server saw (URL and headers), to check what the SDK sent. */
function recordRequests (app: App): Array<{ method: string, url: string, headers: Record<string, unknown> }> {
  const seen: Array<{ method: string, url: string, headers: Record<string, unknown> }> = []
  app.addHook('onRequest', (request, _reply, done) => { seen.push({ method: request.method, url: request.url, headers: request.headers }); done() })
  return seen
}

t.test('agents.calls.list walks every page with the SDK\'s paginator; retrieve gets one call', async t => {
  const app = await cartesiaApp(t, { rateLimitPerMinute: 0 })
  const seen = recordRequests(app)
  const base = await listening(app)
  const sdk = client(base)

  // The server's own view, for comparison.
  const expected: string[] = []
  let after: string | null = null
  for (;;) {
    const res = await fetch(`${base}/agents/calls?agent_id=${AGENT}&limit=100${after === null ? '' : `&starting_after=${after}`}`, { headers: { authorization: `Bearer ${KEY}`, 'cartesia-version': VERSION } })
    const body = await res.json() as { data: Array<{ id: string }>, has_more: boolean, next_page: string | null }
    expected.push(...body.data.map(c => c.id))
    if (!body.has_more) break
    after = body.next_page
  }
  t.ok(expected.length > 10, `${expected.length} calls of the agent`)

  const before = seen.length
  const calls: AgentCall[] = []
  for await (const call of sdk.agents.calls.list({ agent_id: AGENT, limit: 7 })) calls.push(call)
  t.same(calls.map(c => c.id), expected, 'every call once, newest first')
  const requests = seen.slice(before)
  t.equal(requests.length, Math.ceil(expected.length / 7) + 1, 'one request per page, and the empty page that ends the walk')
  t.equal(requests[0].headers.authorization, `Bearer ${KEY}`)
  t.equal(requests[0].headers['cartesia-version'], '2026-08-14', 'the SDK\'s own Cartesia-Version is accepted')
  t.match(requests[1].url, /starting_after=ac_/, 'the SDK pages with starting_after')

  // Page by page, with the SDK's page objects.
  const first = await sdk.agents.calls.list({ agent_id: AGENT, limit: 5 })
  const pages: string[][] = []
  for await (const page of first.iterPages()) pages.push(page.data.map(c => c.id))
  t.same(pages.flat(), expected)
  t.same(pages[pages.length - 1], [], 'the walk ends on an empty page')

  // Backward: the SDK keeps ending_before once it is in the query.
  const back: string[] = []
  for await (const call of sdk.agents.calls.list({ agent_id: AGENT, limit: 4, ending_before: expected[expected.length - 1] } as Parameters<typeof sdk.agents.calls.list>[0])) back.push(call.id)
  t.same([...back].sort(), expected.slice(0, -1).sort(), 'backward: every call before the cursor once')
  t.equal(back.length, expected.length - 1)

  // batch_id is not in this SDK's types; it passes unknown params through to the query.
  const batchId = (app.db.prepare('SELECT batch_id FROM calls WHERE call_id = ?').pluck().get(expected[0])) as string
  const inBatch: string[] = []
  for await (const call of sdk.agents.calls.list({ agent_id: AGENT, batch_id: batchId, limit: 3, expand: 'transcript' } as Parameters<typeof sdk.agents.calls.list>[0])) inBatch.push(call.id)
  t.ok(inBatch.length > 0 && inBatch.every(id => expected.includes(id)), 'a batch\'s calls through the SDK')

  const completed = calls.find(c => (c.status as string) === 'completed')!
  const one = await sdk.agents.calls.retrieve(completed.id)
  t.equal(one.id, completed.id)
  t.equal(one.agent_id, AGENT)
  t.equal(one.status as string, 'completed')
  t.ok(Array.isArray(one.transcript) && one.transcript.length > 0, 'a completed call\'s transcript')
  t.equal(one.telephony_params?.to, completed.telephony_params?.to)

  const audio = await sdk.agents.calls.downloadAudio(completed.id).asResponse()
  t.equal(audio.headers.get('content-type'), 'audio/wav')
  const wav = Buffer.from(await audio.arrayBuffer())
  t.equal(wav.toString('ascii', 0, 4), 'RIFF')
  t.equal(wav.readUInt32LE(40) / 16000, (Date.parse(one.end_time!) - Date.parse(one.start_time!)) / 1000, 'as long as the call')

  const agents = await sdk.agents.list()
  t.ok(agents.summaries.some(a => a.id === AGENT))
  const agent = await sdk.agents.retrieve(AGENT)
  t.equal(agent.name, 'Outreach Agent')
})

t.test('the SDK\'s error classes on Cartesia\'s error bodies', async t => {
  const app = await cartesiaApp(t, { rateLimitPerMinute: 3 })
  const base = await listening(app)
  const sdk = client(base)
  const failure = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as APIError)

  const missing = await failure(sdk.agents.calls.retrieve('ac_missing'))
  t.ok(missing instanceof NotFoundError, '404: NotFoundError')
  const body = missing!.error as { title: string, message: string, error_code: string, request_id: string, doc_url: string }
  t.same(Object.keys(body).sort(), ['doc_url', 'error_code', 'message', 'request_id', 'title'])
  t.equal(missing!.message, `404 ${body.message}`, 'the SDK shows Cartesia\'s message')
  t.equal(missing!.headers?.get('x-request-id'), body.request_id)

  const wrongKey = await failure(client(base, 'sk_your_api_key').agents.list())
  t.ok(wrongKey instanceof AuthenticationError, 'a TechLadder key: 401 AuthenticationError')
  const noVersion = await failure(sdk.agents.list({ headers: { 'Cartesia-Version': null } }))
  t.ok(noVersion instanceof BadRequestError, 'no Cartesia-Version: 400 BadRequestError')
  const noAgent = await failure(sdk.agents.calls.list({ agent_id: 'agent_missing' }))
  t.ok(noAgent instanceof NotFoundError)
  const limited = await failure(sdk.agents.list())
  t.ok(limited instanceof RateLimitError, 'over the limit: 429 RateLimitError')
  t.ok(Number(limited!.headers?.get('retry-after')) >= 1)
})

t.test('the batch routes with plain fetch, as a client calls them', async t => {
  const app = await cartesiaApp(t, { rateLimitPerMinute: 0 })
  const base = await listening(app)
  const call = (path: string, init: RequestInit = {}, key = KEY) => fetch(`${base}${path}`, {
    ...init,
    headers: { 'X-API-Key': key, 'Cartesia-Version': VERSION, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) }
  })

  const created = await call('/agents/calls/batches', { method: 'POST', body: JSON.stringify(createBody(['+15005550006', '+15005550002'], { name: 'Fetch batch' })) })
  t.equal(created.status, 201)
  t.match(created.headers.get('x-request-id'), /^[0-9a-f-]{36}$/)
  const batch = await created.json() as any
  t.match(batch, { name: 'Fetch batch', agent_id: AGENT, from_number_id: NUMBER, status: 'pending' })

  const list = await (await call('/agents/calls/batches?limit=2')).json() as any
  t.equal(list.data[0].id, batch.id, 'the newest first')
  t.equal(list.has_more, true)
  const next = await (await call(`/agents/calls/batches?limit=2&starting_after=${list.next_page}`)).json() as any
  t.notOk(next.data.some((b: any) => list.data.some((a: any) => a.id === b.id)))

  const guide = await call(`/agents/calls/batches/${GUIDE_BATCH_ID}`)
  const text = await guide.text()
  t.ok(text.startsWith(GUIDE_BATCH_JSON.slice(0, -1) + ',"recipients":['), 'the guide\'s batch, then its recipients')

  const cancelled = await (await call(`/agents/calls/batches/${batch.id}/cancel`, { method: 'POST' })).json() as any
  t.equal(cancelled.status, 'cancelled')
  const retry = await call(`/agents/calls/batches/${batch.id}/retry`, { method: 'POST' })
  t.equal(retry.status, 400)
  t.match(await retry.json(), { error_code: 'invalid_request', message: /cancelled/ })
  const other = await call(`/agents/calls/batches/${batch.id}`, {}, OTHER_KEY)
  t.equal(other.status, 404)
})
