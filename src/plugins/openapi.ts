/**
 * The OpenAPI 3.1 document, built from the same TypeBox schemas the routes validate and serialize
 * with, served at /openapi.json, and a browsable page at /docs. The schemas carry the examples
 * "Try it out" starts from (the documented ids, a Create body for the seeded agent, a clock move),
 * so each call succeeds with its defaults once the seeded key is entered under Authorize.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ADMIN_PREFIX } from '../routes/admin/index.js'

/**
 * The admin token, when ADMIN_TOKEN is set; the empty alternative says a server without one needs
 * nothing. OpenAPI has one header per scheme: X-Admin-Token here (Authorization: Bearer <token>
 * works too, but the header is the API key's in the docs page).
 */
const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminToken: [] }, {}]

async function openapiPlugin (app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TechLadder public API (techladder-mock)',
        version: '1.0.0',
        description: 'The TechLadder public call-batch API as this mock serves it. Routes under /__admin are this mock\'s own control API; the real API has none of them.\n\n' +
          'To try it: **Authorize** with the seeded key `sk_your_api_key`, then "Try it out" on any route: the examples are a documented batch (`sched_7bac6f2a`) and a Create body for the seeded agent.'
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'The API key, sent as `Authorization: Bearer <key>`. Seeded keys: `sk_your_api_key` (account acc_abc123, the key of every docs example), ' +
              '`sk_other_account_key` (acc_def456, a second account), `sk_disabled_account_key` (API access disabled: 403).'
          },
          adminToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Admin-Token',
            description: 'The admin token of /__admin, only when the server runs with ADMIN_TOKEN / --admin-token (without one the control API is open). ' +
              '`Authorization: Bearer <token>` works too. Customer API keys never open the control API.'
          }
        }
      },
      tags: [
        { name: 'Call Batches', description: 'Documented TechLadder endpoints' },
        { name: 'Account', description: 'Documented TechLadder endpoints' },
        { name: 'Mock', description: 'This server\'s own endpoints (start page, health, OpenAPI)' },
        { name: 'Admin', description: 'This mock\'s control API under /__admin (reset, fixtures, accounts and keys, scenarios, journal, batches, clock, webhooks). Not part of the real API. When ADMIN_TOKEN is set, send it as Authorization: Bearer <token> or X-Admin-Token.' }
      ]
    },
    // Every control-API route gets the admin scheme (set in one place, not in each route file).
    transform: ({ schema, url, route }) => {
      const admin = url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`)
      return { schema: admin && schema !== undefined ? { ...schema, security: ADMIN_SECURITY } : schema, url, route }
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } })
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()))
  })
}

export default fp(openapiPlugin, { name: 'openapi' })
