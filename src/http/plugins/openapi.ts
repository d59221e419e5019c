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

export interface OpenApiOptions {
  /** Tags of every surface, in order (one tag group per surface). */
  tags: Array<{ name: string, description: string }>
  /** The security schemes every surface declares (its routes name theirs). */
  securitySchemes: Record<string, unknown>
  /** Surfaces whose every route shares one security requirement, by prefix (set here, not in each route file). */
  prefixSecurity: Array<{ prefix: string, security: Array<Record<string, string[]>> }>
}

async function openapiPlugin (app: FastifyInstance, opts: OpenApiOptions): Promise<void> {
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
        securitySchemes: opts.securitySchemes as never
      },
      tags: opts.tags
    },
    transform: ({ schema, url, route }) => {
      const shared = opts.prefixSecurity.find(p => url === p.prefix || url.startsWith(`${p.prefix}/`))
      // A route that declares itself open (`security: []`, e.g. the dashboard's files) stays open.
      const declaredOpen = Array.isArray(schema?.security) && schema.security.length === 0
      return { schema: shared !== undefined && schema !== undefined && !declaredOpen ? { ...schema, security: shared.security } : schema, url, route }
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } })
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()))
  })
}

export default fp(openapiPlugin, { name: 'openapi' })
