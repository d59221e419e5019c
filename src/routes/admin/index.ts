/**
 * The control API under /__admin: everything the real API lacks but a test needs. Never under
 * /api/v1/public. When ADMIN_TOKEN is set, every admin request must carry it
 * (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`); customer API keys never open it.
 * Each admin area is its own route file, registered below.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { timingSafeEqual, createHash } from 'node:crypto'
import { ApiError } from '../../errors.js'
import { bearerToken } from '../../plugins/public-api-guard.js'
import accountRoutes from './accounts.js'
import journalRoutes from './journal.js'
import scenarioRoutes from './scenarios.js'
import stateRoutes from './state.js'
import simulationRoutes from './simulation.js'
import webhookRoutes from './webhooks.js'

export const ADMIN_PREFIX = '/__admin'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

export const adminUnauthorized = () => new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid admin token',
  ['Provide the admin token as Authorization: Bearer <token> or X-Admin-Token'])

const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const token = app.config.adminToken
  if (token !== null && token !== '') {
    const expected = digest(token)
    app.addHook('onRequest', async (request) => {
      const header = request.headers['x-admin-token']
      const given = typeof header === 'string' ? header : bearerToken(request.headers.authorization)
      if (given === null || !timingSafeEqual(digest(given), expected)) throw adminUnauthorized()
    })
  }
  // Admin areas (each file owns its routes):
  await app.register(stateRoutes)
  await app.register(accountRoutes)
  await app.register(scenarioRoutes)
  await app.register(journalRoutes)
  await app.register(simulationRoutes)
  await app.register(webhookRoutes)
}

export default adminRoutes
