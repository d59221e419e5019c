#!/usr/bin/env node
/**
 * `npm run bench` (full, several minutes) and `npm run bench -- --quick` (a smoke run, < 60 s).
 *
 * Every figure is a ratio against a baseline measured in the same run, because absolute timings on
 * shared machines drift. The real server (dist/src/server.js, rate limit off) and a bare Fastify
 * baseline (bench/baseline-server.mjs, serving byte-identical pre-serialized bodies) each run as a
 * separate process pinned to one core; this process (autocannon, the load generator) re-executes
 * itself pinned to the other core. Servers are measured one after the other, alternating which
 * goes first, and each figure is the median of 3 runs (1 with --quick).
 *
 * Options: --quick (no lifecycle scenario unless --only names it); --out <file> (default bench/results/latest.json, quick: bench/results/quick.json);
 * --duration <s> per load run; --reps <n>; --calls <n> (size of the big seeded batch);
 * --only <scenario,...> (startup,http,inprocess,memory,seeding,deep,lifecycle).
 * Needs `npm run build` first (the npm script does it).
 */
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SERVER = path.join(ROOT, 'dist/src/server.js')
const BASELINE = path.join(ROOT, 'bench/baseline-server.mjs')
const SEED_CHILD = path.join(ROOT, 'bench/seed-child.mjs')
const INPROC_CHILD = path.join(ROOT, 'bench/inproc-child.mjs')
const KEY = 'sk_your_api_key'
const AUTH = { authorization: `Bearer ${KEY}` }
const API = '/api/v1/public'
const ONE_BATCH = 'sched_7bac6f2a'
/** The Cartesia surface's rows: its seeded key and the version header every Cartesia request carries. */
const CARTESIA_AUTH = { authorization: 'Bearer sk_car_test_key', 'cartesia-version': '2026-08-14' }
/** Every HTTP row, in the order the table shows them. */
const HTTP_KEYS = ['one', 'list', 'results', 'cartesiaOne', 'cartesiaList', 'uvOne', 'uvList']
/** Ultravox's surface: the seeded key, and the docs' example agent and batch. */
const UV_AUTH = { 'x-api-key': 'uv_test_key' }
const UV_DOCS = '3c90c3cc-0d44-4b50-8888-8dd25736052a'

// ------------------------------------------------------------------------------------------------
// Pinning: this process (the load generator) on core 0, servers on core 1.

const HAVE_TASKSET = (() => { try { execFileSync('taskset', ['-V'], { stdio: 'ignore' }); return true } catch { return false } })()
// All CPUs, not the ones this process may use: the pinned re-run sees only core 0 as available.
const CORES = os.cpus().length
const PIN = HAVE_TASKSET && CORES >= 2

// ------------------------------------------------------------------------------------------------

function options () {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      duration: { type: 'string' },
      reps: { type: 'string' },
      calls: { type: 'string' },
      only: { type: 'string' }
    }
  })
  const quick = values.quick
  return {
    quick,
    out: values.out ?? path.join(ROOT, 'bench/results', quick ? 'quick.json' : 'latest.json'),
    // Quick: half-second runs (CPU per request is read from /proc in 10 ms ticks: ~2% either way).
    duration: Number(values.duration ?? (quick ? 0.5 : 5)),
    warmup: quick ? 0.25 : 2,
    reps: Number(values.reps ?? (quick ? 1 : 3)),
    bigCalls: Number(values.calls ?? (quick ? 25_000 : 1_000_000)),
    only: values.only === undefined ? null : new Set(values.only.split(',')),
    connections: 10
  }
}

const median = xs => {
  const s = [...xs].sort((x, y) => x - y)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}
const round = (x, d = 2) => x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const log = msg => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`)

async function freePort () {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

function rssMb (pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? null : Number(m[1]) / 1024
  } catch { return null }
}

/** What we ran, to print: env assignments that differ from the parent, then the command. */
const commands = []
function describe (cmd, args, env) {
  const vars = Object.entries(env).filter(([k, v]) => process.env[k] !== v && k !== 'BENCH_PINNED').map(([k, v]) => `${k}=${v}`)
  return [...vars, cmd, ...args.map(a => a.startsWith(ROOT) ? path.relative(ROOT, a) : a)].join(' ')
}

/** Spawns `node <script>` pinned to `core` (when taskset is there). */
function spawnNode (script, { env = {}, core = 1, args = [], nodeArgs = [] } = {}) {
  const fullEnv = { ...process.env, ...env }
  delete fullEnv.BENCH_PINNED
  const cmd = PIN ? 'taskset' : process.execPath
  const argv = PIN ? ['-c', String(core), process.execPath, ...nodeArgs, script, ...args] : [...nodeArgs, script, ...args]
  const line = describe(PIN ? 'taskset' : 'node', PIN ? ['-c', String(core), 'node', ...nodeArgs, script, ...args] : [...nodeArgs, script, ...args], fullEnv)
  if (!commands.includes(line)) commands.push(line)
  const child = spawn(cmd, argv, { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT })
  child.output = ''
  child.stdout.on('data', d => { child.output += d })
  child.stderr.on('data', d => { child.output += d })
  child.exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal })))
  return child
}

async function stop (child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await child.exited
  clearTimeout(timer)
}

function get (port, urlPath, headers = AUTH, agent = false) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers, agent }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), headers: res.headers }))
    })
    req.on('error', reject)
  })
}

function request (port, method, urlPath, body, headers = AUTH) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = http.request({
      host: '127.0.0.1', port, path: urlPath, method, agent: false,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) }
    }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(data)
  })
}

/** Polls until `urlPath` answers 200; resolves with ms since `t0`. */
async function waitFor200 (child, port, urlPath, t0, timeoutMs = 600_000) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before answering: ${child.output.slice(-2000)}`)
    try {
      const res = await get(port, urlPath)
      if (res.status === 200) return performance.now() - t0
    } catch { /* not listening yet */ }
    if (performance.now() - t0 > timeoutMs) throw new Error(`no 200 from ${urlPath} within ${timeoutMs} ms`)
    await sleep(2)
  }
}

