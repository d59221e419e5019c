/**
 * The one call-outcome model: how a call ends (completed, no answer, busy, failed) and how long
 * each step takes, its summary and outcomes. A pure function of (seed, batch, seq): the same call
 * always ends the same way, whatever order the engine reaches it in, and across restarts. The
 * seeder draws seeded calls' statuses from the same thresholds (terminalStatusFor), and both take
 * durations and summaries from call-description.ts, so created batches look like seeded ones.
 */
import type { Faker } from '@faker-js/faker'
import { batchDefaults, type BatchRecord, type CallRecord, type CallStatus } from '../model/records.js'
import { makeCall } from './call-description.js'
import { createSeededFaker } from './faker.js'
import { hash32, mulberry32 } from './random.js'
import { testNumberOutcome, type TestNumberOutcome } from './test-numbers.js'

/** What the outcome model needs to know of a call. */
export type CallKey = Pick<CallRecord, 'seq' | 'attempt' | 'phone_number'>

export type TerminalStatus = 'completed' | 'failed' | 'no_answer' | 'busy'

/**
 * How a dialed call ends, from a uniform draw `u` in [0, 1): 72% completed, 15% no answer, 8%
 * busy, 5% failed. A batch that is failing has more failures (55 / 15 / 8 / 22).
 */
export function terminalStatusFor (u: number, failing = false): TerminalStatus {
  if (failing) return u < 0.55 ? 'completed' : u < 0.7 ? 'no_answer' : u < 0.78 ? 'busy' : 'failed'
  return u < 0.72 ? 'completed' : u < 0.87 ? 'no_answer' : u < 0.95 ? 'busy' : 'failed'
}

/** Where a call caught mid-flight is (a seeded snapshot of a running batch). */
export function inFlightStatusFor (u: number): CallStatus {
  return u < 0.6 ? 'in_progress' : u < 0.85 ? 'ringing' : 'queued'
}

export interface CallFate {
  status: TerminalStatus
  /** Set when the call cannot be placed at all: it fails at its first ring, before dialing. */
  preDialError: string | null
  /** queued -> ringing. */
  queueSeconds: number
  /** ringing -> in_progress (completed calls that were answered). */
  ringSeconds: number
  /** From started_at (the first ring) to the end. */
  durationSeconds: number
  answerSeconds: number
  disconnectReason: string
  /** After the end: transcript processing -> ready/failed. */
  transcriptSeconds: number
  /** After the transcript: analysis processing -> ready/failed. */
  analysisSeconds: number
  transcriptFinal: 'ready' | 'failed'
  analysisFinal: 'ready' | 'failed'
}

