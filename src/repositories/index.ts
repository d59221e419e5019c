import type { Db } from '../db/database.js'
import { createAccountRepository } from './account-repository.js'
import { createBatchRepository } from './batch-repository.js'
import { createCallRepository } from './call-repository.js'

export function createRepositories (db: Db) {
  return {
    accounts: createAccountRepository(db),
    batches: createBatchRepository(db),
    calls: createCallRepository(db)
  }
}

export type Repositories = ReturnType<typeof createRepositories>
