/**
 * The docs' cURL examples, run with curl against the real server process (`node dist/src/server.js`,
 * as `npm start` runs it), only the host changed. `npm test` builds dist first (pretest).
 */
import t from 'tap'
import { spawn, execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { GET_BATCH_BODY, LIST_EXAMPLE_ITEM, NOT_FOUND_BODY, RESULT_EXAMPLE_ITEM } from '../../docs-examples.js'

const server = spawn(process.execPath, ['dist/src/server.js'], {
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'pipe']
})
t.teardown(() => { server.kill('SIGTERM') })

const base = await new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000)
  let out = ''
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
    if (m !== null) { clearTimeout(timer); resolve(m[1]) }
  })
  server.on('exit', code => reject(new Error(`server exited with ${code}`)))
})

const curl = (...args: string[]) => JSON.parse(execFileSync('curl', ['-s', ...args], { encoding: 'utf8', timeout: 10_000 }))
const host = (url: string) => url.replace('https://api.staging.techladder.ai', base)

t.test('Get Call Batch cURL example', async t => {
  t.same(curl('-X', 'GET', host('https://api.staging.techladder.ai/api/v1/public/call-batches/sched_7bac6f2a'),
    '-H', 'Authorization: Bearer sk_your_api_key', '-H', 'Accept: application/json'), GET_BATCH_BODY)
})

t.test('List Call Batches cURL example', async t => {
  const body = curl('-X', 'GET', host('https://api.staging.techladder.ai/api/v1/public/call-batches?agent_id=agt-57949b14&status=pending&limit=50&page=1'),
    '-H', 'Authorization: Bearer sk_your_api_key', '-H', 'Accept: application/json')
  t.equal(body.data.total, 1)
  t.match(body.data.items[0], LIST_EXAMPLE_ITEM)
})

t.test('Get Batch Results cURL example', async t => {
  const body = curl('-X', 'GET', host('https://api.staging.techladder.ai/api/v1/public/call-batches/sched_5d398018/results?limit=100&page=1'),
    '-H', 'Authorization: Bearer sk_your_api_key')
  t.same(body.data.items[0], RESULT_EXAMPLE_ITEM)
  t.same([body.data.total, body.data.page, body.data.limit, body.data.has_more], [150, 1, 100, true])
})

t.test('the 404 example id', async t => {
  t.same(curl(host('https://api.staging.techladder.ai/api/v1/public/call-batches/sched_bdb2b840/calls'),
    '-H', 'Authorization: Bearer sk_your_api_key'), NOT_FOUND_BODY('sched_bdb2b840'))
})

t.test('SIGTERM: the process exits 0', async t => {
  server.kill('SIGTERM')
  const [code] = await once(server, 'exit')
  t.equal(code, 0)
})
