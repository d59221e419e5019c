/**
 * The baseline of `npm run bench`: bare Fastify 5 (no plugins, no hooks, no schemas, logger off)
 * answering each benchmarked URL with a pre-serialized Buffer, byte for byte the body our server
 * sent for it (same sizes, same content type). It stands for "what Fastify itself can do here".
 *
 * BODIES: a JSON file `[{ "url": "/api/...?limit=50", "body": "<utf-8 text>" }]`; PORT, HOST.
 * Routes match on the path; the query string is ignored (each path has one body).
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const bodies = JSON.parse(readFileSync(process.env.BODIES, 'utf8'))
const app = Fastify({ logger: false })
const byPath = new Map()
for (const { url, body } of bodies) byPath.set(url.split('?')[0], Buffer.from(body, 'utf8'))
for (const [path, buf] of byPath) {
  app.get(path, (request, reply) => {
    reply.type('application/json; charset=utf-8').send(buf)
  })
}
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' })
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { app.close().then(() => process.exit(0)) })
