// The synthetic seed: counters that agree with the calls, every status and start mode per account,
// documented id shapes, status-consistent call fields, ordered timestamps, and byte-identical
// databases for the same seed.
import t from 'tap'
import { createHash } from 'node:crypto'
import { openDatabase, type Db } from '../../src/core/store/database.js'
import { createRepositories } from '../../src/core/store/index.js'
import { counterFor, type BatchRecord, type CallRecord } from '../../src/core/model/records.js'
import type { CallStatus } from '../../src/core/model/records.js'
import { seedDatabase, type SeedOptions } from '../../src/core/seed/index.js'
import { makeCall } from '../../src/core/simulation/call-description.js'
import { createSeededFaker, hexId } from '../../src/core/simulation/faker.js'
import { techladderSurface } from '../../src/surfaces/techladder/index.js'

const DOCUMENTED_AGENT = 'agt-57949b14'
const ENABLED_ACCOUNTS = ['acc_abc123', 'acc_def456']
const DISABLED_ACCOUNT = 'acc_ghi789'
const BATCH_STATUSES = ['pending', 'active', 'completed', 'failed', 'cancelled']
const START_MODES = ['manual', 'immediate', 'scheduled']
const TERMINAL: CallStatus[] = ['completed', 'failed', 'no_answer', 'busy']
const IN_FLIGHT: CallStatus[] = ['queued', 'ringing', 'in_progress']

function seeded (options: SeedOptions): Db {
  const db = openDatabase(':memory:')
  seedDatabase(db, options, [{ provider: 'techladder', ...techladderSurface.provider!.seed }])
  return db
}

interface CallRow { batch_id: string, seq: number, call_id: string, phone_number: string, name: string | null, status: CallStatus,
  duration_seconds: number | null, answer_duration_seconds: number | null, disconnect_reason: string | null,
  transcript_status: string, analysis_status: string, summary: string | null, outcomes: string,
  recording_available: number, started_at: string | null, ended_at: string | null, metadata: string }

const syntheticBatches = (db: Db): BatchRecord[] => {
  const repos = createRepositories(db)
  return repos.accounts.listAccounts()
    .flatMap(a => repos.batches.listForAccount(a.account_id))
    .filter(b => !b.frozen)
}

const callsOf = (db: Db, batchId: string): CallRow[] =>
  db.prepare('SELECT * FROM calls WHERE batch_id = ? ORDER BY seq').all(batchId) as CallRow[]

function digest (db: Db): string {
  const h = createHash('sha256')
  for (const sql of [
    'SELECT * FROM agents ORDER BY agent_id',
    'SELECT * FROM prompt_versions ORDER BY version_id',
    'SELECT * FROM batches ORDER BY schedule_id',
    'SELECT * FROM calls ORDER BY batch_id, seq',
    'SELECT * FROM call_status_counts ORDER BY batch_id, status'
  ]) {
    for (const row of db.prepare(sql).iterate()) h.update(JSON.stringify(row)).update('\n')
  }
  return h.digest('hex')
}

