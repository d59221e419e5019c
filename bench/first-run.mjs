/**
 * First-run figures on the Node line that runs this script (put another first on PATH to measure it):
 *
 * - start-up: `npm start` (as a user starts it) from spawn to the first 200 of Get Call Batch,
 *   against `node bench/baseline-server.mjs` (bare Fastify answering the same bytes); the medians
 *   of --reps runs each, alternating, and their ratio (target: at most 2).
 * - clone (with --clone): `git clone` of this repository into a temporary folder, `npm ci` with the
 *   npm cache as it is (warm after one install), then `npm start` until /healthz answers; each phase
 *   and the total (target: under 30 s).
 *
 * Usage: node bench/first-run.mjs [--reps 5] [--clone] [--repo <path or URL to clone>]
 * Prints one JSON object at the end.
 */
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i === -1 ? def : args[i + 1] }
const REPS = Number(opt('reps', 5))
const CLONE = args.includes('--clone')
const REPO = opt('repo', ROOT)
const BATCH_PATH = '/api/v1/public/call-batches/sched_7bac6f2a'
const AUTH = { authorization: 'Bearer sk_your_api_key' }
const log = (...a) => console.error(...a)
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }

async function freePort () {
  const srv = net.createServer()
  await new Promise(resolve => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address()
  await new Promise(resolve => srv.close(resolve))
  return port
}

function get (port, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers: AUTH, agent: false }, res => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', reject)
  })
}

/** Spawns, then polls `urlPath` until it answers 200: ms from spawn. */
async function firstAnswer (cmd, argv, { cwd = ROOT, env = {}, urlPath = BATCH_PATH, port }) {
  const t0 = performance.now()
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let stderr = ''
  child.stderr.on('data', d => { stderr += d })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}: ${stderr.slice(-500)}`)
      try { if (await get(port, urlPath) === 200) return performance.now() - t0 } catch {}
      if (performance.now() - t0 > 120_000) throw new Error(`no 200 from ${urlPath} in 120 s`)
      await sleep(2)
    }
  } finally {
    // npm start runs node as a child: stop the whole process group.
    try { process.kill(-child.pid, 'SIGTERM') } catch {}
    await new Promise(resolve => child.exitCode !== null ? resolve() : child.on('exit', resolve))
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'techladder-first-run-'))
const result = { node: process.version, npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim() }
try {
  const bodies = path.join(work, 'bodies.json')
  const body = await (async () => {
    const port = await freePort()
    const child = spawn(process.execPath, ['dist/src/server.js', '--port', String(port), '--log-level', 'silent'], { cwd: ROOT, stdio: 'ignore' })
    for (;;) { try { if (await get(port, '/healthz') === 200) break } catch {} await sleep(20) }
    const text = await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: BATCH_PATH, headers: AUTH }, res => {
      let s = ''
      res.on('data', d => { s += d })
      res.on('end', () => resolve(s))
    }).on('error', reject))
    child.kill('SIGTERM')
    return text
  })()
  writeFileSync(bodies, JSON.stringify([{ url: BATCH_PATH, body }]))

  const ours = []
  const base = []
  for (let i = 0; i < REPS; i++) {
    for (const which of i % 2 === 0 ? ['ours', 'base'] : ['base', 'ours']) {
      const port = await freePort()
      const ms = which === 'ours'
        ? await firstAnswer('npm', ['start', '--', '--port', String(port)], { env: { LOG_LEVEL: 'warn' }, port })
        : await firstAnswer(process.execPath, ['bench/baseline-server.mjs'], { env: { PORT: String(port), BODIES: bodies }, port })
      ;(which === 'ours' ? ours : base).push(ms)
      log(`start-up ${which === 'ours' ? 'npm start' : 'baseline '} ${ms.toFixed(0)} ms`)
    }
  }
  result.startup = {
    npm_start_ms: Math.round(median(ours)),
    baseline_ms: Math.round(median(base)),
    ratio: Number((median(ours) / median(base)).toFixed(2)),
    runs: { npm_start: ours.map(Math.round), baseline: base.map(Math.round) }
  }

  if (CLONE) {
    const dir = path.join(work, 'clone')
    const t0 = performance.now()
    execFileSync('git', ['clone', '--quiet', REPO, dir], { stdio: 'inherit' })
    const cloned = performance.now()
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
    const installed = performance.now()
    const port = await freePort()
    const startMs = await firstAnswer('npm', ['start', '--', '--port', String(port)], { cwd: dir, env: { LOG_LEVEL: 'warn' }, urlPath: '/healthz', port })
    result.clone = {
      git_clone_ms: Math.round(cloned - t0),
      npm_ci_ms: Math.round(installed - cloned),
      npm_start_to_healthz_ms: Math.round(startMs),
      total_s: Number(((installed - t0 + startMs) / 1000).toFixed(1))
    }
    log(`clone → first answer: ${result.clone.total_s} s (clone ${result.clone.git_clone_ms} ms, npm ci ${result.clone.npm_ci_ms} ms, start ${result.clone.npm_start_to_healthz_ms} ms)`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
console.log(JSON.stringify(result))
