/**
 * The package's own version, read from its package.json. The file sits one level above src/ in a
 * clone (running the TypeScript) and two above dist/src/ once built or installed, so it is looked
 * for upwards rather than at a fixed relative path.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

export function packageVersion (): string {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string, version?: string }
      if (pkg.name === 'techladder-mock' && typeof pkg.version === 'string') return (cached = pkg.version)
    }
    dir = dirname(dir)
  }
  return (cached = 'unknown')
}