async function startOurs (env, { waitPath = `${API}/call-batches/${ONE_BATCH}`, nodeArgs = [] } = {}) {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawnNode(SERVER, {
    nodeArgs,
    env: { PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ...env }
  })
  const startupMs = await waitFor200(child, port, waitPath, t0)
  return { child, port, startupMs, name: 'ours' }
}

async function startBaseline (bodiesFile, waitPath = `${API}/call-batches/${ONE_BATCH}`) {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawnNode(BASELINE, { env: { PORT: String(port), HOST: '127.0.0.1', BODIES: bodiesFile } })
  const startupMs = await waitFor200(child, port, waitPath, t0)
  return { child, port, startupMs, name: 'baseline' }
}

/** CPU time (user + system) a process has used, in ms; null when /proc is not there. */
const CLK_TCK = 100
function cpuMs (pid) {
  if (pid === undefined) return null
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLK_TCK
  } catch { return null }
}

/**
 * One autocannon run; the figures we keep. `pid`: the server's, to count the CPU time it spent
 * per request (robust to other load on the machine, unlike req/s).
 */
async function load (port, urlPath, seconds, connections, pid, headers = AUTH) {
  const cpu0 = cpuMs(pid)
  const pathFn = typeof urlPath === 'function' ? urlPath : null
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${pathFn === null ? urlPath : pathFn()}`,
    ...(pathFn === null ? {} : { requests: [{ method: 'GET', setupRequest: req => ({ ...req, path: pathFn() }) }] }),
    headers,
    connections,
    pipelining: 1,
    duration: seconds,
    // autocannon checks for the end of a run once per sample (1 s by default): a 0.25 s warm-up
    // would otherwise take a whole second.
    sampleInt: seconds < 1 ? Math.round(seconds * 1000) : 1000
  })
  const cpu1 = cpuMs(pid)
  return {
    cpuUsPerReq: cpu0 === null || cpu1 === null || r.requests.total === 0 ? null : (cpu1 - cpu0) * 1000 / r.requests.total,
    rps: seconds < 1 ? r.requests.total / r.duration : r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    mbPerSec: r.throughput.average / 1024 / 1024,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts
  }
}

function summarize (runs) {
  return {
    rps: round(median(runs.map(r => r.rps)), 0),
    cpuUsPerReq: runs.some(r => r.cpuUsPerReq === null) ? null : round(median(runs.map(r => r.cpuUsPerReq)), 1),
    p50Ms: round(median(runs.map(r => r.p50Ms)), 2),
    p99Ms: round(median(runs.map(r => r.p99Ms)), 2),
    mbPerSec: round(median(runs.map(r => r.mbPerSec)), 1),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    runs: runs.map(r => round(r.rps, 0))
  }
}

function machine () {
  const git = (...args) => { try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim() } catch { return null } }
  const pkg = name => { try { return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version } catch { return null } }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: CORES,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    fastify: pkg('fastify'),
    betterSqlite3: pkg('better-sqlite3'),
    autocannon: pkg('autocannon'),
    commit: git('rev-parse', '--short', 'HEAD'),
    dirty: (git('status', '--porcelain', '--', 'src', 'seed') ?? '') !== '',
    pinned: PIN ? 'server: taskset -c 1, load generator: taskset -c 0' : 'not pinned (no taskset or < 2 cores)',
    loadAvgStart: os.loadavg().map(x => round(x, 2))
  }
}

// ------------------------------------------------------------------------------------------------
// Scenarios

/** The HTTP scenarios: the URL on our server; the baseline serves what ours sent for it. */
async function httpScenarios (port) {
  const list = JSON.parse((await get(port, `${API}/call-batches?limit=50`)).body)
  const big = list.data.items.find(b => b.total_contacts >= 500)
  if (big === undefined) throw new Error('no batch with 500 calls in the first list page')
  // Cartesia: a seeded batch with its 500 recipients (what a client polling a batch reads), and a list page.
  const cartesia = JSON.parse((await get(port, '/agents/calls/batches?limit=100', CARTESIA_AUTH)).body)
  const bigCartesia = cartesia.data.find(b => b.total_calls_scheduled >= 500)
  if (bigCartesia === undefined) throw new Error('no Cartesia batch with 500 recipients')
  // Ultravox: the docs' batch, and the scheduled batches of the agent that has the most.
  const agents = JSON.parse((await get(port, '/api/agents?pageSize=100', UV_AUTH)).body).results
  let uvAgent = UV_DOCS
  let most = -1
  for (const a of agents) {
    const total = JSON.parse((await get(port, `/api/agents/${a.agentId}/scheduled_batches?pageSize=1`, UV_AUTH)).body).total
    if (total > most) { most = total; uvAgent = a.agentId }
  }
  return [
    { key: 'one', label: 'GET one batch', path: `${API}/call-batches/${ONE_BATCH}`, target: 0.8 },
    { key: 'list', label: 'List, limit 50', path: `${API}/call-batches?limit=50`, target: 0.7 },
    { key: 'results', label: 'Results, limit 500', path: `${API}/call-batches/${big.schedule_id}/results?limit=500&page=1`, target: 0.9 },
    { key: 'cartesiaOne', label: 'Cartesia: get batch, 500 recipients', path: `/agents/calls/batches/${bigCartesia.id}`, target: 0.8, headers: CARTESIA_AUTH },
    { key: 'cartesiaList', label: 'Cartesia: list batches, limit 50', path: '/agents/calls/batches?limit=50', target: 0.7, headers: CARTESIA_AUTH },
    { key: 'uvOne', label: 'Ultravox: GET one batch', path: `/api/agents/${UV_DOCS}/scheduled_batches/${UV_DOCS}`, headers: UV_AUTH, target: 0.8 },
    { key: 'uvList', label: 'Ultravox: list batches, pageSize 100', path: `/api/agents/${uvAgent}/scheduled_batches?pageSize=100`, headers: UV_AUTH, target: 0.7 }
  ]
}

async function writeBodies (port, scenarios, file) {
  const bodies = []
  for (const s of scenarios) {
    const res = await get(port, s.path, s.headers ?? AUTH)
    if (res.status !== 200) throw new Error(`${s.path}: ${res.status} ${res.body.toString().slice(0, 300)}`)
    s.bytes = res.body.length
    if (s.key === 'list') s.items = JSON.parse(res.body).data.items.length
    if (s.key === 'results') s.items = JSON.parse(res.body).data.items.length
    if (s.key === 'cartesiaOne') s.items = JSON.parse(res.body).recipients.length
    if (s.key === 'cartesiaList') s.items = JSON.parse(res.body).data.length
    if (s.key === 'uvList') s.items = JSON.parse(res.body).results.length
    bodies.push({ url: s.path, body: res.body.toString('utf8') })
  }
  writeFileSync(file, JSON.stringify(bodies))
}

/** Both servers up at once (idle one costs nothing), measured alternately. */
async function measureHttp (o, ours, base, scenarios, out) {
  for (const srv of [ours, base]) for (const s of scenarios) await load(srv.port, s.path, o.warmup, o.connections, undefined, s.headers)
  const runs = Object.fromEntries(scenarios.map(s => [s.key, { ours: [], baseline: [] }]))
  const rss = { ours: [], baseline: [] }
  for (let rep = 0; rep < o.reps; rep++) {
    for (const s of scenarios) {
      const order = rep % 2 === 0 ? [ours, base] : [base, ours]
      for (const srv of order) {
        const r = await load(srv.port, s.path, o.duration, o.connections, srv.child.pid, s.headers)
        runs[s.key][srv.name].push(r)
        log(`  ${s.label.padEnd(20)} ${srv.name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms} ms  cpu ${r.cpuUsPerReq?.toFixed(0)} us/req${r.non2xx + r.errors > 0 ? `  (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`)
      }
    }
    rss.ours.push(round(rssMb(ours.child.pid), 1))
    rss.baseline.push(round(rssMb(base.child.pid), 1))
  }
  for (const s of scenarios) {
    const a = summarize(runs[s.key].ours)
    const b = summarize(runs[s.key].baseline)
    // Ratios of each back-to-back pair, then the median: the machine's speed drifts between pairs.
    const pairs = runs[s.key].ours.map((r, i) => r.rps / runs[s.key].baseline[i].rps)
    const cpuPairs = runs[s.key].ours.map((r, i) => r.cpuUsPerReq === null ? null : runs[s.key].baseline[i].cpuUsPerReq / r.cpuUsPerReq)
    const ratio = median(pairs)
    const cpuRatio = cpuPairs.includes(null) ? null : median(cpuPairs)
    out[s.key] = {
      label: s.label,
      url: s.path,
      bodyBytes: s.bytes,
      items: s.items,
      ours: a,
      baseline: b,
      ratio: round(ratio, 3),
      ratioRuns: pairs.map(x => round(x, 3)),
      cpuRatio: round(cpuRatio, 3),
      cpuRatioRuns: cpuPairs.map(x => round(x, 3)),
      target: `>= ${s.target}`,
      // Both: req/s alone is at the mercy of other load on the machine; CPU per request alone
      // would hide latency (waiting on I/O). Met only when both reach the target.
      met: ratio >= s.target && (cpuRatio === null || cpuRatio >= s.target)
    }
  }
  return rss
}

