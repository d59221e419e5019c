import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../../src/http/app.js'
import { TEST_CONFIG } from '../../helper.js'
import { adminBatch, advance, body, contacts, create, getBatch, results, START } from './lifecycle-support.js'

t.test('a file database keeps created batches and the simulation resumes where it left off', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'techladder-restart-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const dbPath = join(dir, 'state.db')
  const config = { ...TEST_CONFIG, dbPath, clock: 'manual' as const }

  // Reference: the same requests and clock moves without a restart.
  const reference = await buildApp({ ...TEST_CONFIG, clock: 'manual', clockStart: START })
  t.teardown(() => reference.close())
  const refId = JSON.parse((await create(reference, body({ start_mode: 'immediate', concurrency: 4, contacts: contacts(30) }))).body).data.batch_id
  await advance(reference, 300)
  await advance(reference, 3600)
  const refFinal = await results(reference, refId)

  const first = await buildApp({ ...config, clockStart: START })
  const created = await create(first, body({ start_mode: 'immediate', concurrency: 4, contacts: contacts(30) }))
  t.equal(created.statusCode, 201)
  const id = JSON.parse(created.body).data.batch_id
  t.equal(id, refId)
  await advance(first, 300)
  const mid = await getBatch(first, id)
  const midAdmin = await adminBatch(first, id)
  t.equal(mid.status, 'active')
  t.ok(mid.pending_contacts > 0 && mid.pending_contacts < 30, 'stopped mid-batch')
  await first.close()

  // No CLOCK_START: a manual clock goes on from the time the database last saw.
  const second = await buildApp(config)
  t.teardown(() => second.close())
  t.equal(second.clock.nowIso(), '2026-06-01T09:05:00Z')
  t.same(await getBatch(second, id), mid, 'the batch is as it was')
  t.same((await adminBatch(second, id)).call_counts, midAdmin.call_counts)
  await advance(second, 3600)
  const final = await getBatch(second, id)
  t.equal(final.status, 'completed')
  t.same(await results(second, id), refFinal, 'the same results as a run without the restart')
  // The id counter survived too: the next batch does not reuse an id.
  const next = await create(second, body())
  t.not(JSON.parse(next.body).data.batch_id, id)
})
