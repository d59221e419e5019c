import type { Db } from '../db/database.js'
import { createAccountRepository, forgetCachedKeys } from './account-repository.js'
import { createBatchRepository, forgetCachedLists } from './batch-repository.js'
import { createCallRepository, forgetCachedPages as forgetCachedCallPages } from './call-repository.js'

export function createRepositories (db: Db) {
  return {
    accounts: createAccountRepository(db),
    batches: createBatchRepository(db),
    calls: createCallRepository(db)
  }
}

export type Repositories = ReturnType<typeof createRepositories>

/** Drops the cached list and call pages and key lookups of `db`: call after writing to it with raw SQL (state swaps). */
export function forgetCachedPages (db: Db): void {
  forgetCachedKeys(db)
  forgetCachedLists(db)
  forgetCachedCallPages(db)
}