async function scenarioStartup (o, bodiesFile, results) {
  log('start-up: spawn to first 200, default seed')
  const ours = []
  const base = []
  const oursRss = []
  const baseRss = []
  for (let rep = 0; rep < o.reps; rep++) {
    for (const which of rep % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours']) {
      const srv = which === 'ours' ? await startOurs({}) : await startBaseline(bodiesFile)
      ;(which === 'ours' ? ours : base).push(srv.startupMs)
      ;(which === 'ours' ? oursRss : baseRss).push(rssMb(srv.child.pid))
      await stop(srv.child)
      log(`  ${which.padEnd(8)} ${srv.startupMs.toFixed(0)} ms`)
    }
  }
  const a = median(ours)
  const b = median(base)
  results.startup = {
    label: 'Start-up (spawn to first 200, default seed)',
    ours: { ms: round(a, 0), runs: ours.map(x => round(x, 0)), rssAtReadyMb: round(median(oursRss), 1) },
    baseline: { ms: round(b, 0), runs: base.map(x => round(x, 0)), rssAtReadyMb: round(median(baseRss), 1) },
    ratio: round(a / b, 3),
    target: '<= 2',
    met: a / b <= 2
  }
  const ra = median(oursRss)
  const rb = median(baseRss)
  results.startupRss = {
    label: 'RSS at first 200 (default seed, in memory)',
    ours: { rssMb: round(ra, 1) },
    baseline: { rssMb: round(rb, 1) },
    ratio: round(ra / rb, 3),
    target: '<= 1.5',
    met: ra / rb <= 1.5
  }
}

