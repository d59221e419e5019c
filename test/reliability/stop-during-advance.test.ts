/**
 * SIGTERM while a manual clock move waits on a receiver that never answers: the process exits 0
 * within its grace, the move is answered (200 or 503), and the cut-off delivery is kept, with no
 * attempt used up, for the next start on the same file.
 */
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { http, serverBuild, startServer, within } from './support.js'

const build = serverBuild()
const tmp = mkdtempSync(join(tmpdir(), 'techladder-stop-'))
t.teardown(() => rmSync(tmp, { recursive: true, force: true }))

t.test('SIGTERM during an advance whose webhook never gets an answer', async t => {
  let hits = 0
  const stuck = createServer((req) => { hits++; req.resume() })
  await new Promise<void>(resolve => stuck.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { stuck.closeAllConnections(); stuck.close() })
  const hook = `http://127.0.0.1:${(stuck.address() as AddressInfo).port}/hooks`
  const env = { DB_PATH: join(tmp, 'state.db'), CLOCK: 'manual', CLOCK_START: '2026-06-01T09:00:00Z', RATE_LIMIT_PER_MINUTE: '0' }
  const server = await startServer(build.dir, env)
  t.teardown(() => { server.child.kill('SIGKILL') })
  const created = await http(server.port, {
    method: 'POST', path: '/api/v1/public/call-batches',
    headers: { authorization: 'Bearer sk_your_api_key', 'content-type': 'application/json' },
    body: JSON.stringify({ agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', callback_url: hook, contacts: [{ contact_id: 'a', phone_number: '919800000001' }] })
  })
  t.equal(created.statusCode, 201)
  const moving = http(server.port, { method: 'POST', path: '/__admin/clock/advance', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 3600 }) })
  await within((async () => { while (hits === 0) await new Promise(resolve => setTimeout(resolve, 20)) })(), 10_000, 'the first delivery')
  const stopped = Date.now()
  server.child.kill('SIGTERM')
  const answer = await within(moving, 8000, 'the advance\'s answer')
  t.ok([200, 503].includes(answer.statusCode), `the advance answered ${answer.statusCode}`)
  const exit = await within(server.exited, 8000, 'exit')
  t.equal(exit.code, 0, 'exit 0')
  t.ok(Date.now() - stopped < 5000, `stopped in ${Date.now() - stopped} ms`)
  t.notMatch(server.stderr(), /shutdown timed out/)

  const again = await startServer(build.dir, env)
  t.teardown(() => { again.child.kill('SIGKILL') })
  const deliveries = JSON.parse((await http(again.port, { path: '/__admin/webhooks/deliveries' })).body).data.items
  t.equal(deliveries[0].status, 'pending', 'the delivery is kept for this start')
  t.equal(deliveries[0].attempt_count, 0, 'the cut-off attempt was not counted')
  t.ok(deliveries[0].next_attempt_at !== null, 'and it is due again')
})
