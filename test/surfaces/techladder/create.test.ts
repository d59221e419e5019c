import t from 'tap'
import { auth, json, OTHER_KEY } from '../../helper.js'
import { AGENT, body, contacts, create, createOk, manualApp, START, VERSION } from './lifecycle-support.js'

t.test('POST /call-batches: a manual batch with the documented defaults', async t => {
  const app = await manualApp(t)
  const res = await create(app, body())
  t.equal(res.statusCode, 201)
  const env = json(res)
  t.equal(env.status_code, 201)
  t.equal(env.message, 'Call batch created successfully')
  t.equal(env.error, null)
  const b = env.data
  t.equal(Object.keys(b)[0], 'batch_id')
  t.equal(b.batch_id, b.schedule_id)
  t.match(b.schedule_id, /^sched_[0-9a-f]{8}$/)
  t.match(b, {
    agent_id: AGENT, agent_name: 'Customer Outreach Agent', version_id: VERSION, status: 'pending', start_mode: 'manual',
    voice: 'Tara', did_number: null, total_contacts: 3, completed_contacts: 0, failed_contacts: 0, pending_contacts: 3,
    concurrency: 20, recording_enabled: true, scheduled_at: null, started_at: null, created_at: START, updated_at: START,
    duplicates_removed: 0
  })

  // Visible at once in get, list, calls and results; only to its own account.
  const get = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}`, headers: auth() }))
  t.same(get.data, Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'batch_id' && k !== 'duplicates_removed')))
  const list = json(await app.inject({ url: '/api/v1/public/call-batches?limit=100', headers: auth() }))
  t.ok(list.data.items.some((i: any) => i.schedule_id === b.schedule_id))
  const calls = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/calls`, headers: auth() })).data
  t.equal(calls.total, 3)
  t.same(calls.items[0].metadata, { Name: 'Contact 1', 'Company Name': 'Company 0' })
  t.equal(calls.items[0].external_id, 'c-1')
  t.equal(calls.items[0].status, 'pending')
  t.match(calls.items[0].call_id, /^call_[0-9a-f]{8}$/)
  const results = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/results`, headers: auth() })).data
  t.match(results.items[0], { status: 'pending', transcript_status: 'pending', analysis_status: 'pending', outcomes: {}, summary: null, recording: { available: false, file_key: null } })
  const other = await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}`, headers: auth(OTHER_KEY) })
  t.equal(other.statusCode, 404)
})

t.test('POST /call-batches: options, metadata normalization, deduplication', async t => {
  const app = await manualApp(t)
  const cs = [
    { contact_id: 'a', phone_number: '919800000001', metadata: { company_name: 'Acme', 'lead-source': 'web', crmId: 7, 'City Name': 'Pune' } },
    { contact_id: 'b', phone_number: '+919800000001' },
    { contact_id: 'c', phone_number: '919800000002', status: 'pending' }
  ]
  const b = await createOk(t, app, body({ contacts: cs, voice: 'Raj', concurrency: 2, recording_enabled: false, did_number: '08037236753', metadata: { campaign: 'x' } }))
  t.match(b, { total_contacts: 2, pending_contacts: 2, duplicates_removed: 1, voice: 'Raj', concurrency: 2, recording_enabled: false, did_number: '08037236753' })
  const calls = json(await app.inject({ url: `/api/v1/public/call-batches/${b.batch_id}/calls`, headers: auth() })).data.items
  t.same(calls.map((c: any) => c.external_id), ['a', 'c'])
  t.same(calls[0].metadata, { 'Company Name': 'Acme', 'Lead Source': 'web', 'Crm Id': '7', 'City Name': 'Pune' })

  const kept = await createOk(t, app, body({ contacts: cs, deduplicate_by_phone: false }))
  t.match(kept, { total_contacts: 3, duplicates_removed: 0 })
})

t.test('POST /call-batches: scheduled converts the zone to UTC', async t => {
  const app = await manualApp(t)
  const b = await createOk(t, app, body({ start_mode: 'scheduled', schedule_date: '2026-06-01', schedule_time: '15:00', schedule_timezone: 'Asia/Kolkata' }))
  t.match(b, { status: 'pending', start_mode: 'scheduled', scheduled_at: '2026-06-01T09:30:00Z', started_at: null })
  const ny = await createOk(t, app, body({ start_mode: 'scheduled', schedule_date: '2026-12-24', schedule_time: '08:05', schedule_timezone: 'America/New_York' }))
  t.equal(ny.scheduled_at, '2026-12-24T13:05:00Z')
  // schedule_* are ignored outside scheduled mode (third-party code sends them with immediate).
  const imm = await createOk(t, app, body({ start_mode: 'immediate', schedule_date: 'nope' }))
  t.match(imm, { status: 'active', started_at: START, scheduled_at: null })
})