t.test('default-sized seed: counters, ids, call fields and timestamps', async t => {
  const options: SeedOptions = { seed: 20260514, batchesPerAccount: 30, callsPerBatch: 60 }
  const db = seeded(options)
  t.teardown(() => db.close())
  const repos = createRepositories(db)

  t.test('every batch\'s counters agree with its calls', async t => {
    const all = repos.accounts.listAccounts().flatMap(a => repos.batches.listForAccount(a.account_id))
    for (const b of all) {
      const counts = repos.calls.statusCounts(b.schedule_id)
      const byCounter = { completed: 0, failed: 0, pending: 0 }
      let total = 0
      for (const [status, n] of Object.entries(counts)) {
        byCounter[counterFor(status as CallStatus)] += n
        total += n
      }
      const rows = db.prepare('SELECT COUNT(*) FROM calls WHERE batch_id = ?').pluck().get(b.schedule_id)
      t.same([b.completed_contacts, b.failed_contacts, b.pending_contacts], [byCounter.completed, byCounter.failed, byCounter.pending],
        `${b.schedule_id} counters`)
      t.equal(b.total_contacts, total, `${b.schedule_id} total_contacts = counted calls`)
      t.equal(rows, total, `${b.schedule_id} call rows = counted calls`)
      t.equal(b.total_contacts, b.completed_contacts + b.failed_contacts + b.pending_contacts)
    }
  })

  t.test('batch shapes per account', async t => {
    const batches = syntheticBatches(db)
    for (const account of ENABLED_ACCOUNTS) {
      const own = batches.filter(b => b.account_id === account)
      t.equal(own.length, options.batchesPerAccount, `${account} has batchesPerAccount synthetic batches`)
      t.same(new Set(own.map(b => b.status)), new Set(BATCH_STATUSES), `${account} has every status`)
      t.same(new Set(own.map(b => b.start_mode)), new Set(START_MODES), `${account} has every start mode`)
    }
    t.equal(batches.filter(b => b.account_id === DISABLED_ACCOUNT).length, 2, 'the disabled account has 2 batches')

    for (const b of batches) {
      t.match(b.schedule_id, /^sched_[0-9a-f]{8}$/)
      t.equal(b.total_contacts, b.account_id === DISABLED_ACCOUNT ? Math.min(50, options.callsPerBatch) : options.callsPerBatch)
      const agent = repos.accounts.getAgent(b.account_id, b.agent_id)
      t.ok(agent, `${b.schedule_id}: its agent belongs to its account`)
      t.equal(b.agent_name, agent?.agent_name)
      t.equal(b.voice, agent?.voice)
      t.ok(agent?.versions.includes(b.version_id), 'version is one of the agent\'s')
      t.ok(b.concurrency >= 5 && b.concurrency <= 20, 'concurrency 5..20')
      t.match(b.did_number, /^080\d{8}$/)
      t.equal(b.deduplicate_by_phone, true)
      t.equal(b.frozen, false)
      t.equal(b.callback_url, null)
      if (b.status === 'pending') t.equal(b.started_at, null, `${b.schedule_id}: pending batches have not started`)
      else t.type(b.started_at, 'string', `${b.schedule_id}: ${b.status} batches have started`)
      t.equal(b.scheduled_at !== null, b.start_mode === 'scheduled', 'scheduled_at only for scheduled batches')
      for (const ts of [b.created_at, b.updated_at, b.scheduled_at, b.started_at]) {
        if (ts !== null) {
          t.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
          t.ok(ts >= '2026-03-01' && ts < '2026-05-20', `${ts} in the window`)
        }
      }
      if (b.scheduled_at !== null) t.ok(b.created_at <= b.scheduled_at)
      if (b.started_at !== null) {
        t.ok(b.created_at <= b.started_at && (b.scheduled_at ?? b.created_at) <= b.started_at, 'created <= scheduled <= started')
        t.ok(b.started_at <= b.updated_at)
      } else {
        t.equal(b.updated_at, b.created_at)
      }
    }
  })

  t.test('agents and prompt versions', async t => {
    for (const account of [...ENABLED_ACCOUNTS, DISABLED_ACCOUNT]) {
      const agents = repos.accounts.listAgents(account).filter(a => a.agent_id !== DOCUMENTED_AGENT)
      t.equal(agents.length, 3, `${account} has 3 synthetic agents`)
      for (const a of agents) {
        t.match(a.agent_id, /^agt-[0-9a-f]{8}$/)
        t.ok(a.versions.length >= 1 && a.versions.length <= 3)
        for (const v of a.versions) t.match(v, /^pmt-[0-9a-f]{10}$/)
        t.ok(a.versions.includes(a.current_version))
        t.ok(a.outcome_keys.length >= 3 && a.outcome_keys.length <= 5)
        for (const k of a.outcome_keys) t.match(k, /^[A-Z][a-z]*( [A-Z][a-z]*)*$/, 'Title-Case outcome key')
        t.ok(a.agent_name.length > 0 && a.voice.length > 0)
      }
    }
  })

  t.test('the documented agent gets no synthetic pending batch', async t => {
    const page = repos.batches.list({ accountId: 'acc_abc123', agentId: DOCUMENTED_AGENT, status: 'pending', offset: 0, limit: 50 })
    t.equal(page.total, 1)
    t.ok(syntheticBatches(db).some(b => b.agent_id === DOCUMENTED_AGENT), 'it does get other synthetic batches')
  })

  t.test('calls follow their status', async t => {
    // Per-call checks collect problems, so a batch is one assertion rather than hundreds.
    const callIds = new Set<string>()
    const titleCase = /^[A-Z][a-z]*( [A-Z][a-z]*)*$/
    for (const b of syntheticBatches(db)) {
      const calls = callsOf(db, b.schedule_id)
      const problems: string[] = []
      const check = (ok: boolean, c: CallRow, what: string) => { if (!ok) problems.push(`${c.call_id} (${c.status}): ${what}`) }
      t.same(calls.map(c => c.seq), Array.from({ length: b.total_contacts }, (_, i) => i + 1), `${b.schedule_id}: seq is 1..n`)
      t.equal(new Set(calls.map(c => c.phone_number)).size, calls.length, `${b.schedule_id}: phones are unique (deduplicate_by_phone)`)
      const agent = repos.accounts.getAgent(b.account_id, b.agent_id)
      const cap = Math.min(b.max_duration_seconds_per_call ?? 900, 600)
      let inFlight = 0
      let latest = b.started_at ?? b.created_at
      for (const c of calls) {
        check(/^call_[0-9a-f]{8}$/.test(c.call_id), c, 'call id shape')
        check(!callIds.has(c.call_id), c, 'call id unique across the synthetic calls')
        callIds.add(c.call_id)
        check(/^\d{11,}$/.test(c.phone_number), c, `phone ${c.phone_number}`)
        const metadata = JSON.parse(c.metadata) as Record<string, string>
        check(Object.keys(metadata).every(k => titleCase.test(k)), c, 'Title-Case metadata keys')
        check(metadata['Company Name'] !== undefined && (c.name === null || metadata.Name === c.name), c, 'metadata has Name and Company Name')
        const outcomes = JSON.parse(c.outcomes) as Record<string, string>
        if (b.status === 'pending') check(c.status === 'pending', c, 'a pending batch has only pending calls')
        if (b.status === 'completed') check(TERMINAL.includes(c.status), c, 'a completed batch has only finished calls')
        if (b.status === 'failed' || b.status === 'cancelled') check([...TERMINAL, 'pending'].includes(c.status), c, 'finished or never dialed')
        if (IN_FLIGHT.includes(c.status)) inFlight++
        for (const ts of [c.started_at, c.ended_at]) if (ts !== null && ts > latest) latest = ts

        if (!TERMINAL.includes(c.status)) {
          check(c.duration_seconds === null && c.answer_duration_seconds === null && c.disconnect_reason === null &&
            c.summary === null && c.ended_at === null && c.recording_available === 0, c, 'no result fields yet')
          check(c.transcript_status === 'pending' && c.analysis_status === 'pending', c, 'processing pending')
          check(Object.keys(outcomes).length === 0, c, 'no outcomes')
          check((c.started_at === null) === (c.status === 'pending' || c.status === 'queued'), c, 'started_at only once dialed')
          if (c.started_at !== null) check(c.started_at >= (b.started_at as string) && c.started_at <= b.updated_at, c, 'started within the batch')
          continue
        }
        const started = c.started_at as string
        const ended = c.ended_at as string
        check(started >= (b.started_at as string) && ended <= b.updated_at, c, 'batch start <= call times <= updated_at')
        check((Date.parse(ended) - Date.parse(started)) / 1000 === c.duration_seconds, c, 'ended_at = started_at + duration')
        const duration = c.duration_seconds as number
        const answer = c.answer_duration_seconds as number
        check(answer >= 0 && answer <= duration, c, 'answer_duration <= duration')
        if (c.status === 'completed') {
          check(duration >= 20 && duration <= cap, c, `duration ${duration} within 20..${cap}`)
          check(['agent_hangup', 'customer_hangup', 'max_duration_reached', 'voicemail'].includes(c.disconnect_reason as string), c, 'disconnect reason')
          if (c.disconnect_reason === 'max_duration_reached') check(duration === b.max_duration_seconds_per_call, c, 'max reached at the max')
          check(c.recording_available === (b.recording_enabled ? 1 : 0), c, 'recording follows the batch')
          if (c.analysis_status === 'ready') {
            check(typeof c.summary === 'string' && c.summary.length > 0, c, 'summary when analysed')
            check(JSON.stringify(Object.keys(outcomes)) === JSON.stringify(agent?.outcome_keys), c, 'every outcome key of the agent')
          } else {
            check(c.summary === null && Object.keys(outcomes).length === 0, c, 'no summary or outcomes before analysis')
          }
        } else {
          check(duration <= 45 && answer === 0, c, 'ring time only')
          check(c.disconnect_reason === { failed: 'network_error', no_answer: 'no_answer', busy: 'busy' }[c.status as string], c, 'disconnect reason')
          check(c.transcript_status === 'failed' && c.analysis_status === 'failed' && c.summary === null && c.recording_available === 0, c, 'nothing to process')
          check(Object.keys(outcomes).length === 0, c, 'no outcomes')
        }
      }
      t.same(problems, [], `${b.schedule_id} (${b.status}): every call is consistent`)
      if (b.status === 'active') t.ok(inFlight >= 1 && inFlight <= b.concurrency, `${b.schedule_id}: 1..concurrency calls in flight`)
      else t.equal(inFlight, 0, `${b.schedule_id}: no call in flight unless active`)
      if (b.status === 'failed') t.ok(calls.some(c => c.status === 'failed'), `${b.schedule_id}: a failed batch has a failed call`)
      t.equal(b.updated_at, latest, `${b.schedule_id}: updated_at is the latest event`)
    }
    const statuses = db.prepare('SELECT DISTINCT c.status FROM calls c JOIN batches b ON b.schedule_id = c.batch_id WHERE b.frozen = 0')
      .pluck().all() as string[]
    for (const s of ['pending', 'completed', 'failed', 'no_answer', 'busy', 'in_progress']) t.ok(statuses.includes(s), `some synthetic call is ${s}`)
  })
})

