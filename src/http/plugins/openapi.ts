/**
 * The OpenAPI 3.1 document, built from the same TypeBox schemas the routes validate and serialize
 * with, served at /openapi.json, and a browsable page at /docs.
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
}

async function openapiPlugin (app: FastifyInstance, opts: OpenApiOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TechLadder public API (techladder-mock)',
        version: '1.0.0',
        description: 'The TechLadder public call-batch API as this mock serves it. Routes under /__admin are this mock\'s own control API; the real API has none of them.'
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: opts.securitySchemes as never
      },
      tags: opts.tags
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } })
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()))
  })
}

export default fp(openapiPlugin, { name: 'openapi' })
