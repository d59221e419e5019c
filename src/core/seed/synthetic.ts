/**
 * Synthetic accounts' agents, batches and calls, deterministic from the user's seed.
 *
 * Every batch draws from its own faker, seeded from (seed, account index, batch index), so adding
 * batches or accounts never reshuffles the others. Calls are generated and inserted as a stream
 * (one transaction per batch, or per 10,000 calls for big batches): a million calls never sit in
 * memory at once. Call statuses come from a pure function of (batch, seq), so a batch's counters
 * are known before its first call is written.
 */
import type { Faker } from '@faker-js/faker'
import type { Db } from '../store/database.js'
import type { Repositories } from '../store/index.js'
import {
  BATCH_STATUSES,
  START_MODES,
  batchDefaults,
  PROVIDERS,
  counterFor,
  wasDialed,
  type AccountRecord,
  type AgentRecord,
  type BatchRecord,
  type BatchStatus,
  type CallRecord,
  type CallStatus,
  type Provider,
  type StartMode
} from '../model/records.js'
import { makeCall } from '../simulation/call-description.js'
import { inFlightStatusFor, terminalStatusFor } from '../simulation/call-outcome.js'
import { between, createSeededFaker, pick } from '../simulation/faker.js'
import { fmix32, hash32 } from '../simulation/random.js'
import { AGENT_TEMPLATES, BATCH_METADATA, VOICES } from '../simulation/synthetic-data.js'

