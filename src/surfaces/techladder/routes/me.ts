import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../errors.js'
import { MeResponses } from '../schemas/account.js'
import { success } from '../page-body.js'

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/me', {
    schema: {
      tags: ['Account'],
      summary: 'Account details and limits',
      security: [{ bearerAuth: [] }],
      response: MeResponses
    }
  }, async (request) => {
    const account = app.repos.accounts.getAccount(request.account!.account_id)
    if (account === undefined) throw Errors.unauthorized()
    return success('Account details fetched successfully', {
      account_id: account.account_id,
      name: account.name,
      email: account.email,
      limits: {
        max_batch_size: account.max_batch_size,
        max_concurrent_calls: account.max_concurrent_calls,
        max_call_duration_seconds: account.max_call_duration_seconds,
        // The limit in force for this account: its own, else the server's (0 when turned off).
        rate_limit_per_minute: app.config.rateLimitPerMinute === 0 ? 0 : (account.rate_limit_per_minute ?? app.config.rateLimitPerMinute)
      }
    })
  })
}

export default meRoutes
