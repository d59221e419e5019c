#!/usr/bin/env node
/**
 * Writes the bytes of many responses to a folder, one file per request, so that two builds can be
 * compared with `diff -r`: a refactoring or a performance change must not change a byte.
 *
 *   npm run build && node scripts/snapshot-responses.mjs /tmp/before
 *   … change …
 *   npm run build && node scripts/snapshot-responses.mjs /tmp/after && diff -r /tmp/before /tmp/after
 *
 * Covered: every documented example; every seeded page of every TechLadder key (list, get, calls,
 * results, filters); error bodies; the admin views and the fixture export; and a created batch run
 * to its end on the manual clock, read after every step.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../dist/src/index.js'

const out = process.argv[2]
if (out === undefined) {
  process.stderr.write('usage: node scripts/snapshot-responses.mjs <folder>\n')
  process.exit(2)
}
mkdirSync(out, { recursive: true })

const app = await buildApp({ batchesPerAccount: 12, callsPerBatch: 40, clock: 'manual', clockStart: '2026-06-01T09:00:00Z', logLevel: 'silent' })
let n = 0
async function save (label, opts) {
  const res = await app.inject(opts)
  const name = `${String(++n).padStart(4, '0')}-${label.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80)}`
  writeFileSync(join(out, name), `${res.statusCode}\n${res.headers['content-type'] ?? ''}\n${res.body}`)
  return res
}
const auth = (key) => ({ authorization: `Bearer ${key}` })
const P = '/api/v1/public'

for (const key of ['sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key', 'sk_nope']) {
  await save(`me ${key}`, { url: `${P}/me`, headers: auth(key) })
  let page = 1
  const ids = []
  for (;;) {
    const res = await save(`list ${key} ${page}`, { url: `${P}/call-batches?limit=7&page=${page}`, headers: auth(key) })
    if (res.statusCode !== 200) break
    const data = JSON.parse(res.body).data
    ids.push(...data.items.map(b => b.schedule_id))
    if (!data.has_more) break
    page++
  }
  for (const status of ['pending', 'active', 'completed', 'failed', 'cancelled', 'bogus']) {
    await save(`list ${key} status ${status}`, { url: `${P}/call-batches?status=${status}`, headers: auth(key) })
  }
  for (const id of ids) {
    await save(`get ${id}`, { url: `${P}/call-batches/${id}`, headers: auth(key) })
    for (const kind of ['calls', 'results']) {
      for (const q of ['limit=500', 'limit=13&page=2', 'limit=13&page=4']) {
        await save(`${kind} ${id} ${q}`, { url: `${P}/call-batches/${id}/${kind}?${q}`, headers: auth(key) })
      }
    }
    for (const status of ['pending', 'completed', 'no_answer', 'in_progress']) {
      await save(`calls ${id} ${status}`, { url: `${P}/call-batches/${id}/calls?status=${status}`, headers: auth(key) })
    }
  }
}
for (const id of ['sched_7bac6f2a', 'sched_5d398018', 'sched_3c1e9a47', 'sched_00000000']) {
  await save(`doc get ${id}`, { url: `${P}/call-batches/${id}`, headers: auth('sk_your_api_key') })
  await save(`doc results ${id}`, { url: `${P}/call-batches/${id}/results`, headers: auth('sk_your_api_key') })
  await save(`doc calls ${id}`, { url: `${P}/call-batches/${id}/calls?external_id=101`, headers: auth('sk_your_api_key') })
}
await save('doc list example', { url: `${P}/call-batches?agent_id=agt-57949b14&status=pending`, headers: auth('sk_your_api_key') })
await save('unknown route', { url: `${P}/nope`, headers: auth('sk_your_api_key') })
await save('405', { method: 'DELETE', url: `${P}/call-batches`, headers: auth('sk_your_api_key') })
await save('422 limit', { url: `${P}/call-batches?limit=0`, headers: auth('sk_your_api_key') })
await save('bad create', { method: 'POST', url: `${P}/call-batches`, headers: auth('sk_your_api_key'), payload: { contacts: [{ phone_number: '12' }] } })

await save('admin accounts', { url: '/__admin/accounts' })
await save('admin batch', { url: '/__admin/batches/sched_7bac6f2a' })
await save('admin clock', { url: '/__admin/clock' })
await save('healthz', { url: '/healthz' })

// A created batch, run to its end on the manual clock.
const contacts = Array.from({ length: 30 }, (_, i) => ({ contact_id: `c${i}`, name: `Contact ${i}`, phone_number: `9198765${String(43210 + i)}`, metadata: { company_name: 'Acme' } }))
const created = await save('create', {
  method: 'POST',
  url: `${P}/call-batches`,
  headers: { ...auth('sk_your_api_key'), 'content-type': 'application/json' },
  payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', concurrency: 4, contacts }
})
const id = JSON.parse(created.body).data.batch_id
for (let step = 0; step < 40; step++) {
  await save(`advance ${step}`, { method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 60 } })
  await save(`run get ${step}`, { url: `${P}/call-batches/${id}`, headers: auth('sk_your_api_key') })
  await save(`run results ${step}`, { url: `${P}/call-batches/${id}/results`, headers: auth('sk_your_api_key') })
}
await save('admin created batch', { url: `/__admin/batches/${id}` })
await save('fixture export', { url: '/__admin/state' })
await app.close()
process.stdout.write(`${n} responses written to ${out}\n`)
