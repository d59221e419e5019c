/**
 * The application: builds a Fastify instance with the store, the simulation, every API surface, the
 * control API and the docs. It never listens; src/server.ts does that. Tests call buildApp and
 * use inject.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RawServerDefault } from 'fastify'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Db } from '../core/store/database.js'
import { DEFAULT_CONFIG, type Config } from './config.js'
import { MAX_HEADER_BYTES, classify, createRouteTable } from './errors.js'
import requestGuard from './plugins/request-guard.js'
import clock from './plugins/clock.js'
import harness from './plugins/harness.js'
import journal from './plugins/journal.js'
import openapi from './plugins/openapi.js'
import requestLog from './plugins/request-log.js'
import simulation from './plugins/simulation.js'
import store from './plugins/store.js'
import rootRoutes from './root-routes.js'
import startPage from './start-page.js'
import { clientErrorHandler, connectHandler, rootErrors } from './socket-errors.js'
import { serializerFactory, validatorCompiler } from './validation.js'
import { routingTarget } from './request-target.js'
import { registerSurface, sendErrorReply, type Surface } from './surface.js'
import { ALL_SURFACES, API_SURFACES, CONTROL_SURFACE, PROVIDER_SEEDS, PROVIDERS_BY_NAME } from './surfaces.js'
import type { Provider } from '../core/model/records.js'
import type { ProviderParts } from './surface.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Every provider's parts (ids, provisioning, seeding), by provider. @internal */
    providers: ReadonlyMap<Provider, ProviderParts>
  }
}

export interface BuildOptions {
  /**
   * Use this open database instead of opening config.dbPath (the test suite's hook; not in the
   * shipped types, which would otherwise need better-sqlite3's).
   * @internal
   */
  db?: Db
  /** Fastify's logger option; default: off (server.ts passes its own). */
  logger?: FastifyServerOptions['logger']
  /** How long a whole request may take to arrive (default 30 s; tests shorten it). */
  requestTimeoutMs?: number
  /** How long a connection may be idle (default 60 s; tests shorten it). */
  connectionTimeoutMs?: number
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

/** The surface whose prefix a raw URL starts with (for errors raised before routing). */
function surfaceOf (url: string): Surface | undefined {
  return ALL_SURFACES.find(s => url === s.prefix || url.startsWith(s.prefix + '/') || url.startsWith(s.prefix + '?'))
}

/** Fastify's framework errors before routing (a URL that cannot be decoded): the surface's own body when the URL names one. */
function frameworkErrors (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const errors = surfaceOf(request.url)?.errors ?? rootErrors
  sendErrorReply(reply, errors.reply(classify(err, request), request))
}

export async function buildApp (partial: Partial<Config> = {}, options: BuildOptions = {}): Promise<App> {
  const config: Config = { ...DEFAULT_CONFIG, ...partial }
  const app = Fastify({
    logger: (options.logger ?? false) as boolean,
    // Fastify's own two lines per request are off; the one-line request log is our own hook.
    logController: new LogController({ disableRequestLogging: true }),
    // Response serializers compiled once per process and schema, on first use (validation.ts).
    schemaController: { compilersFactory: { buildSerializer: serializerFactory() as never } },
    bodyLimit: config.bodyLimit,
    // Ids in paths are echoed in 404 details; long ones must reach the route, not the router's 404.
    routerOptions: { maxParamLength: 2048 },
    // Dot segments resolved, the absolute form reduced to its path: request-target.ts.
    rewriteUrl: (req) => routingTarget(req.url ?? '/'),
    return503OnClosing: true,
    frameworkErrors,
    clientErrorHandler,
    requestTimeout: 30_000,
    connectionTimeout: options.connectionTimeoutMs ?? 60_000,
    keepAliveTimeout: 72_000,
    // Explicit, not Node's default: the 431 envelope states this number.
    // A request without Host reaches the surface's own 400 (request-guard.ts), not Node's bare one.
    http: { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Every header is parsed (the size limit still bounds them): a second credential past Node's
  // default 2,000-header cut would otherwise be dropped unseen, and a credential seen twice is none.
  app.server.maxHeadersCount = 0
  app.setValidatorCompiler(validatorCompiler())

  if (app.server.listenerCount('connect') === 0) app.server.on('connect', connectHandler)
  // Outside every surface (unknown root paths, /healthz, /docs): the server's own envelope.
  const routes = createRouteTable()
  app.addHook('onRoute', (route) => routes.add(route.url, route.method))
  app.setErrorHandler((err, request, reply) => {
    const e = rootErrors.reply(classify(err, request), request)
    if (e.statusCode >= 500) request.log.error({ err }, 'unexpected fault')
    return sendErrorReply(reply, e)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    const allowed = routes.allowed(path).filter(m => m !== request.method && m !== 'HEAD')
    return sendErrorReply(reply, rootErrors.notFound(request, path, allowed))
  })

  app.decorate('providers', PROVIDERS_BY_NAME)
  await app.register(requestGuard, { timeoutMs: options.requestTimeoutMs })
  await app.register(store, { config, db: options.db, providers: PROVIDER_SEEDS })
  await app.register(clock)
  await app.register(simulation, { surfaces: ALL_SURFACES })
  await app.register(journal)
  await app.register(requestLog)
  await app.register(harness)
  await app.register(openapi, {
    tags: [
      ...API_SURFACES.flatMap(s => s.tags ?? []),
      { name: 'Mock', description: 'This server\'s own endpoints (start page, health, OpenAPI)' },
      ...(CONTROL_SURFACE.tags ?? [])
    ],
    securitySchemes: Object.assign({}, ...ALL_SURFACES.map(s => s.securitySchemes ?? {})),
    prefixSecurity: ALL_SURFACES.flatMap(s => s.routeSecurity === undefined ? [] : [{ prefix: s.prefix, security: s.routeSecurity }])
  })
  await app.register(rootRoutes)
  await app.register(startPage)
  for (const surface of ALL_SURFACES) await registerSurface(app, surface)
  return app
}
