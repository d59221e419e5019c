/**
 * The README and the pages under docs/ tell the truth. Their curl examples (every ```sh block made
 * only of curl commands and variable assignments) run in one fixed order (the README, then the
 * pages in PAGES order, each page's blocks top to bottom), with bash and the real curl, against one
 * server process started as the Quick start starts it (`node dist/src/server.js`, defaults, only the
 * port free): a page's examples may use the state an earlier page's examples made. Each call must
 * succeed (2xx), unless it asks for an error itself (`Prefer: code=…`, `fault=…`). Where an example
 * is followed by its answer (a ```json block), the answer must be the one shown.
 * Then, over every page: every batch, event and account id named exists (or is named in the short
 * list of ids the pages themselves present as missing), every repository path and every link (with
 * its #anchor) exists, every `npm run` script exists, every `npx techladder-mock` / `npm start --`
 * command line parses, and the README's configuration table lists exactly the declared options.
 * The provider pages (docs/cartesia.md, docs/ultravox.md, docs/profiles.md) are their surfaces'
 * own suites' to test; they are skipped here by name.
 */
import t from 'tap'
import { spawn, execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, promisify } from 'node:util'
import { DEFAULT_CONFIG, OPTIONS, loadConfig } from '../../src/http/config.js'
import { build } from '../helper.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
t.setTimeout(240_000)

/**
 * The pages whose examples run, in the order they run: later pages may use what earlier ones made
 * (the webhooks page reads the deliveries of the batch the lifecycle page creates).
 */
const PAGES = [
  'README.md',
  'docs/lifecycle.md',
  'docs/webhooks.md',
  'docs/control-api.md',
  'docs/container.md',
  'docs/reliability.md',
  'docs/performance.md',
  'docs/decisions.md',
  'docs/development.md',
  'docs/dashboard.md'
]
/** Pages their own surfaces' suites test (their examples need those surfaces): skipped here. */
const TESTED_ELSEWHERE = new Set(['docs/cartesia.md', 'docs/ultravox.md', 'docs/profiles.md'])

interface Page { path: string, text: string }
const pages: Page[] = PAGES.map(path => ({ path, text: readFileSync(join(root, path), 'utf8') }))
const readme = pages[0].text
const allText = pages.map(p => p.text).join('\n')

interface Block { lang: string, text: string, line: number, next: Block | undefined, page: string }
const where = (b: Block) => `${b.page}:${b.line}`

function codeBlocks (md: string, page: string): Block[] {
  const blocks: Block[] = []
  const lines = md.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i])
    if (open === null) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i])
    const block: Block = { lang: open[1], text: body.join('\n'), line: start + 1, next: undefined, page }
    const previous = blocks[blocks.length - 1]
    // "Followed by": only blank lines between the two fences.
    if (previous !== undefined && lines.slice(previous.line + previous.text.split('\n').length + 1, start).every(l => l.trim() === '')) previous.next = block
    blocks.push(block)
  }
  return blocks
}

/** Shell commands of a block: continuation lines joined, newlines inside quotes kept, comments dropped. */
function commands (sh: string): string[] {
  const out: string[] = []
  let current = ''
  let quote: string | null = null
  for (let i = 0; i < sh.length; i++) {
    const c = sh[i]
    if (quote !== null) {
      current += c
      if (c === quote) quote = null
      continue
    }
    if (c === "'" || c === '"') { quote = c; current += c; continue }
    if (c === '\\' && sh[i + 1] === '\n') { i++; current += ' '; continue }
    if (c === '#' && (current === '' || /\s$/.test(current))) {
      while (i < sh.length && sh[i] !== '\n') i++
      i--
      continue
    }
    if (c === '\n') { if (current.trim() !== '') out.push(current.trim()); current = ''; continue }
    current += c
  }
  if (current.trim() !== '') out.push(current.trim())
  return out
}

const blocks = pages.flatMap(p => codeBlocks(p.text, p.path))
const shBlocks = blocks.filter(b => b.lang === 'sh')
const isAssignment = (c: string) => /^[A-Z]\w*=\S+$/.test(c)
const isCurl = (c: string) => /^curl\s/.test(c)
const curlBlocks = shBlocks.filter(b => commands(b.text).some(isCurl))
// What runs: blocks of curl commands and the variables they use (`A=…`, `B=…`), in page order.
const runBlocks = shBlocks.filter(b => commands(b.text).length > 0 && commands(b.text).every(c => isCurl(c) || isAssignment(c)))

