import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiError } from '../surfaces/techladder/errors.js'
import { ErrorEnvelopeSchema, SuccessEnvelope } from '../surfaces/techladder/envelope.js'
import { success } from '../surfaces/techladder/page-body.js'

const HealthSchema = SuccessEnvelope(Type.Object({ status: Type.String() }), 'Health')

/**
 * This server's own endpoints at the root: liveness and readiness (like LocalStack's and Kubernetes'
 * conventions), in the envelope the server began with (TechLadder's).
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    schema: { tags: ['Mock'], summary: 'Liveness: the process answers', response: { 200: HealthSchema } }
  }, async () => success('OK', { status: 'ok' }))

  app.get('/readyz', {
    schema: { tags: ['Mock'], summary: 'Readiness: seeding is done', response: { 200: HealthSchema, 503: ErrorEnvelopeSchema } }
  }, async () => {
    if (!app.seeded) throw new ApiError(503, 'INTERNAL_ERROR', 'Not ready', ['seeding: In progress'])
    return success('Ready', { status: 'ready' })
  })
}

export default healthRoutes
