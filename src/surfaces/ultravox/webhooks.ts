/**
 * The batch webhook: for every call of a batch with a non-outgoing medium (WebRTC, a server
 * WebSocket, an incoming SIP call, …), the server POSTs `{"event": "call.started", "call": <Call>}`
 * to the batch's `webhookUrl` when the call is created (the core's `call.dialed` event), so the
 * receiver can join it. Signed as Ultravox signs webhooks: `X-Ultravox-Webhook-Timestamp` (ISO
 * 8601, UTC) and `X-Ultravox-Webhook-Signature` = hex HMAC-SHA256 keyed with the batch's
 * `webhookSecret` over the raw body followed by that timestamp. Sent through the server's delivery
 * (journal, retries with backoff, redelivery): Ultravox's scheduler does not retry, and marks the
 * scheduled call ERROR instead; here the call stays created (SUCCESS) and the delivery is retried.
 */
import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { SurfaceWebhooks } from '../../http/surface.js'
import { isOutgoing } from './medium.js'
import { batchExtra, callJson, mediumOf } from './presenters.js'
import { callContext } from './context.js'

export const TIMESTAMP_HEADER = 'x-ultravox-webhook-timestamp'
export const SIGNATURE_HEADER = 'x-ultravox-webhook-signature'

/** Python's `datetime.isoformat()` of a UTC instant in whole seconds: `2026-06-15T16:00:01+00:00`. */
export const webhookTimestamp = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().slice(0, 19) + '+00:00'

/** Lowercase hex HMAC-SHA256 of the raw body followed by the timestamp, keyed with the secret. */
export function signature (secret: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(body + timestamp, 'utf8').digest('hex')
}

const ownsAccount = (app: FastifyInstance, accountId: string) => app.repos.accounts.providerOf(accountId) === 'ultravox'

export const ultravoxWebhooks: SurfaceWebhooks = {
  listener: (app) => {
    const ctx = callContext(app)
    return (event) => {
      if (event.type !== 'call.dialed' || event.call === undefined) return false
      const b = event.batch
      const url = batchExtra(b).webhookUrl
      if (url === undefined || url === null || b.frozen || !ownsAccount(app, b.account_id)) return false
      if (isOutgoing(mediumOf(b, event.call))) return false
      const body = JSON.stringify({ event: 'call.started', call: callJson(b, event.call, ctx) })
      app.webhooks.enqueue('call.dialed', b.account_id, b.schedule_id, url, event.atMs, () => body)
      return true
    }
  },
  headers: (app) => (d, _attempt, unix) => {
    const timestamp = webhookTimestamp(unix)
    const secret = app.repos.batches.findById(d.batch_id)?.webhook_secret ?? ''
    return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature(secret, d.payload, timestamp) }
  },
  owns: (app, d) => ownsAccount(app, d.account_id)
}
