/** What every Cartesia route declares, and the lookups several routes share. */
import type { FastifyInstance } from 'fastify'
import type { BatchRecord } from '../../../core/model/records.js'
import { Errors } from '../errors.js'
import { batchView, countsOf } from '../presenters.js'
import type { AgentCallBatch } from '../schemas.js'

export const TAG = 'Cartesia Agent Calls'
/** Either scheme authenticates (alternatives): every route of the surface declares it (Surface.routeSecurity). */
export const SECURITY: Array<Record<string, string[]>> = [{ cartesiaBearer: [] }, { cartesiaApiKey: [] }]

/** The caller's batch, or Cartesia's 404 (also for another organization's batch: never a hint it exists). */
export function ownedBatch (app: FastifyInstance, accountId: string, batchId: string): BatchRecord {
  const batch = app.repos.batches.findOwned(accountId, batchId)
  if (batch === undefined) throw Errors.batchNotFound(batchId)
  return batch
}

/** A batch as Cartesia shows it (without recipients), from its current records. */
export function presentBatch (app: FastifyInstance, b: BatchRecord): AgentCallBatch {
  const { calls, dialed } = app.repos
  return batchView(b, countsOf(b, calls.statusCounts(b.schedule_id)), () => dialed.placedCount(b.schedule_id))
}
