/**
 * Response bodies kept once built, for every surface: a repeated read (a CI suite polling a batch,
 * a client walking pages again) costs a few Map lookups instead of a SQLite read and a rebuild.
 *
 * Each entry carries the change versions of what it was built from (src/core/store/versions.ts):
 * the account's batch list, the batches it shows, or both. It is used only while every one of them
 * is unchanged, so a write through any repository shows on the next read, and a state swap (which
 * moves every version on) leaves nothing usable. The caller reads the versions in the same
 * synchronous step as the records it builds from (no await in between), so they match.
 * Entries belong to an account (`owner`): another account's request never gets them, whatever the
 * key. Bounded by bytes (bodies, keys and a rough per-entry overhead): the oldest entries go first.
 */
import type { ChangeVersions } from '../core/store/versions.js'

export interface BuiltFrom {
  /** The account's batch-list version (a batch made, changed or deleted); null: the body shows no list. */
  account: number | null
  /** Each batch the body shows, with its version. */
  batches: Array<[string, number]>
}

/** What an entry costs besides its body and key: the Map slot, the record, each version pair (estimates). */
const ENTRY_BYTES = 96
const VERSION_BYTES = 48

interface Entry { owner: string, builtFrom: BuiltFrom, body: Buffer, size: number }

export class BodyCache {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0

  constructor (private readonly maxBytes: number, private readonly versions: Pick<ChangeVersions, 'account' | 'batch'>) {}

  /** A body about to be built from one batch: its version now (read with the records, no await between). */
  fromBatch (batchId: string): BuiltFrom {
    return { account: null, batches: [[batchId, this.versions.batch(batchId)]] }
  }

  /**
   * A body about to be built from the account's batch list: its version now (read with the
   * records, no await between). A body that also shows what only a batch's own version follows
   * (its calls, its paused flag) adds each batch it shows to `batches`.
   */
  fromList (accountId: string): BuiltFrom {
    return { account: this.versions.account(accountId), batches: [] }
  }

  /** The body cached under `key` for `owner`, if every version it was built at is still current. */
  get (key: string, owner: string): Buffer | undefined {
    const e = this.entries.get(key)
    if (e === undefined || e.owner !== owner) return undefined
    const { account, batches } = e.builtFrom
    let fresh = account === null || account === this.versions.account(owner)
    for (let i = 0; fresh && i < batches.length; i++) fresh = this.versions.batch(batches[i][0]) === batches[i][1]
    if (!fresh) {
      this.drop(key)
      return undefined
    }
    return e.body
  }

  set (key: string, owner: string, builtFrom: BuiltFrom, body: Buffer): void {
    const size = body.length + key.length * 2 + ENTRY_BYTES + builtFrom.batches.length * VERSION_BYTES
    if (size > this.maxBytes / 8) return
    this.drop(key)
    this.entries.set(key, { owner, builtFrom, body, size })
    this.bytes += size
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(k)
    }
  }

  private drop (key: string): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.bytes -= e.size
  }
}
