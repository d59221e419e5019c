/**
 * The default seed, stored: `npm run build` seeds an in-memory database with the default options
 * and writes its `db.serialize()` image next to the compiled code, so a server started with the
 * default seed opens a copy of it (`new Database(buffer)`, a few ms) instead of loading faker and
 * running it (hundreds of ms, and faker's locale data in memory for good).
 *
 * An image is only as good as the code that seeded it: its manifest records the options and a
 * fingerprint of the code (every compiled .js file under the package's `dist/src`, and faker's
 * version), and an image whose fingerprint is not the running code's is never used (a rebuild
 * that was not followed by a new image, an edited file): the server seeds with faker instead.
 * Run from the TypeScript sources (the tests), there is no image beside the code: faker seeds.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SeedOptions } from './synthetic.js'

const IMAGE_FILE = 'default-seed.sqlite'
const MANIFEST_FILE = 'default-seed.json'

interface Manifest {
  options: SeedOptions
  fingerprint: string
  bytes: number
}

/** Where the image of the code this module belongs to lives: beside this module. */
export const STORED_IMAGE_DIR = dirname(fileURLToPath(import.meta.url))

/** The code root the fingerprint covers: the `src` folder this module is compiled into. */
const CODE_ROOT = join(STORED_IMAGE_DIR, '..', '..')

function jsFiles (dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) jsFiles(path, out)
    else if (entry.name.endsWith('.js')) out.push(path)
  }
  return out
}

function fakerVersion (): string {
  try {
    const require = createRequire(import.meta.url)
    return (JSON.parse(readFileSync(require.resolve('@faker-js/faker/package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

/** A hash of every .js file under `codeRoot` (path and content) and faker's version. */
export function codeFingerprint (codeRoot: string = CODE_ROOT): string {
  const hash = createHash('sha256')
  hash.update(`faker ${fakerVersion()}\n`)
  for (const file of jsFiles(codeRoot).sort()) {
    hash.update(`${relative(codeRoot, file).split(sep).join('/')}\n`)
    hash.update(readFileSync(file))
    hash.update('\n')
  }
  return hash.digest('hex')
}

const sameOptions = (a: SeedOptions, b: SeedOptions): boolean =>
  a.seed === b.seed && a.batchesPerAccount === b.batchesPerAccount && a.callsPerBatch === b.callsPerBatch

/** The running code's fingerprint, taken once: the code a process runs is the code it loaded. */
let runningFingerprint: string | undefined
const fingerprintOf = (codeRoot: string): string =>
  codeRoot === CODE_ROOT ? (runningFingerprint ??= codeFingerprint(codeRoot)) : codeFingerprint(codeRoot)

/** A stored image: its bytes, and the file they were read from. */
export interface StoredImage {
  image: Buffer
  file: string
}

/**
 * The stored image for `options`, when there is one, made by the code in `codeRoot` as it is now;
 * otherwise undefined (the caller seeds).
 */
export function readStoredImage (options: SeedOptions, dir: string = STORED_IMAGE_DIR, codeRoot: string = CODE_ROOT): StoredImage | undefined {
  const manifestPath = join(dir, MANIFEST_FILE)
  if (!existsSync(manifestPath)) return undefined
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest
    if (!sameOptions(manifest.options, options)) return undefined
    if (manifest.fingerprint !== fingerprintOf(codeRoot)) return undefined
    const file = join(dir, IMAGE_FILE)
    const image = readFileSync(file)
    return image.length === manifest.bytes ? { image, file } : undefined
  } catch {
    return undefined
  }
}

/**
 * Writes `image` (the seeded state of `options`, made by the code in `codeRoot`) and its manifest.
 * Each file is written beside its place and renamed into it: a server that has the old image
 * attached as its template keeps reading the old file, never a half-written new one.
 */
export function writeStoredImage (image: Buffer, options: SeedOptions, dir: string = STORED_IMAGE_DIR, codeRoot: string = CODE_ROOT): void {
  const manifest: Manifest = { options: { ...options }, fingerprint: codeFingerprint(codeRoot), bytes: image.length }
  for (const [name, bytes] of [[IMAGE_FILE, image], [MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n']] as const) {
    const temporary = join(dir, `.${name}.${process.pid}`)
    writeFileSync(temporary, bytes)
    renameSync(temporary, join(dir, name))
  }
}
