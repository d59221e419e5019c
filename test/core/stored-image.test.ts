// The default seed is stored by the build (core/seed/stored-image.ts): a server started with the
// default options opens a copy of it instead of running faker. The copy must be the faker seed row
// for row, and an image made by other code, or for other options, must never be used.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DEFAULT_SEED_OPTIONS, readStoredImage, seedDatabase, writeStoredImage } from '../../src/core/seed/index.js'
import { dumpRows } from '../helper.js'
import { openDatabase, type Db } from '../../src/core/store/database.js'
import { PROVIDER_SEEDS } from '../../src/http/surfaces.js'

const ROOT = join(import.meta.dirname, '..', '..')
const DIST_SEED = join(ROOT, 'dist', 'src', 'core', 'seed')

function seeded (options = DEFAULT_SEED_OPTIONS): Db {
  const db = openDatabase(':memory:')
  seedDatabase(db, options, PROVIDER_SEEDS)
  return db
}

t.test('an image is read back only for its own options and its own code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'techladder-image-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const code = join(dir, 'code')
  mkdirSync(join(code, 'core'), { recursive: true })
  writeFileSync(join(code, 'core', 'a.js'), 'export const a = 1\n')
  const options = { seed: 7, batchesPerAccount: 2, callsPerBatch: 3 }
  const db = seeded(options)
  const image = db.serialize()
  db.close()

  t.equal(readStoredImage(options, dir, code), undefined, 'no image stored yet')
  writeStoredImage(image, options, dir, code)
  t.same(readStoredImage(options, dir, code)?.image, image, 'the same options and code: the image')
  t.equal(readStoredImage({ ...options, seed: 8 }, dir, code), undefined, 'another seed')
  t.equal(readStoredImage({ ...options, callsPerBatch: 4 }, dir, code), undefined, 'other sizes')

  writeFileSync(join(code, 'core', 'b.js'), 'export const b = 2\n')
  t.equal(readStoredImage(options, dir, code), undefined, 'a file added to the code since')
  rmSync(join(code, 'core', 'b.js'))
  t.ok(readStoredImage(options, dir, code), 'back as it was')
  writeFileSync(join(code, 'core', 'a.js'), 'export const a = 2\n')
  t.equal(readStoredImage(options, dir, code), undefined, 'a file edited since')
  writeFileSync(join(code, 'core', 'a.js'), 'export const a = 1\n')

  writeFileSync(join(dir, 'default-seed.sqlite'), image.subarray(0, image.length - 4096))
  t.equal(readStoredImage(options, dir, code), undefined, 'a truncated image')
})

t.test('the image the build stored is the default seed, row for row, and fits the built code', async (t) => {
  // `npm test` builds first (pretest), so dist/ is the code of this tree.
  t.ok(existsSync(join(DIST_SEED, 'default-seed.sqlite')), 'npm run build stored an image')
  const image = readStoredImage(DEFAULT_SEED_OPTIONS, DIST_SEED, join(ROOT, 'dist', 'src'))
  if (image === undefined) { t.fail('the stored image does not fit the built code'); return }
  const stored = new Database(image.image) as Db
  const fresh = seeded()
  t.equal(dumpRows(stored), dumpRows(fresh), 'the stored image holds exactly what faker seeds')
  stored.close()
  fresh.close()
})

t.test('a built server with the default seed starts from the image, without loading faker', async (t) => {
  // A child process, so this process's own faker does not count; faker is loaded with require().
  const probe = (options: string): { faker: number, batches: number } => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { createRequire } from 'node:module'
    const { startMockServer } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'index.js'))})
    const mock = await startMockServer(${options})
    const res = await fetch(mock.url + '/api/v1/public/call-batches?limit=1', { headers: { authorization: 'Bearer sk_your_api_key' } })
    const batches = (await res.json()).data.total
    const faker = Object.keys(createRequire(import.meta.url).cache).filter(k => k.includes('@faker-js')).length
    await mock.close()
    console.log(JSON.stringify({ faker, batches }))
  `], { cwd: ROOT, encoding: 'utf8' }))
  const fromImage = probe("{ clock: 'manual' }")
  t.equal(fromImage.faker, 0, 'the default seed: faker never loaded')
  t.ok(fromImage.batches > 0, 'and the seeded batches are there')
  const seededHere = probe("{ clock: 'manual', seed: 5, batchesPerAccount: 2, callsPerBatch: 3 }")
  t.ok(seededHere.faker > 0, 'another seed: seeded with faker')
})

t.test('a built server started from the image resets to the seeded state, reading the stored file as its template', async (t) => {
  const { startMockServer } = await import(join(ROOT, 'dist', 'src', 'index.js')) as typeof import('../../src/index.js')
  const mock = await startMockServer({ clock: 'manual' })
  t.teardown(() => mock.close())
  const db = (mock.app as unknown as { db: Db }).db
  const attached = db.prepare<[], { name: string, file: string }>('PRAGMA database_list').all().filter(d => d.name.startsWith('seed_template'))
  t.same(attached.map(d => d.file), [join(DIST_SEED, 'default-seed.sqlite')], 'the template is the stored file, attached')
  const fresh = seeded()
  const expected = dumpRows(fresh)
  fresh.close()
  t.equal(dumpRows(db), expected, 'at start: the seeded rows')
  const one = JSON.parse((await mock.app.inject({ url: '/api/v1/public/call-batches/sched_7bac6f2a', headers: { authorization: 'Bearer sk_your_api_key' } })).body).data
  const created = await mock.app.inject({
    method: 'POST',
    url: '/api/v1/public/call-batches',
    headers: { authorization: 'Bearer sk_your_api_key' },
    payload: { agent_name: one.agent_id, version_name: one.version_id, start_mode: 'immediate', contacts: [{ contact_id: 'c1', name: 'A', phone_number: '919812345678' }] }
  })
  t.equal(created.statusCode, 201, created.body)
  await mock.app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 600 } })
  t.not(dumpRows(db), expected, 'written to')
  t.equal((await mock.app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal(dumpRows(db), expected, 'after a reset: the seeded rows, row ids and sequences included')
})
