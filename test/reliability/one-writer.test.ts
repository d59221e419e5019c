/**
 * One writer per database: a second server on a file another server holds refuses to start with one
 * line naming the file (exit 1), instead of running beside it with its own state; once the first
 * one is gone (even killed), the file opens again.
 */
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runToExit, serverBuild, startServer } from './support.js'

const build = serverBuild()
const tmp = mkdtempSync(join(tmpdir(), 'techladder-one-writer-'))
t.teardown(() => rmSync(tmp, { recursive: true, force: true }))

t.test('a second process on the same --db refuses to start; after kill -9 of the first, it starts', async t => {
  const dbPath = join(tmp, 'shared.db')
  const first = await startServer(build.dir, { DB_PATH: dbPath, RATE_LIMIT_PER_MINUTE: '0' })
  t.teardown(() => { first.child.kill('SIGKILL') })
  const second = await runToExit(build.dir, { DB_PATH: dbPath, PORT: '0' })
  t.equal(second.code, 1, 'exit 1')
  const lines = second.stderr.trim().split('\n')
  t.equal(lines.length, 1, `one line: ${second.stderr.trim()}`)
  t.match(lines[0], /shared\.db.*in use by another techladder-mock process/, 'it names the file and why')
  t.notMatch(second.stderr, /\bat .*:\d+:\d+/, 'no stack trace')

  first.child.kill('SIGKILL')
  await first.exited
  const third = await startServer(build.dir, { DB_PATH: dbPath, RATE_LIMIT_PER_MINUTE: '0' })
  t.teardown(() => { third.child.kill('SIGKILL') })
  const res = await fetch(`http://127.0.0.1:${third.port}/api/v1/public/me`, { headers: { authorization: 'Bearer sk_your_api_key' } })
  t.equal(res.status, 200, 'the file opens again once its holder is gone')
})