/**
 * What a test suite embedding the mock pays (bench/inproc-child.mjs, one process pinned like the
 * servers): second in-process start, reset at test and default sizes, creating 10,000 contacts, and
 * the simulation's own cost with no requests. Absolute targets: there is no bare-Fastify
 * equivalent of a reset or a simulation tick.
 */
async function scenarioInProcess (o, results) {
  log('in-process: starts, resets, create 10,000 contacts, simulation cost')
  const child = spawnNode(INPROC_CHILD, { args: o.quick ? ['--quick'] : [] })
  const { code } = await child.exited
  if (code !== 0) throw new Error(`inproc-child failed: ${child.output.slice(-2000)}`)
  const r = JSON.parse(child.output.trim().split('\n').pop())
  // Wall time is the value (what a test suite waits); CPU time beside it shows how much of it was
  // waiting for a busy core.
  const row = (label, value, unit, target, runs, cpuMs) => ({ label: cpuMs === undefined ? label : `${label} (CPU ${cpuMs} ms)`, value, unit, target: `<= ${target} ${unit}`, ratio: round(value / target, 3), met: value <= target, runs, cpuMs })
  results.inprocess = {
    firstStartMs: r.firstStartMs,
    secondStart: row('startMockServer, second start in the process (test sizes, to first 200)', r.secondStartMs, 'ms', 60, undefined, r.secondStartCpuMs),
    resetTest: row('POST /__admin/reset, test sizes (12 x 40 per account)', r.resetTest.ms, 'ms', 5, r.resetTest.runs, r.resetTest.cpuMs),
    resetDefault: row('POST /__admin/reset, default sizes (30 x 60 per account)', r.resetDefault.ms, 'ms', 25, r.resetDefault.runs, r.resetDefault.cpuMs),
    create10k: row('Create a 10,000-contact batch (inject)', r.create10k.ms, 'ms', 150, r.create10k.runs, r.create10k.cpuMs),
    simulationCpu: row(`Simulation, 50 active x 1,000 calls, speed 60, no requests: CPU (${r.simulation.windowMs / 1000} s window)`, r.simulation.cpuPercentOfCore, '% of a core', 8),
    simulationBlock: row(`Simulation: longest event-loop block (CPU ms; timer lateness max ${r.simulation.maxLatenessMs} ms)`, r.simulation.maxBlockCpuMs, 'ms', 5),
    simulation: r.simulation
  }
  for (const k of ['secondStart', 'resetTest', 'resetDefault', 'create10k', 'simulationCpu', 'simulationBlock']) {
    const x = results.inprocess[k]
    log(`  ${x.label}: ${x.value} ${x.unit} (target ${x.target})`)
  }
}

