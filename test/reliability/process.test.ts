/**
 * The real process (node <build>/src/server.js, 127.0.0.1 only, every wait bounded):
 * - SIGTERM under load: requests in flight (bodies still arriving, reads in progress) are finished,
 *   then the process exits 0;
 * - kill -9 during a stream of creates on a file database: the file passes PRAGMA integrity_check,
 *   holds every batch whose create got a 201 (with all its calls), and a new server serves them;
 * - a corrupt database file, a directory or a missing directory as the database, and a port in use:
 *   one clear line on stderr, no stack trace, a non-zero exit.
 */
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { Agent as HttpAgent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { http, removeBuild, runToExit, serverBuild, startServer, within } from './support.js'

t.setTimeout(280_000)
const build = serverBuild()
t.teardown(() => { if (build.private) removeBuild(build.dir) })
const tmp = mkdtempSync(join(tmpdir(), 'techladder-reliability-'))
t.teardown(() => rmSync(tmp, { recursive: true, force: true }))

const KEY = 'sk_your_api_key'
const auth = { authorization: `Bearer ${KEY}` }
const createBody = (n: number) => JSON.stringify({
  agent_name: 'agt-57949b14',
  version_name: 'pmt-667ddf271b',
  contacts: [
    { contact_id: `crash-${n}-1`, phone_number: '919800000001', name: 'One' },
    { contact_id: `crash-${n}-2`, phone_number: '919800000002', name: 'Two' },
    { contact_id: `crash-${n}-3`, phone_number: '919800000003', name: 'Three' }
  ]
})

async function hasCreateRoute (port: number): Promise<boolean> {
  const doc = JSON.parse((await http(port, { path: '/openapi.json' })).body)
  return doc.paths?.['/api/v1/public/call-batches']?.post !== undefined
}

/** Starts a request whose body is only half sent; `finish()` sends the rest and resolves with the raw answer. */
function halfSentCreate (port: number, body: string): Promise<{ socket: Socket, finish: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const closed = new Promise<string>(res => socket.on('close', () => res(answer)))
    socket.on('data', (d: Buffer) => { answer += d.toString() })
    socket.on('error', reject)
    socket.on('connect', () => {
      const half = Math.floor(body.length / 2)
      socket.write(`POST /api/v1/public/call-batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`, () => {
        resolve({ socket, finish: async () => { socket.write(body.slice(half)); return await within(closed, 10_000, 'finishing a half-sent create') } })
      })
    })
  })
}

t.test('SIGTERM under load: in-flight requests finish, then exit 0', async t => {
  const server = await startServer(build.dir, { RATE_LIMIT_PER_MINUTE: '0', BATCHES_PER_ACCOUNT: '2', CALLS_PER_BATCH: '10' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = server.port
  const create = await hasCreateRoute(port)

  // Requests whose bodies are still arriving when the signal comes.
  const halves = create ? await Promise.all([1, 2, 3, 4, 5].map(n => halfSentCreate(port, createBody(n)))) : []
  // Reads on open keep-alive connections (each already used once, so the server has accepted it),
  // sent just before the signal: the server has them in its socket buffers or is working on them.
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 40 })
  t.teardown(() => agent.destroy())
  const readPath = '/api/v1/public/call-batches/sched_7bac6f2a/results?limit=500'
  await Promise.all(Array.from({ length: 40 }, async () => await http(port, { path: readPath, headers: auth, agent })))
  const reads: Array<Promise<{ statusCode: number } | Error>> = []
  for (let i = 0; i < 40; i++) {
    reads.push(http(port, { path: readPath, headers: auth, agent }).catch((e: Error) => e))
  }
  await new Promise(resolve => setImmediate(resolve))
  server.child.kill('SIGTERM')
  // Let the server start closing before the bodies complete.
  await new Promise(resolve => setTimeout(resolve, 150))

  t.ok(create, 'POST /api/v1/public/call-batches is documented')
  const answers = await Promise.all(halves.map(h => h.finish()))
  for (const a of answers) t.match(a, /^HTTP\/1\.1 201 /, 'a create in flight at SIGTERM got its 201')
  const results = await Promise.all(reads)
  const statuses = results.map(r => r instanceof Error ? r.message : r.statusCode)
  // A read sent before the signal is answered: 200, or the 503 envelope once closing has begun; never a reset.
  t.ok(statuses.every(s => s === 200 || s === 503), `every read was answered: ${JSON.stringify(statuses.reduce<Record<string, number>>((m, s) => { m[s] = (m[s] ?? 0) + 1; return m }, {}))}`)
  const exit = await within(server.exited, 10_000, 'exit after SIGTERM')
  t.equal(exit.code, 0, 'exit code 0')
  t.notMatch(server.stderr(), /\n\s+at /, 'no stack trace')
})

