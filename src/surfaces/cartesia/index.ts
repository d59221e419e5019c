/**
 * Cartesia's agent call-batch API (`https://api.cartesia.ai`), at Cartesia's own paths under
 * `/agents`: agents, call batches (create, list, get with recipients, cancel, retry) and agent calls
 * (list, get, audio), with Cartesia's auth, `Cartesia-Version` header, Stripe-style cursors and error
 * body. A client written for Cartesia runs unchanged with its base URL set to this server.
 */
import type { FastifyPluginAsync } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { Surface } from '../../http/surface.js'
import { CARTESIA_ACCOUNTS, CARTESIA_KEYS, seedCartesiaDocumented } from './documented.js'
import { cartesiaErrors } from './errors.js'
import { cartesiaGuard } from './guard.js'
import { cartesiaIds, cartesiaSyntheticIds, randomId } from './ids.js'
import agentRoutes from './routes/agents.js'
import batchRoutes from './routes/batches.js'
import callRoutes from './routes/calls.js'
import { SECURITY, TAG } from './routes/common.js'
import { shapeCartesiaSeed } from './seed.js'

export const CARTESIA_PREFIX = '/agents'

const routes: FastifyPluginAsync = async (app) => {
  await app.register(agentRoutes)
  await app.register(batchRoutes)
  await app.register(callRoutes)
}

export const cartesiaSurface: Surface = {
  name: 'cartesia',
  prefix: CARTESIA_PREFIX,
  errors: cartesiaErrors,
  guard: cartesiaGuard,
  scenarios: true,
  routes,
  provider: {
    provider: 'cartesia',
    seed: { documented: seedCartesiaDocumented, ids: cartesiaSyntheticIds, after: shapeCartesiaSeed },
    idRules: { key: 'sk_car_', agent: 'agent_', version: null, batch: 'acb_' },
    idFormat: cartesiaIds,
    provisioning: {
      keyFormat: { pattern: /^sk_car_[A-Za-z0-9_-]{1,200}$/, message: 'Must be sk_car_ followed by 1 to 200 letters, digits, _ or -' },
      newKey: () => `sk_car_${randomBytes(24).toString('base64url')}`,
      newAgentId: () => randomId('agent_'),
      newVersionId: () => null,
      // One Cartesia number in the US test range (+1 628 555 01xx).
      newPhoneNumbers: (accountId, createdAt) => [{
        number_id: randomId('ap_'),
        account_id: accountId,
        number: `+1628555${String(100 + randomBytes(2).readUInt16BE(0) % 9900).padStart(4, '0')}`,
        kind: 'provider',
        created_at: createdAt
      }]
    }
  },
  routeSecurity: SECURITY,
  firstRun: {
    name: 'Cartesia',
    keys: [
      { key: CARTESIA_KEYS.main, account_id: CARTESIA_ACCOUNTS.main, note: 'Cartesia Test Org; owns the guide\'s batch acb_PDWFN995PzAudChwFDqVZ2' },
      { key: CARTESIA_KEYS.other, account_id: CARTESIA_ACCOUNTS.other, note: 'a second organization, for ownership tests' }
    ]
  },
  securitySchemes: {
    cartesiaBearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'A Cartesia key, sent as `Authorization: Bearer <key>` (what the SDK sends), with `Cartesia-Version: YYYY-MM-DD`. Seeded keys: `sk_car_test_key` ' +
        '(acc_car_test, owns the guide\'s batch acb_PDWFN995PzAudChwFDqVZ2), `sk_car_other_key` (acc_car_other, a second organization).'
    },
    cartesiaApiKey: {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'A Cartesia key, sent as `X-API-Key: <key>` (the guide\'s curl). Seeded keys: `sk_car_test_key`, `sk_car_other_key`.'
    }
  },
  tags: [
    { name: TAG, description: 'Cartesia\'s agents, call batches and agent calls (every request needs Cartesia-Version: YYYY-MM-DD)' }
  ]
}
