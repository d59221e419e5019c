/**
 * Ultravox's scheduled call batches (the Outbound Call Scheduler) and the agent and call endpoints
 * a client reads them with, at Ultravox's own paths under `/api`: a client written for
 * https://api.ultravox.ai runs unchanged against this server. TechLadder's more specific
 * `/api/v1/public` scope keeps every request under it; any other path under `/api` is Ultravox's
 * (an unknown one answers DRF's 404).
 */
import type { FastifyPluginAsync } from 'fastify'
import { randomBytes, randomUUID } from 'node:crypto'
import type { Surface } from '../../http/surface.js'
import { ULTRAVOX_ACCOUNTS, ULTRAVOX_KEYS, seedUltravoxAccounts, shapeUltravoxBatches } from './documented.js'
import { ultravoxErrors } from './errors.js'
import { ultravoxGuard } from './guard.js'
import { ultravoxIds, ultravoxSyntheticIds } from './ids.js'
import { keepBodiesRaw } from './json-body.js'
import agentRoutes from './routes/agents.js'
import batchRoutes from './routes/batches.js'
import callRoutes from './routes/calls.js'
import { TAGS } from './routes/shared.js'
import { ultravoxWebhooks } from './webhooks.js'

export const ULTRAVOX_PREFIX = '/api'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const alnum = (n: number) => Array.from(randomBytes(n), b => ALNUM[b % ALNUM.length]).join('')

const routes: FastifyPluginAsync = async (app) => {
  // Bodies are read by the handlers, as DRF reads them (lazily, JSON only: json-body.ts); no
  // schema validation or coercion (DRF's own rules and texts apply: batch-body.ts, pagination.ts);
  // responses are written as the presenters build them.
  keepBodiesRaw(app)
  app.setValidatorCompiler(() => () => true)
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  await app.register(agentRoutes)
  await app.register(batchRoutes)
  await app.register(callRoutes)
}

export const ultravoxSurface: Surface = {
  name: 'ultravox',
  prefix: ULTRAVOX_PREFIX,
  errors: ultravoxErrors,
  guard: ultravoxGuard,
  scenarios: true,
  routes,
  provider: {
    provider: 'ultravox',
    seed: { documented: seedUltravoxAccounts, ids: ultravoxSyntheticIds, after: shapeUltravoxBatches },
    idRules: { key: '', agent: '', version: '', batch: '' },
    idFormat: ultravoxIds,
    provisioning: {
      // Only shapes the log and journal redaction recognizes (src/harness/redaction.ts): no key may print in full.
      keyFormat: { pattern: /^(?:uv_[A-Za-z0-9_-]{4,200}|[A-Za-z0-9]{8}\.[A-Za-z0-9]{32})$/, message: 'Must be uv_ followed by 4 to 200 letters, digits, _ or -, or Ultravox\'s own shape: 8 letters or digits, a dot, 32 more' },
      // Ultravox's key shape: 8 letters or digits, a dot, 32 more.
      newKey: () => `${alnum(8)}.${alnum(32)}`,
      newAgentId: () => randomUUID(),
      newVersionId: () => randomUUID()
    }
  },
  webhooks: ultravoxWebhooks,
  firstRun: {
    name: 'Ultravox',
    keys: [
      { key: ULTRAVOX_KEYS.main, account_id: ULTRAVOX_ACCOUNTS.main, note: 'X-API-Key; the docs\' example agent and batch 3c90c3cc-0d44-4b50-8888-8dd25736052a' },
      { key: ULTRAVOX_KEYS.other, account_id: ULTRAVOX_ACCOUNTS.other, note: 'X-API-Key; a second account, for ownership tests' }
    ]
  },
  securitySchemes: {
    ultravoxApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Ultravox: X-API-Key: <key> (X-Unsafe-API-Key works the same way). Seeded keys: `uv_test_key` (owns the docs\' example agent and batch 3c90c3cc-0d44-4b50-8888-8dd25736052a), `uv_other_key` (a second account).' }
  },
  tags: [
    { name: TAGS.agents, description: 'Ultravox agents (read-only here)' },
    { name: TAGS.batches, description: 'Ultravox scheduled call batches (Outbound Call Scheduler)' },
    { name: TAGS.calls, description: 'Ultravox calls created by scheduled batches' }
  ]
}
