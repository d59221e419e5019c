/**
 * Configuration: one typed object, from flags and environment variables (a flag wins over its
 * variable). Every flag `--calls-per-batch` has the variable `CALLS_PER_BATCH`. A bad flag or value
 * throws a ConfigError whose message is the one line the CLI prints before exiting non-zero.
 */
import { parseArgs } from 'node:util'
import { PROFILES, type Profile } from '../core/model/records.js'

export interface Config {
  port: number
  host: string
  /** ':memory:' or a file path. */
  dbPath: string
  seed: number
  batchesPerAccount: number
  callsPerBatch: number
  clock: 'realtime' | 'manual'
  clockSpeed: number
  /** Where the clock starts (ISO 8601); null: the later of wall time and the time a file database last saw. */
  clockStart: string | null
  /** Public API requests per minute per key; 0 turns the limit off. */
  rateLimitPerMinute: number
  /** When set, /__admin requires `Authorization: Bearer <token>` or `X-Admin-Token`. */
  adminToken: string | null
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Requests kept in the request journal. */
  journalSize: number
  /** Largest request body accepted, in bytes. */
  bodyLimit: number
  /** Webhook requests in flight at most. */
  webhookConcurrency: number
  /**
   * How TechLadder answers: as its docs describe it (documented) or as its live API was seen to
   * answer (observed). An account's own profile, when set, wins over this.
   */
  profile: Profile
}

export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

interface Option {
  key: keyof Config
  flag: string
  env: string
  parse: (raw: string, name: string) => unknown
  help: string
  /** How --help shows the default when the value itself would not say it (null, ':memory:'). */
  shownDefault?: string
}

