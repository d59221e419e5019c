/**
 * Seeding: the records each surface documents (always the same, whatever the seed) and the
 * synthetic data (deterministic from `seed`) for every seeded account. The same function seeds
 * tests, the server and reseeds.
 */
import type { Db } from '../store/database.js'
import { createRepositories, type Repositories } from '../store/index.js'
import { seedSyntheticData } from './synthetic.js'

export interface SeedOptions {
  /** The faker seed for synthetic data. */
  seed: number
  /** Synthetic batches for each enabled seeded account. */
  batchesPerAccount: number
  /** Calls in each synthetic batch. */
  callsPerBatch: number
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { seed: 20260514, batchesPerAccount: 30, callsPerBatch: 60 }

/** Writes a surface's documented records (its seeded accounts, keys, agents and example batches). */
export type DocumentedRecords = (db: Db, repos: Repositories) => void

export function seedDatabase (db: Db, options: SeedOptions, documented: readonly DocumentedRecords[]): void {
  const repos = createRepositories(db)
  for (const write of documented) write(db, repos)
  seedSyntheticData(db, repos, options)
}