t.test('every page under docs/ is either run here or tested by its own surface\'s suite', async (t) => {
  for (const name of readdirSync(join(root, 'docs'))) {
    const path = `docs/${name}`
    t.ok(PAGES.includes(path) || TESTED_ELSEWHERE.has(path), `${path} is in PAGES (or tested elsewhere)`)
  }
  for (const path of PAGES.slice(1)) t.match(readme, `](${path}`, `the README links ${path}`)
})

t.test('every curl example is in a block that can run as it is', async (t) => {
  t.ok(curlBlocks.length >= 10, `${curlBlocks.length} blocks with curl examples`)
  for (const b of curlBlocks) {
    const other = commands(b.text).filter(c => !isCurl(c) && !isAssignment(c))
    t.same(other, [], `${where(b)}: only curl commands and variable assignments`)
  }
})

const run = promisify(execFile)

t.test('the curl examples, run in page order against a server started as the Quick start says', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'techladder-readme-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const server = spawn(process.execPath, ['dist/src/server.js', '--port', '0'], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<number | null>(resolve => server.on('exit', code => resolve(code)))
  t.teardown(() => { server.kill('SIGKILL') })
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000)
    let out = ''
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /"msg":"techladder-mock ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m !== null) { clearTimeout(timer); resolve(m[1]) }
    })
    server.on('exit', code => { clearTimeout(timer); reject(new Error(`server exited with ${code}`)) })
  })

  // curl as the README writes it, plus: a time bound, the status on stderr, a copy of the body.
  const preamble = `
n=0
curl () {
  n=$((n + 1))
  command curl --max-time 30 --write-out "%{stderr}@@ $n status %{http_code}\\n" "$@" | tee "$OUT/$n.body"
  local rc=\${PIPESTATUS[0]}
  printf '@@ %s exit %s args %s\\n' "$n" "$rc" "$*" >&2
}
`
  const script = preamble + runBlocks.map(b => `# ${where(b)}\n${b.text}`).join('\n')
    .replaceAll('http://127.0.0.1:8080', base).replaceAll('http://localhost:8080', base)
  writeFileSync(join(work, 'readme.sh'), script)
  const { stderr } = await run('bash', ['readme.sh'], { cwd: work, env: { PATH: process.env.PATH, OUT: work }, timeout: 150_000, maxBuffer: 64 * 1024 * 1024 })
    .catch((err: { stdout: string, stderr: string }) => err)

  const calls = new Map<number, { status?: number, exit?: number, args?: string }>()
  for (const line of stderr.split('\n')) {
    const m = /^@@ (\d+) (status|exit) (\d+)(?: args (.*))?$/.exec(line)
    if (m === null) continue
    const call = calls.get(Number(m[1])) ?? {}
    if (m[2] === 'status') call.status = Number(m[3])
    else { call.exit = Number(m[3]); call.args = m[4] }
    calls.set(Number(m[1]), call)
  }
  const expectedCount = runBlocks.flatMap(b => commands(b.text)).filter(isCurl).length
  t.equal(calls.size, expectedCount, 'every curl example ran once')

  for (const [n, call] of calls) {
    const args = call.args ?? ''
    const forced = /Prefer: code=(\d+)/.exec(args)
    const fault = /Prefer: fault=(reset|empty)/.exec(args)
    if (fault !== null) {
      // reset: "Connection reset by peer" (56); empty: "Empty reply from server" (52).
      t.equal(call.exit, fault[1] === 'reset' ? 56 : 52, `#${n} ${args}: the connection is ${fault[1]}`)
    } else if (forced !== null) {
      t.equal(call.status, Number(forced[1]), `#${n} ${args}`)
    } else {
      t.equal(call.exit, 0, `#${n} ${args}: curl exit 0`)
      t.ok(call.status !== undefined && call.status >= 200 && call.status < 300, `#${n} ${args}: ${call.status} ${call.status !== undefined && call.status >= 300 ? readFileSync(join(work, `${n}.body`), 'utf8').slice(0, 300) : ''}`)
    }
  }

  // Examples followed by their answer: the answer is the one shown.
  let n = 0
  for (const b of runBlocks) {
    const count = commands(b.text).filter(isCurl).length
    if (b.next?.lang === 'json' && count === 1) {
      const shown = JSON.parse(b.next.text)
      const got = JSON.parse(readFileSync(join(work, `${n + 1}.body`), 'utf8'))
      t.ok(isDeepStrictEqual(got, shown), `${where(b)}: the answer is the JSON shown below it`)
    }
    n += count
  }

  // Every id the pages name exists on this server now (after their own examples ran).
  const admin = `${base}/__admin`
  const presentedAsMissing: Record<string, string> = {
    sched_bdb2b840: 'the docs\' 404 example',
    sched_nope: 'a refused fixture\'s example detail',
    sched_0000aaaa: 'the fixture format example (imported below)',
    acc_min: 'the fixture format example (imported below)'
  }
  const ids = [...new Set(allText.match(/\b(?:sched_[0-9a-z]+|evt_[0-9a-f]{16}|acc_[a-z0-9_]+)\b/g) ?? [])]
  t.ok(ids.length >= 8, `${ids.length} ids named`)
  // An id is shown to exist by an example that used it in a URL path and succeeded (the examples
  // later reset and reseed the server), or by the server as the examples left it.
  const provenByExample = (id: string) => [...calls.values()].some(c =>
    c.status !== undefined && c.status >= 200 && c.status < 300 &&
    (c.args ?? '').split(/\s+/).some(a => a.startsWith('http') && new URL(a).pathname.split('/').includes(id)))
  for (const id of ids) {
    if (presentedAsMissing[id] !== undefined) continue
    if (provenByExample(id)) { t.pass(`${id} exists (an example used it)`); continue }
    const url = id.startsWith('sched_') ? `${admin}/batches/${id}` : id.startsWith('acc_') ? `${admin}/accounts/${id}` : `${admin}/webhooks/deliveries?limit=500`
    const res = await fetch(url)
    const body = await res.text()
    t.ok(res.status === 200 && (!id.startsWith('evt_') || body.includes(`"id":"${id}"`)), `${id} exists (${res.status})`)
  }
  for (const id of Object.keys(presentedAsMissing)) t.ok(ids.includes(id), `${id} is still in the pages (keep the list true)`)

  server.kill('SIGTERM')
  t.equal(await exited, 0, 'SIGTERM: exit 0')
})

