/**
 * Create Call Batch is lenient where the live API was seen to be (third-party code sent these and
 * got 201), in both profiles: a contact's external_id in place of contact_id, did_number_id in
 * place of did_number, timezone kept and not used, interruption and use_alternate_number accepted,
 * schedule_* ignored unless the batch is scheduled.
 */
import t from 'tap'
import { auth, json } from '../../helper.js'
import { AGENT, create, createOk, manualApp, VERSION } from './lifecycle-support.js'
import type { App } from '../../../src/http/app.js'

/** The create body third-party client code sends to the live API (§5 of the reference), verbatim but for ids. */
const LIVE_CLIENT_BODY = {
  agent_name: AGENT, version_name: VERSION, voice: 'Kavya', did_number_id: '08037236753', interruption: true,
  use_alternate_number: false, start_mode: 'immediate', schedule_date: '2026-06-19', schedule_time: '14:00', timezone: 'Asia/Kolkata',
  contacts: [{ external_id: '101', name: 'Akshat', phone_number: '917248964290' }]
}

const callsOf = async (app: App, id: string) => json(await app.inject({ url: `/api/v1/public/call-batches/${id}/calls`, headers: auth() })).data.items

for (const profile of ['documented', 'observed'] as const) {
  t.test(`${profile}: the live client's create body is a 201, every field where it belongs`, async t => {
    const app = await manualApp(t, { profile })
    const b = await createOk(t, app, LIVE_CLIENT_BODY)
    t.match(b, { batch_id: b.schedule_id, status: 'active', start_mode: 'immediate', voice: 'Kavya', did_number: '08037236753', scheduled_at: null, total_contacts: 1 })
    const calls = await callsOf(app, b.batch_id)
    t.match(calls[0], { external_id: '101', name: 'Akshat', phone_number: '917248964290' })
    const stored = app.repos.batches.findById(b.batch_id)!
    t.match(stored, { interruption: true, use_alternate_number: false, did_number: '08037236753', scheduled_at: null })
    t.same(stored.extra, { timezone: 'Asia/Kolkata' }, 'timezone kept as sent, nothing else done with it')
  })
}

t.test('contacts: external_id stands in for contact_id; contact_id wins when both are given', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, {
    agent_name: AGENT, version_name: VERSION,
    contacts: [
      { external_id: 'e-1', phone_number: '919800000001' },
      { external_id: 42, phone_number: '919800000002' },
      { contact_id: 'c-3', external_id: 'e-3', phone_number: '919800000003' }
    ]
  })
  t.same((await callsOf(app, b.batch_id)).map((c: any) => c.external_id), ['e-1', '42', 'c-3'])
  const filtered = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/calls?external_id=e-1`, headers: auth() })).data
  t.equal(filtered.total, 1, 'found by the external_id it was created with')
  const missing = await create(app, { agent_name: AGENT, version_name: VERSION, contacts: [{ phone_number: '919800000001' }, { external_id: '', phone_number: '919800000002' }] })
  t.equal(missing.statusCode, 400)
  t.same(json(missing).error.details, ['contact_id: This field is required'], 'neither given: contact_id is required')
})

t.test('did_number_id becomes the batch\'s did_number; did_number wins when both are given; both are checked', async t => {
  const app = await manualApp(t)
  t.equal((await createOk(t, app, { agent_name: AGENT, version_name: VERSION, did_number_id: '08000000001', contacts: [{ contact_id: 'a', phone_number: '919800000001' }] })).did_number, '08000000001')
  t.equal((await createOk(t, app, { agent_name: AGENT, version_name: VERSION, did_number: '08000000002', did_number_id: '08000000003', contacts: [{ contact_id: 'a', phone_number: '919800000001' }] })).did_number, '08000000002')
  const bad = await create(app, { agent_name: AGENT, version_name: VERSION, did_number_id: 8, timezone: 5, interruption: 'yes', use_alternate_number: 1, contacts: [{ contact_id: 'a', phone_number: '919800000001' }] })
  t.equal(bad.statusCode, 400)
  t.same(json(bad).error.details, ['did_number_id: Must be of type string', 'timezone: Must be of type string', 'interruption: Must be of type boolean', 'use_alternate_number: Must be of type boolean'])
})

t.test('timezone does not stand in for schedule_timezone: a scheduled batch still needs it', async t => {
  const app = await manualApp(t)
  const res = await create(app, { agent_name: AGENT, version_name: VERSION, start_mode: 'scheduled', schedule_date: '2026-06-19', schedule_time: '14:00', timezone: 'Asia/Kolkata', contacts: [{ contact_id: 'a', phone_number: '919800000001' }] })
  t.equal(res.statusCode, 400)
  t.same(json(res).error.details, ['schedule_timezone: This field is required when start_mode is scheduled'])
})

t.test('schedule_* are ignored unless start_mode is scheduled, even when they are not valid', async t => {
  const app = await manualApp(t)
  for (const mode of ['immediate', 'manual', undefined]) {
    const b = await createOk(t, app, {
      agent_name: AGENT, version_name: VERSION, start_mode: mode, schedule_date: 'not a date', schedule_time: 99, schedule_timezone: 'Mars/Base',
      contacts: [{ contact_id: 'a', phone_number: '919800000001' }]
    })
    t.equal(b.scheduled_at, null, String(mode))
    t.equal(b.start_mode, mode ?? 'manual')
  }
})