t.test('POST /call-batches: every problem in one 400', async t => {
  const app = await manualApp(t)
  const res = await create(app, {
    start_mode: 'scheduled',
    schedule_time: '25:00',
    schedule_timezone: 'Asia/Kolkata (IST, UTC+5:30)',
    concurrency: 21,
    max_duration_seconds_per_call: 901,
    callback_url: 'ftp://x',
    interruption: 'yes',
    contacts: [
      { contact_id: 'a', phone_number: '12345' },
      { contact_id: 'b', phone_number: '98765' },
      { phone_number: '91980000000x' },
      'nope'
    ]
  })
  t.equal(res.statusCode, 400)
  const env = json(res)
  t.equal(env.message, 'Invalid request body')
  t.equal(env.error.code, 'VALIDATION_ERROR')
  t.same(env.error.details, [
    'agent_name: This field is required',
    'version_name: This field is required',
    'interruption: Must be of type boolean',
    'schedule_date: This field is required when start_mode is scheduled',
    'schedule_time: Must be a valid time in the format HH:MM (00:00 to 23:59)',
    'schedule_timezone: Must be a valid IANA time zone name, e.g. Asia/Kolkata',
    'concurrency: Must be an integer between 1 and 20',
    'max_duration_seconds_per_call: Must be an integer between 1 and 900',
    'callback_url: Must be a valid http or https URL',
    'phone_number: Must be at least 10 digits',
    'contact_id: This field is required',
    'phone_number: Must contain digits only, with the country code (e.g. 919876543210)',
    'contacts: Each item must be an object'
  ])
  const bad = json(await create(app, body({ start_mode: 'later', contacts: [] })))
  t.same(bad.error.details, ['start_mode: Must be one of manual, immediate, scheduled', 'contacts: Must have at least 1 items'])
  const none = json(await create(app, { agent_name: AGENT, version_name: VERSION }))
  t.same(none.error.details, ['contacts: This field is required'])
  const arr = json(await create(app, [1, 2]))
  t.same(arr.error.details, ['body: Must be a JSON object'])
  // Nothing was created by any of these.
  const list = json(await app.inject({ url: '/api/v1/public/call-batches?status=pending&limit=100', headers: auth() })).data
  t.notOk(list.items.some((i: any) => i.created_at === START))
})

t.test('POST /call-batches: batch size, unknown agent and version', async t => {
  const app = await manualApp(t)
  const big = json(await create(app, body({ contacts: contacts(10001) })))
  t.same(big, { status_code: 400, message: 'Batch size exceeded', error: { code: 'BATCH_SIZE_EXCEEDED', details: ['contacts: Must have at most 10000 items'] }, data: null })
  const agent = await create(app, body({ agent_name: 'agt-00000000' }))
  t.equal(agent.statusCode, 404)
  t.same(json(agent).error, { code: 'NOT_FOUND', details: ['No agent found with id agt-00000000'] })
  const version = await create(app, body({ version_name: 'pmt-0000000000' }))
  t.equal(version.statusCode, 404)
  t.equal(json(version).message, 'Prompt version not found')
  // Another account's agent is unknown to this one.
  const foreign = await create(app, body(), OTHER_KEY)
  t.equal(foreign.statusCode, 404)
})

t.test('POST /call-batches: malformed JSON, wrong content type, oversized body', async t => {
  const app = await manualApp(t, { bodyLimit: 4096 })
  const malformed = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{"agent_name":' })
  t.equal(malformed.statusCode, 400)
  t.same(json(malformed).error.details, ['body: Must be valid JSON'])
  const text = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...auth(), 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(text.statusCode, 415)
  t.equal(json(text).error.code, 'UNSUPPORTED_MEDIA_TYPE')
  const big = await create(app, body({ contacts: contacts(100) }))
  t.equal(big.statusCode, 413)
  t.equal(json(big).error.code, 'PAYLOAD_TOO_LARGE')
  const noAuth = await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', payload: body() })
  t.equal(noAuth.statusCode, 401)
})

t.test('POST /call-batches: a failed insert leaves nothing behind', async t => {
  const app = await manualApp(t)
  // The calls are written together: two are in when the third fails.
  const insertMany = app.repos.calls.insertMany
  app.repos.calls.insertMany = (batchId, calls) => { insertMany(batchId, calls.slice(0, 2)); throw new Error('disk full') }
  const res = await create(app, body({ contacts: contacts(5), start_mode: 'immediate' }))
  t.equal(res.statusCode, 500)
  app.repos.calls.insertMany = insertMany
  t.equal(app.db.prepare("SELECT COUNT(*) FROM batches WHERE created_at = ?").pluck().get(START), 0)
  t.equal(app.db.prepare('SELECT COUNT(*) FROM sim_events').pluck().get(), 0)
  // The id counter rolled back too: the next create gets the id the failed one would have had.
  const ok = await createOk(t, app, body())
  const again = await manualApp(t)
  const first = await createOk(t, again, body())
  t.equal(ok.batch_id, first.batch_id)
})