const int = (min: number, max: number) => (raw: string, name: string) => {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  return n
}
const positiveNumber = (raw: string, name: string) => {
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number, got "${raw}"`)
  return n
}
const oneOf = <T extends string>(values: readonly T[]) => (raw: string, name: string) => {
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`)
  return raw as T
}
/** An empty token would leave /__admin open while the user believes it is closed. */
const token = (raw: string, name: string) => {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty: an empty token would leave /__admin open (unset it to run without a token)`)
  return raw
}
const isoInstant = (raw: string, name: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new ConfigError(`${name} must be an ISO 8601 instant such as 2026-05-14T10:30:00Z, got "${raw}"`)
  }
  return raw
}
const nonEmpty = (raw: string, name: string) => {
  if (raw === '') throw new ConfigError(`${name} must not be empty`)
  return raw
}

export const OPTIONS: Option[] = [
  { key: 'port', flag: 'port', env: 'PORT', parse: int(0, 65535), help: 'port to listen on (0: any free port)' },
  { key: 'host', flag: 'host', env: 'HOST', parse: nonEmpty, help: 'address to listen on (0.0.0.0: every interface)' },
  { key: 'dbPath', flag: 'db', env: 'DB_PATH', parse: nonEmpty, help: 'SQLite file to keep state in; seeded on first use, reused after', shownDefault: 'in memory' },
  { key: 'seed', flag: 'seed', env: 'SEED', parse: int(0, 2 ** 31 - 1), help: 'faker seed for the synthetic data' },
  { key: 'batchesPerAccount', flag: 'batches-per-account', env: 'BATCHES_PER_ACCOUNT', parse: int(0, 100000), help: 'synthetic batches per seeded account' },
  { key: 'callsPerBatch', flag: 'calls-per-batch', env: 'CALLS_PER_BATCH', parse: int(1, 10000000), help: 'calls in each synthetic batch' },
  { key: 'clock', flag: 'clock', env: 'CLOCK', parse: oneOf(['realtime', 'manual'] as const), help: 'realtime, or manual (time moves only through /__admin/clock)' },
  { key: 'clockSpeed', flag: 'speed', env: 'CLOCK_SPEED', parse: positiveNumber, help: 'speed factor of the realtime clock' },
  { key: 'clockStart', flag: 'clock-start', env: 'CLOCK_START', parse: isoInstant, help: 'the clock\'s starting instant, ISO 8601', shownDefault: 'now' },
  { key: 'rateLimitPerMinute', flag: 'rate-limit-per-minute', env: 'RATE_LIMIT_PER_MINUTE', parse: int(0, 10000000), help: 'requests per minute per API key (0: off)' },
  { key: 'adminToken', flag: 'admin-token', env: 'ADMIN_TOKEN', parse: token, help: 'token that /__admin requires (Bearer or X-Admin-Token)', shownDefault: 'none' },
  { key: 'logLevel', flag: 'log-level', env: 'LOG_LEVEL', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), help: 'fatal, error, warn, info, debug, trace or silent' },
  { key: 'journalSize', flag: 'journal-size', env: 'JOURNAL_SIZE', parse: int(0, 1000000), help: 'requests kept in the request journal' },
  { key: 'bodyLimit', flag: 'body-limit', env: 'BODY_LIMIT', parse: int(1024, 1024 ** 3), help: 'largest request body in bytes' },
  { key: 'webhookConcurrency', flag: 'webhook-concurrency', env: 'WEBHOOK_CONCURRENCY', parse: int(1, 1000), help: 'webhook requests in flight at most' },
  { key: 'profile', flag: 'profile', env: 'API_PROFILE', parse: oneOf(PROFILES), help: 'TechLadder responses: documented (the docs) or observed (the live API); an account\'s own profile wins' }
]

export const DEFAULT_CONFIG: Config = {
  port: 8080,
  host: '127.0.0.1',
  dbPath: ':memory:',
  seed: 20260514,
  batchesPerAccount: 30,
  callsPerBatch: 60,
  clock: 'realtime',
  clockSpeed: 1,
  clockStart: null,
  rateLimitPerMinute: 300,
  adminToken: null,
  logLevel: 'info',
  journalSize: 1000,
  bodyLimit: 10 * 1024 * 1024,
  webhookConcurrency: 8,
  profile: 'documented'
}

/** The flags that are not options: they print something and exit. */
const COMMANDS: Array<[string, string]> = [
  ['--help, -h', 'show this help'],
  ['--version', 'print the version']
]

/** --help: one row per option (flag, variable, default, meaning), columns aligned, one default each. */
export function usage (): string {
  const rows: string[][] = [
    ['flag', 'variable', 'default', 'meaning'],
    ...OPTIONS.map(o => [`--${o.flag}`, o.env, o.shownDefault ?? String(DEFAULT_CONFIG[o.key]), o.help]),
    ...COMMANDS.map(([flag, help]) => [flag, '', '', help])
  ]
  const widths = [0, 1, 2].map(i => Math.max(...rows.map(r => r[i].length)))
  const line = (r: string[]) => `  ${r.slice(0, 3).map((c, i) => c.padEnd(widths[i])).join('  ')}  ${r[3]}`.trimEnd()
  return [
    'Usage: npx techladder-mock [options]',
    '       npm start -- [options]          (in a clone of the repository)',
    '',
    'Every option is also an environment variable; a flag wins over its variable.',
    '',
    ...rows.map(line)
  ].join('\n')
}

/** Returns the config, or `'help'` / `'version'` when that was asked for. Throws ConfigError on bad input. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config | 'help' | 'version' {
  let parsed: { values: Record<string, string | boolean | undefined> }
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries([
        ...OPTIONS.map(o => [o.flag, { type: 'string' as const }]),
        ['help', { type: 'boolean' as const, short: 'h' }],
        ['version', { type: 'boolean' as const }]
      ]),
      strict: true,
      allowPositionals: false
    }) as { values: Record<string, string | boolean | undefined> }
  } catch (err) {
    throw new ConfigError((err as Error).message.split('\n')[0].replace(/^Unknown option '(.*?)'.*$/, 'unknown option $1'))
  }
  if (parsed.values.help === true) return 'help'
  if (parsed.values.version === true) return 'version'
  const config: Config = { ...DEFAULT_CONFIG }
  for (const o of OPTIONS) {
    const fromFlag = parsed.values[o.flag] as string | undefined
    const raw = fromFlag ?? env[o.env]
    if (raw === undefined) continue
    const name = fromFlag !== undefined ? `--${o.flag}` : o.env
    ;(config as unknown as Record<string, unknown>)[o.key] = o.parse(raw, name)
  }
  return config
}
