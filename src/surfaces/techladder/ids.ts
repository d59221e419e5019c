/** TechLadder's id formats: `sched_` and `call_` + 8 lowercase hex, as in the docs' examples. */
import type { SyntheticIds } from '../../core/seed/index.js'
import type { IdFormat } from '../../core/simulation/engine.js'
import { hexId } from '../../core/simulation/faker.js'
import { fmix32, hash32, hex8 } from '../../core/simulation/random.js'

/** `sched_` + 8 hex: the n-th batch id candidate of this seed. */
export function batchIdCandidate (seed: number, n: number): string {
  return `sched_${hex8(fmix32((hash32(`batch:${seed}`) + Math.imul(n, 0x9e3779b1)) >>> 0))}`
}

/**
 * `call_` + 8 hex, distinct for distinct seqs of one batch (fmix32 is a bijection); a later attempt
 * or a candidate another call took draws again from the same hash.
 */
export function callIdFor (scheduleId: string, seq: number, attempt = 1, retry = 0): string {
  const salt = attempt === 1 && retry === 0 ? `calls:${scheduleId}` : `calls:${scheduleId}:${attempt}:${retry}`
  return `call_${hex8(fmix32((hash32(salt) + seq) >>> 0))}`
}

export const techladderIds = (seed: number): IdFormat => ({
  batchId: (n) => batchIdCandidate(seed, n),
  callId: callIdFor
})

/** Seeded records: `agt-`, `pmt-` and `sched_` with the docs' hex lengths, `call_` + 8 hex. */
export const techladderSyntheticIds: SyntheticIds = {
  agentId: (f) => 'agt-' + hexId(f, 8),
  versionId: (f) => 'pmt-' + hexId(f, 10),
  batchId: (f) => 'sched_' + hexId(f, 8),
  callId: (n) => `call_${hex8(n)}`
}
