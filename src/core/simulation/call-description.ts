/**
 * What a call looks like: its number, name and metadata, and, for a call that has ended, how long
 * it rang and talked, why it ended, and its summary and outcome values. Deterministic from the
 * faker it is given; the seeder uses it for seeded calls and the call-outcome model for simulated
 * ones, so created batches look like seeded ones.
 */
import type { Faker } from '@faker-js/faker'
import { firstAttempt, notStartedCall, type BatchRecord, type CallRecord, type CallStatus, type ProcessingStatus } from '../model/records.js'
import { between, createEnglishFaker, pick } from './faker.js'
import { hash32 } from './random.js'
import { AGENT_TEMPLATES, GENERIC_SUMMARIES, OUTCOME_SPECS, type OutcomeSpec, type Sentiment } from './synthetic-data.js'

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
    const intl = createEnglishFaker()
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
  const key = hash32(batch.schedule_id)
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
    ...firstAttempt(),
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
