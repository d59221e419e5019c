/**
 * What a person needs on the first run, in one place: where the API, the docs and the control API
 * are, which keys work, how the clock runs and where the data lives. The same facts are printed as
 * a short banner on a terminal, logged as one structured line otherwise, and served by `GET /`.
 */
import { resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { SEEDED_KEYS } from '../surfaces/techladder/documented.js'
import { API_SURFACES } from './surfaces.js'
import { packageVersion } from './version.js'

export interface SeededKey {
  key: string
  account_id: string
  /** What the key is for, in a few words. */
  note: string
}

/** One mocked API: its base path and the keys seeded for it. */
export interface Provider {
  name: string
  /** Path prefix of the provider's API on this server. */
  base_path: string
  keys: SeededKey[]
}

/** Every mocked API and its seeded keys, as each surface names them: the banner, the log line and `GET /` list these. */
export const PROVIDERS: readonly Provider[] = API_SURFACES.flatMap(s => s.firstRun === undefined
  ? []
  : [{ name: s.firstRun.name, base_path: s.firstRun.basePath ?? s.prefix, keys: s.firstRun.keys }])

/** A documented record to try first (Get Call Batch). */
export const EXAMPLE_BATCH_ID = 'sched_7bac6f2a'

export interface StartupFacts {
  name: 'techladder-mock'
  version: string
  url: string
  port: number | null
  docs: string
  openapi: string
  admin: string
  /** The dashboard (/__admin/ui): batches, clock, journal and webhooks in a browser. */
  dashboard: string
  admin_token_required: boolean
  providers: Array<{ name: string, api: string, keys: SeededKey[] }>
  clock: { mode: 'realtime' | 'manual', speed: number, time: string }
  database: { in_memory: boolean, path: string | null }
  example: string
}

/** The base URL a client on this machine would use: a wildcard address is reached through loopback. */
export function displayUrl (host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  return `http://${h}:${port}`
}

/**
 * The facts for a server reached at `url`. Keys revoked since seeding (a file database keeps its
 * state, keys may have been rotated) are left out: the list only ever shows keys that work now.
 */
export function startupFacts (app: FastifyInstance, url: string, port: number | null = null): StartupFacts {
  const config = app.config
  const clock = app.clock.state()
  const inMemory = config.dbPath === ':memory:' || config.dbPath === ''
  const example = `curl -H 'Authorization: Bearer ${SEEDED_KEYS.main}' ${url}/api/v1/public/call-batches/${EXAMPLE_BATCH_ID}`
  return {
    name: 'techladder-mock',
    version: packageVersion(),
    url,
    port,
    docs: `${url}/docs`,
    openapi: `${url}/openapi.json`,
    admin: `${url}/__admin`,
    dashboard: `${url}/__admin/ui`,
    admin_token_required: config.adminToken !== null && config.adminToken !== '',
    providers: PROVIDERS.map(p => ({
      name: p.name,
      api: url + p.base_path,
      keys: p.keys.filter(k => app.repos.accounts.findByApiKey(k.key) !== undefined)
    })),
    clock: { mode: clock.mode, speed: clock.speed, time: new Date(clock.time).toISOString().slice(0, 19) + 'Z' },
    database: { in_memory: inMemory, path: inMemory ? null : resolve(config.dbPath) },
    example
  }
}

export const describeClock = (c: StartupFacts['clock']): string => c.mode === 'manual'
  ? `manual, at ${c.time}: time moves only through POST /__admin/clock/advance`
  : `realtime${c.speed === 1 ? '' : ` at ${c.speed}x`}, now ${c.time}`

export const describeDatabase = (d: StartupFacts['database']): string => d.in_memory
  ? 'in memory: a fresh seed on every start, gone on exit (--db <file> keeps it)'
  : `${String(d.path)} (kept across restarts)`

/** The terminal banner: a few aligned lines, colour only when asked. */
export function bannerText (f: StartupFacts, colors = false): string {
  const bold = (s: string) => colors ? `\x1b[1m${s}\x1b[0m` : s
  const dim = (s: string) => colors ? `\x1b[2m${s}\x1b[0m` : s
  const label = (s: string) => `  ${s.padEnd(9)} `
  const lines = [
    '',
    `${bold(`techladder-mock ${f.version}`)} ${dim('· a local mock of the TechLadder call-batch API')}`,
    ''
  ]
  for (const p of f.providers) {
    lines.push(`${label('API')}${p.api} ${dim(`(${p.name})`)}`)
  }
  lines.push(`${label('Docs')}${f.docs} ${dim(`(OpenAPI: ${f.openapi})`)}`)
  lines.push(`${label('Admin')}${f.admin} ${dim(f.admin_token_required ? '(admin token required)' : '(open: no admin token set)')}`)
  lines.push(`${label('Dashboard')}${f.dashboard} ${dim(f.admin_token_required ? '(asks for the admin token)' : '(batches, clock, requests, webhooks)')}`)
  for (const p of f.providers) {
    const width = Math.max(...p.keys.map(k => k.key.length))
    p.keys.forEach((k, i) => {
      lines.push(`${label(i === 0 ? 'Keys' : '')}${k.key.padEnd(width)}  ${dim(`${k.account_id}, ${k.note}`)}${f.providers.length > 1 ? dim(` [${p.name}]`) : ''}`)
    })
    if (p.keys.length === 0) lines.push(`${label('Keys')}${dim(`none of the seeded ${p.name} keys is active in this database`)}`)
  }
  lines.push(`${label('Clock')}${describeClock(f.clock)}`)
  lines.push(`${label('Database')}${describeDatabase(f.database)}`)
  lines.push(`${label('Try')}${f.example}`)
  lines.push('')
  return lines.join('\n') + '\n'
}

/** The same facts as one structured log line's fields (for JSON logs and containers). */
export function logFields (f: StartupFacts): Record<string, unknown> {
  return {
    url: f.url,
    port: f.port,
    docs: f.docs,
    admin: f.admin,
    dashboard: f.dashboard,
    admin_token_required: f.admin_token_required,
    keys: Object.fromEntries(f.providers.map(p => [p.name, p.keys.map(k => k.key)])),
    clock: f.clock.mode,
    clock_time: f.clock.time,
    database: f.database.in_memory ? 'memory' : f.database.path,
    version: f.version
  }
}
