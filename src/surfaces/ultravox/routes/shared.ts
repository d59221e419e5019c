/** What the Ultravox routes share: response declarations, the security requirement, path lookups. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AgentRecord, BatchRecord } from '../../../core/model/records.js'
import { Errors } from '../errors.js'
import { UUID_PATTERN } from '../ids.js'
import { DrfErrorSchema } from '../schemas.js'

export const security = [{ ultravoxApiKey: [] }]
export const TAGS = { agents: 'Ultravox: Agents', batches: 'Ultravox: Scheduled Call Batches', calls: 'Ultravox: Calls' } as const

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Validation failed: {"<field>": ["…"]}, or a JSON parse error: {"detail": "JSON parse error - …"}',
  401: 'No API key, or not an Ultravox account\'s: {"detail": "…"}',
  403: 'The account\'s API access is off, or the batch is the docs\' example (never changes): {"detail": "…"}',
  404: 'Not found (also another account\'s records, and a bad cursor): {"detail": "Not found."}',
  429: 'Too many requests: {"detail": "Request was throttled. …"}, with Retry-After',
  500: 'Server error: {"detail": "A server error occurred."}'
}

/** The error responses a route declares: the common ones, plus 400 where it validates input. */
export function errorResponses (withBadRequest: boolean): Record<number, unknown> {
  const statuses = withBadRequest ? [400, 401, 403, 404, 429, 500] : [401, 403, 404, 429, 500]
  return Object.fromEntries(statuses.map(s => [s, { ...DrfErrorSchema, description: ERROR_DESCRIPTIONS[s] }]))
}

/** The caller's account id (the guard has run). */
export const accountOf = (request: FastifyRequest): string => request.account!.account_id

/** The caller's agent named in the path, or 404 (a malformed UUID too: Django's path converter would not match it). */
export function ownedAgent (app: FastifyInstance, request: FastifyRequest, agentId: string): AgentRecord {
  if (!UUID_PATTERN.test(agentId)) throw Errors.notFound()
  const agent = app.repos.accounts.getAgent(accountOf(request), agentId)
  if (agent === undefined) throw Errors.notFound()
  return agent
}

/** The caller's live batch under the path's agent, or 404. */
export function ownedBatch (app: FastifyInstance, request: FastifyRequest, agentId: string, batchId: string): BatchRecord {
  ownedAgent(app, request, agentId)
  if (!UUID_PATTERN.test(batchId)) throw Errors.notFound()
  const batch = app.repos.batches.findOwned(accountOf(request), batchId)
  if (batch === undefined || batch.agent_id !== agentId) throw Errors.notFound()
  return batch
}
