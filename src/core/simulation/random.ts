/**
 * Deterministic randomness for the simulation: pure functions of (seed, ids, counters), never
 * Math.random or the wall clock, so the same seed and the same requests and clock moves give the
 * same ids and outcomes on every run.
 */

/** The murmur3 finalizer: a bijection on 32-bit integers. */
export function fmix32 (h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a over the string, finalized: a 32-bit hash. */
export function hash32 (s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return fmix32(h >>> 0)
}

/** mulberry32: a small, fast PRNG; returns floats in [0, 1). */
export function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/** `evt_` + 16 hex: the n-th webhook event of this seed. */
export function eventIdFor (seed: number, n: number): string {
  const a = fmix32((hash32(`evt:${seed}`) + n) >>> 0)
  const b = fmix32((a ^ 0x5bd1e995) >>> 0)
  return `evt_${hex8(a)}${hex8(b)}`
}
