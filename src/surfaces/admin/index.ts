/**
 * The control API under /__admin: everything the real APIs lack but a test needs. Never under a
 * provider's paths. When ADMIN_TOKEN is set, every admin request must carry it
 * (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`); customer API keys never open it.
 * It answers in the TechLadder envelope, the format this server began with. Each admin area is its
 * own route file, registered below. The dashboard's static files (/__admin/ui) load without the
 * token: they hold no data, and the page sends the token on every request it makes for data.
 */
import type { FastifyInstance, FastifyPluginAsync, onRequestHookHandler } from 'fastify'
import { timingSafeEqual, createHash } from 'node:crypto'
import { bearerToken, hasDuplicateHeader } from '../../http/credentials.js'
import type { Surface } from '../../http/surface.js'
import { envelopeErrors } from '../techladder/errors.js'
import { adminUnauthorized } from './errors.js'
import accountRoutes from './routes/accounts.js'
import dashboardRoutes from './routes/dashboard.js'
import dashboardUi from './routes/dashboard-ui.js'
import journalRoutes from './routes/journal.js'
import scenarioRoutes from './routes/scenarios.js'
import stateRoutes from './routes/state.js'
import simulationRoutes from './routes/simulation.js'
import webhookRoutes from './routes/webhooks.js'

export const ADMIN_PREFIX = '/__admin'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/** Every admin request carries the token, when one is configured. */
function adminGuard (app: FastifyInstance): onRequestHookHandler {
  const token = app.config.adminToken
  if (token !== null && token.trim() === '') throw new Error('adminToken must not be empty: an empty token would leave /__admin open (leave it unset to run without one)')
  if (token === null) return (_request, _reply, done) => { done() }
  const expected = digest(token)
  return (request, _reply, done) => {
    // The dashboard's own files (routes/dashboard-ui.ts): no data, no secret; the page then asks for the token.
    if (request.routeOptions.config.adminPublic === true) { done(); return }
    const raw = request.raw.rawHeaders
    // A credential sent twice is ambiguous (a proxy may read another one than Node keeps): none.
    const ambiguous = hasDuplicateHeader(raw, 'authorization') || hasDuplicateHeader(raw, 'x-admin-token')
    const header = request.headers['x-admin-token']
    const given = ambiguous ? null : typeof header === 'string' ? header : bearerToken(request.headers.authorization)
    // A refusal one microtask later, as a throw from an async hook would be (Node's parser answers malformed HTTP first).
    if (given === null || !timingSafeEqual(digest(given), expected)) { queueMicrotask(() => done(adminUnauthorized())); return }
    done()
  }
}

const routes: FastifyPluginAsync = async (app) => {
  // Admin areas (each file owns its routes):
  await app.register(stateRoutes)
  await app.register(accountRoutes)
  await app.register(scenarioRoutes)
  await app.register(journalRoutes)
  await app.register(simulationRoutes)
  await app.register(webhookRoutes)
  await app.register(dashboardRoutes)
  await app.register(dashboardUi)
}

export const adminSurface: Surface = {
  name: 'admin',
  prefix: ADMIN_PREFIX,
  errors: envelopeErrors(),
  guard: adminGuard,
  scenarios: false,
  routes,
  securitySchemes: {
    adminToken: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Admin-Token',
      description: 'The admin token of /__admin, only when the server runs with ADMIN_TOKEN / --admin-token (without one the control API is open). ' +
        '`Authorization: Bearer <token>` works too. Customer API keys never open the control API.'
    }
  },
  // The admin token, when one is set; the empty alternative says a server without one needs nothing.
  // OpenAPI has one header per scheme: X-Admin-Token (Authorization: Bearer <token> works too).
  routeSecurity: [{ adminToken: [] }, {}],
  tags: [
    { name: 'Admin', description: 'This mock\'s control API under /__admin (reset, fixtures, accounts and keys, scenarios, journal, batches, clock, webhooks). Not part of any real API. When ADMIN_TOKEN is set, send it as Authorization: Bearer <token> or X-Admin-Token.' }
  ]
}