t.test('the fixture format example imports as it is', async (t) => {
  const page = 'docs/control-api.md'
  const text = pages.find(p => p.path === page)!.text
  const heading = text.indexOf('### Fixture format (version 1)')
  t.ok(heading > 0)
  const block = blocks.find(b => b.page === page && b.lang === 'json' && text.split('\n').slice(0, b.line).join('\n').length > heading)
  const app = await build(t)
  const res = await app.inject({ method: 'PUT', url: '/__admin/state', payload: JSON.parse(String(block?.text)) })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.equal((await app.inject({ url: '/__admin/batches/sched_0000aaaa' })).statusCode, 200)
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')

/** The anchors of a Markdown file's headings (outside code blocks), repeats numbered as GitHub does. */
function anchors (md: string): Set<string> {
  const out = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of md.split('\n')) {
    if (/^```/.test(line)) { fenced = !fenced; continue }
    const m = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line)
    if (m === null) continue
    const base = slug(m[1])
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

/**
 * Whether a repository path exists. `<name>` stands for any one entry and `{a,b}` for each of
 * its alternatives, which must all exist (`test/surfaces/<name>/`, `src/core/{model,store}`).
 */
function pathExists (path: string): boolean {
  const braces = /\{([^{}]*)\}/.exec(path)
  if (braces !== null) return braces[1].split(',').every(alt => pathExists(path.replace(braces[0], alt)))
  const parts = path.split('/')
  const i = parts.findIndex(s => /<[^>]+>/.test(s))
  if (i === -1) return existsSync(join(root, path))
  const dir = join(root, ...parts.slice(0, i))
  const re = new RegExp(`^${parts[i].replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '[^/]+')}$`)
  const entries = existsSync(dir) ? readdirSync(dir) : []
  return entries.some(e => re.test(e) && pathExists([...parts.slice(0, i), e, ...parts.slice(i + 1)].join('/')))
}

/**
 * Paths the pages name ahead of the features other branches bring: missing is allowed only while
 * the feature is absent from this tree (once it is here, its page and folders must be too).
 */
const registry = readFileSync(join(root, 'src/http/surfaces.ts'), 'utf8')
const served = (surface: string) => () => registry.includes(`surfaces/${surface}/`)
const PENDING: Array<{ path: RegExp, present: () => boolean, what: string }> = [
  { path: /^(docs\/cartesia\.md|(src|test)\/surfaces\/cartesia\/?)$/, present: served('cartesia'), what: 'the Cartesia surface is registered in src/http/surfaces.ts' },
  { path: /^(docs\/ultravox\.md|(src|test)\/surfaces\/ultravox\/?)$/, present: served('ultravox'), what: 'the Ultravox surface is registered in src/http/surfaces.ts' },
  { path: /^docs\/profiles\.md$/, present: () => OPTIONS.some(o => o.flag === 'profile'), what: 'the server has a --profile option' }
]

t.test('every repository path, link, npm script and CLI command line in the pages exists', async (t) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  // Every reference: the page naming it, the path from the repository root, the anchor if any.
  const refs: Array<{ page: string, path: string, anchor: string | null }> = []
  for (const { path: page, text } of pages) {
    for (const m of text.matchAll(/`((?:\.\.\/shared|src|seed|test|bench|scripts|bin|docs|dist)\/[^`\s]*)`/g)) refs.push({ page, path: m[1], anchor: null })
    // Files a command runs: `node bench/first-run.mjs`, `bash scripts/smoke.sh`, `npx tap test/…`.
    for (const m of text.matchAll(/(?:^|[\s`(])(?:node|bash|npx tap) ((?:\.ci|src|test|bench|scripts|bin|dist)\/[^\s`'")]+)/gm)) refs.push({ page, path: m[1], anchor: null })
    // Links, relative to the page; a bare #anchor is the page itself.
    for (const m of text.matchAll(/\]\(((?!https?:|mailto:)[^)\s]+)\)/g)) {
      const [target, anchor] = m[1].split('#', 2)
      const path = target === '' ? page : relative(root, normalize(join(root, dirname(page), target)))
      refs.push({ page, path, anchor: anchor ?? null })
    }
  }
  t.ok(new Set(refs.map(r => r.path)).size >= 10, `${refs.length} references`)
  const checked = new Set<string>()
  for (const { page, path, anchor } of refs) {
    const key = `${page} ${path}#${String(anchor)}`
    if (checked.has(key)) continue
    checked.add(key)
    if (!pathExists(path)) {
      const pending = PENDING.find(p => p.path.test(path))
      if (pending !== undefined) t.notOk(pending.present(), `${page}: ${path} may be missing only until ${pending.what}`)
      else t.ok(false, `${page}: ${path} exists`)
      continue
    }
    t.ok(true, `${page}: ${path} exists`)
    if (anchor !== null) {
      t.ok(path.endsWith('.md'), `${page}: #${anchor} points into a Markdown file`)
      t.ok(anchors(readFileSync(join(root, path), 'utf8')).has(anchor), `${page}: ${path}#${anchor} is a heading there`)
    }
  }

  const shell = shBlocks.flatMap(b => commands(b.text).flatMap(c => c.split(/\s*&&\s*/)).map(c => ({ c, block: b })))
  for (const m of allText.matchAll(/npm run ([\w:-]+)/g)) t.ok(pkg.scripts[m[1]] !== undefined, `npm run ${m[1]}`)
  for (const { c } of shell) {
    const tap = /^(?:\w+=\S+ )*npx tap (\S+)/.exec(c)
    if (tap !== null) t.ok(existsSync(join(root, tap[1])), `${c}: ${tap[1]} exists`)
  }
  // CLI command lines: from a clone `npx techladder-mock …` or `npm start -- …`; a bare
  // `techladder-mock` only after a global install in the same block.
  const argvOf = (c: string): string[] | null => {
    const m = /^(?:npx techladder-mock|npm start --|techladder-mock)(?:\s+(.*))?$/.exec(c)
    return m === null ? null : (m[1] ?? '').split(/\s+/).filter(a => a !== '')
  }
  let cli = 0
  for (const { c, block } of shell) {
    const argv = argvOf(c)
    if (argv === null) continue
    cli++
    if (c.startsWith('techladder-mock')) t.match(block.text, /npm install -g /, `${c}: a bare command needs the global install before it`)
    let parsed: unknown
    try { parsed = loadConfig({}, argv) } catch (err) { parsed = err }
    t.notOk(parsed instanceof Error, `${c}: the arguments parse`)
  }
  for (const m of allText.matchAll(/`((?:npx )?techladder-mock [^`]*)`/g)) {
    t.match(m[1], /^npx /, `\`${m[1]}\` in the text: npx, so it works from a clone`)
  }
  t.ok(cli >= 1, `${cli} CLI command lines`)
})

t.test('the README configuration table lists every option as the server declares it', async (t) => {
  const lines = readme.slice(readme.indexOf('\n## Configuration\n')).split('\n')
  const first = lines.findIndex(l => l.startsWith('|'))
  const end = lines.findIndex((l, i) => i > first && !l.startsWith('|'))
  // The first table of the section, without its header and separator rows.
  const rows = lines.slice(first + 2, end).map(l =>
    l.slice(2, -2).split(/ (?<!\\)\| /).map(cell => cell.replaceAll('\\|', '|').replace(/^`(.*)`$/, '$1')))
  const expected = OPTIONS.map(o => [`--${o.flag}`, o.env, o.shownDefault ?? String(DEFAULT_CONFIG[o.key]), o.help])
  t.ok(first > 0, 'the Configuration section has a table')
  t.same(rows, expected, 'the rows `node scripts/config-table.mjs` prints, in order')
})
