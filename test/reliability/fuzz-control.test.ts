/**
 * Property-based fuzzing of the simulation through its control API: random sequences of clock moves
 * (set mode, speed and time; advance by seconds or to an instant: valid, edge and nonsense values)
 * interleaved with creates (every start mode, with and without a callback URL; Cartesia's and
 * Ultravox's too, to the test numbers) and reads on every surface. Every
 * answer is the envelope with a declared status, never a 5xx or a hang; batch counters stay
 * consistent (completed + failed + pending = total). Seed printed on failure; FC_SEED / FC_RUNS.
 */
import t from 'tap'
import fc from 'fast-check'
import { checkedApp, fcParams, fill, routesOf, SURFACES, writeBody } from './support.js'
import { KEY } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const admin = routesOf(app.swagger(), '/__admin')
const has = (method: string, path: string) => admin.some(r => r.method === method && r.path === path)
const pub = routesOf(app.swagger(), '/api/v1/public')
const hasCreate = pub.some(r => r.method === 'POST' && r.path === '/api/v1/public/call-batches')
const json = { 'content-type': 'application/json' }
/** POST /__admin/batches/:batch_id/<action> routes (start, pause, cancel, …), as documented. */
const transitions = admin.filter(r => r.method === 'POST' && /^\/__admin\/batches\/:batch_id\/[a-z_-]+$/.test(r.path)).map(r => r.path)
const auth = { authorization: `Bearer ${KEY}` }

type Op =
  | { kind: 'advance', body: unknown }
  | { kind: 'set', body: unknown }
  | { kind: 'create', mode: string, contacts: number, callback: boolean, concurrency: number, offsetMin: number }
  | { kind: 'read' }
  | { kind: 'transition', path: string, pick: number }
  | { kind: 'other-create', surface: 'cartesia' | 'ultravox', calls: number }
  | { kind: 'other-read', surface: 'cartesia' | 'ultravox' }

const seconds = fc.oneof(fc.constantFrom(0, 1, 30, 59.5, 3600, 86400, -1, 1e-9, 1e12, 31536000000, 31536000001), fc.integer({ min: 0, max: 200_000 }), fc.double({ noNaN: true }))
const instant = fc.oneof(
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map(d => d.toISOString()),
  fc.constantFrom('2026-05-14T10:30:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', 'not a date', '', '2026-02-30T00:00:00Z', '+010000-01-01T00:00:00Z')
)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(seconds.map(s => ({ seconds: s })), instant.map(to => ({ to })), fc.constant({}), fc.constant({ seconds: 1, to: '2030-01-01T00:00:00Z' })).map(body => ({ kind: 'advance' as const, body })) },
  { weight: 1, arbitrary: fc.record({ mode: fc.constantFrom('manual', 'manual', 'realtime', 'frozen'), speed: fc.constantFrom(1, 10, 1000, 1e6, 0, -5, 1e7), time: instant }, { requiredKeys: [] }).map(body => ({ kind: 'set' as const, body })) },
  { weight: 3, arbitrary: fc.record({ mode: fc.constantFrom('manual', 'immediate', 'scheduled'), contacts: fc.integer({ min: 1, max: 6 }), callback: fc.boolean(), concurrency: fc.integer({ min: 1, max: 25 }), offsetMin: fc.integer({ min: -60, max: 600 }) }).map(r => ({ kind: 'create' as const, ...r })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'read' as const }) },
  { weight: 3, arbitrary: fc.record({ path: fc.constantFrom(...transitions), pick: fc.nat() }).map(r => ({ kind: 'transition' as const, ...r })) },
  // The other surfaces' batches live on the same clock and through the same transitions.
  { weight: 2, arbitrary: fc.record({ surface: fc.constantFrom('cartesia' as const, 'ultravox' as const), calls: fc.integer({ min: 1, max: 4 }) }).map(r => ({ kind: 'other-create' as const, ...r })) },
  { weight: 1, arbitrary: fc.constantFrom('cartesia' as const, 'ultravox' as const).map(surface => ({ kind: 'other-read' as const, surface })) }
)
const spec = (name: string) => SURFACES.find(s => s.name === name)!
const created = { cartesia: 0, ultravox: 0 }

async function clockNow (): Promise<number> {
  const res = await send({ url: '/__admin/clock' })
  return Date.parse(JSON.parse(res.body).data.time)
}

