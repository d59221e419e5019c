/**
 * Change versions, kept in memory per database: every write through a repository bumps the version
 * of the batch it touched (and of the batch's account, for list pages). A surface that caches a
 * built response keeps the version it was built at and uses it while the version is unchanged, so
 * nothing cached is ever stale and the store itself keeps no surface's JSON.
 *
 * One counter per database, shared by every repository on it (seeding and the control plane make
 * their own repositories). After a raw-SQL state swap, `forget` moves every version past anything
 * cached before it.
 */
import type { Db } from './database.js'

export interface ChangeVersions {
  /** The version of a batch's data (the batch row and its calls). */
  batch: (batchId: string) => number
  /** The version of an account's batch list (any batch row of the account). */
  account: (accountId: string) => number
  bumpBatch: (batchId: string) => void
  bumpAccount: (accountId: string) => void
  /** Everything cached before now is stale (the state was replaced with raw SQL). */
  forget: () => void
}

const byDb = new WeakMap<Db, ChangeVersions>()

export function changeVersions (db: Db): ChangeVersions {
  let v = byDb.get(db)
  if (v === undefined) {
    let counter = 0
    let epoch = 0
    const batches = new Map<string, number>()
    const accounts = new Map<string, number>()
    v = {
      batch: (id) => batches.get(id) ?? epoch,
      account: (id) => accounts.get(id) ?? epoch,
      bumpBatch: (id) => { batches.set(id, ++counter) },
      bumpAccount: (id) => { accounts.set(id, ++counter) },
      forget: () => {
        batches.clear()
        accounts.clear()
        epoch = ++counter
      }
    }
    byDb.set(db, v)
  }
  return v
}
