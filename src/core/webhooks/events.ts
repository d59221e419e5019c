/**
 * Domain events: what the simulation reports as it changes a batch. The core decides when an event
 * happens; whoever owns the batch's API surface decides whether it becomes a webhook, to which URL,
 * with which body and signature (the core knows no provider's payload).
 */
import type { BatchRecord, CallRecord } from '../model/records.js'

/** `call.dialed`: a call started ringing (its record exists from then on, with a start time). */
export type EventType = 'batch.started' | 'call.dialed' | 'call.finished' | 'batch.completed' | 'batch.cancelled' | 'batch.failed'
export const EVENT_TYPES: readonly EventType[] = ['batch.started', 'call.dialed', 'call.finished', 'batch.completed', 'batch.cancelled', 'batch.failed']

export interface DomainEvent {
  type: EventType
  /** The simulated instant of the change (ms). */
  atMs: number
  /** The batch after the change. */
  batch: BatchRecord
  /** The call, for call events, after the change. */
  call?: CallRecord
}

/**
 * Turns an event into webhook deliveries (zero or more) and says whether it queued any: called inside the transaction that made
 * the change, so a delivery exists exactly when the state change it reports does.
 */
export type EventListener = (event: DomainEvent) => boolean