t.test('five batches per account still cover every status and start mode', async t => {
  const db = seeded({ seed: 7, batchesPerAccount: 5, callsPerBatch: 12 })
  t.teardown(() => db.close())
  const batches = syntheticBatches(db)
  for (const account of ENABLED_ACCOUNTS) {
    const own = batches.filter(b => b.account_id === account)
    t.equal(own.length, 5)
    t.same(new Set(own.map(b => b.status)), new Set(BATCH_STATUSES), `${account}: every status`)
    t.same(new Set(own.map(b => b.start_mode)), new Set(START_MODES), `${account}: every start mode`)
  }
  const repos = createRepositories(db)
  t.equal(repos.batches.list({ accountId: 'acc_abc123', agentId: DOCUMENTED_AGENT, status: 'pending', offset: 0, limit: 50 }).total, 1)
})

t.test('determinism', async t => {
  const options: SeedOptions = { seed: 4242, batchesPerAccount: 6, callsPerBatch: 25 }
  const a = seeded(options)
  const b = seeded(options)
  const c = seeded({ ...options, seed: 4243 })
  t.teardown(() => { a.close(); b.close(); c.close() })
  t.equal(digest(a), digest(b), 'the same options give byte-identical databases')
  t.not(digest(a), digest(c), 'another seed gives other data')

  // A batch depends on (seed, account, index) only: more batches per account leave the first ones as they were.
  const more = seeded({ ...options, batchesPerAccount: 8 })
  t.teardown(() => more.close())
  const ids = (db: Db) => syntheticBatches(db).map(x => x.schedule_id)
  const moreIds = new Set(ids(more))
  t.ok(ids(a).every(id => moreIds.has(id)), 'the first six batches of each account keep their ids')
  const row = (db: Db, id: string) => db.prepare('SELECT * FROM batches WHERE schedule_id = ?').get(id)
  for (const id of ids(a)) t.same(row(more, id), row(a, id), `${id} unchanged`)
})

