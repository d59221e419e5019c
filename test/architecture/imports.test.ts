/**
 * The shape of the code, checked: data flows one way (HTTP surface -> domain core -> store), so
 * src/core imports nothing from src/http, src/surfaces or src/harness, nor Fastify; the harness is
 * surface-neutral too; and no module imports itself through a cycle (type-only imports included:
 * a cycle of types is still two ideas that cannot be read apart).
 */
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SRC = join(ROOT, 'src')

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

/** Every module specifier a file imports (static, re-exports, dynamic with a literal). */
export function specifiers (text: string): string[] {
  const out: string[] = []
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1])
  return out
}

const files = sources(SRC)
const rel = (f: string) => relative(ROOT, f)
/** file -> the src files it imports (relative imports, .js mapped to .ts) and the packages it imports. */
const graph = new Map<string, { local: string[], packages: string[] }>()
for (const f of files) {
  const local: string[] = []
  const packages: string[] = []
  for (const s of specifiers(readFileSync(f, 'utf8'))) {
    if (s.startsWith('.')) local.push(rel(resolve(dirname(f), s).replace(/\.js$/, '.ts')))
    else packages.push(s)
  }
  graph.set(rel(f), { local, packages })
}

t.test('the scanner sees the imports it should', async t => {
  t.ok(graph.size > 40, `${graph.size} source files`)
  t.same(specifiers("import a from 'x'\nimport type { B } from \"./b.js\"\nexport { c } from './c.js'\nimport './side.js'\nconst d = await import('./d.js')"), ['x', './b.js', './c.js', './side.js', './d.js'])
  const app = graph.get('src/http/app.ts')
  t.ok(app?.packages.includes('fastify'), 'app.ts imports fastify')
  t.ok(app?.local.includes('src/http/surface.ts'), 'app.ts imports surface.ts')
  for (const [file, { local }] of graph) {
    for (const target of local) t.ok(graph.has(target) || target.startsWith('src/') === false, `${file} imports ${target}, which exists`)
  }
})

const FORBIDDEN_PACKAGES = /^(fastify|fastify-plugin|@fastify\/.*)$/
const rules: Array<{ layer: string, mayNotImport: string[] }> = [
  { layer: 'src/core/', mayNotImport: ['src/http/', 'src/surfaces/', 'src/harness/', 'src/index.ts'] },
  { layer: 'src/harness/', mayNotImport: ['src/http/', 'src/surfaces/', 'src/index.ts'] }
]

t.test('src/core and src/harness import no HTTP layer, no surface and no Fastify', async t => {
  for (const { layer, mayNotImport } of rules) {
    const inLayer = [...graph.keys()].filter(f => f.startsWith(layer))
    t.ok(inLayer.length > 0, `${layer} has files`)
    for (const f of inLayer) {
      const { local, packages } = graph.get(f)!
      for (const target of local) {
        const bad = mayNotImport.find(p => target.startsWith(p))
        t.notOk(bad, `${f} must not import ${target}`)
      }
      for (const p of packages) t.notOk(FORBIDDEN_PACKAGES.test(p), `${f} must not import ${p}`)
    }
  }
})

t.test('no import cycle', async t => {
  const state = new Map<string, 'visiting' | 'done'>()
  const cycles: string[] = []
  const stack: string[] = []
  const visit = (f: string) => {
    state.set(f, 'visiting')
    stack.push(f)
    for (const next of graph.get(f)?.local ?? []) {
      if (!graph.has(next)) continue
      const s = state.get(next)
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '))
      else if (s === undefined) visit(next)
    }
    stack.pop()
    state.set(f, 'done')
  }
  for (const f of graph.keys()) if (!state.has(f)) visit(f)
  t.same(cycles, [], 'import cycles')
})
