/**
 * Seeding: the documented records (always the same, whatever the seed) and the synthetic
 * data (deterministic from `seed`). The same function seeds tests, the server and reseeds.
 */
import type { Db } from '../src/db/database.js'
import { createRepositories } from '../src/repositories/index.js'
import { seedDocumentedRecords } from './documented.js'
import { seedSyntheticData } from './synthetic.js'

export interface SeedOptions {
  /** The faker seed for synthetic data. */
  seed: number
  /** Synthetic batches for each of the two enabled seeded accounts. */
  batchesPerAccount: number
  /** Calls in each synthetic batch. */
  callsPerBatch: number
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { seed: 20260514, batchesPerAccount: 30, callsPerBatch: 60 }

/** @internal Takes the better-sqlite3 handle, whose types are not in the published declarations. */
export function seedDatabase (db: Db, options: SeedOptions = DEFAULT_SEED_OPTIONS): void {
  const repos = createRepositories(db)
  seedDocumentedRecords(db, repos)
  seedSyntheticData(db, repos, options)
}

export { SEEDED_KEYS, SEEDED_ACCOUNTS } from './documented.js'
