/**
 * Scenario rules (see src/harness/scenarios.ts): list, add, read, remove one, remove all.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DomainErrors } from '../../../core/model/errors.js'
import {
  ADMIN_TAG, AdminErrors, BadRequest, Conflict, NotFound, OkEnvelope, ScenarioIdParamsSchema, ScenarioInputSchema, ScenarioSchema
} from '../schemas/admin.js'
import { success } from '../../techladder/page-body.js'

const scenarioRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = app.scenarios

  app.get('/scenarios', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'List scenarios (in matching order)',
      response: { 200: OkEnvelope(Type.Array(ScenarioSchema), 'Every scenario, with its counters'), ...AdminErrors }
    }
  }, async () => success('Scenarios fetched', store.list()))

  app.post('/scenarios', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Add a scenario',
      description: 'A rule that makes matching /api/v1/public requests answer with a documented error (exact catalogue body), an added latency, or a fault. Example: {"match":{"method":"GET","path":"/api/v1/public/call-batches/*/results","account_id":"acc_abc123"},"action":{"status":429},"times":2}',
      body: ScenarioInputSchema,
      response: { 201: OkEnvelope(ScenarioSchema, 'The scenario'), 400: BadRequest, 409: { ...Conflict, description: 'There are 1,000 rules already' }, ...AdminErrors }
    }
  }, async (request, reply) => {
    const scenario = store.add(request.body)
    return reply.code(201).send(success('Scenario created', scenario, 201))
  })

  app.get('/scenarios/:id', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'One scenario',
      params: ScenarioIdParamsSchema,
      response: { 200: OkEnvelope(ScenarioSchema, 'The scenario'), 404: NotFound, ...AdminErrors }
    }
  }, async (request) => {
    const s = store.get(request.params.id)
    if (s === undefined) throw DomainErrors.scenarioNotFound(request.params.id)
    return success('Scenario fetched', s)
  })

  app.delete('/scenarios/:id', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Remove one scenario',
      params: ScenarioIdParamsSchema,
      response: { 200: OkEnvelope(Type.Object({ removed: Type.Integer() }), 'Removed'), 404: NotFound, ...AdminErrors }
    }
  }, async (request) => {
    if (!store.remove(request.params.id)) throw DomainErrors.scenarioNotFound(request.params.id)
    return success('Scenario removed', { removed: 1 })
  })

  app.delete('/scenarios', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Remove every scenario',
      response: { 200: OkEnvelope(Type.Object({ removed: Type.Integer() }), 'Removed'), ...AdminErrors }
    }
  }, async () => {
    const removed = store.size
    store.clear()
    return success('Scenarios removed', { removed })
  })
}

export default scenarioRoutes
