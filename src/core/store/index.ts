/**
 * The store: repositories over one database, each preparing its statements once. Every write goes
 * through them, so the change versions (versions.ts) and the key cache always know what changed.
 */
import type { Db } from './database.js'
import { createAccountRepository, forgetCachedKeys } from './accounts.js'
import { createBatchRepository } from './batches.js'
import { createCallRepository } from './calls.js'
import { createDialedRepository } from './dialed.js'
import { changeVersions } from './versions.js'

export function createRepositories (db: Db) {
  return {
    accounts: createAccountRepository(db),
    batches: createBatchRepository(db),
    calls: createCallRepository(db),
    dialed: createDialedRepository(db),
    versions: changeVersions(db)
  }
}

export type Repositories = ReturnType<typeof createRepositories>

/** Drops every cached key lookup and makes every cached response of `db` stale: call after writing to it with raw SQL (state swaps). */
export function forgetCachedPages (db: Db): void {
  forgetCachedKeys(db)
  changeVersions(db).forget()
}
