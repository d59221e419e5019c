/** Control API for webhook deliveries: list them (with every attempt) and redeliver one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DomainErrors } from '../../../core/model/errors.js'
import { isoSeconds } from '../../../core/simulation/clock.js'
import type { DeliveryRow } from '../../../core/webhooks/dispatcher.js'
import { DeliveriesQuerySchema, DeliveriesResponses, DeliveryParamsSchema, RedeliverResponses } from '../schemas/simulation.js'
import { DeliveryDetailResponses } from '../schemas/dashboard.js'
import { success } from '../../techladder/page-body.js'

const tags = ['Admin']

const webhookAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = (d: DeliveryRow) => ({
    id: d.event_id,
    event_type: d.event_type,
    account_id: d.account_id,
    batch_id: d.batch_id,
    url: d.url,
    status: d.status,
    attempt_count: d.attempt_count,
    next_attempt_at: d.next_attempt_ms === null ? null : isoSeconds(d.next_attempt_ms),
    created_at: d.created_at,
    payload: JSON.parse(d.payload) as unknown,
    attempts: app.webhooks.attempts(d.event_id).map(a => ({
      attempt: a.attempt,
      attempted_at: a.attempted_at,
      success: a.success === 1,
      response_status: a.response_status,
      latency_ms: a.latency_ms,
      error: a.error,
      redelivery: a.redelivery === 1
    }))
  })

  app.get('/webhooks/deliveries', {
    schema: {
      tags,
      summary: 'Webhook deliveries, oldest first (order=desc: newest first), with every attempt; filter by batch_id, event_type, status',
      querystring: DeliveriesQuerySchema,
      response: DeliveriesResponses
    }
  }, async (request) => {
    const { batch_id: batchId, event_type: eventType, status, page, limit, order } = request.query
    const { items, total } = app.webhooks.list({ batchId, eventType, status, page, limit, order: order as 'asc' | 'desc' | undefined })
    return success('Webhook deliveries fetched successfully', { items: items.map(view), total, page, limit, has_more: page * limit < total })
  })

  app.get('/webhooks/deliveries/:delivery_id', {
    schema: {
      tags,
      summary: 'One delivery: the exact body sent and the request headers of each attempt (signature included)',
      description: 'Signatures are computed again with the signing secret as it is now: what was sent, unless the secret changed since.',
      params: DeliveryParamsSchema,
      response: DeliveryDetailResponses
    }
  }, async (request) => {
    const id = request.params.delivery_id
    const d = app.webhooks.get(id)
    if (d === undefined) throw DomainErrors.deliveryNotFound(id)
    const base = view(d)
    const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000)
    const attempts = base.attempts.map(a => ({ ...a, headers: app.webhooks.headersOf(d, a.attempt, unix(a.attempted_at)) }))
    const last = attempts.at(-1)
    const nextAt = d.next_attempt_ms ?? app.clock.now()
    return success('Webhook delivery fetched successfully', {
      ...base,
      attempts,
      headers: last?.headers ?? app.webhooks.headersOf(d, 1, Math.floor(nextAt / 1000)),
      headers_attempt: last?.attempt ?? 1,
      body: d.payload
    })
  })

  app.post('/webhooks/deliveries/:delivery_id/redeliver', {
    schema: {
      tags,
      summary: 'Send a delivery once more, now (recorded as a redelivery attempt; a success marks it succeeded)',
      params: DeliveryParamsSchema,
      response: RedeliverResponses
    }
  }, async (request) => {
    const id = request.params.delivery_id
    if (app.webhooks.get(id) === undefined) throw DomainErrors.deliveryNotFound(id)
    await app.webhooks.redeliver(id)
    return success('Webhook redelivered', view(app.webhooks.get(id) as DeliveryRow))
  })
}

export default webhookAdminRoutes
