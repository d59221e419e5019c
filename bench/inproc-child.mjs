/**
 * In-process measurements for `npm run bench` (one process, pinned like the servers): what a test
 * suite that embeds the mock pays. Prints one JSON line.
 *
 *   node bench/inproc-child.mjs [--quick]
 *
 * - starts: startMockServer at the test suite's sizes (12 batches x 40 calls per account, manual
 *   clock), first and second start in the same process, each to its first 200 on GET one batch;
 * - reset: POST /__admin/reset (app.inject) at test sizes and at the default sizes, median of runs;
 * - create: POST /api/v1/public/call-batches with 10,000 contacts (app.inject), median of runs;
 * - simulation: 50 active batches x 1,000 calls (concurrency 20) at CLOCK_SPEED=60 and no requests:
 *   the process's CPU over a window, in % of one core, and the longest event-loop block (the most
 *   CPU time used between two runs of a 1 ms timer; the timers' wall-time lateness is kept too).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startMockServer } from '../dist/src/index.js'

const quick = process.argv.includes('--quick')
const KEY = 'sk_your_api_key'
const AUTH = { authorization: `Bearer ${KEY}` }
const ONE = '/api/v1/public/call-batches/sched_7bac6f2a'
const TEST_SIZES = { batchesPerAccount: 12, callsPerBatch: 40 }
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function timedStart (options) {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const mock = await startMockServer(options)
  const res = await fetch(mock.url + ONE, { headers: AUTH })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`first GET: ${res.status}`)
  return { mock, ms: performance.now() - t0, cpuMs: cpuMsSince(c0) }
}

const cpuMsSince = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 }

/** Wall time and CPU time (which waiting for a busy core does not inflate) of each reset. */
async function resets (mock, n) {
  const times = []
  const cpu = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const res = await mock.app.inject({ method: 'POST', url: '/__admin/reset' })
    times.push(performance.now() - t0)
    cpu.push(cpuMsSince(c0))
    if (res.statusCode !== 200) throw new Error(`reset: ${res.statusCode} ${res.body}`)
  }
  return { ms: round(median(times)), cpuMs: round(median(cpu)), runs: times.map(x => round(x)) }
}

const contacts = (n, tag) => Array.from({ length: n }, (_, j) => ({
  contact_id: `${tag}-${j}`, name: `Bench Contact ${j}`, phone_number: `919${String(j).padStart(9, '0')}`
}))

async function batchBase (mock) {
  const one = JSON.parse((await mock.app.inject({ url: ONE, headers: AUTH })).body).data
  return { agent_name: one.agent_id, version_name: one.version_id }
}

const out = {}

// Starts, test sizes.
const first = await timedStart({ clock: 'manual', ...TEST_SIZES })
await first.mock.close()
const second = await timedStart({ clock: 'manual', ...TEST_SIZES })
out.firstStartMs = round(first.ms, 1)
out.secondStartMs = round(second.ms, 1)
out.secondStartCpuMs = round(second.cpuMs, 1)

// Resets, test sizes (warm-up: the first reset prepares its statements).
await resets(second.mock, 2)
out.resetTest = await resets(second.mock, quick ? 10 : 30)

// Create 10,000 contacts.
const base = await batchBase(second.mock)
const createTimes = []
const createCpu = []
for (let i = 0; i < (quick ? 1 : 7); i++) {
  const payload = JSON.stringify({ ...base, start_mode: 'manual', contacts: contacts(10_000, `c${i}`) })
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const res = await second.mock.app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { ...AUTH, 'content-type': 'application/json' }, payload })
  createTimes.push(performance.now() - t0)
  createCpu.push(cpuMsSince(c0))
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body.slice(0, 300)}`)
  await second.mock.app.inject({ method: 'POST', url: '/__admin/reset' })
}
out.create10k = { ms: round(median(createTimes)), cpuMs: round(median(createCpu)), runs: createTimes.map(x => round(x)) }
await second.mock.close()

// Resets, default sizes.
const def = await timedStart({ clock: 'manual' })
await resets(def.mock, 2)
out.resetDefault = await resets(def.mock, quick ? 5 : 15)
await def.mock.close()

// Simulation: 50 active batches x 1,000 calls, CLOCK_SPEED=60, no requests.
const sim = await startMockServer({ clockSpeed: 60, ...TEST_SIZES })
const simBase = await batchBase(sim)
for (let i = 0; i < 50; i++) {
  const res = await sim.app.inject({
    method: 'POST', url: '/api/v1/public/call-batches', headers: AUTH,
    payload: { ...simBase, start_mode: 'immediate', concurrency: 20, contacts: contacts(1000, `s${i}`) }
  })
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body.slice(0, 300)}`)
}
await sleep(1000) // the batches start and dial
const windowMs = quick ? 2000 : 10_000
const histogram = monitorEventLoopDelay({ resolution: 1 })
histogram.enable()
// The longest block as CPU time: a 1 ms timer notes the process CPU used since its last run. On a
// busy machine the timer also runs late while the process waits for a core (the histogram's
// lateness), which is not the simulation blocking the loop; CPU time between runs is.
let previous = process.cpuUsage()
let maxBlockCpuMs = 0
const probe = setInterval(() => {
  const now = process.cpuUsage()
  maxBlockCpuMs = Math.max(maxBlockCpuMs, (now.user - previous.user + now.system - previous.system) / 1000)
  previous = now
}, 1)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await sleep(windowMs)
const cpu = process.cpuUsage(cpu0)
const elapsed = performance.now() - t0
clearInterval(probe)
histogram.disable()
const activeAfter = JSON.parse((await sim.app.inject({ url: '/api/v1/public/call-batches?status=active&limit=100', headers: AUTH })).body).data.total
out.simulation = {
  batches: 50,
  callsPerBatch: 1000,
  activeAfter,
  windowMs,
  cpuPercentOfCore: round((cpu.user + cpu.system) / 1000 / elapsed * 100, 1),
  maxBlockCpuMs: round(maxBlockCpuMs, 1),
  // How late the loop ran its timers (wall time: includes waiting for a core on a busy machine).
  maxLatenessMs: round(histogram.max / 1e6, 1),
  p99LatenessMs: round(histogram.percentile(99) / 1e6, 1)
}
await sim.close()

process.stdout.write(JSON.stringify(out) + '\n')
