/**
 * Seeding: the records each surface documents (always the same, whatever the seed) and the
 * synthetic data (deterministic from `seed`) for every seeded account. The same function seeds
 * tests, the server and reseeds.
 */
import type { Db } from '../store/database.js'
import { createRepositories, type Repositories } from '../store/index.js'
import { seedSyntheticData, type SeedOptions } from './synthetic.js'

export { DEFAULT_SEED_OPTIONS, type SeedOptions } from './synthetic.js'

/** Writes a surface's documented records (its seeded accounts, keys, agents and example batches). */
export type DocumentedRecords = (db: Db, repos: Repositories) => void

export function seedDatabase (db: Db, options: SeedOptions, documented: readonly DocumentedRecords[]): void {
  const repos = createRepositories(db)
  for (const write of documented) write(db, repos)
  seedSyntheticData(db, repos, options)
}
