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
import { userTables } from '../../src/core/control/state-swap.js'
import { openDatabase, type Db } from '../../src/core/store/database.js'
import { PROVIDER_SEEDS } from '../../src/http/surfaces.js'

const ROOT = join(import.meta.dirname, '..', '..')
const DIST_SEED = join(ROOT, 'dist', 'src', 'core', 'seed')

/** Every row of every table, with row ids, and sqlite_sequence. */
function dump (db: Db): string {
  return [...userTables(db), 'sqlite_sequence'].map(table => {
    let rows: unknown[]
    try {
      rows = db.prepare(`SELECT rowid AS __rowid, * FROM main."${table}" ORDER BY rowid`).all()
    } catch {
      rows = db.prepare(`SELECT * FROM main."${table}" ORDER BY 1, 2`).all()
    }
    return `${table} ${JSON.stringify(rows, (_k, v) => Buffer.isBuffer(v) ? v.toString('base64') : v)}`
  }).join('\n')
}

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
  t.same(readStoredImage(options, dir, code), image, 'the same options and code: the image')
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
  const stored = new Database(image) as Db
  const fresh = seeded()
  t.equal(dump(stored), dump(fresh), 'the stored image holds exactly what faker seeds')
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
