/**
 * Control API for the simulation: batch transitions (start, pause, resume, cancel, fail), the admin
 * view of a batch, and the clock (read, set, advance). Clock moves resolve once everything due on
 * the way (calls, batch changes, webhook attempts) has been processed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { DomainErrors } from '../../../core/model/errors.js'
import { isoSeconds } from '../../../core/simulation/clock.js'
import type { Transition } from '../../../core/simulation/engine.js'
import {
  AdminBatchParamsSchema, AdminBatchResponses, AdvanceBodySchema, ClockResponses, SetClockBodySchema, TransitionResponses
} from '../schemas/simulation.js'
import { Errors } from '../../techladder/errors.js'
import { success } from '../../techladder/page-body.js'
import { batchDetail } from '../../techladder/presenters.js'

const tags = ['Admin']
const TRANSITIONS: Array<{ action: Transition, summary: string }> = [
  { action: 'start', summary: 'Start a pending batch now (manual or scheduled start mode)' },
  { action: 'pause', summary: 'Pause an active batch: calls in flight finish, no new call is dialed (public status stays active)' },
  { action: 'resume', summary: 'Resume a paused batch' },
  { action: 'cancel', summary: 'Cancel a pending or active batch: calls in progress hang up, undialed calls stay pending' },
  { action: 'fail', summary: 'Make a pending or active batch fail: calls in flight fail, undialed calls stay pending' }
]

/**
 * A clock move answers when everything due on the way is done, webhook responses included: that can
 * take longer than the socket's idle timeout, which would cut the answer off (an empty reply).
 */
export function waitAsLongAsItTakes (request: FastifyRequest): void {
  const socket = request.raw.socket as { setTimeout?: (ms: number) => unknown } | undefined
  // (app.inject's stand-in socket has no timeout to lift.)
  if (typeof socket?.setTimeout === 'function') socket.setTimeout(0)
}

const simulationAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminView = (batchId: string) => {
    const b = app.repos.batches.findById(batchId)
    if (b === undefined) throw DomainErrors.batchNotFound(batchId)
    const next = app.simulation.nextEventAt(batchId)
    return {
      ...batchDetail(b),
      account_id: b.account_id,
      paused: app.simulation.isPaused(batchId),
      frozen: b.frozen,
      callback_url: b.callback_url,
      deduplicate_by_phone: b.deduplicate_by_phone,
      interruption: b.interruption,
      use_alternate_number: b.use_alternate_number,
      max_duration_seconds_per_call: b.max_duration_seconds_per_call,
      metadata: b.metadata,
      call_counts: app.repos.calls.statusCounts(batchId) as Record<string, number>,
      next_event_at: next === null ? null : isoSeconds(next)
    }
  }

  app.get('/batches/:batch_id', {
    schema: { tags, summary: 'A batch as the control API sees it (paused, callback_url, account, call counts)', params: AdminBatchParamsSchema, response: AdminBatchResponses }
  }, async (request) => success('Batch fetched successfully', adminView(request.params.batch_id)))

  for (const { action, summary } of TRANSITIONS) {
    app.post(`/batches/:batch_id/${action}`, {
      schema: { tags, summary, params: AdminBatchParamsSchema, response: TransitionResponses }
    }, async (request) => {
      app.simulation.transition(request.params.batch_id, action)
      return success(`Batch ${action} done`, adminView(request.params.batch_id))
    })
  }

  const clockView = () => {
    const s = app.clock.state()
    return { mode: s.mode, speed: s.speed, time: isoSeconds(s.time), time_ms: s.time }
  }

  app.get('/clock', {
    schema: { tags, summary: 'The clock: mode, speed and current time', response: ClockResponses }
  }, async () => success('Clock fetched successfully', clockView()))

  app.put('/clock', {
    schema: {
      tags,
      summary: 'Set the clock: mode (realtime | manual), speed, and/or time (a later instant: everything due on the way is processed)',
      body: SetClockBodySchema,
      response: ClockResponses
    }
  }, async (request) => {
    const { mode, speed, time } = request.body
    waitAsLongAsItTakes(request)
    await app.clock.set({
      mode: mode as 'realtime' | 'manual' | undefined,
      speed,
      time: time === undefined ? undefined : Date.parse(time)
    })
    return success('Clock updated successfully', clockView())
  })

  app.post('/clock/advance', {
    schema: {
      tags,
      summary: 'Advance the clock by {"seconds": n} or to {"to": "<ISO instant>"}; returns once everything due in between was processed, in order',
      body: AdvanceBodySchema,
      response: ClockResponses
    }
  }, async (request) => {
    const { seconds, to } = request.body
    waitAsLongAsItTakes(request)
    if ((seconds === undefined) === (to === undefined)) throw Errors.invalidBody(['body: Give exactly one of seconds, to'])
    if (seconds !== undefined) await app.clock.advance(Math.round(seconds * 1000))
    else await app.clock.advanceTo(Date.parse(to as string))
    return success('Clock advanced successfully', clockView())
  })
}

export default simulationAdminRoutes
