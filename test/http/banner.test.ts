// The first-run banner: on a terminal, a few lines with the URL, docs, admin API, seeded keys, clock
// and database. Checked on the text itself and on a real process under a pseudo-terminal (script(1)).
import t from 'tap'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bannerText, displayUrl, startupFacts } from '../../src/http/banner.js'
import { build } from '../helper.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
t.setTimeout(240_000)

t.test('the banner text names every fact', async (t) => {
  const app = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z', dbPath: ':memory:' })
  const text = bannerText(startupFacts(app, 'http://127.0.0.1:8080', 8080))
  for (const line of [
    /^ {2}API {7}http:\/\/127\.0\.0\.1:8080\/api\/v1\/public \(TechLadder\)$/m,
    /^ {2}Docs {6}http:\/\/127\.0\.0\.1:8080\/docs /m,
    /^ {2}Admin {5}http:\/\/127\.0\.0\.1:8080\/__admin \(open: no admin token set\)$/m,
    /^ {2}Dashboard http:\/\/127\.0\.0\.1:8080\/__admin\/ui /m,
    /^ {2}Keys {6}sk_your_api_key {10}acc_abc123/m,
    /^ {12}sk_other_account_key {5}acc_def456/m,
    /^ {12}sk_disabled_account_key {2}acc_ghi789/m,
    /^ {2}Clock {5}manual, at 2026-06-01T09:00:00Z/m,
    /^ {2}Database {2}in memory/m
  ]) t.match(text, line)
  t.notMatch(text, /\x1b\[/, 'no colour unless asked')
  t.match(bannerText(startupFacts(app, 'http://127.0.0.1:8080', 8080), true), /\x1b\[1m/)
})

t.test('wildcard hosts show the loopback URL a local client uses', async (t) => {
  t.equal(displayUrl('0.0.0.0', 8080), 'http://127.0.0.1:8080')
  t.equal(displayUrl('::', 80), 'http://[::1]:80')
  t.equal(displayUrl('::1', 9), 'http://[::1]:9')
  t.equal(displayUrl('localhost', 1), 'http://localhost:1')
})

t.test('a real process on a terminal prints the banner with the port it got', async (t) => {
  const command = [process.execPath, '--import', '@tapjs/typescript/import', join(root, 'src/server.ts'),
    '--port', '0', '--clock', 'manual', '--batches-per-account', '1', '--calls-per-batch', '5'].map(a => `'${a}'`).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: root,
    env: { PATH: process.env.PATH, TS_NODE_TRANSPILE_ONLY: '1', NO_COLOR: '1', TERM: 'dumb' },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let out = ''
  const port = await new Promise<number>((resolve, reject) => {
    // The server's TypeScript is transpiled first: slow on a loaded machine, so the bound is loose.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no banner in 90 s: ${out}`)) }, 90_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Try +curl .*http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (m !== null) { clearTimeout(timer); resolve(Number(m[1])) }
    })
    child.on('error', reject)
  })
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/public/me`, { headers: { authorization: 'Bearer sk_your_api_key' } })
  t.equal(res.status, 200, 'the port in the banner is the one it listens on')
  t.match(out, new RegExp(`API {7}http://127\\.0\\.0\\.1:${port}/api/v1/public`))
  t.match(out, /Keys {6}sk_your_api_key/)
  t.match(out, /Clock {5}manual/)
  t.notMatch(out, /"level":/, 'readable lines on a terminal, not JSON')
  const closed = new Promise(resolve => child.on('close', resolve))
  // The server is script's child: SIGINT through the terminal (Ctrl-C) stops it.
  child.stdin.write('\x03')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await closed
  clearTimeout(timer)
})
