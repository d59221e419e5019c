/**
 * Accounts and API keys: list, create (with generated or given ids and key), disable/enable API
 * access, set a TechLadder account's response profile, add, rotate and revoke keys. Keys are shown in full here: this is the test's own control
 * plane (protect it with ADMIN_TOKEN when the server is shared).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createAccountLevers } from '../../../core/control/accounts.js'
import { DomainErrors } from '../../../core/model/errors.js'
import type { AccountRecord } from '../../../core/model/records.js'
import {
  ADMIN_TAG, AccountIdParamsSchema, AddKeyBodySchema, AdminAccountSchema, AdminErrors, BadRequest, Conflict,
  CreateAccountBodySchema, KeyResultSchema, NotFound, OkEnvelope, RevokeKeyBodySchema, RotateKeyBodySchema, SetProfileBodySchema
} from '../schemas/admin.js'
import { success } from '../../techladder/page-body.js'

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts } = app.repos
  const levers = createAccountLevers(app.db, app.repos, (provider) => {
    const parts = app.providers.get(provider)
    if (parts === undefined) throw DomainErrors.invalidInput([`provider: ${provider} is not served by this server`])
    return parts.provisioning
  }, () => app.clock.nowIso())

  const view = (a: AccountRecord) => ({ ...a, api_keys: accounts.listApiKeys(a.account_id), agents: accounts.listAgents(a.account_id) })
  const AccountEnvelope = (d: string) => OkEnvelope(AdminAccountSchema, d)
  const params = AccountIdParamsSchema
  // A POST without a body (curl -X POST …) means "all defaults", not a validation error.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {}
  })
  app.get('/accounts', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'List accounts with their keys and agents',
      response: { 200: OkEnvelope(Type.Array(AdminAccountSchema), 'Every account'), ...AdminErrors }
    }
  }, async () => success('Accounts fetched', accounts.listAccounts().map(view)))

  app.get('/accounts/:account_id', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'One account with its keys and agents',
      params,
      response: { 200: AccountEnvelope('The account'), 404: NotFound, ...AdminErrors }
    }
  }, async (request) => success('Account fetched', view(levers.mustExist(request.params.account_id))))

  app.post('/accounts', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Create an account (with one API key and one agent)',
      description: 'Every field is optional: ids, key and names are generated when not given. Limits default to the documented ones (10,000 contacts per batch, 20 concurrent calls, 900 s per call; the server\'s rate limit).',
      body: CreateAccountBodySchema,
      response: { 201: AccountEnvelope('The new account; its key is in api_keys'), 400: BadRequest, 409: Conflict, ...AdminErrors }
    }
  }, async (request, reply) => {
    const account = levers.create(request.body)
    return reply.code(201).send(success('Account created', view(account), 201))
  })

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/accounts/:account_id/${action}`, {
      schema: {
        tags: [ADMIN_TAG],
        summary: enabled ? 'Enable API access' : 'Disable API access (every request with its keys gets 403)',
        params,
        response: { 200: AccountEnvelope('The account'), 404: NotFound, ...AdminErrors }
      }
    }, async (request) => {
      const account = levers.setEnabled(request.params.account_id, enabled)
      return success(enabled ? 'Account enabled' : 'Account disabled', view(account))
    })
  }

  app.post('/accounts/:account_id/profile', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Set a TechLadder account\'s response profile',
      description: 'documented: the docs\' shapes; observed: the live API\'s shapes and its extra endpoints (agents, one call\'s result, test calls); null: the server\'s --profile (API_PROFILE). From the next request on. 400 for another provider\'s account (their APIs have one shape each). See docs/profiles.md.',
      params,
      body: SetProfileBodySchema,
      response: { 200: AccountEnvelope('The account'), 400: BadRequest, 404: NotFound, ...AdminErrors }
    }
  }, async (request) => {
    return success('Account profile set', view(levers.setProfile(request.params.account_id, request.body.profile)))
  })

  app.post('/accounts/:account_id/keys', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Add an API key (generated unless given)',
      params,
      body: AddKeyBodySchema,
      response: { 201: OkEnvelope(KeyResultSchema, 'The new key, shown once'), 400: BadRequest, 404: NotFound, 409: Conflict, ...AdminErrors }
    }
  }, async (request, reply) => {
    return reply.code(201).send(success('API key created', levers.addKey(request.params.account_id, request.body.api_key), 201))
  })

  app.post('/accounts/:account_id/keys/rotate', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Rotate: revoke the old key(s) and issue a new one',
      description: 'Revokes `api_key` (default: every active key of the account) and issues `new_api_key` (default: generated), in one transaction. Requests with a revoked key get 401.',
      params,
      body: RotateKeyBodySchema,
      response: { 200: OkEnvelope(KeyResultSchema, 'The new key, shown once, and the revoked ones'), 400: BadRequest, 404: NotFound, 409: Conflict, ...AdminErrors }
    }
  }, async (request) => {
    const { api_key: revoke, new_api_key: given } = request.body
    return success('API key rotated', levers.rotate(request.params.account_id, revoke, given))
  })

  app.post('/accounts/:account_id/keys/revoke', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Revoke one key (requests with it get 401)',
      params,
      body: RevokeKeyBodySchema,
      response: { 200: OkEnvelope(KeyResultSchema, 'The revoked key'), 400: BadRequest, 404: NotFound, ...AdminErrors }
    }
  }, async (request) => {
    return success('API key revoked', levers.revoke(request.params.account_id, request.body.api_key))
  })
}

export default accountRoutes
