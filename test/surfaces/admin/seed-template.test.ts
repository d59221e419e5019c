// Resets and later starts copy a kept template of the seed instead of running faker again
// (core/seed/template.ts): every copy must be the seeded state row for row, row ids included.
import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { auth, build, dumpRows, json } from '../../helper.js'
import type { App } from '../../../src/http/app.js'
import { body } from '../techladder/lifecycle-support.js'

const dump = (app: App): string => dumpRows(app.db)

/** Writes through the public API and the control API, so a reset has something to undo. */
async function mutate (t: Test, app: App): Promise<void> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: auth(),
    payload: body({ start_mode: 'immediate' })
  })
  t.equal(created.statusCode, 201, created.body)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/accounts', payload: { account_id: 'acc_tmpl' } })).statusCode, 201)
  await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 600 } })
}

t.test('a reset copies exactly what seeding writes, in memory and in a file', async (t) => {
  // The first app of this process seeds with faker; everything after copies it.
  const first = await build(t, { clock: 'manual' })
  const seeded = dump(first)
  await mutate(t, first)
  t.not(dump(first), seeded)
  t.equal((await first.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal(dump(first), seeded, 'reset: the seeded rows')

  const second = await build(t, { clock: 'manual' })
  t.equal(dump(second), seeded, 'a later start with the same seed: the seeded rows')
  await mutate(t, second)
  await second.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(dump(second), seeded, 'its reset too')

  const dir = mkdtempSync(join(tmpdir(), 'techladder-template-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = await build(t, { clock: 'manual', dbPath: join(dir, 'state.db') })
  t.equal(dump(file), seeded, 'a new file database: the seeded rows')
  await mutate(t, file)
  await file.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(dump(file), seeded, 'a file database after a reset')
})

t.test('a reseed with other options is a seed of its own; reset goes back', async (t) => {
  const app = await build(t, { clock: 'manual' })
  const seeded = dump(app)
  const other = { seed: 99, batches_per_account: 3, calls_per_batch: 7 }
  const reseeded = await app.inject({ method: 'POST', url: '/__admin/reseed', payload: other })
  t.equal(reseeded.statusCode, 200)
  const otherRows = dump(app)
  t.not(otherRows, seeded)
  await mutate(t, app)
  await app.inject({ method: 'POST', url: '/__admin/reseed', payload: other })
  t.equal(dump(app), otherRows, 'reseeding with the same options again: the same rows')

  // A fresh app seeded with those options from the start, with faker (no template of them at start).
  const direct = await build(t, { clock: 'manual', seed: 99, batchesPerAccount: 3, callsPerBatch: 7 })
  t.equal(dump(direct), otherRows, 'the same rows as a server started with those options')

  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(dump(app), seeded, 'reset: the start-up seed again')
  t.equal(json(await app.inject({ method: 'POST', url: '/__admin/reset' })).data.seed.seed, app.config.seed)
  t.equal(dump(app), seeded)
})
