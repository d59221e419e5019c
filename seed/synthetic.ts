/**
 * Synthetic accounts' agents, batches and calls, deterministic from the user's seed.
 *
 * Every batch draws from its own faker, seeded from (seed, account index, batch index), so adding
 * batches or accounts never reshuffles the others. Calls are generated and inserted as a stream
 * (one transaction per batch, or per 10,000 calls for big batches): a million calls never sit in
 * memory at once. Call statuses come from a pure function of (batch, seq), so a batch's counters
 * are known before its first call is written.
 */
import { Faker, base, en, en_IN } from '@faker-js/faker'
import type { Db } from '../src/db/database.js'
import type { Repositories } from '../src/repositories/index.js'
import {
  counterFor,
  notStartedCall,
  type AccountRecord,
  type AgentRecord,
  type BatchRecord,
  type BatchStatus,
  type CallRecord,
  type StartMode
} from '../src/repositories/records.js'
import type { CallStatus, ProcessingStatus } from '../src/schemas/call.js'
import { fmix32 } from '../src/simulation/random.js'
import type { SeedOptions } from './index.js'
import {
  AGENT_TEMPLATES,
  BATCH_METADATA,
  GENERIC_SUMMARIES,
  OUTCOME_SPECS,
  VOICES,
  type OutcomeSpec,
  type Sentiment
} from './synthetic-data.js'

/** Every synthetic timestamp falls in this window (the docs' examples are from mid-May 2026). */
const WINDOW_START = Date.parse('2026-03-01T00:00:00Z')
const WINDOW_END = Date.parse('2026-05-19T23:59:59Z')
/** Calls written per transaction for big batches; also the most call records alive at once. */
const CHUNK_SIZE = 10_000
const AGENTS_PER_ACCOUNT = 3
/**
 * A disabled account still owns data, though its requests get 403 before they could see it. Its
 * batches stay small whatever `callsPerBatch` is, so `batchesPerAccount=1, callsPerBatch=500000`
 * seeds the 1,000,000 calls it says (two enabled accounts) rather than 2,000,000.
 */
const DISABLED_ACCOUNT_BATCHES = 2
const DISABLED_ACCOUNT_MAX_CALLS = 50
const BATCH_STATUSES: readonly BatchStatus[] = ['pending', 'active', 'completed', 'failed', 'cancelled']
const START_MODES: readonly StartMode[] = ['manual', 'immediate', 'scheduled']
/** Seconds a dialer lane spends per call, on average, with margin (used to fit batches in the window). */
const LANE_SECONDS_PER_CALL = 300
const SPAN_MARGIN_SECONDS = 7200
const DAY = 86_400

export interface MakeCallInput {
  /** The batch (its recording_enabled, max_duration_seconds_per_call, agent etc.). */
  batch: BatchRecord
  /** The agent's outcome labels. */
  outcomeKeys: string[]
  /** 1..n in contact order. */
  seq: number
  callId: string
  externalId: string
  /** The status the call must have. */
  status: CallStatus
  /** 'YYYY-MM-DDTHH:MM:SSZ' when the call started; null for pending and queued calls. */
  startedAt: string | null
}

/** A faker with Indian English first, then English, then the base locale, seeded. */
export function createSeededFaker (seed: number): Faker {
  const f = new Faker({ locale: [en_IN, en, base] })
  f.seed(seed)
  return f
}

/** `length` lowercase hex characters. */
export function hexId (f: Faker, length: number): string {
  return f.string.hexadecimal({ length, casing: 'lower', prefix: '' })
}

// ---------------------------------------------------------------------------------------------
// Deterministic hashing: pure functions of their inputs, never Math.random or the clock.


/** Any safe integer to 32 bits (faker seeds with 32 bits only; larger seeds would be truncated). */
function fold32 (n: number): number {
  const lo = n >>> 0
  const hi = Math.floor(n / 4294967296) >>> 0
  return fmix32((lo ^ fmix32((hi + 0x9e3779b9) >>> 0)) >>> 0)
}

function hashString (s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return fmix32(h >>> 0)
}

/** The faker seed of one synthetic batch: batches of other indexes or accounts never shift it. */
function batchSeed (seed: number, accountIndex: number, batchIndex: number): number {
  return fold32(fold32(seed) * 1000003 + accountIndex * 10007 + batchIndex)
}