async function scenarioSeeding (o, dir, results) {
  const n = o.bigCalls
  log(`seeding: ${n.toLocaleString('en')} calls in one batch (our generator) vs bare prepared inserts of the same rows`)
  const seeded = path.join(dir, 'big.db')
  const copy = path.join(dir, 'copy.db')
  const run = async (args) => {
    const child = spawnNode(SEED_CHILD, { args })
    let peak = 0
    const timer = setInterval(() => { const r = rssMb(child.pid); if (r !== null && r > peak) peak = r }, 100)
    const t0 = performance.now()
    const { code } = await child.exited
    clearInterval(timer)
    if (code !== 0) throw new Error(`seed-child ${args[0]} failed: ${child.output.slice(-2000)}`)
    const res = JSON.parse(child.output.trim().split('\n').pop())
    return { ...res, processMs: performance.now() - t0, sampledPeakRssMb: round(peak, 1) }
  }
  const ours = await run(['seed', seeded, String(n)])
  log(`  ours     ${ours.ms.toFixed(0)} ms, peak RSS ${ours.maxRssMb} MB`)
  const base = await run(['insert', seeded, copy])
  log(`  baseline ${base.ms.toFixed(0)} ms, peak RSS ${base.maxRssMb} MB`)
  rmSync(copy, { force: true })
  for (const s of ['-wal', '-shm']) rmSync(copy + s, { force: true })
  // Fewer calls (a tenth, but at least two 10,000-call chunks): if peak memory grew with the calls
  // seeded rather than with the chunk, it would show.
  const smallN = Math.min(n, Math.max(20_000, Math.round(n / 10)))
  const small = await run(['seed', path.join(dir, 'small.db'), String(smallN)])
  rmSync(path.join(dir, 'small.db'), { force: true })
  results.seeding = {
    label: `Seeding ${n.toLocaleString('en')} calls (file database)`,
    calls: ours.calls,
    ours: { ms: round(ours.ms, 0), callsPerSec: round(ours.calls / ours.ms * 1000, 0), peakRssMb: ours.maxRssMb },
    baseline: { ms: round(base.ms, 0), callsPerSec: round(base.calls / base.ms * 1000, 0), peakRssMb: base.maxRssMb },
    ratio: round(ours.ms / base.ms, 3),
    target: '<= 3',
    met: ours.ms / base.ms <= 3,
    memory: {
      peakRssMb: ours.maxRssMb,
      smallCalls: smallN,
      peakRssSmallMb: small.maxRssMb,
      ratioToSmall: round(ours.maxRssMb / small.maxRssMb, 2),
      target: `peak RSS for ${n} calls <= 1.5x peak RSS for ${smallN} calls (streamed in 10,000-call chunks)`,
      met: ours.maxRssMb <= 1.5 * small.maxRssMb
    },
    reps: 1
  }
  return { dbFile: seeded, batchId: ours.batchId }
}

/**
 * Deep pagination. Repeated reads of one page are served from the page cache
 * (call-repository.ts), so page 1 and page N alone would compare two cache hits. The runs that
 * measure the query draw a random page per request from the first W pages or from the last W
 * pages (W = 400 of 2,000: the 16 MiB cache holds ~60 pages of 500, so most draws miss, the same
 * share on both sides). The fixed-page runs show the cached case.
 */
async function scenarioDeep (o, seeded, results) {
  const n = o.bigCalls
  const limit = 500
  const lastPage = Math.ceil(n / limit)
  const deepPage = Math.min(2000, lastPage)
  const w = Math.max(1, Math.min(400, Math.floor(lastPage / 2.5)))
  log(`deep pagination: batch of ${n.toLocaleString('en')} calls, page ${deepPage} vs page 1 at limit ${limit}; random pages 1-${w} vs ${deepPage - w + 1}-${deepPage}`)
  const srv = await startOurs({ DB_PATH: seeded.dbFile }, {})
  const page = (kind, p) => `${API}/call-batches/${seeded.batchId}/${kind}?limit=${limit}&page=${p}`
  const randomIn = (kind, from) => () => page(kind, from + Math.floor(Math.random() * w))
  try {
    const urls = {
      resultsLow: randomIn('results', 1),
      resultsHigh: randomIn('results', deepPage - w + 1),
      callsLow: randomIn('calls', 1),
      callsHigh: randomIn('calls', deepPage - w + 1),
      results1: page('results', 1),
      resultsDeep: page('results', deepPage)
    }
    for (const u of [page('results', 1), page('results', deepPage), page('calls', 1), page('calls', deepPage)]) {
      const res = await get(srv.port, u)
      const items = JSON.parse(res.body).data.items.length
      if (res.status !== 200 || items !== limit) throw new Error(`${u}: ${res.status}, ${items} items`)
    }
    for (const u of Object.values(urls)) await load(srv.port, u, o.warmup, o.connections)
    const runs = Object.fromEntries(Object.keys(urls).map(k => [k, []]))
    for (let rep = 0; rep < o.reps; rep++) {
      for (const pair of [['resultsLow', 'resultsHigh'], ['callsLow', 'callsHigh'], ['results1', 'resultsDeep']]) {
        for (const k of rep % 2 === 0 ? pair : [...pair].reverse()) {
          const r = await load(srv.port, urls[k], o.duration, o.connections, srv.child.pid)
          runs[k].push(r)
          log(`  ${k.padEnd(12)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms} ms  cpu ${r.cpuUsPerReq?.toFixed(0)} us/req`)
        }
      }
    }
    const s = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summarize(v)]))
    const cost = (first, deep) => round(median(runs[first].map((r, i) => r.rps / runs[deep][i].rps)), 3)
    const cpuCost = (first, deep) => s[first].cpuUsPerReq === null ? null : round(median(runs[first].map((r, i) => runs[deep][i].cpuUsPerReq / r.cpuUsPerReq)), 3)
    const pair = (a, b) => ({ first: s[a], deep: s[b], costRatio: cost(a, b), cpuCostRatio: cpuCost(a, b) })
    const within = p => p.costRatio <= 2 && (p.cpuCostRatio === null || p.cpuCostRatio <= 2)
    const d = {
      label: `Deep pagination (${n.toLocaleString('en')}-call batch, limit ${limit})`,
      batchId: seeded.batchId,
      page: deepPage,
      window: w,
      results: pair('resultsLow', 'resultsHigh'),
      calls: pair('callsLow', 'callsHigh'),
      cached: pair('results1', 'resultsDeep'),
      target: '<= 2 (cost = first-pages req/s / last-pages req/s, and CPU per request last / first)'
    }
    d.ratio = d.results.costRatio
    d.met = within(d.results) && within(d.calls) && within(d.cached)
    results.deep = d
  } finally {
    await stop(srv.child)
  }
}

