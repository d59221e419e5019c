/**
 * Test phone numbers on the TechLadder surface (digits, no "+", as the docs write numbers; a
 * leading "+" is accepted and dropped): each call always ends as the core's test-number fates say
 * (src/core/simulation/call-outcome.ts testFate), whatever the seed, in a batch or as a test call.
 */
import t from 'tap'
import { auth, json } from '../../helper.js'
import { advance, AGENT, createOk, manualApp, START, VERSION } from './lifecycle-support.js'

const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const OUTCOME_KEYS = ['Interested', 'Follow Up Required', 'Callback Date', 'Product Interest']

/** How each number ends (queued at 0 s, first ring at 1 s). */
const NUMBERS = [
  { number: '15005550001', name: 'unreachable', status: 'failed', duration: 0, answer: 0, reason: 'number_unreachable', conversation: false, endsAt: 1 },
  { number: '15005550002', name: 'no answer', status: 'no_answer', duration: 30, answer: 0, reason: 'no_answer', conversation: false, endsAt: 31 },
  { number: '15005550003', name: 'busy', status: 'busy', duration: 3, answer: 0, reason: 'busy', conversation: false, endsAt: 4 },
  { number: '15005550004', name: 'voicemail', status: 'completed', duration: 25, answer: 20, reason: 'voicemail', conversation: true, endsAt: 26 },
  { number: '15005550005', name: 'short call', status: 'completed', duration: 15, answer: 12, reason: 'customer_hangup', conversation: true, endsAt: 16 },
  { number: '15005550006', name: 'full call', status: 'completed', duration: 95, answer: 90, reason: 'agent_hangup', conversation: true, endsAt: 96 }
] as const

for (const seed of [20260514, 7]) {
  for (const n of NUMBERS) {
    t.test(`${n.number} (${n.name}), seed ${seed}: ${n.status} after ${n.duration} s`, async t => {
      const app = await manualApp(t, { seed, profile: 'observed' })
      const b = await createOk(t, app, {
        agent_name: AGENT, version_name: VERSION, start_mode: 'immediate',
        // The same number with a "+" in a second contact: the same fate (deduplication off to keep both).
        deduplicate_by_phone: false,
        contacts: [{ contact_id: 'a', name: 'Test Person', phone_number: n.number }, { contact_id: 'b', phone_number: `+${n.number}` }]
      })
      await advance(app, n.endsAt - 1)
      const before = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/results`, headers: auth() })).data
      t.notOk(before.items.some((i: any) => i.completed_at !== null), `not ended before ${n.endsAt} s`)
      await advance(app, 1)
      const ended = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/results`, headers: auth() })).data
      t.equal(ended.status, 'completed', `the batch completes when the call ends, at ${n.endsAt} s`)
      // Let transcript and analysis finish.
      await advance(app, 120)
      const items = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/results`, headers: auth() })).data.items
      t.equal(items.length, 2)
      for (const item of items) {
        t.match(item, {
          call_status: n.status, duration_seconds: n.duration, answer_duration_seconds: n.answer, disconnect_reason: n.reason,
          started_at: at(1), completed_at: at(n.endsAt), recording_available: n.conversation
        }, item.external_id)
        t.equal(item.phone_number, n.number, 'stored as digits')
        if (n.conversation) {
          t.match(item, { transcript_status: 'ready', analysis_status: 'ready' })
          t.type(item.summary, 'string')
          t.same(Object.keys(item.outcomes).sort(), [...OUTCOME_KEYS].sort(), 'every outcome key filled')
          for (const v of Object.values(item.outcomes)) t.ok(typeof v === 'string' && v !== '')
          t.match(item.llm_transcript, /^Agent: /)
        } else {
          t.match(item, { transcript_status: 'failed', analysis_status: 'failed', summary: null, outcomes: {}, llm_transcript: null })
        }
      }
    })
  }
}

t.test('the unreachable number as a test call on a realtime clock at speed 1: failed within seconds', async t => {
  const app = await manualApp(t, { clock: 'realtime', clockSpeed: 1, clockStart: null, profile: 'observed' })
  const started = Date.now()
  const res = await app.inject({ method: 'POST', url: '/api/v1/public/calls/test', headers: auth(), payload: { agent_id: AGENT, phone_number: '15005550001' } })
  t.equal(res.statusCode, 201)
  const id = json(res).data.call_id
  let result: any
  while (Date.now() - started < 10_000) {
    result = json(await app.inject({ url: `/api/v1/public/calls/${id}/result`, headers: auth() })).data
    if (result.call_status === 'failed') break
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  t.match(result, { call_status: 'failed', duration_seconds: 0, disconnect_reason: 'number_unreachable', summary: null })
  t.equal(result.started_at, result.completed_at, 'ended at its first ring')
  t.ok(Date.now() - started < 5000, `ended ${Date.now() - started} ms after the call was placed`)
})
