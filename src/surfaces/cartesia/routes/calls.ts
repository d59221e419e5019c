/**
 * Agent calls: list (C6: one item per call attempt, newest first by dial order), get one, and its
 * recording. A recipient that failed before dialing has no call record: it shows only in its batch.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DialedCall } from '../../../core/store/dialed.js'
import { isoSeconds } from '../../../core/simulation/clock.js'
import { silentWav } from '../../../core/simulation/wav.js'
import { parseRfc3339 } from '../create-body.js'
import { Errors } from '../errors.js'
import { cursorPage } from '../pagination.js'
import { callView, transcriptOf, type CallContext } from '../presenters.js'
import { AudioResponses, CallIdParamsSchema, GetCallResponses, ListCallsQuerySchema, ListCallsResponses, VersionHeadersSchema } from '../schemas.js'
import { TAG } from './common.js'

/**
 * A time bound as the stored form (`YYYY-MM-DDTHH:MM:SSZ`, compared as text), inclusive: a lower
 * bound rounds up to the second, an upper bound down. A `+HH:MM` offset sent unencoded arrives as a
 * space: taken as the `+` it was.
 */
function timeBound (field: string, text: string | undefined, round: 'up' | 'down'): { ms: number, iso: string } | undefined {
  if (text === undefined) return undefined
  const ms = parseRfc3339(text.replace(/ (\d{2}:\d{2})$/, '+$1'))
  if (ms === null) throw Errors.invalidRequest(`${field}: Must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T00:00:00Z`)
  const s = round === 'up' ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000
  return { ms, iso: isoSeconds(s) }
}

const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts, batches, dialed } = app.repos
  const seed = app.config.seed

  /** A call record of the organization: dialed and placed (a failure before dialing has none). */
  const placedCall = (accountId: string, callId: string): DialedCall | undefined => {
    const c = dialed.byCallId(accountId, callId)
    return c === undefined || c.dialed_ord === null || c.dial_error !== null ? undefined : c
  }

  /** Each call's batch context, looked up once per request. */
  const contexts = (accountId: string) => {
    const known = new Map<string, CallContext>()
    return (c: DialedCall): CallContext => {
      let ctx = known.get(c.batch_id)
      if (ctx === undefined) {
        const b = batches.findById(c.batch_id)
        ctx = {
          agentName: b?.agent_name ?? '',
          fromNumber: b?.from_number_id == null ? undefined : accounts.getPhoneNumber(accountId, b.from_number_id)
        }
        known.set(c.batch_id, ctx)
      }
      return ctx
    }
  }

  app.get('/calls', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'List agent calls',
      description: 'One item per call attempt (a retried recipient shows once per attempt), newest first. `batch_id` or `agent_id` is required; with both, `agent_id` must be the batch\'s agent. `start_time_gte` / `start_time_lte` are inclusive RFC 3339 bounds; `expand=transcript` adds transcripts. Stripe-style cursors over call ids.',
      querystring: ListCallsQuerySchema,
      response: ListCallsResponses
    }
  }, async (request) => {
    const accountId = request.account!.account_id
    const q = request.query
    const problems: string[] = []
    if (q.agent_id === undefined && q.batch_id === undefined) problems.push('agent_id or batch_id is required')
    if (q.starting_after !== undefined && q.ending_before !== undefined) problems.push('starting_after and ending_before cannot be combined')
    if (q.expand !== undefined && q.expand !== '' && q.expand !== 'transcript') problems.push('expand: Must be transcript')
    if (problems.length > 0) throw Errors.invalidFields(problems)
    const gte = timeBound('start_time_gte', q.start_time_gte, 'up')
    const lte = timeBound('start_time_lte', q.start_time_lte, 'down')
    if (gte !== undefined && lte !== undefined && gte.ms > lte.ms) throw Errors.invalidRequest('start_time_gte: Must not be after start_time_lte')

    let scope: { batchId: string } | { agentId: string }
    if (q.batch_id !== undefined) {
      const b = batches.findOwned(accountId, q.batch_id)
      if (b === undefined) throw Errors.batchNotFound(q.batch_id)
      if (q.agent_id !== undefined && q.agent_id !== b.agent_id) throw Errors.invalidRequest(`agent_id: ${q.agent_id} is not the agent of call batch ${b.schedule_id}`)
      scope = { batchId: b.schedule_id }
    } else {
      const agentId = q.agent_id as string
      if (accounts.getAgent(accountId, agentId) === undefined) throw Errors.agentNotFound(agentId)
      scope = { agentId }
    }

    const backward = q.ending_before !== undefined
    const cursorId = q.ending_before ?? q.starting_after
    const cursor = cursorId === undefined ? undefined : placedCall(accountId, cursorId)
    if (cursorId !== undefined && cursor === undefined) {
      throw Errors.invalidRequest(`${backward ? 'ending_before' : 'starting_after'}: No call ${cursorId} in this organization`)
    }
    const ord = cursor?.dialed_ord ?? undefined
    const page = cursorPage(backward ? 'backward' : 'forward', q.limit, n => dialed.list({
      accountId,
      ...scope,
      before: backward ? undefined : ord,
      after: backward ? ord : undefined,
      startedGte: gte?.iso,
      startedLte: lte?.iso,
      placedOnly: true,
      limit: n,
      order: backward ? 'asc' : 'desc'
    }), c => c.call_id)
    const contextOf = contexts(accountId)
    const expand = q.expand === 'transcript'
    return {
      data: page.data.map(c => callView(c, contextOf(c), expand ? transcriptOf(seed, c) : undefined)),
      next_page: page.next_page,
      has_more: page.has_more
    }
  })

  app.get('/calls/:call_id', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Get an agent call',
      description: 'One call attempt, with its transcript (null unless the call connected and ended).',
      params: CallIdParamsSchema,
      response: GetCallResponses
    }
  }, async (request) => {
    const accountId = request.account!.account_id
    const c = placedCall(accountId, request.params.call_id)
    if (c === undefined) throw Errors.callNotFound(request.params.call_id)
    return callView(c, contexts(accountId)(c), transcriptOf(seed, c))
  })

  app.get('/calls/:call_id/audio', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Download a call\'s audio',
      description: 'The recording of a call that connected and ended, as WAV (16-bit PCM, mono, 8 kHz), exactly as long as the call (`end_time - start_time`). A simulated call is silent.',
      params: CallIdParamsSchema,
      response: AudioResponses
    }
  }, async (request, reply) => {
    const c = placedCall(request.account!.account_id, request.params.call_id)
    if (c === undefined) throw Errors.callNotFound(request.params.call_id)
    if (c.status !== 'completed' || c.duration_seconds === null) throw Errors.noAudio(c.call_id)
    const wav = silentWav(c.duration_seconds)
    return reply.type('audio/wav').header('content-length', wav.bytes).send(wav.stream)
  })
}

export default callRoutes