/**
 * The lifecycle simulation under load: 100 batches created with start_mode immediate and
 * concurrency 20 (spread over the two enabled keys' accounts would need two keys; all go to the
 * main account), the clock running fast, then the HTTP scenarios again, against the same baseline.
 */
async function scenarioLifecycle (o, bodiesFile, scenarios, results, env) {
  log('lifecycle: 100 active batches, concurrency 20 each, then the read scenarios')
  const srv = await startOurs({ ...env, CLOCK_SPEED: '60' })
  let base
  try {
    const probe = await request(srv.port, 'POST', `${API}/call-batches`, {})
    if (probe.status === 404 || probe.status === 405) {
      results.lifecycle = { label: 'Under the lifecycle simulation', measured: false, met: null, note: 'not measured: lifecycle not available (POST /api/v1/public/call-batches answers ' + probe.status + ')' }
      log(`  ${results.lifecycle.note}`)
      return
    }
    const contactsPerBatch = o.quick ? 100 : 2000
    const created = await createActiveBatches(srv.port, 100, 20, contactsPerBatch)
    if (created.ok < 100) {
      results.lifecycle = { label: 'Under the lifecycle simulation', measured: false, met: null, note: `not measured: only ${created.ok} of 100 batches could be created (${created.lastError})` }
      log(`  ${results.lifecycle.note}`)
      return
    }
    await sleep(2000) // the batches start (immediate) and dial
    const active = await countActive(srv.port)
    log(`  ${created.ok} batches created, ${active} active`)
    base = await startBaseline(bodiesFile)
    const out = {}
    const rss = await measureHttp(o, srv, base, scenarios, out)
    const stillActive = await countActive(srv.port)
    results.lifecycle = {
      label: `Under the lifecycle simulation (100 active batches x concurrency 20, ${contactsPerBatch} contacts each, CLOCK_SPEED=60)`,
      createdBatches: created.ok,
      measured: true,
      activeBefore: active,
      activeAfter: stillActive,
      scenarios: out,
      rssMb: rss,
      met: Object.values(out).every(s => s.met)
    }
  } finally {
    await stop(srv.child)
    if (base) await stop(base.child)
  }
}

async function createActiveBatches (port, count, concurrency, contactsPerBatch) {
  const one = JSON.parse((await get(port, `${API}/call-batches/${ONE_BATCH}`)).body).data
  let ok = 0
  let lastError = null
  for (let i = 0; i < count; i++) {
    const contacts = Array.from({ length: contactsPerBatch }, (_, j) => ({
      contact_id: `bench-${i}-${j}`,
      name: `Bench Contact ${j}`,
      phone_number: `919${String(i).padStart(3, '0')}${String(j).padStart(6, '0')}`
    }))
    const res = await request(port, 'POST', `${API}/call-batches`, {
      agent_name: one.agent_id,
      version_name: one.version_id,
      start_mode: 'immediate',
      concurrency,
      contacts
    })
    if (res.status >= 200 && res.status < 300) ok++
    else lastError = `${res.status} ${res.body.toString().slice(0, 300)}`
  }
  return { ok, lastError }
}

async function countActive (port) {
  let page = 1
  let n = 0
  for (;;) {
    const res = JSON.parse((await get(port, `${API}/call-batches?status=active&limit=100&page=${page}`)).body)
    n += res.data.items.length
    if (!res.data.has_more) return n
    page++
  }
}

