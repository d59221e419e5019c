#!/usr/bin/env node
/**
 * Load and soak test (npm run test:load): a real server process (dist/src/server.js, built by the
 * npm script) on 127.0.0.1 only, driven by autocannon.
 *   1. warm-up: the mixed read workload for WARMUP_SECONDS (8), then the server's RSS is sampled
 *      (after a full garbage collection, triggered through a test-only SIGHUP hook);
 *   2. soak: the same workload at LOAD_CONNECTIONS for LOAD_SECONDS; every answer must have the
 *      status its request expects (200, or the 404/401 the workload asks for), no socket errors,
 *      no timeouts; RSS at the end of the soak (again after a full GC) must be within
 *      RSS_GROWTH_LIMIT (10%) of the warm-up sample, both counted without the pages V8's young
 *      generation has resident: Node 24's V8 grows the semi-spaces under allocation pressure
 *      (64 -> 128 MiB reserved) and keeps the pages it touched after a GC (anywhere from 30 to
 *      128 MiB, depending on where the collection cycle stood), which is sizing, not growth of
 *      what the server holds;
 *   3. concurrent creates (when POST /api/v1/public/call-batches exists): CREATE_COUNT creates over
 *      CREATE_CONNECTIONS connections; every 201 carries a distinct batch id, each one readable, and
 *      the account's batch total grows by exactly the number of 201s (nothing lost, nothing doubled);
 *   4. SIGTERM under load (the mixed workload still running): the answers sent are the expected
 *      ones or the 503 envelope of a closing server, and the server exits 0.
 * The whole run is bounded (a watchdog kills everything after HARD_LIMIT_SECONDS). The last line is
 * `load: N passed, M failed` (N, M: checks). Exit code 0 only when nothing failed.
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const num = (name, def) => process.env[name] !== undefined ? Number(process.env[name]) : def
const WARMUP_SECONDS = num('WARMUP_SECONDS', 8)
const LOAD_SECONDS = num('LOAD_SECONDS', 20)
const LOAD_CONNECTIONS = num('LOAD_CONNECTIONS', 64)
const CREATE_COUNT = num('CREATE_COUNT', 1000)
const CREATE_CONNECTIONS = num('CREATE_CONNECTIONS', 32)
const RSS_GROWTH_LIMIT = num('RSS_GROWTH_LIMIT', 0.10)
const HARD_LIMIT_SECONDS = num('HARD_LIMIT_SECONDS', 180)
const KEY = 'sk_your_api_key'
const OTHER_KEY = 'sk_other_account_key'

let passed = 0
let failed = 0
const check = (ok, what) => {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${what}`)
}

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer()
  s.once('error', reject)
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
})

const get = (port, path, key = KEY) => new Promise((resolve, reject) => {
  const req = httpRequest({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${key}` }, agent: false }, res => {
    let body = ''
    res.setEncoding('utf8')
    res.on('data', d => { body += d })
    res.on('end', () => resolve({ status: res.statusCode, body }))
  })
  req.on('error', reject)
  req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: timeout`)))
  req.end()
})

const rssKb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1])
}

const gcStats = join(mkdtempSync(join(tmpdir(), 'techladder-load-')), 'gc.json')
/**
 * After a full garbage collection in the server (the SIGHUP hook below), in KiB: its RSS, and that
 * RSS less the young-generation pages V8 keeps resident (new_space's physical size, not its
 * reserved size: a reserved page never touched is not in RSS), the part a leak would grow.
 */
const rssAfterGc = async (child) => {
  child.kill('SIGHUP')
  await new Promise(resolve => setTimeout(resolve, 1000))
  const rss = rssKb(child.pid)
  const { newSpace, heapUsed } = JSON.parse(readFileSync(gcStats, 'utf8'))
  return { rss, held: rss - Math.round(newSpace / 1024), heapUsed: Math.round(heapUsed / 1024), newSpace: Math.round(newSpace / 1024) }
}

const run = (opts) => new Promise((resolve, reject) => {
  const instance = autocannon({ ...opts }, (err, result) => err ? reject(err) : resolve(result))
  void instance
})

let server