export interface SeedOptions {
  /** The faker seed for synthetic data. */
  seed: number
  /** Synthetic batches for each enabled seeded account. */
  batchesPerAccount: number
  /** Calls in each synthetic batch. */
  callsPerBatch: number
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { seed: 20260514, batchesPerAccount: 30, callsPerBatch: 60 }

/**
 * How a provider names what the seeder makes (each surface gives its own). Ids are drawn from the
 * batch's or account's faker; the seeder retries a draw that is already taken.
 */
export interface SyntheticIds {
  agentId: (f: Faker) => string
  /** Prompt version ids; null: this provider's agents have no versions (current_version is ''). */
  versionId: ((f: Faker) => string) | null
  batchId: (f: Faker) => string
  /** A call id from a 32-bit number unique across the store. */
  callId: (n: number) => string
}

/** Every synthetic timestamp falls in this window (the docs' examples are from mid-May 2026). */
const WINDOW_START = Date.parse('2026-03-01T00:00:00Z')
const WINDOW_END = Date.parse('2026-05-19T23:59:59Z')
/** Calls written per transaction for big batches; also the most call records alive at once. */
const CHUNK_SIZE = 10_000
/** Calls written per insertMany while seeding. */
const INSERT_BATCH = 256
const AGENTS_PER_ACCOUNT = 3
/**
 * A disabled account still owns data, though its requests get 403 before they could see it. Its
 * batches stay small whatever `callsPerBatch` is, so `batchesPerAccount=1, callsPerBatch=500000`
 * seeds the 1,000,000 calls it says (two enabled accounts) rather than 2,000,000.
 */
const DISABLED_ACCOUNT_BATCHES = 2
const DISABLED_ACCOUNT_MAX_CALLS = 50
/** Seconds a dialer lane spends per call, on average, with margin (used to fit batches in the window). */
const LANE_SECONDS_PER_CALL = 300
const SPAN_MARGIN_SECONDS = 7200
const DAY = 86_400

// ---------------------------------------------------------------------------------------------
// Deterministic hashing: pure functions of their inputs, never Math.random or the clock.


/** Any safe integer to 32 bits (faker seeds with 32 bits only; larger seeds would be truncated). */
function fold32 (n: number): number {
  const lo = n >>> 0
  const hi = Math.floor(n / 4294967296) >>> 0
  return fmix32((lo ^ fmix32((hi + 0x9e3779b9) >>> 0)) >>> 0)
}


/** The faker seed of one synthetic batch: batches of other indexes or accounts never shift it. */
function batchSeed (seed: number, accountIndex: number, batchIndex: number): number {
  return fold32(fold32(seed) * 1000003 + accountIndex * 10007 + batchIndex)
}

function accountSeed (seed: number, accountIndex: number): number {
  return fmix32((batchSeed(seed, accountIndex, 0) ^ 0xa9e1c3b5) >>> 0)
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z'

// ---------------------------------------------------------------------------------------------
// Batch plans: which status each seq has, as a pure function of the plan and seq.

interface CallPlan {
  /** Seqs 1..terminal have finished (completed/failed/no_answer/busy). */
  terminal: number
  /** Seqs terminal+1..terminal+inFlight are queued, ringing or in progress (active batches). */
  inFlight: number
  salt: number
  /** Failed batches: more network errors, and their last finished call failed. */
  failing: boolean
}

function planCalls (f: Faker, status: BatchStatus, n: number, concurrency: number): CallPlan {
  const salt = f.number.int({ max: 0xffffffff })
  const share = (min: number, max: number) => Math.floor(n * (min + f.number.float() * (max - min)))
  switch (status) {
    case 'pending':
      return { terminal: 0, inFlight: 0, salt, failing: false }
    case 'completed':
      return { terminal: n, inFlight: 0, salt, failing: false }
    case 'active': {
      const terminal = Math.min(share(0.15, 0.85), Math.max(0, n - 1))
      const inFlight = Math.min(n - terminal, between(f, Math.ceil(concurrency / 2), concurrency))
      return { terminal, inFlight, salt, failing: false }
    }
    case 'failed':
      return { terminal: Math.min(n, Math.max(1, share(0.1, 0.6))), inFlight: 0, salt, failing: true }
    case 'cancelled':
      return { terminal: Math.min(n, Math.max(1, share(0.05, 0.6))), inFlight: 0, salt, failing: false }
  }
}

function plannedStatus (plan: CallPlan, seq: number): CallStatus {
  const u = fmix32((plan.salt ^ Math.imul(seq, 0x9e3779b1)) >>> 0) / 4294967296
  if (seq <= plan.terminal) return plan.failing && seq === plan.terminal ? 'failed' : terminalStatusFor(u, plan.failing)
  if (seq <= plan.terminal + plan.inFlight) return inFlightStatusFor(u)
  return 'pending'
}

/** Free times of the dialer lanes, as a binary min-heap: the next call takes the earliest free lane. */
class LaneHeap {
  private readonly heap: number[]
  constructor (times: number[]) {
    this.heap = times.sort((a, b) => a - b)
  }

  get earliest (): number { return this.heap[0] }

  /** The earliest lane is busy until `time`. */
  replaceEarliest (time: number): void {
    const h = this.heap
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      let mv = time
      if (l < h.length && h[l] < mv) { m = l; mv = h[l] }
      if (r < h.length && h[r] < mv) { m = r; mv = h[r] }
      if (m === i) break
      h[i] = h[m]
      i = m
    }
    h[i] = time
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding

interface AgentChoice {
  agent: AgentRecord
  /** Agents inserted by documented.ts get no synthetic pending batches (the List example stays unique). */
  synthetic: boolean
}

interface SeedState {
  db: Db
  repos: Repositories
  options: SeedOptions
  ids: SyntheticIds
  usedAgentIds: Set<string>
  usedVersionIds: Set<string>
  /** Global call ordinal: its 32-bit mix is the call id, so ids are unique across the database. */
  callCounter: number
  /** The last place in the order of dialing given to a seeded call (documented ones included). */
  dialCounter: number
  callSalt: number
}

function uniqueId (f: Faker, draw: (f: Faker) => string, used: Set<string>): string {
  let id: string
  do id = draw(f)
  while (used.has(id))
  used.add(id)
  return id
}

function createAgents (state: SeedState, account: AgentRecord['account_id'], f: Faker): AgentRecord[] {
  const templates = f.helpers.shuffle([...AGENT_TEMPLATES]).slice(0, AGENTS_PER_ACCOUNT)
  return templates.map(template => {
    const agentId = uniqueId(f, state.ids.agentId, state.usedAgentIds)
    const versionId = state.ids.versionId
    const versions = versionId === null ? [] : Array.from({ length: between(f, 1, 3) }, () => uniqueId(f, versionId, state.usedVersionIds))
    const count = between(f, 3, Math.min(5, template.outcomes.length))
    const chosen = new Set(f.helpers.arrayElements(template.outcomes, count))
    return {
      agent_id: agentId,
      account_id: account,
      agent_name: template.name,
      voice: pick(f, VOICES),
      current_version: versions[versions.length - 1] ?? '',
      versions,
      outcome_keys: template.outcomes.filter(o => chosen.has(o)),
      // A fixed time, not a draw: a new draw would shift every draw after it (and the seeded data).
      created_at: iso(WINDOW_START)
    }
  })
}

/**
 * Seeds every account of a provider that has SyntheticIds: agents, then batches in every status and
 * start mode. An account's draws depend on its index among its own provider's accounts, so
 * accounts of another provider never shift them.
 */
export function seedSyntheticData (db: Db, repos: Repositories, options: SeedOptions, shapes: Partial<Record<Provider, SyntheticIds>>): void {
  const all = repos.accounts.listAccounts()
  const state: SeedState = {
    db,
    repos,
    options,
    ids: shapes.techladder as SyntheticIds,
    usedAgentIds: new Set(),
    usedVersionIds: new Set(),
    callCounter: 0,
    dialCounter: (db.prepare('SELECT MAX(dialed_ord) FROM calls').pluck().get() as number | null) ?? 0,
    callSalt: fold32(options.seed)
  }
  for (const a of all) {
    for (const g of repos.accounts.listAgents(a.account_id)) {
      state.usedAgentIds.add(g.agent_id)
      for (const v of g.versions) state.usedVersionIds.add(v)
    }
  }
  for (const provider of PROVIDERS) {
    const ids = shapes[provider]
    if (ids === undefined) continue
    state.ids = ids
    // TechLadder's seeds stay what they always were; another provider's are salted apart.
    const salt = provider === 'techladder' ? 0 : hash32(provider)
    seedAccounts(state, all.filter(a => a.provider === provider), (options.seed ^ salt) >>> 0)
  }
}

function seedAccounts (state: SeedState, accounts: AccountRecord[], seed: number): void {
  const { db, repos, options } = state
  const existingAgents = accounts.map(a => repos.accounts.listAgents(a.account_id))
  accounts.forEach((account, accountIndex) => {
    const f = createSeededFaker(accountSeed(seed, accountIndex))
    const agents = createAgents(state, account.account_id, f)
    db.transaction(() => { for (const a of agents) repos.accounts.insertAgent(a) })()
    const choices: AgentChoice[] = [
      ...existingAgents[accountIndex].map(agent => ({ agent, synthetic: false })),
      ...agents.map(agent => ({ agent, synthetic: true }))
    ]
    // Statuses and start modes cycle (5 and 3 are coprime: 15 batches see every pair), in an
    // order of the account's own, so any 5 consecutive batches cover every status and mode.
    const statuses = f.helpers.shuffle([...BATCH_STATUSES])
    const modes = f.helpers.shuffle([...START_MODES])
    const count = account.api_enabled ? options.batchesPerAccount : DISABLED_ACCOUNT_BATCHES
    for (let i = 0; i < count; i++) {
      seedBatch(state, account, choices, createSeededFaker(batchSeed(seed, accountIndex, i)),
        statuses[i % statuses.length], modes[i % modes.length])
    }
  })
}

/** When a batch created at `createdMs` is scheduled (scheduled mode only) and starts. */
function startDelay (f: Faker, mode: StartMode, createdMs: number): { scheduledMs: number | null, startedMs: number } {
  switch (mode) {
    case 'immediate':
      return { scheduledMs: null, startedMs: createdMs + between(f, 1, 6) * 1000 }
    case 'manual':
      return { scheduledMs: null, startedMs: createdMs + between(f, 120, DAY) * 1000 }
    case 'scheduled': {
      // Scheduled on a quarter hour, 1 hour to 3 days ahead; the dialer starts a few seconds later.
      const at = Math.ceil((createdMs + between(f, 3600, 3 * DAY) * 1000) / 900_000) * 900_000
      return { scheduledMs: at, startedMs: at + between(f, 0, 5) * 1000 }
    }
  }
}
/** The longest `startDelay` may take, in seconds, per start mode. */
const MAX_START_DELAY: Record<StartMode, number> = { immediate: 6, manual: DAY, scheduled: 3 * DAY + 900 + 5 }

function seedBatch (state: SeedState, account: AccountRecord, choices: AgentChoice[], f: Faker,
  status: BatchStatus, mode: StartMode): void {
  const { db, repos } = state
  const requested = Math.max(0, Math.floor(state.options.callsPerBatch))
  const n = account.api_enabled ? requested : Math.min(requested, DISABLED_ACCOUNT_MAX_CALLS)
  const eligible = status === 'pending' ? choices.filter(c => c.synthetic) : choices
  const agent = pick(f, eligible).agent

  let scheduleId: string
  do scheduleId = state.ids.batchId(f)
  while (repos.batches.exists(scheduleId))

  const maxConcurrency = Math.max(1, account.max_concurrent_calls)
  const concurrency = between(f, Math.min(5, maxConcurrency), Math.min(20, maxConcurrency))
  const plan = planCalls(f, status, n, concurrency)
  const counters = { completed: 0, failed: 0, pending: 0 }
  for (let seq = 1; seq <= n; seq++) counters[counterFor(plannedStatus(plan, seq))]++

  // Fit the whole run inside the window: created early enough that the last call ends before
  // WINDOW_END. Only a batch too big to fit at its concurrency runs on more dialer lanes than
  // `concurrency` (e.g. 500,000 calls at 5 lanes would take ~350 days).
  const dialed = plan.terminal + plan.inFlight
  const maxDelay = MAX_START_DELAY[mode]
  const room = (WINDOW_END - WINDOW_START) / 1000 - maxDelay - SPAN_MARGIN_SECONDS
  let lanes = concurrency
  if (Math.ceil(dialed / lanes) * LANE_SECONDS_PER_CALL > room) lanes = Math.ceil(dialed * LANE_SECONDS_PER_CALL / room)
  const span = dialed === 0 ? 0 : Math.ceil(dialed / lanes) * LANE_SECONDS_PER_CALL + SPAN_MARGIN_SECONDS
  const latestCreated = Math.max(WINDOW_START, WINDOW_END - (maxDelay + span) * 1000)
  // Created during office hours in India (09:00-19:00 IST = 03:30-13:30 UTC).
  const day = between(f, 0, Math.floor((latestCreated - WINDOW_START) / (DAY * 1000)))
  const officeMs = WINDOW_START + day * DAY * 1000 + between(f, 3.5 * 3600, 13.5 * 3600) * 1000
  const createdMs = Math.min(officeMs, latestCreated)
  const { scheduledMs, startedMs } = startDelay(f, mode, createdMs)
  const started = status !== 'pending'

  const limitChoice = f.number.float()
  const maxDuration = limitChoice < 0.6 ? null : pick(f, [180, 300, 600, 900].filter(s => s <= account.max_call_duration_seconds))
  const batch: BatchRecord = {
    schedule_id: scheduleId,
    account_id: account.account_id,
    agent_id: agent.agent_id,
    agent_name: agent.agent_name,
    version_id: pick(f, agent.versions.length > 0 ? agent.versions : [agent.current_version]),
    status,
    start_mode: mode,
    voice: agent.voice,
    did_number: `080${f.string.numeric(8)}`,
    total_contacts: n,
    completed_contacts: counters.completed,
    failed_contacts: counters.failed,
    pending_contacts: counters.pending,
    concurrency,
    recording_enabled: f.number.float() < 0.85,
    scheduled_at: scheduledMs === null ? null : iso(scheduledMs),
    started_at: started ? iso(startedMs) : null,
    created_at: iso(createdMs),
    updated_at: iso(started ? startedMs : createdMs),
    interruption: f.number.float() < 0.5,
    use_alternate_number: f.number.float() < 0.1,
    deduplicate_by_phone: true,
    callback_url: null,
    max_duration_seconds_per_call: maxDuration ?? null,
    metadata: f.number.float() < 0.5 ? null : { ...pick(f, BATCH_METADATA) },
    frozen: false,
    ...batchDefaults()
  }

  const externalStyle = between(f, 0, 2)
  const externalId = (seq: number): string =>
    externalStyle === 0 ? String(1000 + seq) : externalStyle === 1 ? `CRM-${String(seq).padStart(5, '0')}` : `LD-${String(100000 + seq)}`
  const outcomeKeys = agent.outcome_keys
  const laneHeap = new LaneHeap(Array.from({ length: Math.max(1, lanes) }, (_, j) => startedMs + (1 + j) * 1000))
  let lastEvent = started ? startedMs : createdMs

  const writeCalls = (from: number, to: number): void => {
    // Written a few hundred at a time (insertMany: the same rows and row ids as one insert per
    // call, with one count update per status instead of one per call); a whole chunk held at once
    // would keep 10,000 records alive past V8's young generation (peak RSS of a million-call seed
    // 165 -> 248 MB).
    let calls: CallRecord[] = []
    for (let seq = from; seq <= to; seq++) {
      const callStatus = plannedStatus(plan, seq)
      const dialing = callStatus !== 'pending' && callStatus !== 'queued'
      const startMs = dialing ? laneHeap.earliest : 0
      const callId = state.ids.callId(fmix32((state.callCounter++ + state.callSalt) >>> 0))
      const call = makeCall(f, {
        batch,
        outcomeKeys,
        seq,
        callId,
        externalId: externalId(seq),
        status: callStatus,
        startedAt: dialing ? iso(startMs) : null
      })
      if (dialing) {
        if (call.duration_seconds !== null) {
          const endMs = startMs + call.duration_seconds * 1000
          if (endMs > lastEvent) lastEvent = endMs
          laneHeap.replaceEarliest(endMs + between(f, 2, 8) * 1000) // wrap-up before the next dial
        } else {
          if (startMs > lastEvent) lastEvent = startMs
          laneHeap.replaceEarliest(Number.MAX_SAFE_INTEGER) // still on the line
        }
      }
      if (wasDialed(callStatus)) call.dialed_ord = ++state.dialCounter
      calls.push(call)
      if (calls.length === INSERT_BATCH) {
        repos.calls.insertMany(batch.schedule_id, calls)
        calls = []
      }
    }
    if (calls.length > 0) repos.calls.insertMany(batch.schedule_id, calls)
  }
  const finish = (): void => {
    const updatedAt = iso(lastEvent)
    if (updatedAt !== batch.updated_at) repos.batches.update({ ...batch, updated_at: updatedAt })
  }

  if (n <= CHUNK_SIZE) {
    db.transaction(() => {
      repos.batches.insert(batch)
      writeCalls(1, n)
      finish()
    })()
  } else {
    db.transaction(() => repos.batches.insert(batch))()
    const writeChunk = db.transaction(writeCalls)
    for (let from = 1; from <= n; from += CHUNK_SIZE) writeChunk(from, Math.min(n, from + CHUNK_SIZE - 1))
    db.transaction(finish)()
  }
}
