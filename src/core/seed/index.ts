/**
 * Seeding: the records each surface documents (always the same, whatever the seed) and the
 * synthetic data (deterministic from `seed`) for every seeded account. The same function seeds
 * tests, the server and reseeds.
 */
import type { Db } from '../store/database.js'
import { createRepositories, type Repositories } from '../store/index.js'
import type { Provider } from '../model/records.js'
import { seedSyntheticData, type SeedOptions, type SyntheticIds } from './synthetic.js'

export { templateKey, seededImage, rememberSeededImage, captureTemplate, attachTemplateFile, restoreTemplate, hasTemplate } from './template.js'
export { readStoredImage, writeStoredImage, type StoredImage } from './stored-image.js'
export { DEFAULT_SEED_OPTIONS, type SeedOptions, type SyntheticIds } from './synthetic.js'

/** Writes a surface's documented records (its seeded accounts, keys, agents and example batches). */
export type DocumentedRecords = (db: Db, repos: Repositories) => void

/** What each provider's surface gives the seeder. */
export interface ProviderSeed {
  provider: Provider
  /** Its seeded accounts and the records its docs show (written first). */
  documented?: DocumentedRecords
  /** How it names synthetic records; absent: its accounts get no synthetic data. */
  ids?: SyntheticIds
  /** Runs after the synthetic data is written: the surface shapes its own batches further. */
  after?: (db: Db, repos: Repositories, options: SeedOptions) => void
}

export function seedDatabase (db: Db, options: SeedOptions, providers: readonly ProviderSeed[]): void {
  const repos = createRepositories(db)
  for (const p of providers) p.documented?.(db, repos)
  seedSyntheticData(db, repos, options, Object.fromEntries(providers.flatMap(p => p.ids === undefined ? [] : [[p.provider, p.ids]])))
  for (const p of providers) p.after?.(db, repos, options)
}
