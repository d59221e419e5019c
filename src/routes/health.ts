import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiError } from '../errors.js'
import { ErrorEnvelopeSchema, SuccessEnvelope } from '../schemas/envelope.js'
import { success } from './page-body.js'

const HealthSchema = SuccessEnvelope(Type.Object({ status: Type.String() }), 'Health')

/** Liveness and readiness, at the root like LocalStack's and Kubernetes' conventions. */
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