async function main () {
  const port = await freePort()
  // The server runs as in production, plus a test-only hook: SIGHUP runs a full garbage collection,
  // so RSS is sampled on the live set, not on wherever V8's collection cycle happens to be.
  const gcHook = 'data:text/javascript,import v8 from "node:v8";import fs from "node:fs";process.on("SIGHUP",()=>{globalThis.gc();globalThis.gc();' +
    'const n=v8.getHeapSpaceStatistics().find(s=>s.space_name==="new_space");' +
    `fs.writeFileSync(${JSON.stringify(gcStats)},JSON.stringify({newSpace:n?n.physical_space_size:0,heapUsed:process.memoryUsage().heapUsed}))})`
  server = spawn(process.execPath, ['--expose-gc', '--import', gcHook, join(root, 'dist/src/server.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', CLOCK: 'manual' },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const exited = new Promise(resolve => server.once('exit', (code, signal) => resolve({ code, signal })))
  const watchdog = setTimeout(() => {
    console.log(`FAILED the load test did not finish within ${HARD_LIMIT_SECONDS} s`)
    server.kill('SIGKILL')
    console.log(`load: ${passed} passed, ${failed + 1} failed`)
    process.exit(1)
  }, HARD_LIMIT_SECONDS * 1000)
  watchdog.unref()

  // Ready?
  const started = Date.now()
  for (;;) {
    try { if ((await get(port, '/readyz')).status === 200) break } catch {}
    if (Date.now() - started > 30_000) throw new Error('the server did not become ready in 30 s')
    await new Promise(r => setTimeout(r, 100))
  }
  console.log(`server pid ${server.pid} on 127.0.0.1:${port}, ready in ${Date.now() - started} ms`)

  const mine = JSON.parse((await get(port, '/api/v1/public/call-batches?limit=100')).body).data.items.map(b => b.schedule_id)
  const theirs = JSON.parse((await get(port, '/api/v1/public/call-batches?limit=100', OTHER_KEY)).body).data.items.map(b => b.schedule_id)
  check(mine.length >= 5 && theirs.length >= 1, `seeded batches: ${mine.length} mine, ${theirs.length} another account's`)

  // The mixed read workload: each connection cycles through it.
  const auth = { authorization: `Bearer ${KEY}` }
  const workload = []
  for (let i = 0; i < 6; i++) {
    const id = mine[i % mine.length]
    workload.push(
      { path: '/api/v1/public/call-batches?limit=50', expect: 200 },
      { path: `/api/v1/public/call-batches?limit=20&status=completed&page=${1 + (i % 2)}`, expect: 200 },
      { path: `/api/v1/public/call-batches/${id}`, expect: 200 },
      { path: `/api/v1/public/call-batches/${id}/calls?limit=100`, expect: 200 },
      { path: `/api/v1/public/call-batches/${id}/results?limit=100`, expect: 200 },
      { path: '/api/v1/public/me', expect: 200 },
      { path: `/api/v1/public/call-batches/sched_${String(i).padStart(8, '0')}`, expect: 404 },
      { path: `/api/v1/public/call-batches/${theirs[i % theirs.length]}/calls`, expect: 404 }
    )
  }
  workload.push({ path: '/api/v1/public/me', expect: 401, headers: { authorization: 'Bearer sk_not_a_key' } })
  const mismatches = new Map()
  let answered = 0
  const requests = workload.map(w => ({
    method: 'GET',
    path: w.path,
    headers: w.headers ?? auth,
    onResponse: (status) => {
      answered++
      if (status !== w.expect) {
        const k = `${w.path} -> ${status} (expected ${w.expect})`
        mismatches.set(k, (mismatches.get(k) ?? 0) + 1)
      }
    }
  }))
  const mixed = (seconds, connections) => run({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests, timeout: 10 })

  const warm = await mixed(WARMUP_SECONDS, LOAD_CONNECTIONS)
  const warmGc = await rssAfterGc(server)
  const rssWarm = warmGc.rss
  console.log(`warm-up: ${warm.requests.total} requests in ${WARMUP_SECONDS} s; RSS ${(rssWarm / 1024).toFixed(1)} MiB`)

  answered = 0
  mismatches.clear()
  let rssPeak = 0
  const sampler = setInterval(() => { try { rssPeak = Math.max(rssPeak, rssKb(server.pid)) } catch {} }, 500)
  const soak = await mixed(LOAD_SECONDS, LOAD_CONNECTIONS)
  clearInterval(sampler)
  const afterGc = await rssAfterGc(server)
  const rssAfter = afterGc.rss
  const growth = (afterGc.held - warmGc.held) / warmGc.held
  const mib = (kb) => (kb / 1024).toFixed(1)
  console.log(`soak: ${soak.requests.total} requests in ${LOAD_SECONDS} s at ${LOAD_CONNECTIONS} connections: ` +
    `${Math.round(soak.requests.average)} req/s average, latency p50 ${soak.latency.p50} ms, p99 ${soak.latency.p99} ms, max ${soak.latency.max} ms`)
  console.log(`RSS after a full GC: ${mib(rssWarm)} MiB after warm-up -> ${mib(rssAfter)} MiB after the soak; peak during the soak ${mib(rssPeak)} MiB`)
  console.log(`  without the young generation (${mib(warmGc.newSpace)} -> ${mib(afterGc.newSpace)} MiB): ${mib(warmGc.held)} -> ${mib(afterGc.held)} MiB (${(growth * 100).toFixed(1)}%); ` +
    `live JS heap ${mib(warmGc.heapUsed)} -> ${mib(afterGc.heapUsed)} MiB`)
  for (const [k, n] of mismatches) console.log(`  unexpected: ${n} x ${k}`)
  check(soak.requests.total > 1000, `soak served ${soak.requests.total} requests`)
  check(mismatches.size === 0, `every answer had its expected status (${answered} checked)`)
  check(soak.errors === 0 && soak.timeouts === 0, `no socket errors (${soak.errors}) and no timeouts (${soak.timeouts})`)
  check(growth < RSS_GROWTH_LIMIT, `RSS growth without the young generation ${(growth * 100).toFixed(1)}% < ${RSS_GROWTH_LIMIT * 100}%`)

  // Concurrent creates.
  const doc = JSON.parse((await get(port, '/openapi.json')).body)
  if (doc.paths['/api/v1/public/call-batches']?.post === undefined) {
    console.log('SKIPPED concurrent creates: POST /api/v1/public/call-batches is not in the OpenAPI document')
  } else {
    const agentId = 'agt-57949b14'
    const versionId = 'pmt-667ddf271b'
    const totalOf = async () => JSON.parse((await get(port, '/api/v1/public/call-batches?limit=1')).body).data.total
    const before = await totalOf()
    const ids = []
    const statuses = new Map()
    const body = JSON.stringify({
      agent_name: agentId,
      version_name: versionId,
      contacts: [
        { contact_id: 'load-1', phone_number: '919800000001', name: 'Load One' },
        { contact_id: 'load-2', phone_number: '919800000002', name: 'Load Two' }
      ]
    })
    const result = await run({
      url: `http://127.0.0.1:${port}`,
      connections: CREATE_CONNECTIONS,
      amount: CREATE_COUNT,
      timeout: 10,
      requests: [{
        method: 'POST',
        path: '/api/v1/public/call-batches',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
        onResponse: (status, resBody) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status === 201) ids.push(JSON.parse(resBody).data.batch_id)
        }
      }]
    })
    const after = await totalOf()
    const distinct = new Set(ids)
    console.log(`creates: ${result.requests.total} sent over ${CREATE_CONNECTIONS} connections in ${(result.duration).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; total ${before} -> ${after}`)
    check(statuses.get(201) === CREATE_COUNT, `every create answered 201 (${statuses.get(201) ?? 0}/${CREATE_COUNT})`)
    check(distinct.size === ids.length, `no duplicated batch id (${distinct.size} distinct of ${ids.length})`)
    check(after - before === ids.length, `no lost or doubled batch: the total grew by ${after - before} for ${ids.length} creates`)
    let readable = 0
    for (const id of [...distinct].slice(0, 200)) if ((await get(port, `/api/v1/public/call-batches/${id}`)).status === 200) readable++
    check(readable === Math.min(200, distinct.size), `created batches are readable (${readable} checked)`)
  }

  // SIGTERM under load: the mixed workload runs, the signal comes a second in; every answer the
  // server still sends is the expected one or the 503 envelope of a closing server; exit code 0.
  answered = 0
  mismatches.clear()
  let closing503 = 0
  const closingRequests = requests.map(r => ({
    ...r,
    onResponse: (status, body, ctx, headers) => {
      if (status === 503) { closing503++; return }
      r.onResponse(status, body, ctx, headers)
    }
  }))
  const final = run({ url: `http://127.0.0.1:${port}`, connections: LOAD_CONNECTIONS, duration: 3, requests: closingRequests, timeout: 10 })
  await new Promise(resolve => setTimeout(resolve, 1000))
  const signalledAt = Date.now()
  server.kill('SIGTERM')
  const { code, signal } = await exited
  const exitMs = Date.now() - signalledAt
  const tail = await final
  console.log(`SIGTERM under load: ${answered} expected answers and ${closing503} closing 503s while ${LOAD_CONNECTIONS} connections were busy; ` +
    `${tail.errors} connection errors after the listener closed; exit ${code ?? signal} after ${exitMs} ms`)
  for (const [k, n] of mismatches) console.log(`  unexpected: ${n} x ${k}`)
  check(mismatches.size === 0, 'SIGTERM under load: every answer was the expected one or a 503 envelope')
  check(code === 0, `SIGTERM under load: the server exited with ${code ?? signal}`)
  clearTimeout(watchdog)
}

main().then(() => {
  console.log(`load: ${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}, (err) => {
  server?.kill('SIGKILL')
  console.log(`FAILED ${err.message}`)
  console.log(`load: ${passed} passed, ${failed + 1} failed`)
  process.exit(1)
})
