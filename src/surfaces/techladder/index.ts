/**
 * The TechLadder public API (`/api/v1/public`), as its docs describe it: the documented paths,
 * envelopes, messages, codes, limits and ownership rules.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { Surface } from '../../http/surface.js'
import { seedDocumentedRecords } from './documented.js'
import { envelopeErrors } from './errors.js'
import { techladderGuard } from './guard.js'
import callBatchRoutes from './routes/call-batches.js'
import createBatchRoutes from './routes/create-batch.js'
import meRoutes from './routes/me.js'
import { techladderWebhooks } from './webhooks.js'

export const TECHLADDER_PREFIX = '/api/v1/public'

const routes: FastifyPluginAsync = async (app) => {
  await app.register(callBatchRoutes)
  await app.register(createBatchRoutes)
  await app.register(meRoutes)
}

export const techladderSurface: Surface = {
  name: 'techladder',
  prefix: TECHLADDER_PREFIX,
  errors: envelopeErrors(),
  guard: techladderGuard,
  scenarios: true,
  routes,
  documented: seedDocumentedRecords,
  webhooks: techladderWebhooks,
  tags: [
    { name: 'Call Batches', description: 'Documented TechLadder endpoints' },
    { name: 'Account', description: 'Documented TechLadder endpoints' }
  ]
}
