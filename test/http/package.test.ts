// What `npm pack` would publish: the compiled server and library, the bin script, README and
// package.json, and nothing from the development tree (tests, TypeScript sources, CI, Dockerfile).
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

interface PackedFile { path: string, size: number, mode: number }
interface PackResult { name: string, files: PackedFile[] }

function packList (): PackedFile[] {
  if (!existsSync(join(root, 'dist/src/http/server.js'))) {
    execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  }
  // --ignore-scripts: listing the tarball must not run prepack/prepare hooks.
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const [result] = JSON.parse(out) as PackResult[]
  return result.files
}

t.test('npm pack', async (t) => {
  t.setTimeout(120_000)
  const files = packList()
  const paths = files.map((f) => f.path).sort()

  for (const required of [
    'package.json',
    'README.md',
    'bin/techladder-mock.js',
    'dist/src/http/server.js',
    'dist/src/index.js',
    'dist/src/index.d.ts'
  ]) {
    t.ok(paths.includes(required), `contains ${required}`)
  }

  const bin = files.find((f) => f.path === 'bin/techladder-mock.js')
  t.ok(bin !== undefined && (bin.mode & 0o111) !== 0, 'bin/techladder-mock.js is executable')

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    bin: Record<string, string>, main: string
  }
  for (const target of [...Object.values(pkg.bin), pkg.main]) {
    t.ok(paths.includes(target.replace(/^\.\//, '')), `package.json points at a packed file: ${target}`)
  }

  const unwanted = (p: string): boolean =>
    p.startsWith('test/') ||
    p.startsWith('dist/test/') ||
    p.startsWith('src/') ||
    p.startsWith('.ci/') ||
    p.startsWith('scripts/') ||
    p === 'Dockerfile' ||
    p === '.dockerignore' ||
    p === 'docker-compose.yml' ||
    p.endsWith('.map') ||
    p.endsWith('.db') ||
    /\.test\.[cm]?[jt]s$/.test(p) ||
    (p.endsWith('.ts') && !p.endsWith('.d.ts'))
  t.same(paths.filter(unwanted), [], 'contains no tests, TypeScript sources, CI files, Dockerfile or source maps')
})
