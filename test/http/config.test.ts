// loadConfig: every flag, its environment variable, defaults, and the one-line errors.
import t from 'tap'
import { ConfigError, DEFAULT_CONFIG, loadConfig, OPTIONS, usage } from '../../src/http/config.js'

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(env, argv)
const errorOf = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    load(argv, env)
  } catch (err) {
    if (err instanceof ConfigError) return err.message
    throw err
  }
  return '(no error)'
}

t.test('defaults', async (t) => {
  t.same(load([]), DEFAULT_CONFIG)
})

t.test('every flag and its variable', async (t) => {
  const argv = ['--port', '9000', '--host', '0.0.0.0', '--db', '/tmp/x.db', '--seed', '7', '--batches-per-account', '3',
    '--calls-per-batch', '11', '--clock', 'manual', '--speed', '2.5', '--rate-limit-per-minute', '0', '--admin-token', 'tok',
    '--log-level', 'debug', '--journal-size', '50', '--body-limit', '2048']
  t.match(load(argv), {
    port: 9000, host: '0.0.0.0', dbPath: '/tmp/x.db', seed: 7, batchesPerAccount: 3, callsPerBatch: 11, clock: 'manual',
    clockSpeed: 2.5, rateLimitPerMinute: 0, adminToken: 'tok', logLevel: 'debug', journalSize: 50, bodyLimit: 2048
  })
  t.match(load([], {
    PORT: '9001', HOST: '::', DB_PATH: 'a.db', SEED: '8', BATCHES_PER_ACCOUNT: '4', CALLS_PER_BATCH: '12', CLOCK: 'manual',
    CLOCK_SPEED: '3', RATE_LIMIT_PER_MINUTE: '10', ADMIN_TOKEN: 't2', LOG_LEVEL: 'warn', JOURNAL_SIZE: '9', BODY_LIMIT: '4096'
  }), {
    port: 9001, host: '::', dbPath: 'a.db', seed: 8, batchesPerAccount: 4, callsPerBatch: 12, clock: 'manual',
    clockSpeed: 3, rateLimitPerMinute: 10, adminToken: 't2', logLevel: 'warn', journalSize: 9, bodyLimit: 4096
  })
  t.equal((load(['--port=9002'], { PORT: '9003' }) as { port: number }).port, 9002, 'a flag wins over its variable')
  t.equal((load(['--calls-per-batch', '5']) as { callsPerBatch: number }).callsPerBatch, 5)
  t.equal((load([], { CALLS_PER_BATCH: '6' }) as { callsPerBatch: number }).callsPerBatch, 6, '--calls-per-batch → CALLS_PER_BATCH')
})

t.test('variables are the flags in upper snake case (three named exceptions)', async (t) => {
  // DB_PATH and CLOCK_SPEED read better than DB and SPEED; both are in --help and the README table.
  // API_PROFILE: a bare PROFILE is too likely to be set in a shell for something else.
  const exceptions: Record<string, string> = { db: 'DB_PATH', speed: 'CLOCK_SPEED', profile: 'API_PROFILE' }
  for (const o of OPTIONS) {
    t.equal(o.env, exceptions[o.flag] ?? o.flag.toUpperCase().replace(/-/g, '_'), `--${o.flag}`)
  }
})

t.test('--profile / API_PROFILE: documented by default, observed on request', async (t) => {
  t.equal((load([]) as { profile: string }).profile, 'documented')
  t.equal((load(['--profile', 'observed']) as { profile: string }).profile, 'observed')
  t.equal((load([], { API_PROFILE: 'observed' }) as { profile: string }).profile, 'observed')
  t.equal((load(['--profile=documented'], { API_PROFILE: 'observed' }) as { profile: string }).profile, 'documented', 'the flag wins')
  t.equal(errorOf(['--profile', 'live']), '--profile must be one of documented, observed, got "live"')
  t.equal(errorOf([], { API_PROFILE: '' }), 'API_PROFILE must be one of documented, observed, got ""')
})

