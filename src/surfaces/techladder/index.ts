/**
 * The TechLadder public API (`/api/v1/public`), as its docs describe it (the documented profile:
 * the documented paths, envelopes, messages, codes, limits and ownership rules) or as its live API
 * was seen to answer (the observed profile: some fields renamed or added, and three endpoints the
 * docs lack). See docs/profiles.md.
 */
import type { FastifyPluginAsync } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { Surface } from '../../http/surface.js'
import { SEEDED_ACCOUNTS, SEEDED_KEYS, seedDocumentedRecords } from './documented.js'
import { envelopeErrors, envelopeReply, Errors } from './errors.js'
import { techladderGuard } from './guard.js'
import { techladderIds, techladderSyntheticIds } from './ids.js'
import callBatchRoutes from './routes/call-batches.js'
import createBatchRoutes from './routes/create-batch.js'
import meRoutes from './routes/me.js'
import observedRoutes from './routes/observed.js'
import { isObservedOnlyPath, profileOf } from './profile.js'
import { techladderWebhooks } from './webhooks.js'

export const TECHLADDER_PREFIX = '/api/v1/public'

const routes: FastifyPluginAsync = async (app) => {
  await app.register(callBatchRoutes)
  await app.register(createBatchRoutes)
  await app.register(meRoutes)
  await app.register(observedRoutes)
}

const envelope = envelopeErrors()

/** The path under the prefix, percent-decoded as the router decodes it (raw when it does not decode). */
function underPrefix (path: string): string {
  let decoded = path
  try { decoded = decodeURIComponent(path) } catch {}
  return decoded.startsWith(TECHLADDER_PREFIX) ? decoded.slice(TECHLADDER_PREFIX.length) : decoded
}

export const techladderSurface: Surface = {
  name: 'techladder',
  prefix: TECHLADDER_PREFIX,
  errors: {
    ...envelope,
    // A path only the observed profile has is unknown in the documented one, whatever the method (no 405 telling it exists).
    notFound: (request, path, allowed) => allowed.length > 0 && profileOf(request) === 'documented' && isObservedOnlyPath(underPrefix(path))
      ? envelopeReply(Errors.routeNotFound(request.method, path))
      : envelope.notFound(request, path, allowed)
  },
  guard: techladderGuard,
  scenarios: true,
  routes,
  provider: {
    provider: 'techladder',
    seed: { documented: seedDocumentedRecords, ids: techladderSyntheticIds },
    idRules: { key: 'sk_', agent: 'agt-', version: 'pmt-', batch: 'sched_' },
    idFormat: techladderIds,
    provisioning: {
      keyFormat: { pattern: /^sk_[A-Za-z0-9_-]{4,200}$/, message: 'Must be sk_ followed by 4 to 200 letters, digits, _ or -' },
      newKey: () => `sk_test_${randomBytes(24).toString('base64url')}`,
      newAgentId: () => `agt-${randomBytes(4).toString('hex')}`,
      newVersionId: () => `pmt-${randomBytes(5).toString('hex')}`
    }
  },
  webhooks: techladderWebhooks,
  // The Authentication page's long example key works too; it is left out to keep the banner short.
  firstRun: {
    name: 'TechLadder',
    keys: [
      { key: SEEDED_KEYS.main, account_id: SEEDED_ACCOUNTS.main, note: 'Your Company; every docs example uses it' },
      { key: SEEDED_KEYS.other, account_id: SEEDED_ACCOUNTS.other, note: 'a second account, for ownership tests' },
      { key: SEEDED_KEYS.disabled, account_id: SEEDED_ACCOUNTS.disabled, note: 'API access disabled: every request is 403' }
    ]
  },
  securitySchemes: {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      description: 'The API key, sent as `Authorization: Bearer <key>`. Seeded keys: `sk_your_api_key` (account acc_abc123, the key of every docs example), ' +
        '`sk_other_account_key` (acc_def456, a second account), `sk_disabled_account_key` (API access disabled: 403).'
    }
  },
  tags: [
    { name: 'Call Batches', description: 'Documented TechLadder endpoints' },
    { name: 'Account', description: 'Documented TechLadder endpoints' },
    { name: 'Observed', description: 'TechLadder endpoints the docs lack and the live API has (third-party client code calls them): observed profile only; in the documented profile they are unknown routes (docs/profiles.md)' }
  ]
}
