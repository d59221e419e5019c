/** GET /api/agents and GET /api/agents/{agent_id}: the account's agents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AgentRecord } from '../../../core/model/records.js'
import { inMemory, lastValue, paginate, queryOf } from '../pagination.js'
import { agentJson } from '../presenters.js'
import { AgentParamsSchema, AgentSchema, AgentsQuerySchema, PaginatedAgentListSchema } from '../schemas.js'
import { TAGS, accountOf, errorResponses, ownedAgent, security } from './shared.js'

type Order = { field: 'created' | 'name', desc: boolean }

/** DRF's OrderingFilter over `sort`: the first known field (`-` descending); unknown ones ignored; default -created. */
function orderOf (sort: string | undefined): Order {
  for (const term of (sort ?? '').split(',').map(s => s.trim())) {
    const desc = term.startsWith('-')
    const field = desc ? term.slice(1) : term
    if (field === 'created' || field === 'name') return { field, desc }
  }
  return { field: 'created', desc: true }
}

const agentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const statistics = (accountId: string, agentId: string) =>
    app.repos.dialed.count({ accountId, agentId, placedOnly: true, startedOnly: true })

  app.get('/agents', {
    schema: {
      tags: [TAGS.agents],
      summary: 'List agents',
      description: 'The account\'s agents, newest first unless `sort` says otherwise (`created`, `-created`, `name`, `-name`); `search` matches names, case-insensitively.',
      security,
      querystring: AgentsQuerySchema,
      response: { 200: PaginatedAgentListSchema, ...errorResponses(false) }
    }
  }, async (request) => {
    const accountId = accountOf(request)
    const q = queryOf(request)
    const search = lastValue(q, 'search')?.toLowerCase() ?? ''
    const order = orderOf(lastValue(q, 'sort'))
    const value = (a: AgentRecord) => order.field === 'name' ? a.agent_name : (a.created_at ?? '')
    const agents = app.repos.accounts.listAgents(accountId)
      .filter(a => search === '' || a.agent_name.toLowerCase().includes(search))
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)]
        const c = x === y ? (a.agent_id < b.agent_id ? -1 : 1) : (x < y ? -1 : 1)
        return order.desc ? -c : c
      })
    const page = paginate(request, inMemory(agents, a => a.agent_id), q)
    return { ...page, results: page.results.map(a => agentJson(a, statistics(accountId, a.agent_id))) }
  })

  app.get('/agents/:agent_id', {
    schema: {
      tags: [TAGS.agents],
      summary: 'Get agent',
      security,
      params: AgentParamsSchema,
      response: { 200: AgentSchema, ...errorResponses(false) }
    }
  }, async (request) => {
    const agent = ownedAgent(app, request, request.params.agent_id)
    return agentJson(agent, statistics(accountOf(request), agent.agent_id))
  })
}

export default agentRoutes