const WARM_UP_BATCH: BatchRecord = {
  schedule_id: 'sched_00000000', account_id: '', agent_id: '', agent_name: '', version_id: '', status: 'pending',
  start_mode: 'manual', voice: '', did_number: null, total_contacts: 0, completed_contacts: 0, failed_contacts: 0,
  pending_contacts: 0, concurrency: 1, recording_enabled: true, scheduled_at: null, started_at: null,
  created_at: '', updated_at: '', interruption: false, use_alternate_number: false, deduplicate_by_phone: true,
  callback_url: null, max_duration_seconds_per_call: null, metadata: null, frozen: false, ...batchDefaults()
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z'

export class FateSource {
  private seededFaker: Faker | undefined

  constructor (private readonly seed: number) {}

  /** Made on the first fate drawn (a server that never runs a call never loads faker). */
  private get faker (): Faker {
    if (this.seededFaker === undefined) {
      this.seededFaker = createSeededFaker(hash32(`fate:${this.seed}`))
      // Build the faker's name pools now, from the seed alone, so no call's draws depend on which call came first.
      makeCall(this.seededFaker, { batch: WARM_UP_BATCH, outcomeKeys: [], seq: 1, callId: '', externalId: '', status: 'pending', startedAt: null })
    }
    return this.seededFaker
  }

  /** A call's own seed: a later attempt (a retried call) draws again. */
  private callSeed (batchId: string, call: CallKey): number {
    return hash32(call.attempt > 1 ? `${this.seed}/${batchId}/${call.seq}/${call.attempt}` : `${this.seed}/${batchId}/${call.seq}`)
  }

  private record (batch: BatchRecord, outcomeKeys: string[], call: CallKey, status: CallStatus, startedMs: number) {
    // Reseeded per call: the faker's name pools are built once (at its first use) and never drawn again.
    this.faker.seed(this.callSeed(batch.schedule_id, call) ^ 0x2545f491)
    return makeCall(this.faker, { batch, outcomeKeys, seq: call.seq, callId: '', externalId: '', status, startedAt: iso(startedMs) })
  }

  /** Fates are asked for at every step of a call; reseeding faker is the costly part, so keep them. */
  private readonly cache = new Map<string, CallFate>()

  fate (batch: BatchRecord, call: CallKey): CallFate {
    const key = `${batch.schedule_id}:${call.seq}:${call.attempt}`
    let fate = this.cache.get(key)
    if (fate === undefined) {
      if (this.cache.size >= 100_000) this.cache.clear()
      const test = testNumberOutcome(call.phone_number)
      fate = test === undefined ? this.compute(batch, call) : testFate(test)
      this.cache.set(key, fate)
    }
    return fate
  }

  /** Forget cached fates (the state was replaced: ids may be reused by other batches). */
  clear (): void {
    this.cache.clear()
  }

  private compute (batch: BatchRecord, call: CallKey): CallFate {
    const rng = mulberry32(this.callSeed(batch.schedule_id, call))
    const status = terminalStatusFor(rng())
    const queueSeconds = 1 + Math.floor(rng() * 3)
    const transcriptSeconds = 3 + Math.floor(rng() * 13)
    const analysisSeconds = 5 + Math.floor(rng() * 26)
    const rec = this.record(batch, [], call, status, 0)
    const limit = batch.max_duration_seconds_per_call ?? 900
    let duration = rec.duration_seconds ?? 0
    let reason = rec.disconnect_reason ?? 'agent_hangup'
    let ring = status === 'completed' ? duration - (rec.answer_duration_seconds ?? 0) : duration
    if (duration > limit) {
      duration = limit
      if (status === 'completed') reason = 'max_duration_reached'
    }
    ring = Math.min(ring, duration)
    const answer = status === 'completed' ? Math.max(0, duration - ring) : 0
    const transcriptFinal = rec.transcript_status === 'failed' ? 'failed' : 'ready'
    const analysisFinal = transcriptFinal === 'failed' || rec.analysis_status === 'failed' ? 'failed' : 'ready'
    return {
      status,
      preDialError: null,
      queueSeconds,
      ringSeconds: ring,
      durationSeconds: duration,
      answerSeconds: answer,
      disconnectReason: reason,
      transcriptSeconds,
      analysisSeconds,
      transcriptFinal,
      analysisFinal
    }
  }

  /** Summary and outcome values of a completed call whose analysis is ready (dates follow its start). */
  analysis (batch: BatchRecord, outcomeKeys: string[], call: CallKey, startedMs: number): { summary: string | null, outcomes: Record<string, string> } {
    let rec = this.record(batch, outcomeKeys, call, 'completed', startedMs)
    // makeCall sometimes leaves analysis unfinished (a snapshot); draw on from the same stream until it is.
    for (let i = 0; i < 8 && rec.analysis_status !== 'ready'; i++) {
      rec = makeCall(this.faker, { batch, outcomeKeys, seq: call.seq, callId: '', externalId: '', status: 'completed', startedAt: iso(startedMs) })
    }
    return { summary: rec.summary, outcomes: rec.outcomes }
  }
}

/** The fixed fates of the test numbers (test-numbers.ts): the same timings on every call. */
function testFate (outcome: TestNumberOutcome): CallFate {
  const base = { preDialError: null, queueSeconds: 1, transcriptSeconds: 5, analysisSeconds: 10, transcriptFinal: 'ready', analysisFinal: 'ready' } as const
  switch (outcome) {
    case 'unreachable':
      return { ...base, status: 'failed', preDialError: 'The number is unreachable', ringSeconds: 0, durationSeconds: 0, answerSeconds: 0, disconnectReason: 'number_unreachable', transcriptFinal: 'failed', analysisFinal: 'failed' }
    case 'no_answer':
      return { ...base, status: 'no_answer', ringSeconds: 30, durationSeconds: 30, answerSeconds: 0, disconnectReason: 'no_answer', transcriptFinal: 'failed', analysisFinal: 'failed' }
    case 'busy':
      return { ...base, status: 'busy', ringSeconds: 3, durationSeconds: 3, answerSeconds: 0, disconnectReason: 'busy', transcriptFinal: 'failed', analysisFinal: 'failed' }
    case 'voicemail':
      return { ...base, status: 'completed', ringSeconds: 5, durationSeconds: 25, answerSeconds: 20, disconnectReason: 'voicemail' }
    case 'short_call':
      return { ...base, status: 'completed', ringSeconds: 3, durationSeconds: 15, answerSeconds: 12, disconnectReason: 'customer_hangup' }
    case 'full_call':
      return { ...base, status: 'completed', ringSeconds: 5, durationSeconds: 95, answerSeconds: 90, disconnectReason: 'agent_hangup' }
  }
}
