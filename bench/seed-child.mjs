/**
 * Seeding measurements for `npm run bench`, one per process so each has its own peak RSS.
 *
 *   node bench/seed-child.mjs seed   <db> <calls> [seed]  -- our generator: one synthetic batch of <calls>
 *   node bench/seed-child.mjs insert <src> <dst>          -- baseline: the same call rows, bare prepared inserts
 *
 * `seed` runs the server's own code (seedDocumentedRecords, then seedSyntheticData) on a file
 * database. seedSyntheticData sees only the first enabled account, with batchesPerAccount 1 and
 * callsPerBatch <calls>, so it writes exactly one batch of <calls> calls: the same batch (same
 * seed, same account index 0) the server seeds for that account with BATCHES_PER_ACCOUNT=1
 * CALLS_PER_BATCH=<calls>, without the second account's batch of the same size.
 *
 * `insert` copies the batches and documented rows (untimed), then re-inserts the synthetic
 * batch's call rows into a fresh database with the same schema, reading them 10,000 at a time
 * (untimed) and inserting each chunk with one prepared INSERT in one transaction (timed): the
 * cost of writing the rows with no generation, no serialization and no counters.
 *
 * Prints one JSON line: { ms, calls, maxRssMb, batchId? }.
 */
import { rmSync } from 'node:fs'
import { openDatabase } from '../dist/src/core/store/database.js'
import { createRepositories } from '../dist/src/core/store/index.js'
import { seedDocumentedRecords } from '../dist/src/surfaces/techladder/documented.js'
import { seedSyntheticData } from '../dist/src/core/seed/synthetic.js'
import { techladderSyntheticIds } from '../dist/src/surfaces/techladder/ids.js'

const CHUNK = 10_000
const [mode, a, b, c] = process.argv.slice(2)

function fresh (path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  return openDatabase(path)
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)

if (mode === 'seed') {
  const calls = Number(b)
  const seed = c === undefined ? 20260514 : Number(c)
  const db = fresh(a)
  const repos = createRepositories(db)
  seedDocumentedRecords(db, repos)
  const firstEnabled = repos.accounts.listAccounts().filter(x => x.api_enabled).slice(0, 1)
  const oneAccount = { ...repos, accounts: { ...repos.accounts, listAccounts: () => firstEnabled } }
  const before = new Set(db.prepare('SELECT schedule_id FROM batches').pluck().all())
  const t0 = performance.now()
  seedSyntheticData(db, oneAccount, { seed, batchesPerAccount: 1, callsPerBatch: calls }, { techladder: techladderSyntheticIds })
  const ms = performance.now() - t0
  const batchId = db.prepare('SELECT schedule_id FROM batches').pluck().all().find(id => !before.has(id))
  const n = db.prepare('SELECT COUNT(*) FROM calls WHERE batch_id = ?').pluck().get(batchId)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  process.stdout.write(JSON.stringify({ ms, calls: n, maxRssMb: maxRssMb(), batchId, account: firstEnabled[0].account_id }) + '\n')
} else if (mode === 'insert') {
  const db = fresh(b)
  db.exec(`ATTACH DATABASE '${a.replaceAll("'", "''")}' AS src`)
  const batchId = db.prepare('SELECT schedule_id FROM src.batches ORDER BY total_contacts DESC LIMIT 1').pluck().get()
  // Everything but the big batch's calls, untimed.
  db.transaction(() => {
    for (const t of ['accounts', 'api_keys', 'agents', 'prompt_versions', 'batches', 'call_status_counts']) {
      db.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`)
    }
    db.prepare('INSERT INTO main.calls SELECT * FROM src.calls WHERE batch_id <> ?').run(batchId)
  })()
  const cols = db.prepare('SELECT * FROM src.calls LIMIT 1').columns().map(col => col.name)
  const readChunk = db.prepare(`SELECT rowid, ${cols.join(', ')} FROM src.calls WHERE batch_id = ? AND rowid > ? ORDER BY rowid LIMIT ${CHUNK}`).raw()
  const insert = db.prepare(`INSERT INTO main.calls (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
  const insertChunk = db.transaction(rows => { for (const r of rows) insert.run(r) })
  let ms = 0
  let calls = 0
  let last = 0
  for (;;) {
    const rows = readChunk.all(batchId, last)
    if (rows.length === 0) break
    last = rows[rows.length - 1][0]
    for (const r of rows) r.shift() // drop the rowid
    const t0 = performance.now()
    insertChunk(rows)
    ms += performance.now() - t0
    calls += rows.length
  }
  db.exec('DETACH DATABASE src')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  process.stdout.write(JSON.stringify({ ms, calls, maxRssMb: maxRssMb(), batchId }) + '\n')
} else {
  process.stderr.write('usage: seed-child.mjs seed <db> <calls> [seed] | insert <src> <dst>\n')
  process.exit(2)
}
