/**
 * Ultravox's ids are UUIDs. Here they are deterministic and v4-shaped: the first 16 bytes of a
 * SHA-256 of what names the record (the server's seed and a counter, or the batch and seq), with
 * the version and variant bits set, so the same seed, requests and clock moves give the same ids.
 */
import { createHash } from 'node:crypto'
import type { Faker } from '@faker-js/faker'
import type { SyntheticIds } from '../../core/seed/index.js'
import type { IdFormat } from '../../core/simulation/engine.js'

/** A v4-shaped UUID from any text. */
export function uuidFrom (text: string): string {
  const h = createHash('sha256').update(text, 'utf8').digest()
  h[6] = (h[6] & 0x0f) | 0x40
  h[8] = (h[8] & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

/** What a path's UUID must look like (Django's `uuid` path converter: lowercase hex). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const ultravoxIds = (seed: number): IdFormat => ({
  batchId: (n) => uuidFrom(`ultravox:${seed}:batch:${n}`),
  callId: (batchId, seq, attempt, retry) => uuidFrom(`ultravox:call:${batchId}:${seq}:${attempt}:${retry}`)
})

/** A UUID drawn from a seeded faker (its draws are deterministic). */
const drawn = (f: Faker): string => uuidFrom(`ultravox:drawn:${f.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' })}`)

export const ultravoxSyntheticIds: SyntheticIds = {
  agentId: drawn,
  versionId: drawn,
  batchId: drawn,
  callId: (n) => uuidFrom(`ultravox:seeded-call:${n}`)
}

/** The secret a batch's webhooks are signed with when the client sets none: 64 hex, from the seed and the batch. */
export function webhookSecretFor (seed: number, batchId: string): string {
  return createHash('sha256').update(`ultravox:${seed}:webhook-secret:${batchId}`, 'utf8').digest('hex')
}
