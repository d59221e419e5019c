#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: seeds an in-memory database with the default options, as the
 * server would, and stores its image beside the compiled code (dist/src/core/seed/default-seed.*),
 * so a server started with the default seed opens a copy instead of running faker
 * (src/core/seed/stored-image.ts says when an image is used).
 */
import { DEFAULT_SEED_OPTIONS, seedDatabase, writeStoredImage } from '../dist/src/core/seed/index.js'
import { openDatabase } from '../dist/src/core/store/database.js'
import { PROVIDER_SEEDS } from '../dist/src/http/surfaces.js'

const t0 = performance.now()
const db = openDatabase(':memory:')
seedDatabase(db, DEFAULT_SEED_OPTIONS, PROVIDER_SEEDS)
const image = db.serialize()
db.close()
writeStoredImage(image, DEFAULT_SEED_OPTIONS)
console.log(`stored the default seed: ${(image.length / 1024 / 1024).toFixed(1)} MiB image in ${Math.round(performance.now() - t0)} ms`)
