/**
 * Cartesia's id formats: a prefix and 22 base62 characters, as in the guide's examples
 * (`acb_PDWFN995PzAudChwFDqVZ2`, `agent_Fo7pKNBUwLZxrTd6jvhpaE`, `ap_Q8PRh7lXyZsawXJmN2KcT5`): batches
 * `acb_`, calls `ac_`, agents `agent_`, phone numbers `ap_`, and (our choice: the docs show none)
 * recipients `acbr_`. Every id here is deterministic: from the server's seed and a counter, or from
 * the record it names.
 */
import { randomBytes } from 'node:crypto'
import type { SyntheticIds } from '../../core/seed/index.js'
import type { IdFormat } from '../../core/simulation/engine.js'
import { fmix32, hash32 } from '../../core/simulation/random.js'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const ID_LENGTH = 22

/**
 * 22 base62 characters from four 32-bit words (128 bits fit in 22 digits), least significant digit
 * first (the most significant one only reaches 7, and reads better last). Injective: distinct
 * words give distinct ids. Long division over eight 16-bit limbs (no BigInt: ids are made for
 * every recipient of every batch read).
 */
export function base62 (words: readonly [number, number, number, number]): string {
  const limbs = [0, 0, 0, 0, 0, 0, 0, 0]
  for (let i = 0; i < 4; i++) {
    const w = words[i] >>> 0
    limbs[2 * i] = w >>> 16
    limbs[2 * i + 1] = w & 0xffff
  }
  let out = ''
  for (let d = 0; d < ID_LENGTH; d++) {
    let rem = 0
    for (let i = 0; i < 8; i++) {
      const cur = rem * 0x10000 + limbs[i]
      limbs[i] = Math.floor(cur / 62)
      rem = cur % 62
    }
    out += ALPHABET[rem]
  }
  return out
}

/** Four words from one: the first is `w` itself, so distinct inputs stay distinct. */
function spread (w: number): [number, number, number, number] {
  const a = fmix32((w ^ 0x9e3779b9) >>> 0)
  const b = fmix32((a ^ 0x85ebca6b) >>> 0)
  const c = fmix32((b ^ 0xc2b2ae35) >>> 0)
  return [w >>> 0, a, b, c]
}

/** An id of this prefix from a string key (batches, calls and recipients made through the API). */
export const keyedId = (prefix: string, key: string): string => prefix + base62(spread(hash32(key)))

/** A recipient's id: a pure function of its batch and its place in the batch. */
export const recipientId = (batchId: string, seq: number): string => keyedId('acbr_', `recipient:${batchId}:${seq}`)

/** The batches and calls the simulation creates for this surface (a candidate taken already is drawn again by the core). */
export const cartesiaIds = (seed: number): IdFormat => ({
  batchId: (n) => keyedId('acb_', `batch:${seed}:${n}`),
  callId: (batchId, seq, attempt, retry) => keyedId('ac_', `call:${batchId}:${seq}:${attempt}:${retry}`)
})

/** 22 random base62 characters (accounts made at run time are not seeded). */
export const randomId = (prefix: string): string => {
  const b = randomBytes(16)
  return prefix + base62([b.readUInt32BE(0), b.readUInt32BE(4), b.readUInt32BE(8), b.readUInt32BE(12)])
}

/** How the seeder names Cartesia's synthetic records (agents have no prompt versions). */
export const cartesiaSyntheticIds: SyntheticIds = {
  agentId: (f) => 'agent_' + f.string.alphanumeric(ID_LENGTH),
  versionId: null,
  batchId: (f) => 'acb_' + f.string.alphanumeric(ID_LENGTH),
  // `n` is unique across the store, and base62 keeps it whole in the first word.
  callId: (n) => 'ac_' + base62(spread(n))
}
