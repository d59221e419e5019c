/**
 * The application: builds a Fastify instance with the store, the public API and the docs. It never
 * listens; src/server.ts does that. Tests call buildApp and use inject.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DEFAULT_CONFIG, type Config } from './config.js'
import type { Db } from './db/database.js'
import errorHandler, { clientErrorHandler, frameworkErrors, MAX_HEADER_BYTES } from './plugins/error-handler.js'
import bodyGuard from './plugins/body-guard.js'
import openapi from './plugins/openapi.js'
import publicApiGuard, { PUBLIC_PREFIX } from './plugins/public-api-guard.js'
import store from './plugins/store.js'
import journal from './plugins/journal.js'
import requestLog from './plugins/request-log.js'
import scenarios from './plugins/scenarios.js'
import healthRoutes from './routes/health.js'
import rootRoutes from './routes/root.js'
import callBatchRoutes from './routes/public/call-batches.js'
import meRoutes from './routes/public/me.js'
import adminRoutes, { ADMIN_PREFIX } from './routes/admin/index.js'
import clock from './clock.js'
import simulation from './simulation/plugin.js'
import createBatchRoutes from './routes/public/create-batch.js'

export interface BuildOptions {
  /** @internal Use this open database instead of opening config.dbPath (tests; the better-sqlite3 types stay out of the published declarations). */
  db?: Db
  /** Fastify's logger option; default: off (server.ts passes its own). */
  logger?: FastifyServerOptions['logger']
}

/**
 * Ajv keyword carrying the message this mock reports for a bad value (see error-handler.ts). It also
 * rejects a non-finite number: Ajv's type coercion turns "Infinity" or "1e400" into Infinity and then
 * skips minimum/maximum for it, so `limit=Infinity` would otherwise reach SQLite (a 500).
 */
const xErrorKeyword = ((ajv: { addKeyword: (def: { keyword: string, schemaType: string, errors: boolean, validate: (schema: string, data: unknown) => boolean }) => unknown }) => {
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string', errors: false, validate: (_schema, data) => typeof data !== 'number' || Number.isFinite(data) })
  return ajv
}) as never

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

export async function buildApp (partial: Partial<Config> = {}, options: BuildOptions = {}): Promise<App> {
  const config: Config = { ...DEFAULT_CONFIG, ...partial }
  const app = Fastify({
    logger: (options.logger ?? false) as boolean,
    // Fastify's own two lines per request are off; the one-line request log is our own hook.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Ids in paths are echoed in 404 details; long ones must reach the route, not the router's 404.
    routerOptions: { maxParamLength: 2048 },
    return503OnClosing: true,
    frameworkErrors,
    clientErrorHandler,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 72_000,
    // Explicit, not Node's default: the 431 envelope states this number.
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    ajv: {
      customOptions: { allErrors: true, verbose: true, coerceTypes: 'array', removeAdditional: true, useDefaults: true },
      plugins: [xErrorKeyword]
    }
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(errorHandler)
  await app.register(bodyGuard)
  await app.register(store, { config, db: options.db })
  await app.register(clock)
  await app.register(simulation)
  await app.register(journal)
  await app.register(requestLog)
  await app.register(publicApiGuard)
  // After the guard: a bad key still gets its 401 first, and account rules see the account.
  await app.register(scenarios)
  await app.register(openapi)
  await app.register(healthRoutes)
  await app.register(rootRoutes)
  await app.register(callBatchRoutes, { prefix: PUBLIC_PREFIX })
  await app.register(createBatchRoutes, { prefix: PUBLIC_PREFIX })
  await app.register(meRoutes, { prefix: PUBLIC_PREFIX })
  await app.register(adminRoutes, { prefix: ADMIN_PREFIX })
  return app
}
