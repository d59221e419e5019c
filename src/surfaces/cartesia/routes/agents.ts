/** GET /agents and GET /agents/{agent_id}: the organization's agents, in Cartesia's shapes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AgentRecord } from '../../../core/model/records.js'
import { Errors } from '../errors.js'
import { agentView } from '../presenters.js'
import { AgentIdParamsSchema, GetAgentResponses, GetAgentsResponses, VersionHeadersSchema } from '../schemas.js'
import { TAG } from './common.js'

const agentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts } = app.repos

  /** The organization's agents newest first, each with the number that shows on it. */
  const agentsOf = (accountId: string) => {
    const account = accounts.getAccount(accountId)
    const byCreation = <T extends { created_at: string | null }>(key: (x: T) => string) => (x: T, y: T) =>
      (x.created_at ?? '').localeCompare(y.created_at ?? '') || key(x).localeCompare(key(y))
    const numbers = accounts.listPhoneNumbers(accountId).sort(byCreation(n => n.number_id))
    const agents = accounts.listAgents(accountId).sort(byCreation<AgentRecord>(a => a.agent_id))
    const views = agents.map((a, i) => agentView(a, numbers[i], account?.created_at ?? ''))
    return views.reverse()
  }

  app.get('', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'List agents',
      description: 'Every agent of the organization, newest first (not paginated).',
      response: GetAgentsResponses
    }
  }, async (request) => ({ summaries: agentsOf(request.account!.account_id) }))

  app.get('/:agent_id', {
    schema: {
      tags: [TAG],
      headers: VersionHeadersSchema,
      summary: 'Get an agent',
      params: AgentIdParamsSchema,
      response: GetAgentResponses
    }
  }, async (request) => {
    const agent = agentsOf(request.account!.account_id).find(a => a.id === request.params.agent_id)
    if (agent === undefined) throw Errors.agentNotFound(request.params.agent_id)
    return agent
  })
}

export default agentRoutes
