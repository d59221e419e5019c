/**
 * The Surface contract: one API surface (a provider's public API, or this server's control API) is
 * one Fastify scope under its own prefix, with its own guard, error handler, not-found handler and
 * error body. Hooks live in the scope, so they run for every route of the surface however the URL
 * is spelled (percent-encoded, dot segments, absolute form): the router decides, not a string test.
 *
 * Adding a surface is a new folder under src/surfaces/ exporting a Surface, and one line in
 * src/http/surfaces.ts.
 */
import { decodedPath } from './request-target.js'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { TSchema } from 'typebox'
import type { AccountProvisioning } from '../core/control/accounts.js'
import type { IdRules } from '../core/control/fixture-validation.js'
import type { Provider } from '../core/model/records.js'
import type { ProviderSeed } from '../core/seed/index.js'
import type { IdFormat } from '../core/simulation/engine.js'
import type { EventListener } from '../core/webhooks/events.js'
import type { AttemptHeaders, DeliveryRow } from '../core/webhooks/dispatcher.js'
import { classify, createRouteTable, type ErrorReply, type Problem } from './errors.js'
import { scenarioHook } from './plugins/scenarios.js'

export type { ErrorReply } from './errors.js'

/** Every surface's error body schema by prefix (for checking responses of paths no route has). */
export function errorSchemas (surfaces: readonly Surface[]): Array<{ prefix: string, schema: TSchema }> {
  return surfaces.map(s => ({ prefix: s.prefix, schema: s.errors.schema }))
}

export interface SurfaceErrors {
  /** Any problem in the scope (classified by src/http/errors.ts) in this surface's format. */
  reply: (problem: Problem, request: FastifyRequest) => ErrorReply
  /** No route matches: 404, or 405 when the path exists with other methods. */
  notFound: (request: FastifyRequest, path: string, allowedMethods: string[]) => ErrorReply
  /** The error a scenario forces (`status` is one the admin API accepts). */
  forced: (status: number, request: FastifyRequest) => ErrorReply
  /** The error body's schema: declared for the framework's answers (400, 413, 415) on routes with a body. */
  schema: TSchema
}

export interface Surface {
  name: string
  prefix: string
  errors: SurfaceErrors
  /** The surface's guard (authentication, rate limit, required headers), run on every request of the scope. */
  guard?: (app: FastifyInstance) => onRequestHookHandler
  /** Whether scenario rules and Prefer headers apply (the provider APIs: yes; the control API: no). */
  scenarios: boolean
  routes: FastifyPluginAsync
  /** A provider's API: what its accounts, ids and seeded data are (absent for the control API). */
  provider?: ProviderParts
  /** Turns domain events of this surface's batches into webhook deliveries. */
  webhooks?: SurfaceWebhooks
  /** OpenAPI tags of this surface (one tag group per surface). */
  tags?: Array<{ name: string, description: string }>
  /** OpenAPI security schemes this surface's routes name. */
  securitySchemes?: Record<string, unknown>
  /** A security requirement every route of the surface shares (documented for each route from here). */
  routeSecurity?: Array<Record<string, string[]>>
  /** What the start-up banner and the start page say of this API: its name and the seeded keys that work on it. */
  firstRun?: {
    name: string
    /** Where its paths begin, when that is not the prefix. */
    basePath?: string
    keys: Array<{ key: string, account_id: string, note: string }>
  }
}

/** What a provider brings to the core: its accounts' ids and credentials, and its seeded data. */
export interface ProviderParts {
  provider: Provider
  /** Its documented records, how its synthetic records are named, and any shaping after seeding. */
  seed: Omit<ProviderSeed, 'provider'>
  /** What its ids start with (fixtures are checked against them). */
  idRules: IdRules
  /** How the simulation names the batches and calls created through this API (from the server's seed). */
  idFormat: (seed: number) => IdFormat
  /** What a new account of this provider gets through the control API. */
  provisioning: AccountProvisioning
}

export interface SurfaceWebhooks {
  /** Given the app, the listener that queues deliveries (with app.webhooks.enqueue) for the events it wants. */
  listener: (app: FastifyInstance) => EventListener
  /** The headers of one attempt of a delivery this surface queued. */
  headers: (app: FastifyInstance) => AttemptHeaders
  /** Whether a delivery is this surface's (the dispatcher asks each surface). */
  owns: (app: FastifyInstance, delivery: DeliveryRow) => boolean
}

/** Sends an ErrorReply and records its code for the journal and the request log. */
export function sendErrorReply (reply: FastifyReply, e: ErrorReply): FastifyReply {
  reply.request.errorCode = e.code
  if (e.headers !== undefined) for (const [name, value] of Object.entries(e.headers)) reply.header(name, value)
  return reply.code(e.statusCode).type('application/json; charset=utf-8').send(e.body)
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const BODY_ERRORS: Record<string, string> = {
  400: 'Malformed JSON, or a body nested too deeply',
  413: 'Request body too large',
  415: 'Content type is not application/json'
}

/** Registers one surface as its own scope under its prefix. */
export async function registerSurface (app: FastifyInstance, surface: Surface): Promise<void> {
  await app.register(async (scope) => {
    const routes = createRouteTable()
    const errors = surface.errors
    scope.addHook('onRoute', (route) => {
      routes.add(route.url, route.method)
      // Routes with a body declare the framework's answers (bad JSON, too large, not JSON) in the
      // surface's own error format, unless they declare their own.
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const response = route.schema?.response as Record<string, unknown> | undefined
      if (response === undefined || !methods.some(m => BODY_METHODS.has(m))) return
      // A copy: response objects are often shared with other routes (a GET among them).
      const added: Record<string, unknown> = {}
      for (const [status, description] of Object.entries(BODY_ERRORS)) {
        if (response[status] === undefined) added[status] = { ...errors.schema, description }
      }
      if (Object.keys(added).length > 0) route.schema!.response = { ...response, ...added }
    })
    scope.setErrorHandler((err, request, reply) => {
      const problem = classify(err, request)
      const e = errors.reply(problem, request)
      if (e.statusCode >= 500) request.log.error({ err }, 'unexpected fault')
      return sendErrorReply(reply, e)
    })
    scope.setNotFoundHandler((request, reply) => {
      // The path as the router read it (decoded): `/%61gents` and `/agents` get the same answer.
      const path = decodedPath(request.url)
      const allowed = routes.allowed(path).filter(m => m !== request.method && m !== 'HEAD')
      return sendErrorReply(reply, errors.notFound(request, path, allowed))
    })
    if (surface.guard !== undefined) scope.addHook('onRequest', surface.guard(scope))
    if (surface.scenarios) scope.addHook('onRequest', scenarioHook(app, (status, request, reply) => { sendErrorReply(reply, errors.forced(status, request)) }))
    await scope.register(surface.routes)
  }, { prefix: surface.prefix })
}
