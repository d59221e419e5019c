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
 * to its end on the manual clock, read after every step. Ultravox: every agent's scheduled batches
 * of both keys, walked both ways and read one by one, with the links under other hosts and query
 * spellings; and batches created, paused, deleted and run on the manual clock, read after every
 * step (each read twice: a repeated read must answer the same bytes).
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
// Ultravox: the scheduled batches of every agent of both keys, walked with next and previous links.
const UV_DOCS = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
const uv = (key = 'uv_test_key') => ({ 'x-api-key': key })
const local = (link) => { const u = new URL(link); return u.pathname + u.search }
for (const key of ['uv_test_key', 'uv_other_key', 'uv_nope']) {
  const agents = await save(`uv agents ${key}`, { url: '/api/agents?pageSize=100', headers: uv(key) })
  if (agents.statusCode !== 200) continue
  for (const agent of JSON.parse(agents.body).results) {
    const base = `/api/agents/${agent.agentId}/scheduled_batches`
    const ids = []
    let url = `${base}?pageSize=3`
    let last
    while (url !== null) {
      last = await save(`uv list ${agent.agentId} ${url}`, { url, headers: uv(key) })
      const page = JSON.parse(last.body)
      ids.push(...page.results.map(b => b.batchId))
      url = page.next === null ? null : local(page.next)
    }
    for (let back = JSON.parse(last.body).previous; back !== null; back = JSON.parse(last.body).previous) {
      last = await save(`uv list back ${agent.agentId} ${local(back)}`, { url: local(back), headers: uv(key) })
    }
    await save(`uv list default ${agent.agentId}`, { url: base, headers: uv(key) })
    await save(`uv list 100 ${agent.agentId}`, { url: `${base}?pageSize=100`, headers: uv(key) })
    for (const id of ids) await save(`uv get ${id}`, { url: `${base}/${id}`, headers: uv(key) })
    await save(`uv get other agent ${agent.agentId}`, { url: `/api/agents/${agent.agentId}/scheduled_batches/${UV_DOCS}`, headers: uv(key) })
  }
}
// The same page under other hosts, protocols and query spellings: the links follow the request.
const uvList = `/api/agents/${UV_DOCS}/scheduled_batches`
for (const [label, url, headers] of [
  ['host a', `${uvList}?pageSize=1`, { host: 'a.test:8080' }],
  ['host b', `${uvList}?pageSize=1`, { host: 'b.test' }],
  ['host a again', `${uvList}?pageSize=1`, { host: 'a.test:8080' }],
  ['bad host', `${uvList}?pageSize=1`, { host: 'bad host!' }],
  ['https', `${uvList}?pageSize=1`, { 'x-forwarded-proto': 'https' }],
  ['extra params', `${uvList}?zeta=1&pageSize=1&alpha=x%20y&alpha=2`, {}],
  ['repeated pageSize', `${uvList}?pageSize=5&pageSize=1`, {}],
  ['escaped path', `/api/agents/${UV_DOCS.replace('c', '%63')}/scheduled_batches?pageSize=1`, {}],
  ['trailing slash', `${uvList}/?pageSize=1`, {}],
  ['bad pageSize', `${uvList}?pageSize=abc`, {}],
  ['bad cursor', `${uvList}?cursor=abc`, {}],
  ['head', `${uvList}?pageSize=1`, {}],
  ['get docs', `${uvList}/${UV_DOCS}`, {}],
  ['get docs other key', `${uvList}/${UV_DOCS}`, uv('uv_other_key')],
  ['get bad uuid', `${uvList}/not-a-uuid`, {}],
  ['get upper uuid', `${uvList}/${UV_DOCS.toUpperCase()}`, {}]
]) {
  const method = label === 'head' ? 'HEAD' : 'GET'
  const res = await save(`uv ${label}`, { method, url, headers: { ...uv(), ...headers } })
  if (method === 'HEAD') writeFileSync(join(out, `${String(n).padStart(4, '0')}-uv_head_length`), String(res.headers['content-length']))
}

// Ultravox batches created on the manual clock: one dialing at once, one with a later window,
// one paused then resumed, one deleted; every read made twice.
const uvCalls = (count, from) => Array.from({ length: count }, (_, i) => ({
  medium: { twilio: { outgoing: { to: `+1415555${String(2000 + from + i)}`, from: '+14155559999' } } },
  templateContext: { customerName: `Customer ${from + i}` },
  metadata: { n: String(from + i) }
}))
const uvCreate = async (label, body) => {
  const res = await save(`uv create ${label}`, { method: 'POST', url: uvList, headers: { ...uv(), 'content-type': 'application/json' }, payload: body })
  return JSON.parse(res.body).batchId
}
const now = await uvCreate('now', { calls: uvCalls(12, 0) })
const later = await uvCreate('later', { calls: uvCalls(6, 100), windowStart: '2026-06-01T09:43:00Z', windowEnd: '2026-06-01T12:00:00Z', throttle: '10/m' })
const paused = await uvCreate('paused', { calls: uvCalls(6, 200), paused: true })
const doomed = await uvCreate('doomed', { calls: uvCalls(4, 300) })
const uvRead = async (step) => {
  for (const twice of ['', ' again']) {
    for (const [label, bid] of [['now', now], ['later', later], ['paused', paused], ['doomed', doomed]]) {
      await save(`uv run ${step} get ${label}${twice}`, { url: `${uvList}/${bid}`, headers: uv() })
    }
    await save(`uv run ${step} list${twice}`, { url: `${uvList}?pageSize=3`, headers: uv() })
    await save(`uv run ${step} list 100${twice}`, { url: `${uvList}?pageSize=100`, headers: uv() })
  }
}
await uvRead('start')
for (let step = 0; step < 12; step++) {
  await save(`uv advance ${step}`, { method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 30 } })
  if (step === 2) await save('uv delete doomed', { method: 'DELETE', url: `${uvList}/${doomed}`, headers: uv() })
  if (step === 4) await save('uv resume', { method: 'PATCH', url: `${uvList}/${paused}`, headers: { ...uv(), 'content-type': 'application/json' }, payload: { paused: false } })
  if (step === 6) await save('uv pause later', { method: 'PATCH', url: `${uvList}/${later}`, headers: { ...uv(), 'content-type': 'application/json' }, payload: { paused: true, webhookUrl: null, throttle: '20/m' } })
  await uvRead(step)
}
// Not saved: the answer says how long the reset took.
const reset = await app.inject({ method: 'POST', url: '/__admin/reset' })
if (reset.statusCode !== 200) throw new Error(`reset: ${reset.statusCode} ${reset.body}`)
await uvRead('after reset')
await app.close()
process.stdout.write(`${n} responses written to ${out}\n`)
