/**
 * The store: one SQLite handle (in memory, or the file given by --db), migrated, seeded on first
 * open, closed when the app closes. Repositories are created once here and shared by every route.
 */
import { EventEmitter } from 'node:events'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { replaceState } from '../../core/control/state-swap.js'
import {
  attachTemplateFile, captureTemplate, hasTemplate, readStoredImage, rememberSeededImage, restoreTemplate, seedDatabase, seededImage, templateKey,
  type ProviderSeed, type SeedOptions
} from '../../core/seed/index.js'
import { isMemoryPath, isSeeded, openDatabase, type Db } from '../../core/store/database.js'
import { createRepositories, forgetCachedPages, type Repositories } from '../../core/store/index.js'
import type { Config } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Db
    repos: Repositories
    /** True once seeding is done (readiness). */
    seeded: boolean
    /**
     * Store-wide events. 'state-replaced' is emitted after the whole state was swapped
     * (reset, reseed, fixture import): anything caching state (the simulation) reloads.
     */
    storeEvents: EventEmitter
    /** Empties every table and seeds again (every surface's documented records, then synthetic data). */
    reseed: (options: SeedOptions) => void
  }
}

export interface StoreOptions {
  config: Config
  /** An already open database (tests, in-process use); otherwise config.dbPath is opened. */
  db?: Db
  /** What every provider seeds. */
  providers: readonly ProviderSeed[]
}

async function storePlugin (app: FastifyInstance, opts: StoreOptions): Promise<void> {
  const startup: SeedOptions = { seed: opts.config.seed, batchesPerAccount: opts.config.batchesPerAccount, callsPerBatch: opts.config.callsPerBatch }
  const startupKey = templateKey(startup, opts.providers)
  // Seeding is deterministic: an in-memory database seeded like one this process seeded before
  // starts as a copy of it (see core/seed/template.ts), and one with the default options as a
  // copy of the image the build stored (core/seed/stored-image.ts; the providers here are always
  // every provider's, as they were for that image). The stored image's bytes are not kept: its
  // file is the template resets copy from.
  const inMemory = opts.db === undefined && isMemoryPath(opts.config.dbPath)
  let image = inMemory ? seededImage(startupKey) : undefined
  let storedFile: string | undefined
  if (image === undefined && inMemory) {
    const stored = readStoredImage(startup)
    image = stored?.image
    storedFile = stored?.file
  }
  const db = opts.db ?? openDatabase(opts.config.dbPath, image)
  app.decorate('config', opts.config)
  app.decorate('db', db)
  app.decorate('seeded', false)
  app.decorate('storeEvents', new EventEmitter())
  // Cached responses were built from the state a swap just replaced with raw SQL.
  app.storeEvents.on('state-replaced', () => forgetCachedPages(db))
  // A reset or reseed copies the connection's template of those options when it has one; otherwise
  // it seeds, and keeps what it wrote as the template (a reseed with other options replaces it).
  app.decorate('reseed', (options: SeedOptions) => {
    const key = templateKey(options, opts.providers)
    replaceState(db, () => {
      if (!restoreTemplate(db, key)) seedDatabase(db, options, opts.providers)
    })
    if (!hasTemplate(db, key)) captureTemplate(db, key)
  })
  if (image !== undefined) {
    if (storedFile !== undefined) attachTemplateFile(db, startupKey, storedFile)
    else captureTemplate(db, startupKey)
  } else if (!isSeeded(db)) {
    seedDatabase(db, startup, opts.providers)
    rememberSeededImage(startupKey, db)
    captureTemplate(db, startupKey)
  }
  app.decorate('repos', createRepositories(db))
  app.seeded = true
  app.addHook('onClose', async () => {
    if (db.open) db.close()
  })
}

export default fp(storePlugin, { name: 'store' })