t.test('a batch bigger than one write chunk', async t => {
  const db = seeded({ seed: 99, batchesPerAccount: 1, callsPerBatch: 12_345 })
  t.teardown(() => db.close())
  const repos = createRepositories(db)
  const batches = syntheticBatches(db).filter(b => b.account_id !== DISABLED_ACCOUNT)
  t.equal(batches.length, 2)
  for (const b of batches) {
    t.equal(b.total_contacts, 12_345)
    const stats = db.prepare('SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi, COUNT(DISTINCT phone_number) AS phones FROM calls WHERE batch_id = ?')
      .get(b.schedule_id) as { n: number, lo: number, hi: number, phones: number }
    t.same(stats, { n: 12_345, lo: 1, hi: 12_345, phones: 12_345 })
    const counts = repos.calls.statusCounts(b.schedule_id)
    const sum = (pred: (s: CallStatus) => boolean) => Object.entries(counts).filter(([s]) => pred(s as CallStatus)).reduce((n, [, v]) => n + v, 0)
    t.equal(b.completed_contacts, sum(s => counterFor(s) === 'completed'))
    t.equal(b.failed_contacts, sum(s => counterFor(s) === 'failed'))
    t.equal(b.pending_contacts, sum(s => counterFor(s) === 'pending'))
    const last = db.prepare('SELECT MAX(COALESCE(ended_at, started_at)) FROM calls WHERE batch_id = ?').pluck().get(b.schedule_id) as string | null
    t.equal(b.updated_at, last ?? b.started_at ?? b.created_at, 'updated_at is the latest call event')
  }
})

