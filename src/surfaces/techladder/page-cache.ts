/**
 * Response bodies kept once built: a repeated read (a CI suite polling a batch, a client walking
 * pages again) costs a Map lookup instead of a SQLite read and a rebuild. Every entry carries the
 * change version of what it was built from (src/core/store/versions.ts) and is used only while that
 * version is unchanged, so a write through any repository shows on the next read. Bounded by bytes:
 * the oldest entries go first.
 */
export class BodyCache {
  private readonly entries = new Map<string, { version: number, body: Buffer, owner: string }>()
  private bytes = 0

  constructor (private readonly maxBytes: number) {}

  /** The body cached under `key` at `version`, or undefined. `owner` (an account id) must match too. */
  get (key: string, version: number, owner: string): Buffer | undefined {
    const e = this.entries.get(key)
    if (e === undefined) return undefined
    if (e.version === version && e.owner === owner) return e.body
    if (e.version !== version) this.drop(key)
    return undefined
  }

  set (key: string, version: number, owner: string, body: Buffer): void {
    if (body.length > this.maxBytes / 8) return
    this.drop(key)
    this.entries.set(key, { version, body, owner })
    this.bytes += body.length
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(k)
    }
  }

  clear (): void {
    this.entries.clear()
    this.bytes = 0
  }

  private drop (key: string): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.bytes -= e.body.length
  }
}
