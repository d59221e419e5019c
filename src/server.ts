/**
 * The process: reads the configuration (flags and environment), builds the app, listens, and shuts
 * down cleanly on SIGTERM/SIGINT: in-flight requests finish, the database closes, exit code 0.
 * Start-up failures print one line and exit non-zero: no stack trace.
 */
import { ConfigError, loadConfig, usage, type Config } from './http/config.js'
import { buildApp } from './http/app.js'
import { bannerText, displayUrl, logFields, startupFacts } from './http/banner.js'
import { DatabaseOpenError } from './core/store/database.js'
import { prettyStream } from './http/log-pretty.js'
import { packageVersion } from './http/version.js'

/** Readable lines in a terminal (our own small formatter: no pino-pretty in the image), JSON otherwise. */
function loggerOptions (config: Config) {
  if (config.logLevel === 'silent') return false
  const pretty = process.stdout.isTTY === true
  return pretty
    ? { level: config.logLevel, stream: prettyStream(process.stdout, process.env.NO_COLOR === undefined) }
    : { level: config.logLevel }
}

function fail (message: string): never {
  process.stderr.write(`techladder-mock: ${message}\n`)
  process.exit(1)
}

export async function main (): Promise<void> {
  let config: Config | 'help' | 'version'
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message} (see --help)`)
    throw err
  }
  if (config === 'help') {
    process.stdout.write(usage() + '\n')
    return
  }
  if (config === 'version') {
    process.stdout.write(packageVersion() + '\n')
    return
  }

  let app
  try {
    app = await buildApp(config, { logger: loggerOptions(config) })
  } catch (err) {
    if (err instanceof DatabaseOpenError) fail(err.message)
    fail(`cannot start: ${(err as Error).message}`)
  }

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    await app.close().catch(() => {})
    if (e.code === 'EADDRINUSE') fail(`port ${config.port} on ${config.host} is already in use`)
    if (e.code === 'EACCES') fail(`no permission to listen on ${config.host}:${config.port}`)
    if (e.code === 'EADDRNOTAVAIL') fail(`address ${config.host} is not available on this machine`)
    fail(`cannot listen on ${config.host}:${config.port}: ${e.message}`)
  }

  // What a first run needs to know (URL, docs, admin API, keys, clock, database): a banner on a
  // terminal, one structured line in JSON logs. With --port 0 this is where the port shows.
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const facts = startupFacts(app, displayUrl(config.host, port), port)
  if (config.logLevel !== 'silent') {
    if (process.stdout.isTTY === true) process.stdout.write(bannerText(facts, process.env.NO_COLOR === undefined))
    else app.log.info(logFields(facts), `techladder-mock ready at ${facts.url} (docs: ${facts.docs})`)
  }

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // A hard stop in case something hangs: well inside the 10 s a container runtime waits.
    setTimeout(() => { process.stderr.write('techladder-mock: shutdown timed out\n'); process.exit(1) }, 8000).unref()
    app.close().then(() => process.exit(0), (err: Error) => {
      process.stderr.write(`techladder-mock: error while closing: ${err.message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

await main()