t.test('makeCall', async t => {
  const f = createSeededFaker(1)
  t.match(hexId(f, 8), /^[0-9a-f]{8}$/)
  t.match(hexId(f, 10), /^[0-9a-f]{10}$/)
  const batch = {
    schedule_id: 'sched_0badcafe',
    agent_name: 'Payment Reminder Agent',
    recording_enabled: false,
    max_duration_seconds_per_call: 300
  } as BatchRecord
  const outcomeKeys = ['Payment Promised', 'Payment Date', 'Some Custom Label']
  let reachedMax = 0
  const problems: string[] = []
  for (let seq = 1; seq <= 2000; seq++) {
    const call: CallRecord = makeCall(f, { batch, outcomeKeys, seq, callId: 'call_00000001', externalId: String(seq), status: 'completed', startedAt: '2026-05-10T10:00:00Z' })
    const duration = call.duration_seconds as number
    if (call.disconnect_reason === 'max_duration_reached') {
      reachedMax++
      if (duration !== 300) problems.push(`${seq}: max_duration_reached at ${duration}`)
    } else if (duration >= 300) problems.push(`${seq}: ${duration} s without reaching the max`)
    if (call.recording_available) problems.push(`${seq}: a recording although the batch records nothing`)
    if (call.analysis_status === 'ready' && JSON.stringify(Object.keys(call.outcomes)) !== JSON.stringify(outcomeKeys)) problems.push(`${seq}: outcome keys`)
    if (call.analysis_status === 'ready' && !/^(\d{4}-\d\d-\d\d|Not Provided)$/.test(call.outcomes['Payment Date'])) problems.push(`${seq}: Payment Date ${call.outcomes['Payment Date']}`)
  }
  t.same(problems, [], 'durations respect max_duration_seconds_per_call; outcomes carry every key')
  t.ok(reachedMax > 0, 'some calls reach the batch\'s max duration')
  t.throws(() => makeCall(f, { batch, outcomeKeys, seq: 1, callId: 'call_00000002', externalId: '1', status: 'completed', startedAt: null }))
  const same = (seed: number) => makeCall(createSeededFaker(seed), { batch, outcomeKeys, seq: 3, callId: 'call_00000003', externalId: '3', status: 'completed', startedAt: '2026-05-10T10:00:00Z' })
  t.same(same(5), same(5), 'same faker seed, same call')
})
