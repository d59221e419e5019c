/**
 * Whole-state control: reset to the seeded state, reseed with other options, export the state as a
 * fixture and import one. Every swap is one transaction, then 'state-replaced' is emitted so anything
 * caching state (the simulation) reloads.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Readable } from 'node:stream'
import { exportFixtureChunks, importFixture } from '../../../core/control/fixture-io.js'
import { validateFixture, type IdRules } from '../../../core/control/fixture-validation.js'
import type { Provider } from '../../../core/model/records.js'
import { stateCounts } from '../../../core/control/state-swap.js'
import type { SeedOptions } from '../../../core/seed/index.js'
import {
  ADMIN_TAG, AdminErrors, BadRequest, FixtureSchema, OkEnvelope, ReseedBodySchema, StateResultSchema
} from '../schemas/admin.js'
import { ErrorEnvelopeSchema } from '../../techladder/envelope.js'
import { success } from '../../techladder/page-body.js'

/** Fixture bodies can be far larger than API bodies (a million calls is a few hundred MB). */
const FIXTURE_BODY_LIMIT = 1024 ** 3

const stateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, repos } = app
  const idRules = Object.fromEntries([...app.providers].map(([name, p]) => [name, p.idRules])) as Record<Provider, IdRules>
  const startupSeed: SeedOptions = { seed: app.config.seed, batchesPerAccount: app.config.batchesPerAccount, callsPerBatch: app.config.callsPerBatch }

  /** After any whole-state swap: per-run state that refers to the old records goes too. */
  const stateReplaced = (clearControl: boolean) => {
    app.rateLimiter.reset()
    if (clearControl) {
      app.scenarios.clear()
      app.journal.clear()
    }
    app.storeEvents.emit('state-replaced')
  }
  const result = (seed: SeedOptions | null, started: number) => ({
    seed: seed === null ? null : { seed: seed.seed, batches_per_account: seed.batchesPerAccount, calls_per_batch: seed.callsPerBatch },
    counts: stateCounts(db),
    took_ms: Math.round(performance.now() - started)
  })
  const response = (description: string) => ({ 200: OkEnvelope(StateResultSchema, description), ...AdminErrors })
  // A POST without a body (curl -X POST …) means "all defaults", not a validation error.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {}
  })

  app.post('/reset', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Reset to the seeded state',
      description: 'Empties every table and seeds again with the start-up options (--seed, --batches-per-account, --calls-per-batch). Also clears scenarios, the journal and rate-limit windows.',
      response: response('The state after the reset')
    }
  }, async () => {
    const started = performance.now()
    app.reseed(startupSeed)
    stateReplaced(true)
    return success('State reset', result(startupSeed, started))
  })

  app.post('/reseed', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Reseed with other options',
      description: 'Like reset, with the given seed and sizes (each defaults to the start-up value). A later reset goes back to the start-up options.',
      body: ReseedBodySchema,
      response: { ...response('The state after reseeding'), 400: BadRequest }
    }
  }, async (request) => {
    const body = request.body
    const options: SeedOptions = {
      seed: body.seed ?? startupSeed.seed,
      batchesPerAccount: body.batches_per_account ?? startupSeed.batchesPerAccount,
      callsPerBatch: body.calls_per_batch ?? startupSeed.callsPerBatch
    }
    const started = performance.now()
    app.reseed(options)
    stateReplaced(true)
    return success('State reseeded', result(options, started))
  })

  app.get('/state', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Export the state as a fixture',
      description: 'Every account, key, agent, batch and call, in the fixture format PUT /__admin/state takes. The body is the fixture itself (no envelope), so it can be saved to a file and loaded as is.',
      response: { 200: { ...FixtureSchema, description: 'The fixture' }, ...AdminErrors }
    }
  }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(Readable.from(exportFixtureChunks(db, repos), { objectMode: false }) as never)
  })

  app.put('/state', {
    bodyLimit: Math.max(app.config.bodyLimit, FIXTURE_BODY_LIMIT),
    // The fixture is checked by validateFixture (one pass, messages that name the record), not Ajv.
    validatorCompiler: () => () => true,
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Import a fixture (replace the whole state)',
      description: 'Validates every record first (id prefixes, references, enums, counters agreeing with calls) and refuses the whole fixture with 400 VALIDATION_ERROR naming each bad record, e.g. "batches[3].status: Must be one of …". Scenarios and the journal are kept.',
      body: FixtureSchema,
      response: { ...response('The state after the import'), 400: { ...ErrorEnvelopeSchema, description: 'The fixture failed validation; nothing was changed' }, 413: { ...ErrorEnvelopeSchema, description: 'The fixture is larger than 1 GiB' } }
    }
  }, async (request) => {
    const fixture = validateFixture(request.body, idRules)
    const started = performance.now()
    importFixture(db, repos, fixture)
    stateReplaced(false)
    return success('Fixture imported', result(null, started))
  })
}

export default stateRoutes
