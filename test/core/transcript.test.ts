// The synthetic transcript (src/core/simulation/transcript.ts) and the batch-list filter on a surface's extra.
import t from 'tap'
import { hasConversation, syntheticTranscript } from '../../src/core/simulation/transcript.js'
import { core, phones } from './support.js'

t.test('syntheticTranscript: a deterministic conversation over the answered part of an answered call', async t => {
  const c = core()
  t.teardown(c.close)
  const b = c.create(['15005550006', '15005550005', '15005550004', '15005550002', '15005550001', ...phones(30)])
  await c.advance(600)
  const calls = c.calls(b.schedule_id)
  let answered = 0
  for (const call of calls) {
    const turns = syntheticTranscript(7, call, { agentName: 'Core Agent' })
    if (!hasConversation(call)) {
      t.same(turns, [], `${call.phone_number} (${call.status}): no conversation`)
      continue
    }
    answered++
    if (call.disconnect_reason === 'voicemail') {
      t.same(turns.map(x => x.role), ['agent'], 'a voicemail: the agent\'s message alone')
      continue
    }
    t.ok(turns.length >= 2 && turns.length <= 60 && turns.length % 2 === 0, `${turns.length} turns`)
    t.same(turns.map(x => x.role), turns.map((_x, i) => i % 2 === 0 ? 'agent' : 'user'), 'agent and user alternate, agent first')
    t.match(turns[0].text, /^Hello Contact, this is Core Agent calling\.$/)
    const ring = (call.duration_seconds as number) - (call.answer_duration_seconds as number)
    t.ok(turns[0].startSeconds >= ring, 'the talk starts once the call is answered')
    t.ok(turns[turns.length - 1].endSeconds <= (call.duration_seconds as number), 'and ends with the call')
    for (let i = 1; i < turns.length; i++) t.ok(turns[i].startSeconds >= turns[i - 1].endSeconds, `turn ${i} after the one before`)
    t.same(syntheticTranscript(7, call, { agentName: 'Core Agent' }), turns, 'the same every time')
  }
  t.ok(answered >= 3)
  const full = calls[0]
  t.notSame(syntheticTranscript(8, full, { agentName: 'Core Agent' }), syntheticTranscript(7, full, { agentName: 'Core Agent' }), 'another seed, another conversation')
  t.equal(syntheticTranscript(7, full, { agentName: 'Core Agent' }).length, 16, '90 s of talk: about one turn per 6 s')
})

t.test('batches.list leaves out the batches a surface marks unlisted in their extra, counts included', async t => {
  const c = core()
  t.teardown(c.close)
  const shown = c.create(phones(1))
  const hidden = c.create(phones(1), { extra: { kind: 'test_call' } })
  const other = c.create(phones(1), { extra: { kind: 'something_else', timezone: 'Asia/Kolkata' } })
  const all = c.repos.batches.list({ accountId: 'acc_core', offset: 0, limit: 10 })
  t.equal(all.total, 3)
  const listed = c.repos.batches.list({ accountId: 'acc_core', unlisted: { key: 'kind', value: 'test_call' }, offset: 0, limit: 10 })
  t.equal(listed.total, 2)
  t.same(listed.items.map(x => x.schedule_id).sort(), [shown.schedule_id, other.schedule_id].sort())
  t.notOk(listed.items.some(x => x.schedule_id === hidden.schedule_id))
  const byStatus = c.repos.batches.list({ accountId: 'acc_core', status: 'active', agentId: 'agt-core0001', unlisted: { key: 'kind', value: 'test_call' }, offset: 0, limit: 10 })
  t.equal(byStatus.total, byStatus.items.length)
  t.notOk(byStatus.items.some(x => x.schedule_id === hidden.schedule_id))
  t.equal(c.repos.batches.list({ accountId: 'acc_core', unlisted: { key: "kind' OR 1=1 --", value: 'test_call' }, offset: 0, limit: 10 }).total, 3, 'a key is a bound JSON path, never SQL')
})
