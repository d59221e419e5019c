/**
 * Response bodies kept once built, each with the change versions of the batches it was built from
 * (src/core/store/versions.ts) and of the account's batch list: an entry is used only while every
 * one of them is unchanged, so a write through any repository shows on the next read, and a client
 * polling a batch (or re-walking a list) costs a few Map lookups instead of a rebuild. Bounded by
 * bytes: the oldest entries go first.
 */
export interface Versioned {
  /** The account's batch-list version (a batch made, changed or deleted); null: the body shows no list. */
  account: number | null
  /** Each batch the body shows, with its version. */
  batches: Array<[string, number]>
}

export class BodyCache {
  private readonly entries = new Map<string, { owner: string, versions: Versioned, body: Buffer }>()
  private bytes = 0

  constructor (private readonly maxBytes: number) {}

  /** The body cached under `key` for `owner`, if every version it was built at is current. */
  get (key: string, owner: string, current: { account: (id: string) => number, batch: (id: string) => number }): Buffer | undefined {
    const e = this.entries.get(key)
    if (e === undefined || e.owner !== owner) return undefined
    const fresh = (e.versions.account === null || e.versions.account === current.account(owner)) &&
      e.versions.batches.every(([id, v]) => current.batch(id) === v)
    if (!fresh) {
      this.drop(key)
      return undefined
    }
    return e.body
  }

  set (key: string, owner: string, versions: Versioned, body: Buffer): void {
    if (body.length > this.maxBytes / 8) return
    this.drop(key)
    this.entries.set(key, { owner, versions, body })
    this.bytes += body.length
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(k)
    }
  }

  private drop (key: string): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.bytes -= e.body.length
  }
}