async function scenarioMemory (o, bodiesFile, scenarios, dir, env, results) {
  // The data in a file: SQLite keeps it in the OS page cache, not in the process, so RSS is the
  // server's own footprint (what could leak), comparable with the baseline's.
  log('memory: RSS after repeated load rounds (data in a file database)')
  const ours = await startOurs({ ...env, DB_PATH: path.join(dir, 'http.db') })
  const base = await startBaseline(bodiesFile)
  log(`  ours ready in ${ours.startupMs.toFixed(0)} ms (the file opened as it is), baseline in ${base.startupMs.toFixed(0)} ms`)
  try {
    const rounds = o.quick ? 3 : 8
    const rss = { ours: [round(rssMb(ours.child.pid), 1)], baseline: [round(rssMb(base.child.pid), 1)] }
    for (let round_ = 0; round_ < rounds; round_++) {
      for (const srv of [ours, base]) {
        for (const s of scenarios) await load(srv.port, s.path, o.quick ? 0.25 : 1, o.connections, undefined, s.headers)
        rss[srv.name].push(round(rssMb(srv.child.pid), 1))
      }
      log(`  round ${round_ + 1}: ours ${rss.ours.at(-1)} MB, baseline ${rss.baseline.at(-1)} MB`)
    }
    // RSS after load saws up and down by tens of MB with GC; the ratio uses the median over the
    // loaded rounds, and growth compares the floor (lowest RSS) of the last 3 rounds with the
    // floor of the first 3: a leak raises the floor, GC timing does not.
    const loaded = name => rss[name].slice(1)
    const a = median(loaded('ours'))
    const b = median(loaded('baseline'))
    const floor = xs => Math.min(...xs)
    const k = Math.min(3, loaded('ours').length)
    const growth = round(floor(loaded('ours').slice(-k)) - floor(loaded('ours').slice(0, k)), 1)
    results.memory = {
      label: 'RSS after load (MB, median of rounds), data in a file database',
      ours: { rssMb: round(a, 1), series: rss.ours },
      baseline: { rssMb: round(b, 1), series: rss.baseline },
      ratio: round(a / b, 3),
      target: '<= 1.5, and no growth: lowest RSS of the last 3 rounds <= lowest of the first 3 + 10%',
      growthMb: growth,
      met: a / b <= 1.5 && growth <= 0.1 * floor(loaded('ours').slice(0, k))
    }
  } finally {
    await stop(ours.child)
    await stop(base.child)
  }
}

// ------------------------------------------------------------------------------------------------

function printTable (results, o) {
  const rows = [['scenario', 'ours', 'baseline', 'ratio', 'CPU ratio', 'target', 'met']]
  const fmtRps = s => `${s.rps} req/s, p50 ${s.p50Ms} ms, ${s.cpuUsPerReq ?? '?'} us CPU/req`
  const mark = m => m === true ? 'yes' : m === false ? 'NO' : '-'
  for (const key of HTTP_KEYS) {
    const r = results.http?.[key]
    if (r) rows.push([`${r.label} [${(r.bodyBytes / 1024).toFixed(1)} KiB]`, fmtRps(r.ours), fmtRps(r.baseline), r.ratio, r.cpuRatio ?? '-', r.target, mark(r.met)])
  }
  const d = results.deep
  if (d) {
    const row = (label, p) => rows.push([label, `${p.deep.rps} vs ${p.first.rps} req/s, ${p.deep.cpuUsPerReq} vs ${p.first.cpuUsPerReq} us CPU/req`, '-', p.costRatio, p.cpuCostRatio ?? '-', '<= 2', mark(p.costRatio <= 2 && (p.cpuCostRatio ?? 0) <= 2)])
    row(`Deep results, random pages ${d.page - d.window + 1}-${d.page} vs 1-${d.window}`, d.results)
    row(`Deep calls, random pages ${d.page - d.window + 1}-${d.page} vs 1-${d.window}`, d.calls)
    row(`Deep results, page ${d.page} vs 1 (cached)`, d.cached)
  }
  const s = results.startup
  if (s) rows.push([s.label, `${s.ours.ms} ms`, `${s.baseline.ms} ms`, s.ratio, '-', s.target, mark(s.met)])
  const sr = results.startupRss
  if (sr) rows.push([sr.label, `${sr.ours.rssMb} MB`, `${sr.baseline.rssMb} MB`, sr.ratio, '-', sr.target, mark(sr.met)])
  const ip = results.inprocess
  if (ip) {
    for (const k of ['secondStart', 'resetTest', 'resetDefault', 'create10k', 'simulationCpu', 'simulationBlock']) {
      const x = ip[k]
      rows.push([x.label, `${x.value} ${x.unit}`, '-', `${x.ratio} of target`, '-', x.target, mark(x.met)])
    }
  }
  const sd = results.seeding
  if (sd) {
    rows.push([sd.label, `${sd.ours.ms} ms`, `${sd.baseline.ms} ms`, sd.ratio, '-', sd.target, mark(sd.met)])
    rows.push([`Seeding peak RSS, ${sd.calls} vs ${sd.memory.smallCalls} calls`, `${sd.memory.peakRssMb} MB`, `${sd.memory.peakRssSmallMb} MB`, sd.memory.ratioToSmall, '-', '<= 1.5', mark(sd.memory.met)])
  }
  const m = results.memory
  if (m) rows.push([`${m.label}, growth ${m.growthMb} MB`, `${m.ours.rssMb} MB`, `${m.baseline.rssMb} MB`, m.ratio, '-', '<= 1.5, no growth', mark(m.met)])
  const l = results.lifecycle
  if (l && !l.measured) rows.push(['Under the lifecycle simulation', l.note, '-', '-', '-', '-', '-'])
  if (l?.measured) {
    for (const key of HTTP_KEYS.filter(k => l.scenarios[k] !== undefined)) {
      const r = l.scenarios[key]
      if (r === undefined) continue
      rows.push([`Lifecycle: ${r.label}`, fmtRps(r.ours), fmtRps(r.baseline), r.ratio, r.cpuRatio ?? '-', r.target, mark(r.met)])
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)))
  const line = r => '| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |'
  const out = [line(rows[0]), '|' + widths.map(w => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)]
  process.stdout.write(`\n${o.quick ? 'QUICK (smoke) run: 1 repetition, short runs; figures are indicative only.\n' : ''}${out.join('\n')}\n`)
}