function accountSeed (seed: number, accountIndex: number): number {
  return fmix32((batchSeed(seed, accountIndex, 0) ^ 0xa9e1c3b5) >>> 0)
}

/**
 * A bijection on [0, 10^digits): a keyed bit mixer over the smallest power of two above the
 * range, cycle-walked back into it. Distinct seqs get distinct phone numbers within a batch
 * (the batches deduplicate by phone) without remembering the numbers already used.
 */
function permuteDigits (x: number, digits: number, key: number): number {
  const limit = 10 ** digits
  const bits = Math.ceil(Math.log2(limit))
  const mask = 2 ** bits - 1
  const half = bits >>> 1
  let v = x
  do {
    v = ((v + key) >>> 0) & mask
    v ^= v >>> half
    v = Math.imul(v, 0x2c1b3c6d) & mask
    v ^= v >>> (half + 1)
    v = Math.imul(v, 0x297a2d39) & mask
    v ^= v >>> half
  } while (v >= limit)
  return v
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z'
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

// ---------------------------------------------------------------------------------------------
// Calls

interface Pools {
  first: string[]
  last: string[]
  intlFirst: string[]
  intlLast: string[]
  companies: string[]
  cities: string[]
  intlCities: string[]
}

/**
 * Names, companies and cities drawn once per faker (faker's person/company calls cost ~10 µs;
 * a million of them would dominate seeding). 150 x 150 first/last names still give 22,500 names.
 */
const POOLS = new WeakMap<Faker, Pools>()

function poolsFor (f: Faker): Pools {
  let pools = POOLS.get(f)
  if (pools === undefined) {
    const intl = new Faker({ locale: [en, base] })
    intl.seed(f.number.int({ max: 0xffffffff }))
    const many = <T>(n: number, gen: () => T): T[] => Array.from({ length: n }, gen)
    pools = {
      first: many(150, () => f.person.firstName()),
      last: many(150, () => f.person.lastName()),
      intlFirst: many(40, () => intl.person.firstName()),
      intlLast: many(40, () => intl.person.lastName()),
      companies: many(60, () => f.company.name()),
      cities: many(40, () => f.location.city()),
      intlCities: many(20, () => intl.location.city())
    }
    POOLS.set(f, pools)
  }
  return pools
}

const pick = <T>(f: Faker, items: ArrayLike<T>): T => items[Math.floor(f.number.float() * items.length)]
const between = (f: Faker, min: number, max: number): number => min + Math.floor(f.number.float() * (max - min + 1))

/** Country code, the first digit(s) of the national number, and how many digits follow. */
const COUNTRIES = [
  { code: '91', leads: '6789', digits: 9, upTo: 0.88 }, // India, mobile
  { code: '1', leads: '23456789', digits: 9, upTo: 0.93 }, // US / Canada
  { code: '44', leads: '7', digits: 9, upTo: 0.96 }, // UK, mobile
  { code: '971', leads: '5', digits: 8, upTo: 0.98 }, // UAE, mobile
  { code: '61', leads: '4', digits: 8, upTo: 1 } // Australia, mobile
] as const

const TEMPLATE_SUMMARIES = new Map(AGENT_TEMPLATES.map(t => [t.name, t.summaries]))

function outcomeSpec (key: string): OutcomeSpec {
  return OUTCOME_SPECS[key] ?? (/\bDate\b/.test(key) ? { kind: 'date' } : { kind: 'yes' })
}

function outcomeValue (f: Faker, spec: OutcomeSpec, sentiment: Sentiment, callMs: number): string {
  const bad = sentiment === 'negative' || sentiment === 'voicemail'
  switch (spec.kind) {
    case 'yes':
      return sentiment === 'positive' ? 'Yes' : sentiment === 'neutral' ? (f.number.float() < 0.5 ? 'Yes' : 'No') : 'No'
    case 'no':
      return sentiment === 'negative' && f.number.float() < 0.6 ? 'Yes' : 'No'
    case 'date':
      return bad ? 'Not Provided' : isoDate(callMs + between(f, 1, 14) * DAY * 1000)
    case 'choice':
      return bad && spec.negative !== undefined ? spec.negative : pick(f, spec.values)
  }
}

function processingStatuses (p: number): [ProcessingStatus, ProcessingStatus] {
  if (p < 0.04) return ['ready', 'processing']
  if (p < 0.06) return ['processing', 'pending']
  if (p < 0.075) return ['ready', 'failed']
  if (p < 0.08) return ['failed', 'failed']
  return ['ready', 'ready']
}

/** Builds one call record deterministically; used by documented.ts too to fill documented batches. */
export function makeCall (f: Faker, input: MakeCallInput): CallRecord {
  const { batch, seq, status, startedAt } = input
  const pools = poolsFor(f)

  const r = f.number.float()
  const country = COUNTRIES.find(c => r < c.upTo) ?? COUNTRIES[0]
  const local = country === COUNTRIES[0]
  const key = hashString(batch.schedule_id)
  const tail = permuteDigits((seq + key) % 10 ** country.digits, country.digits, key)
  const phone = country.code + pick(f, country.leads) + String(tail).padStart(country.digits, '0')

  const first = pick(f, local ? pools.first : pools.intlFirst)
  const last = pick(f, local ? pools.last : pools.intlLast)
  const name = f.number.float() < 0.03 ? null : `${first} ${last}`
  const metadata: Record<string, string> = {}
  if (name !== null) metadata.Name = name
  metadata['Company Name'] = pick(f, pools.companies)
  metadata.City = pick(f, local ? pools.cities : pools.intlCities)

  const call: CallRecord = {
    batch_id: batch.schedule_id,
    seq,
    call_id: input.callId,
    external_id: input.externalId,
    phone_number: phone,
    name,
    ...notStartedCall(),
    status,
    metadata
  }
  if (status === 'pending' || status === 'queued') return call
  if (startedAt === null) throw new Error(`makeCall: a ${status} call needs startedAt`)
  call.started_at = startedAt
  if (status === 'ringing' || status === 'in_progress') return call

  const startMs = Date.parse(startedAt)
  if (status === 'completed') {
    const limit = batch.max_duration_seconds_per_call
    const cap = Math.min(limit ?? 900, 600)
    const hitLimit = limit !== null && limit <= 600 && f.number.float() < 0.04
    const voicemail = !hitLimit && f.number.float() < 0.07
    let duration: number
    let reason: string
    if (hitLimit) {
      duration = cap
      reason = 'max_duration_reached'
    } else if (voicemail) {
      duration = between(f, 20, Math.min(60, cap - 1))
      reason = 'voicemail'
    } else {
      const u = f.number.float()
      duration = 20 + Math.floor(u * u * (cap - 20)) // skewed short: most calls last 1-4 minutes
      reason = f.number.float() < 0.58 ? 'agent_hangup' : 'customer_hangup'
    }
    const ring = between(f, 2, 15)
    call.duration_seconds = duration
    call.answer_duration_seconds = Math.max(0, duration - ring)
    call.disconnect_reason = reason
    call.ended_at = iso(startMs + duration * 1000)
    call.recording_available = batch.recording_enabled

    // Mostly analysed; a few still processing, rarely failed.
    const [transcript, analysis] = processingStatuses(f.number.float())
    call.transcript_status = transcript
    call.analysis_status = analysis
    if (analysis === 'ready') {
      const s = f.number.float()
      const sentiment: Sentiment = voicemail ? 'voicemail' : s < 0.45 ? 'positive' : s < 0.75 ? 'neutral' : 'negative'
      const summaries = TEMPLATE_SUMMARIES.get(batch.agent_name) ?? GENERIC_SUMMARIES
      call.summary = pick(f, summaries[sentiment])
      const outcomes: Record<string, string> = {}
      for (const k of input.outcomeKeys) outcomes[k] = outcomeValue(f, outcomeSpec(k), sentiment, startMs)
      call.outcomes = outcomes
    }
    return call
  }

  // failed / no_answer / busy: the line rang (or not) and nobody talked.
  const duration = status === 'no_answer' ? between(f, 25, 45) : status === 'busy' ? between(f, 0, 10) : between(f, 0, 20)
  call.duration_seconds = duration
  call.answer_duration_seconds = 0
  call.disconnect_reason = status === 'no_answer' ? 'no_answer' : status === 'busy' ? 'busy' : 'network_error'
  call.transcript_status = 'failed'
  call.analysis_status = 'failed'
  call.ended_at = iso(startMs + duration * 1000)
  return call
}

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
  if (seq <= plan.terminal) {
    if (plan.failing) {
      if (seq === plan.terminal) return 'failed'
      return u < 0.55 ? 'completed' : u < 0.7 ? 'no_answer' : u < 0.78 ? 'busy' : 'failed'
    }
    return u < 0.72 ? 'completed' : u < 0.87 ? 'no_answer' : u < 0.95 ? 'busy' : 'failed'
  }
  if (seq <= plan.terminal + plan.inFlight) return u < 0.6 ? 'in_progress' : u < 0.85 ? 'ringing' : 'queued'
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
  usedAgentIds: Set<string>
  usedVersionIds: Set<string>
  /** Global call ordinal: its 32-bit mix is the call id, so ids are unique across the database. */
  callCounter: number
  callSalt: number
}