t.test('bad flags and values: one line that names the flag', async (t) => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--bad-flag'], {}, 'unknown option --bad-flag'],
    [['--port', 'abc'], {}, '--port must be an integer between 0 and 65535, got "abc"'],
    [['--port', '70000'], {}, '--port must be an integer between 0 and 65535, got "70000"'],
    [['--port=-1'], {}, '--port must be an integer between 0 and 65535, got "-1"'],
    [['--calls-per-batch', '0'], {}, '--calls-per-batch must be an integer between 1 and 10000000, got "0"'],
    [[], { CALLS_PER_BATCH: '1.5' }, 'CALLS_PER_BATCH must be an integer between 1 and 10000000, got "1.5"'],
    [['--clock', 'fast'], {}, '--clock must be one of realtime, manual, got "fast"'],
    [['--speed', '0'], {}, '--speed must be a positive number, got "0"'],
    [[], { CLOCK_SPEED: 'x' }, 'CLOCK_SPEED must be a positive number, got "x"'],
    [['--log-level', 'loud'], {}, '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [['--host', ''], {}, '--host must not be empty'],
    [['--rate-limit-per-minute', 'lots'], {}, '--rate-limit-per-minute must be an integer between 0 and 10000000, got "lots"']
  ]
  for (const [argv, env, message] of cases) {
    const got = errorOf(argv, env)
    t.equal(got, message, [...argv, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' '))
    t.notOk(got.includes('\n'), 'one line')
  }
  t.equal(errorOf(['--port']), "Option '--port <value>' argument missing", 'a flag without its value')
  t.equal(errorOf(['--port', '-1']), "Option '--port' argument is ambiguous.", 'a value that looks like a flag')
  t.equal(errorOf(['serve']), "Unexpected argument 'serve'. This command does not take positional arguments", 'a stray argument')
})

t.test('--help lists every flag with its variable and default', async (t) => {
  t.equal(load(['--help']), 'help')
  t.equal(load(['-h']), 'help')
  t.equal(load(['--version']), 'version')
  const text = usage()
  for (const o of OPTIONS) {
    t.match(text, new RegExp(`--${o.flag}\\s+${o.env}\\b`), `--${o.flag}`)
  }
  t.match(text, /--calls-per-batch\s+CALLS_PER_BATCH\s+60\s+calls in each synthetic batch$/m)
  t.match(text, /--db\s+DB_PATH\s+in memory\s+SQLite file/)
  t.match(text, /^Usage: npx techladder-mock \[options\]$/m, 'a command that works from a clone')
})

t.test('--help: one default per option, every row aligned', async (t) => {
  const rows = usage().split('\n').filter(l => /^ {2}(--|flag )/.test(l))
  t.equal(rows.length, OPTIONS.length + 3, 'a heading, every option, --help and --version')
  t.ok(rows.some(r => r.startsWith('  --version')), '--version is listed')
  for (const row of rows.slice(1)) t.notMatch(row, /default/i, `no default repeated inside the meaning: ${row.trim()}`)
  // Column starts: every row's columns begin where the heading's do.
  const heading = rows[0]
  const starts = ['variable', 'default', 'meaning'].map(w => heading.indexOf(w))
  for (const o of OPTIONS) {
    const row = rows.find(r => r.startsWith(`  --${o.flag} `)) as string
    const def = o.shownDefault ?? String(DEFAULT_CONFIG[o.key])
    t.equal(row.indexOf(o.env, starts[0] - 1), starts[0], `--${o.flag}: variable column`)
    t.equal(row.slice(starts[1], starts[1] + def.length), def, `--${o.flag}: default column shows ${def}`)
    t.not(row[starts[2]], ' ', `--${o.flag}: meaning column`)
    t.equal(row[starts[2] - 1], ' ')
  }
  for (const flag of ['--help, -h', '--version']) {
    const row = rows.find(r => r.startsWith(`  ${flag}`)) as string
    t.equal(row.search(/\S/u), 2)
    t.equal(row.slice(starts[2]).length > 0 && row[starts[2] - 1] === ' ' && row[starts[2]] !== ' ', true, `${flag}: meaning column`)
  }
})

t.test('an empty admin token is refused at start-up (it would leave /__admin open)', async t => {
  for (const [env, argv, name] of [[{ ADMIN_TOKEN: '' }, [], 'ADMIN_TOKEN'], [{}, ['--admin-token', ' '], '--admin-token']] as const) {
    t.throws(() => loadConfig({ ...env }, [...argv]), { message: `${name} must not be empty: an empty token would leave /__admin open (unset it to run without a token)` })
  }
  const { buildApp } = await import('../../src/http/app.js')
  await t.rejects(buildApp({ adminToken: '', batchesPerAccount: 1, callsPerBatch: 1, logLevel: 'silent' }), /adminToken must not be empty/, 'in process too')
})