async function apply (o: Op): Promise<void> {
  switch (o.kind) {
    case 'advance': await send({ method: 'POST', url: '/__admin/clock/advance', headers: json, payload: JSON.stringify(o.body) }); return
    case 'set': {
      await send({ method: 'PUT', url: '/__admin/clock', headers: json, payload: JSON.stringify(o.body) })
      // Keep the run deterministic and bounded: back to manual after each change.
      await send({ method: 'PUT', url: '/__admin/clock', headers: json, payload: JSON.stringify({ mode: 'manual', speed: 1 }) })
      return
    }
    case 'create': {
      const at = new Date((await clockNow()) + o.offsetMin * 60_000)
      const schedule = o.mode === 'scheduled'
        ? { schedule_date: at.toISOString().slice(0, 10), schedule_time: at.toISOString().slice(11, 16), schedule_timezone: 'UTC' }
        : {}
      await send({
        method: 'POST',
        url: '/api/v1/public/call-batches',
        headers: { ...auth, ...json },
        payload: JSON.stringify({
          agent_name: 'agt-57949b14',
          version_name: 'pmt-667ddf271b',
          start_mode: o.mode,
          concurrency: o.concurrency,
          ...schedule,
          ...(o.callback ? { callback_url: 'http://127.0.0.1:9/hook' } : {}),
          contacts: Array.from({ length: o.contacts }, (_v, i) => ({ contact_id: `f-${i}`, phone_number: `91987654${String(i).padStart(4, '0')}` }))
        })
      })
      return
    }
    case 'transition': {
      // A recent batch (the ones the sequence created) or, sometimes, a missing one.
      // Any surface's: the control API moves every provider's batches.
      const ids = app.db.prepare('SELECT schedule_id FROM batches ORDER BY rowid DESC LIMIT 5').pluck().all() as string[]
      const id = o.pick % 7 === 6 || ids.length === 0 ? 'sched_00000000' : ids[o.pick % ids.length]
      await send({ method: 'POST', url: o.path.replace(':batch_id', id) })
      return
    }
    case 'other-create': {
      const surface = spec(o.surface)
      const to = (i: number) => `+1500555000${1 + (i % 6)}`
      // Dispatched now (no schedule, no window), to the test numbers: every fate.
      const body = o.surface === 'cartesia'
        ? { ...writeBody(surface, 'POST', '/agents/calls/batches'), scheduled_at: undefined, recipients: Array.from({ length: o.calls }, (_v, i) => ({ to_number: to(i) })) }
        : { ...writeBody(surface, 'POST', '/api/agents/:agent_id/scheduled_batches'), windowStart: undefined, windowEnd: undefined, paused: false, calls: Array.from({ length: o.calls }, (_v, i) => ({ medium: { twilio: { outgoing: { to: to(i), from: '+14155559999' } } } })) }
      const url = o.surface === 'cartesia' ? '/agents/calls/batches' : fill('/api/agents/:agent_id/scheduled_batches', surface.params(app))
      const res = await send({ method: 'POST', url, headers: { ...surface.headers(surface.keys.main), ...json }, payload: JSON.stringify(body) })
      if (res.statusCode === 201) created[o.surface]++
      return
    }
    case 'other-read': {
      const surface = spec(o.surface)
      const headers = surface.headers(surface.keys.main)
      if (o.surface === 'cartesia') {
        for (const b of JSON.parse((await send({ url: '/agents/calls/batches?limit=5', headers })).body).data) await send({ url: `/agents/calls/batches/${b.id as string}`, headers })
      } else {
        const base = fill('/api/agents/:agent_id/scheduled_batches', surface.params(app))
        for (const b of JSON.parse((await send({ url: `${base}?pageSize=5`, headers })).body).results) await send({ url: `${base}/${b.batchId as string}/created_calls?pageSize=10`, headers })
      }
      return
    }
    case 'read': {
      const list = JSON.parse((await send({ url: '/api/v1/public/call-batches?limit=5', headers: auth })).body)
      for (const b of list.data.items) {
        const detail = JSON.parse((await send({ url: `/api/v1/public/call-batches/${b.schedule_id as string}`, headers: auth })).body).data
        if (detail.completed_contacts + detail.failed_contacts + detail.pending_contacts !== detail.total_contacts) {
          throw new Error(`counters of ${b.schedule_id as string} do not add up: ${JSON.stringify(detail)}`)
        }
        await send({ url: `/api/v1/public/call-batches/${b.schedule_id as string}/results?limit=10`, headers: auth })
      }
    }
  }
}

t.test('random clock moves, creates and reads: envelopes only, counters consistent', async t => {
  t.ok(hasCreate, 'POST /api/v1/public/call-batches is documented')
  t.ok(has('POST', '/__admin/clock/advance'), 'POST /__admin/clock/advance is documented')
  t.ok(has('PUT', '/__admin/clock'), 'PUT /__admin/clock is documented')
  t.ok(transitions.length >= 5, `batch transitions are documented: ${transitions.join(', ')}`)
  let ops = 0
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (seq) => {
    for (const o of seq) { ops++; await apply(o) }
  }), fcParams(250))
  t.comment(`simulation operations (TechLadder, Cartesia and Ultravox batches on one clock): ${ops}, 0 5xx; transitions: ${transitions.map(p => p.split('/').pop()).join(', ') || 'none documented'}`)
  t.ok(created.cartesia > 0 && created.ultravox > 0, `batches made on the other surfaces: ${JSON.stringify(created)}`)
  const res = await send({ url: '/api/v1/public/me', headers: auth })
  t.equal(res.statusCode, 200, 'the server still serves')
})
