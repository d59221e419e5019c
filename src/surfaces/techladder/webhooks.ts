/**
 * TechLadder webhooks: this server's own convention (the docs define none: see docs/webhooks.md).
 * A batch with a `callback_url` gets `batch.started`, `call.finished` and `batch.completed |
 * cancelled | failed` events as `{id, type, created_at, data}`, signed with the account's webhook
 * secret in `X-TechLadder-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 */
import { createHmac } from 'node:crypto'
import type { SurfaceWebhooks } from '../../http/surface.js'
import { batchDetail, resultItem } from './presenters.js'

export const SIGNATURE_HEADER = 'x-techladder-signature'

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the account's webhook secret. */
export function signPayload (secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex')
  return `t=${timestampSeconds},v1=${mac}`
}

/** The events a TechLadder batch reports (a call starting to ring is not one of them). */
const EVENTS = new Set(['batch.started', 'call.finished', 'batch.completed', 'batch.cancelled', 'batch.failed'])

export const techladderWebhooks: SurfaceWebhooks = {
  listener: (app) => (event) => {
    const b = event.batch
    if (b.callback_url === null || !EVENTS.has(event.type) || app.repos.accounts.providerOf(b.account_id) !== 'techladder') return false
    const data = event.call !== undefined
      ? { batch_id: b.schedule_id, call: resultItem(event.call) }
      : { batch_id: b.schedule_id, batch: { batch_id: b.schedule_id, ...batchDetail(b) } }
    app.webhooks.enqueue(event.type, b.account_id, b.schedule_id, b.callback_url, event.atMs,
      (id, createdAt) => JSON.stringify({ id, type: event.type, created_at: createdAt, data }))
    return true
  },
  headers: (app) => (d, attempt, unix) => ({
    'x-techladder-event': d.event_type,
    'x-techladder-event-id': d.event_id,
    'x-techladder-delivery-attempt': String(attempt),
    [SIGNATURE_HEADER]: signPayload(app.repos.accounts.getAccount(d.account_id)?.webhook_secret ?? '', unix, d.payload)
  }),
  owns: (app, d) => app.repos.accounts.providerOf(d.account_id) === 'techladder'
}
