/**
 * The package as a user gets it. A copy of the build inputs without dist/ stands in for a fresh
 * clone: `npm pack` there must build through `prepack`, and the tarball must hold the compiled
 * server and library and nothing from the development tree. Then the tarball is installed into an
 * empty project (the npm cache first, the registry only for what it lacks), where
 * `npx techladder-mock --version` runs, `startMockServer` answers from plain JavaScript, and a
 * TypeScript file importing it and the public response types compiles with `skipLibCheck: false`
 * (strict), so the shipped declarations need nothing the consumer does not get installed.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string, version: string, bin: Record<string, string>, main: string, types: string, devDependencies: Record<string, string>
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
// npm and npx run on the node that runs this test (first on PATH in .ci/run).
const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
const sh = async (cmd: string, args: string[], cwd: string, timeout = 120_000) =>
  await run(cmd, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 })

// Packing builds (tsc) and installing resolves dependencies: more than the suite's 120 s per file
// under a loaded CI machine; every command below has its own bound too.
t.setTimeout(360_000)

const work = mkdtempSync(join(tmpdir(), 'techladder-pack-'))
t.teardown(() => rmSync(work, { recursive: true, force: true }))

// What a fresh clone has that the build and the package need; dist/ is absent on purpose.
const clone = join(work, 'clone')
for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'src', 'bin', 'scripts/build-seed-image.mjs']) {
  cpSync(join(root, entry), join(clone, entry), { recursive: true })
}
symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir')

let tarball = ''

t.test('npm pack in a clone without dist/ builds it (prepack) and packs only what runs', async (t) => {
  t.setTimeout(180_000)
  t.notOk(existsSync(join(clone, 'dist')), 'no dist/ before packing')
  const { stdout } = await sh(npm, ['pack', '--json', '--pack-destination', work], clone)
  // npm prints the scripts' output before the JSON report.
  const [result] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as Array<{ filename: string, files: Array<{ path: string, mode: number }> }>
  tarball = join(work, result.filename)
  t.ok(existsSync(tarball), `tarball ${result.filename}`)
  const files = result.files
  const paths = files.map(f => f.path).sort()
  for (const required of ['package.json', 'README.md', 'bin/techladder-mock.js', 'dist/src/server.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/types.d.ts',
    // The dashboard's files, copied next to the compiled routes by the build.
    'dist/src/surfaces/admin/ui/index.html', 'dist/src/surfaces/admin/ui/dashboard.js', 'dist/src/surfaces/admin/ui/dashboard.css',
    // The default seed's image, stored by the build's last step.
    'dist/src/core/seed/default-seed.sqlite', 'dist/src/core/seed/default-seed.json']) {
    t.ok(paths.includes(required), `contains ${required}`)
  }
  const bin = files.find(f => f.path === 'bin/techladder-mock.js')
  t.ok(bin !== undefined && (bin.mode & 0o111) !== 0, 'bin/techladder-mock.js is executable')
  for (const target of [...Object.values(pkg.bin), pkg.main, pkg.types]) {
    t.ok(paths.includes(target.replace(/^\.\//, '')), `package.json points at a packed file: ${target}`)
  }
  const unwanted = (p: string): boolean =>
    p.startsWith('test/') || p.startsWith('dist/test/') || p.startsWith('src/') || p.startsWith('.ci/') || p.startsWith('scripts/') ||
    p === 'Dockerfile' || p === '.dockerignore' || p === 'docker-compose.yml' || p.endsWith('.map') || p.endsWith('.db') ||
    /\.test\.[cm]?[jt]s$/.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts'))
  t.same(paths.filter(unwanted), [], 'no tests, TypeScript sources, CI files, Dockerfile or source maps')
  const declarations = files.filter(f => f.path.endsWith('.d.ts')).map(f => f.path)
  t.ok(declarations.length > 0)
})

t.test('the tarball installs into an empty project and runs', async (t) => {
  t.setTimeout(240_000)
  if (tarball === '') { t.fail('no tarball (npm pack failed above)'); return }
  const project = join(work, 'consumer')
  cpSync(join(root, 'test/package/consumer'), project, { recursive: true })
  // A TypeScript project on Node has its own @types/node (fastify's declarations need it, as any
  // Node library's do); nothing else: no @types/better-sqlite3, no typebox of its own.
  const typesNode = `@types/node@${pkg.devDependencies['@types/node']}`
  await sh(npm, ['install', '--prefer-offline', '--no-save', tarball, typesNode], project, 180_000)
  t.ok(existsSync(join(project, 'node_modules/techladder-mock/dist/src/index.js')), 'installed')
  t.notOk(existsSync(join(project, 'node_modules/@types/better-sqlite3')), 'the better-sqlite3 types are not installed')

  const version = await sh('npx', ['techladder-mock', '--version'], project, 60_000)
  t.equal(version.stdout, `${pkg.version}\n`, 'npx techladder-mock --version')

  const js = await sh(process.execPath, ['run.mjs'], project, 60_000)
  t.match(js.stdout, /^200 sched_7bac6f2a active \d+\n$/, 'startMockServer from the installed package answers the documented example')

  const dashboard = await sh(process.execPath, ['--input-type=module', '-e', `
    import { startMockServer } from 'techladder-mock'
    const mock = await startMockServer()
    const sizes = []
    for (const f of ['', '/dashboard.js', '/dashboard.css']) {
      const res = await fetch(mock.url + '/__admin/ui' + f)
      sizes.push(res.status + ' ' + (await res.text()).length)
    }
    console.log(sizes.join(','))
    await mock.close()`], project, 60_000)
  t.match(dashboard.stdout, /^200 \d+,200 \d+,200 \d+\n$/, 'the installed package serves the dashboard\'s three files')

  // Our own devDependency tsc compiles the consumer's file against the installed package only.
  const tsc = join(root, 'node_modules/typescript/bin/tsc')
  const compiled = await sh(process.execPath, [tsc, '-p', 'tsconfig.json'], project, 120_000).then(() => '', (err: { stdout?: string, stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`)
  t.equal(compiled, '', 'consumer.ts compiles with skipLibCheck: false')
})

t.test('the consumer project is what it claims', async (t) => {
  const tsconfig = JSON.parse(readFileSync(join(root, 'test/package/consumer/tsconfig.json'), 'utf8'))
  t.match(tsconfig.compilerOptions, { strict: true, skipLibCheck: false })
  const source = readFileSync(join(root, 'test/package/consumer/consumer.ts'), 'utf8')
  t.match(source, /from 'techladder-mock'/)
  t.match(source, /startMockServer/)
})
