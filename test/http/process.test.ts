// The CLI as a user runs it: a real process. Bad input exits non-zero with one line on stderr;
// a running server logs one JSON line per request off a terminal, never a full key; SIGTERM exits 0.
// The TypeScript entry runs through tap's loader (transpile only), so no build is needed.
import t from 'tap'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatLine, prettyStream } from '../../src/http/log-pretty.js'
import { Writable } from 'node:stream'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const server = join(root, 'src/server.ts')

t.setTimeout(300_000)

interface Run { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

function run (args: string[], env: Record<string, string> = {}, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', '@tapjs/typescript/import', server, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, TS_NODE_TRANSPILE_ONLY: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    // Each run transpiles the server's TypeScript first: slow on a loaded machine, so the bound is loose.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); onStdout?.(stdout, child) })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    child.on('error', reject)
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }) })
  })
}

t.test('bad flags and values exit 1 with one line', async (t) => {
  const [flag, port, envValue, help] = await Promise.all([
    run(['--bad-flag']),
    run(['--port', 'abc']),
    run([], { CALLS_PER_BATCH: '0' }),
    run(['--help'])
  ])
  const version = await run(['--version'])
  t.equal(flag.code, 1)
  t.equal(flag.stderr, 'techladder-mock: unknown option --bad-flag (see --help)\n')
  t.equal(port.code, 1)
  t.equal(port.stderr, 'techladder-mock: --port must be an integer between 0 and 65535, got "abc" (see --help)\n')
  t.equal(envValue.code, 1)
  t.equal(envValue.stderr, 'techladder-mock: CALLS_PER_BATCH must be an integer between 1 and 10000000, got "0" (see --help)\n')
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: npx techladder-mock \[options\]/)
  t.match(help.stdout, /--calls-per-batch\s+CALLS_PER_BATCH/)
  t.equal(help.stderr, '')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  t.same([version.code, version.stdout, version.stderr], [0, `${pkg.version}\n`, ''], '--version prints the package version')
})

t.test('a running server: JSON logs, one line per request, SIGTERM exits 0', async (t) => {
  let requested = false
  let responses: number[] = []
  const result = await run(['--port', '0', '--batches-per-account', '1', '--calls-per-batch', '5'], { LOG_LEVEL: 'info' }, (text, child) => {
    const m = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(text)
    if (m === null || requested) return
    requested = true
    const base = m[1]
    void (async () => {
      responses = [
        (await fetch(`${base}/api/v1/public/me`, { headers: { authorization: 'Bearer sk_your_api_key' } })).status,
        (await fetch(`${base}/api/v1/public/call-batches/sched_nope?x=1`, { headers: { authorization: 'Bearer sk_your_api_key' } })).status,
        (await fetch(`${base}/api/v1/public/me`)).status
      ]
      setTimeout(() => child.kill('SIGTERM'), 100)
    })()
  })
  t.equal(result.code, 0, 'SIGTERM: clean exit')
  t.same(responses, [200, 404, 401])
  const lines = result.stdout.trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>)
  const ready = lines.filter(l => typeof l.msg === 'string' && l.msg.startsWith('techladder-mock ready at '))
  t.equal(ready.length, 1, 'one structured start-up line off a terminal')
  const port = Number(/:(\d+)$/.exec(String(ready[0]?.url))?.[1])
  t.match(ready[0], {
    level: 30,
    url: `http://127.0.0.1:${port}`,
    port,
    docs: `http://127.0.0.1:${port}/docs`,
    admin: `http://127.0.0.1:${port}/__admin`,
    admin_token_required: false,
    keys: { TechLadder: ['sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key'] },
    clock: 'realtime',
    database: 'memory'
  })
  t.ok(port > 0, '--port 0: the line names the port it got')
  const requests = lines.filter(l => typeof l.status === 'number')
  t.equal(requests.length, 3, 'one line per request')
  t.match(requests[0], { level: 30, method: 'GET', url: '/api/v1/public/me', status: 200, account: 'acc_abc123', key: 'sk_…key', msg: /^GET \/api\/v1\/public\/me 200 [\d.]+ms$/ })
  t.match(requests[1], { url: '/api/v1/public/call-batches/sched_nope?x=1', status: 404, error_code: 'NOT_FOUND' })
  t.match(requests[2], { status: 401, account: null, error_code: 'UNAUTHORIZED' })
  // The start-up line lists the seeded keys on purpose (they are public, documented values); the
  // request lines never carry the key a request presented.
  t.notOk(requests.some(l => JSON.stringify(l).includes('sk_your_api_key')), 'never a full key in a request line')
  t.ok(lines.some(l => l.msg === 'shutting down'))
})

t.test('pretty lines for a terminal', async (t) => {
  const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 4, 14, 10, 30, 0, 123), msg: 'GET /api/v1/public/me 200 1.2ms', method: 'GET', url: '/api/v1/public/me', status: 200, ms: 1.2, account: 'acc_abc123', key: 'sk_…key', reqId: 'req-1', pid: 1, hostname: 'h' })
  const plain = formatLine(line, false)
  t.match(plain, /^\d{2}:\d{2}:\d{2}\.123 INFO {2}GET \/api\/v1\/public\/me 200 1\.2ms acc_abc123 sk_…key$/)
  t.match(formatLine(line, true), /\x1b\[32mINFO/, 'colored level')
  t.match(formatLine(JSON.stringify({ level: 50, time: 0, msg: 'boom', err: { message: 'x', stack: 'Error: x\n at y' } }), false), /ERROR boom \n {4}Error: x/)
  t.equal(formatLine('not json', false), 'not json')
  let out = ''
  const sink = new Writable({ write (c, _e, done) { out += String(c); done() } })
  const stream = prettyStream(sink, false)
  stream.write(line.slice(0, 20))
  stream.write(line.slice(20) + '\n' + JSON.stringify({ level: 40, time: 0, msg: 'careful', signal: 'SIGTERM' }) + '\n')
  await new Promise<void>(resolve => stream.end(resolve))
  const printed = out.trim().split('\n')
  t.equal(printed.length, 2, 'lines split across writes are joined')
  t.match(printed[1], /WARN {2}careful signal=SIGTERM$/)
})