function uniqueId (f: Faker, prefix: string, length: number, used: Set<string>): string {
  let id: string
  do id = prefix + hexId(f, length)
  while (used.has(id))
  used.add(id)
  return id
}

function createAgents (state: SeedState, account: AgentRecord['account_id'], f: Faker): AgentRecord[] {
  const templates = f.helpers.shuffle([...AGENT_TEMPLATES]).slice(0, AGENTS_PER_ACCOUNT)
  return templates.map(template => {
    const agentId = uniqueId(f, 'agt-', 8, state.usedAgentIds)
    const versions = Array.from({ length: between(f, 1, 3) }, () => uniqueId(f, 'pmt-', 10, state.usedVersionIds))
    const count = between(f, 3, Math.min(5, template.outcomes.length))
    const chosen = new Set(f.helpers.arrayElements(template.outcomes, count))
    return {
      agent_id: agentId,
      account_id: account,
      agent_name: template.name,
      voice: pick(f, VOICES),
      current_version: versions[versions.length - 1],
      versions,
      outcome_keys: template.outcomes.filter(o => chosen.has(o))
    }
  })
}

export function seedSyntheticData (db: Db, repos: Repositories, options: SeedOptions): void {
  const accounts = repos.accounts.listAccounts()
  const state: SeedState = {
    db,
    repos,
    options,
    usedAgentIds: new Set(),
    usedVersionIds: new Set(),
    callCounter: 0,
    callSalt: fold32(options.seed)
  }
  const existingAgents = accounts.map(a => repos.accounts.listAgents(a.account_id))
  for (const agents of existingAgents) {
    for (const a of agents) {
      state.usedAgentIds.add(a.agent_id)
      for (const v of a.versions) state.usedVersionIds.add(v)
    }
  }

  accounts.forEach((account, accountIndex) => {
    const f = createSeededFaker(accountSeed(options.seed, accountIndex))
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
      seedBatch(state, account, choices, createSeededFaker(batchSeed(options.seed, accountIndex, i)),
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
  do scheduleId = `sched_${hexId(f, 8)}`
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
    frozen: false
  }

  const externalStyle = between(f, 0, 2)
  const externalId = (seq: number): string =>
    externalStyle === 0 ? String(1000 + seq) : externalStyle === 1 ? `CRM-${String(seq).padStart(5, '0')}` : `LD-${String(100000 + seq)}`
  const outcomeKeys = agent.outcome_keys
  const laneHeap = new LaneHeap(Array.from({ length: Math.max(1, lanes) }, (_, j) => startedMs + (1 + j) * 1000))
  let lastEvent = started ? startedMs : createdMs

  const writeCalls = (from: number, to: number): void => {
    for (let seq = from; seq <= to; seq++) {
      const callStatus = plannedStatus(plan, seq)
      const dialing = callStatus !== 'pending' && callStatus !== 'queued'
      const startMs = dialing ? laneHeap.earliest : 0
      const callId = `call_${fmix32((state.callCounter++ + state.callSalt) >>> 0).toString(16).padStart(8, '0')}`
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
      repos.calls.insert(call)
    }
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