t.test('kill -9 during a stream of creates on a file database: integrity_check ok, every 201 is there', async t => {
  const dbPath = join(tmp, 'crash.db')
  const server = await startServer(build.dir, { DB_PATH: dbPath, RATE_LIMIT_PER_MINUTE: '0' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  t.ok(await hasCreateRoute(server.port), 'POST /api/v1/public/call-batches is documented')
  const created: string[] = []
  let stop = false
  let n = 0
  const worker = async () => {
    while (!stop) {
      const res = await http(server.port, { method: 'POST', path: '/api/v1/public/call-batches', headers: { ...auth, 'content-type': 'application/json' }, body: createBody(n++) }).catch(() => null)
      if (res === null) return
      if (res.statusCode === 201) created.push(JSON.parse(res.body).data.batch_id)
    }
  }
  const workers = Array.from({ length: 8 }, worker)
  await new Promise(resolve => setTimeout(resolve, 1000))
  server.child.kill('SIGKILL')
  stop = true
  await Promise.all(workers)
  await within(server.exited, 5000, 'exit after SIGKILL')
  t.ok(created.length > 20, `${created.length} creates got a 201 before the kill`)

  const db = new Database(dbPath)
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check: ok')
  const has = db.prepare('SELECT total_contacts FROM batches WHERE schedule_id = ?').pluck()
  const calls = db.prepare('SELECT COUNT(*) FROM calls WHERE batch_id = ?').pluck()
  const missing = created.filter(id => has.get(id) === undefined)
  t.same(missing, [], 'every batch that got a 201 is in the file')
  const incomplete = created.filter(id => calls.get(id) !== has.get(id))
  t.same(incomplete, [], 'with all its calls')
  db.close()

  // A new server on the same file serves them.
  const again = await startServer(build.dir, { DB_PATH: dbPath, RATE_LIMIT_PER_MINUTE: '0' })
  t.teardown(() => { again.child.kill('SIGKILL') })
  for (const id of created.slice(-5)) {
    t.equal((await http(again.port, { path: `/api/v1/public/call-batches/${id}`, headers: auth })).statusCode, 200, `${id} is served after the restart`)
  }
  again.child.kill('SIGTERM')
  t.equal((await within(again.exited, 10_000, 'exit')).code, 0)
})

/** One line on stderr, no stack trace, a non-zero exit. */
function oneLineFailure (t: Test, r: { code: number | null, stderr: string }, pattern: RegExp, what: string) {
  t.not(r.code, 0, `${what}: non-zero exit (${String(r.code)})`)
  const lines = r.stderr.trim().split('\n')
  t.equal(lines.length, 1, `${what}: one line on stderr: ${r.stderr.trim().slice(0, 300)}`)
  t.match(lines[0], pattern, `${what}: the line says what is wrong`)
  t.notMatch(r.stderr, /\bat .*:\d+:\d+/, `${what}: no stack trace`)
}

t.test('bad database files and a port in use: one clear line and a non-zero exit', async t => {
  const corrupt = join(tmp, 'corrupt.db')
  writeFileSync(corrupt, Buffer.concat([Buffer.from('this is not a database, '), Buffer.alloc(8192, 0x5a)]))

  // A valid header with garbage pages: SQLite notices when it reads the schema.
  const damaged = join(tmp, 'damaged.db')
  const good = new Database(damaged)
  good.exec('CREATE TABLE x (a); INSERT INTO x VALUES (1)')
  good.close()
  const bytes = readFileSync(damaged)
  bytes.fill(0xa5, 100, bytes.length)
  writeFileSync(damaged, bytes)

  const newer = join(tmp, 'newer.db')
  const future = new Database(newer)
  future.pragma('user_version = 999')
  future.close()

  const dir = join(tmp, 'a-directory.db')
  mkdirSync(dir)

  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  const port = (blocker.address() as { port: number }).port
  t.teardown(() => { blocker.close() })

  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['corrupt file', { DB_PATH: corrupt, PORT: '0' }, /corrupt\.db.*(not a database|malformed)/i],
    ['damaged pages', { DB_PATH: damaged, PORT: '0' }, /damaged\.db.*malformed/],
    ['a newer schema', { DB_PATH: newer, PORT: '0' }, /newer\.db.*newer than this server/],
    ['a directory', { DB_PATH: dir, PORT: '0' }, /a-directory\.db/],
    ['a missing directory', { DB_PATH: join(tmp, 'no', 'such', 'dir', 'x.db'), PORT: '0' }, /x\.db/],
    ['port in use', { PORT: String(port) }, new RegExp(`port ${port} .*already in use`)]
  ]
  // Unwritable even for root: a device where every write fails, and a read-only kernel file.
  if (existsSync('/dev/full')) cases.push(['an unwritable device', { DB_PATH: '/dev/full', PORT: '0' }, /\/dev\/full.*(full|I\/O|unable)/])
  if (existsSync('/proc/version')) cases.push(['a read-only system file', { DB_PATH: '/proc/version', PORT: '0' }, /\/proc\/version/])
  if (process.getuid?.() !== 0) {
    const readonly = join(tmp, 'readonly.db')
    const db = new Database(readonly)
    db.close()
    chmodSync(readonly, 0o444)
    cases.push(['a read-only file', { DB_PATH: readonly, PORT: '0' }, /readonly\.db/])
  } else {
    t.comment('running as root: a chmod 444 file is writable anyway (the device and kernel-file cases stand in)')
  }
  // Two servers at a time (the machine's cores): eight starting at once on a loaded CI machine
  // took longer than the 20 s each is allowed to take to exit.
  const results: Array<Awaited<ReturnType<typeof runToExit>>> = []
  for (let i = 0; i < cases.length; i += 2) {
    results.push(...await Promise.all(cases.slice(i, i + 2).map(async ([, env]) => await runToExit(build.dir, env))))
  }
  cases.forEach(([what, , pattern], i) => oneLineFailure(t, results[i], pattern, what))
})