async function main () {
  const o = options()
  // --quick leaves the lifecycle scenario out (creating 100 batches alone takes ~30 s) unless --only names it.
  const want = k => o.only === null ? !(o.quick && k === 'lifecycle') : o.only.has(k)
  if (!existsSync(SERVER)) throw new Error('dist/src/server.js is missing: run `npm run build` first (npm run bench does)')
  const t0 = performance.now()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'techladder-bench-'))
  const results = {
    kind: o.quick ? 'quick' : 'full',
    machine: machine(),
    settings: { durationSec: o.duration, warmupSec: o.warmup, reps: o.reps, connections: o.connections, pipelining: 1, bigBatchCalls: o.bigCalls },
    invocation: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    commands
  }
  // The HTTP server's data: 50 batches per account (a full list page of 50), 500 calls each (a
  // full results page of 500). 50,000 calls: seeds in a few seconds.
  const httpEnv = { BATCHES_PER_ACCOUNT: '50', CALLS_PER_BATCH: '500' }
  const bodiesFile = path.join(dir, 'bodies.json')
  try {
    log(`output: ${path.relative(ROOT, o.out)}; temp: ${dir}`)
    // Quick: the HTTP server seeds a file, which the memory scenario then opens as it is (seeding
    // 50 x 500 calls per account twice would take most of the minute on a busy machine).
    const ours = await startOurs(o.quick ? { ...httpEnv, DB_PATH: path.join(dir, 'http.db') } : httpEnv)
    const scenarios = await httpScenarios(ours.port)
    await writeBodies(ours.port, scenarios, bodiesFile)
    log(`our server (${Object.entries(httpEnv).map(([k, v]) => `${k}=${v}`).join(' ')}) ready in ${ours.startupMs.toFixed(0)} ms; bodies: ${scenarios.map(s => `${s.key} ${s.bytes} B`).join(', ')}`)
    if (want('http')) {
      log('HTTP: ours vs bare Fastify, alternating')
      const base = await startBaseline(bodiesFile)
      results.http = {}
      try {
        const rss = await measureHttp(o, ours, base, scenarios, results.http)
        results.http.rssAfterEachRepMb = rss
      } finally {
        await stop(base.child)
      }
    }
    await stop(ours.child)

    if (want('startup')) await scenarioStartup(o, bodiesFile, results)
    if (want('inprocess')) await scenarioInProcess(o, results)
    if (want('memory')) await scenarioMemory(o, bodiesFile, scenarios, dir, httpEnv, results)
    if (want('seeding') || want('deep')) {
      const seeded = await scenarioSeeding(o, dir, results)
      if (!want('seeding')) delete results.seeding
      if (want('deep')) await scenarioDeep(o, seeded, results)
    }
    if (want('lifecycle')) await scenarioLifecycle(o, bodiesFile, scenarios, results, httpEnv)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  results.machine.loadAvgEnd = os.loadavg().map(x => round(x, 2))
  results.elapsedSec = round((performance.now() - t0) / 1000, 1)
  const targets = []
  for (const [k, v] of Object.entries(results.http ?? {})) if (v && typeof v === 'object' && 'met' in v) targets.push([k, v.met])
  for (const k of ['deep', 'startup', 'startupRss', 'seeding', 'memory', 'lifecycle']) if (results[k]) targets.push([k, results[k].met])
  for (const k of ['secondStart', 'resetTest', 'resetDefault', 'create10k', 'simulationCpu', 'simulationBlock']) if (results.inprocess) targets.push([k, results.inprocess[k].met])
  if (results.seeding) targets.push(['seedingMemory', results.seeding.memory.met])
  results.targets = Object.fromEntries(targets)
  mkdirSync(path.dirname(o.out), { recursive: true })
  writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n')
  printTable(results, o)
  process.stdout.write(`\nmachine: ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, load average ${results.machine.loadAvgStart.join(' ')} -> ${results.machine.loadAvgEnd.join(' ')}\n`)
  process.stdout.write(`commands:\n${commands.map(c => `  ${c}`).join('\n')}\n`)
  process.stdout.write(`written: ${path.relative(ROOT, o.out)} (${results.elapsedSec} s)\n`)
}

// Entry: re-run pinned to core 0 when we can, else run here.
if (PIN && process.env.BENCH_PINNED !== '1') {
  const child = spawn('taskset', ['-c', '0', process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BENCH_PINNED: '1' } })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else {
  await main()
}
