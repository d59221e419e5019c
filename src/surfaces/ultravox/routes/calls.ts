/**
 * A created call by its id: GET /api/calls/{call_id}, its messages (a synthetic transcript, paged
 * like every list) and its recording (a WAV, only when recording is enabled and the call talked).
 * Calls outlive a deleted batch, as Ultravox calls are resources of their own.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { silentWav } from '../../../core/simulation/wav.js'
import { callContext } from '../context.js'
import { Errors } from '../errors.js'
import { UUID_PATTERN } from '../ids.js'
import { inMemory, lastValue, paginate, queryOf } from '../pagination.js'
import { callJson, isCreatedCall, messagesOf } from '../presenters.js'
import { CallMessagesQuerySchema, CallParamsSchema, CallSchema, PaginatedCallMessageListSchema } from '../schemas.js'
import { TAGS, accountOf, errorResponses, security } from './shared.js'

const MODES = ['last_stage', 'in_call']

const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = callContext(app)

  /** The caller's created call and its batch, or 404. */
  const ownedCall = (request: FastifyRequest, callId: string) => {
    if (!UUID_PATTERN.test(callId)) throw Errors.notFound()
    const call = app.repos.dialed.byCallIdIncludingDeleted(accountOf(request), callId)
    if (call === undefined || !isCreatedCall(call)) throw Errors.notFound()
    const batch = app.repos.batches.findById(call.batch_id)
    if (batch === undefined) throw Errors.notFound()
    return { call, batch }
  }

  app.get('/calls/:call_id', {
    schema: {
      tags: [TAGS.calls],
      summary: 'Get call',
      security,
      params: CallParamsSchema,
      response: { 200: CallSchema, ...errorResponses(false) }
    }
  }, async (request) => {
    const { call, batch } = ownedCall(request, request.params.call_id)
    return callJson(batch, call, ctx)
  })

  app.get('/calls/:call_id/messages', {
    schema: {
      tags: [TAGS.calls],
      summary: 'List call messages',
      description: 'The call\'s transcript in order (a deterministic synthetic one): none for a call that was never answered; while the call is in progress, what was said so far.',
      security,
      params: CallParamsSchema,
      querystring: CallMessagesQuerySchema,
      response: { 200: PaginatedCallMessageListSchema, ...errorResponses(true) }
    }
  }, async (request) => {
    const { call, batch } = ownedCall(request, request.params.call_id)
    const q = queryOf(request)
    const mode = lastValue(q, 'mode') ?? ''
    if (mode !== '' && !MODES.includes(mode)) throw Errors.invalid({ mode: [`"${mode}" is not a valid choice.`] })
    const messages = messagesOf(app.config.seed, batch, call, ctx, app.clock.now())
    return paginate(request, inMemory(messages, m => String(m.callStageMessageIndex)), q)
  })

  app.get('/calls/:call_id/recording', {
    schema: {
      tags: [TAGS.calls],
      summary: 'Get call recording',
      description: 'The call\'s recording as a WAV (8 kHz mono, as long as the call talked), when recording was enabled and the call was answered; 404 otherwise.',
      security,
      params: CallParamsSchema,
      response: {
        200: { description: 'The recording', content: { 'audio/wav': { schema: { type: 'string', format: 'binary' } } } },
        ...errorResponses(false)
      }
    }
  }, async (request, reply) => {
    const { call } = ownedCall(request, request.params.call_id)
    if (!call.recording_available) throw Errors.notFound()
    const wav = silentWav(call.answer_duration_seconds ?? 0)
    return reply.type('audio/wav').header('content-length', wav.bytes).send(wav.stream as never)
  })
}

export default callRoutes
