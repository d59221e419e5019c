/**
 * Accounts and API keys: list, create (with generated or given ids and key), disable/enable API
 * access, add, rotate and revoke keys. Keys are shown in full here: this is the test's own control
 * plane (protect it with ADMIN_TOKEN when the server is shared).
 */
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Errors } from '../../errors.js'
import type { AccountRecord, AgentRecord } from '../../repositories/records.js'
import {
  ADMIN_TAG, AccountIdParamsSchema, AddKeyBodySchema, AdminAccountSchema, AdminErrors, BadRequest, Conflict,
  CreateAccountBodySchema, KeyResultSchema, NotFound, OkEnvelope, RevokeKeyBodySchema, RotateKeyBodySchema
} from '../../schemas/admin.js'
import { success } from '../page-body.js'

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
const newKey = () => `sk_test_${randomBytes(24).toString('base64url')}`
/** ISO 8601 without fractional seconds, like every timestamp the API shows. */
const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app
  const { accounts } = app.repos
  const agentExistsStm = db.prepare<[string], number>('SELECT 1 FROM agents WHERE agent_id = ?').pluck()
  const versionExistsStm = db.prepare<[string], number>('SELECT 1 FROM prompt_versions WHERE version_id = ?').pluck()

  const view = (a: AccountRecord) => ({ ...a, api_keys: accounts.listApiKeys(a.account_id), agents: accounts.listAgents(a.account_id) })
  const mustExist = (id: string): AccountRecord => {
    const a = accounts.getAccount(id)
    if (a === undefined) throw Errors.accountNotFound(id)
    return a
  }
  const freshKey = (given: string | undefined): string => {
    if (given !== undefined) {
      if (accounts.apiKeyExists(given)) throw Errors.conflict('api_key: Is already in use')
      return given
    }
    return newKey()
  }
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
  }, async (request) => success('Account fetched', view(mustExist(request.params.account_id))))

  app.post('/accounts', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Create an account (with one API key and one agent)',
      description: 'Every field is optional: ids, key and names are generated when not given. Limits default to the documented ones (10,000 contacts per batch, 20 concurrent calls, 900 s per call; the server\'s rate limit).',
      body: CreateAccountBodySchema,
      response: { 201: AccountEnvelope('The new account; its key is in api_keys'), 400: BadRequest, 409: Conflict, ...AdminErrors }
    }
  }, async (request, reply) => {
    const b = request.body
    const accountId = b.account_id ?? `acc_${hex(4)}`
    if (accounts.getAccount(accountId) !== undefined) throw Errors.conflict(`account_id: ${accountId} already exists`)
    const apiKey = freshKey(b.api_key)
    const agentId = b.agent_id ?? `agt-${hex(4)}`
    if (agentExistsStm.get(agentId) === 1) throw Errors.conflict(`agent_id: ${agentId} already exists`)
    const versionId = b.version_id ?? `pmt-${hex(5)}`
    if (versionExistsStm.get(versionId) === 1) throw Errors.conflict(`version_id: ${versionId} already exists`)
    const created = nowIso()
    const account: AccountRecord = {
      account_id: accountId,
      name: b.name ?? `Test Account ${accountId.slice(4)}`,
      email: b.email ?? `dev@${accountId.replace(/_/g, '-')}.example`,
      api_enabled: b.api_enabled ?? true,
      max_batch_size: b.max_batch_size ?? 10000,
      max_concurrent_calls: b.max_concurrent_calls ?? 20,
      max_call_duration_seconds: b.max_call_duration_seconds ?? 900,
      rate_limit_per_minute: b.rate_limit_per_minute ?? null,
      webhook_secret: `whsec_${hex(12)}`,
      created_at: created
    }
    const agent: AgentRecord = {
      agent_id: agentId,
      account_id: accountId,
      agent_name: b.agent_name ?? 'Test Agent',
      voice: 'Tara',
      current_version: versionId,
      versions: [versionId],
      outcome_keys: ['Interested', 'Follow Up Required']
    }
    db.transaction(() => {
      accounts.insertAccount(account)
      accounts.insertApiKey({ api_key: apiKey, account_id: accountId, active: true, created_at: created })
      accounts.insertAgent(agent)
    })()
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
      const id = request.params.account_id
      if (!accounts.setApiEnabled(id, enabled)) throw Errors.accountNotFound(id)
      return success(enabled ? 'Account enabled' : 'Account disabled', view(mustExist(id)))
    })
  }

  app.post('/accounts/:account_id/keys', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Add an API key (generated unless given)',
      params,
      body: AddKeyBodySchema,
      response: { 201: OkEnvelope(KeyResultSchema, 'The new key, shown once'), 400: BadRequest, 404: NotFound, 409: Conflict, ...AdminErrors }
    }
  }, async (request, reply) => {
    const id = request.params.account_id
    mustExist(id)
    const apiKey = freshKey(request.body.api_key)
    accounts.insertApiKey({ api_key: apiKey, account_id: id, active: true, created_at: nowIso() })
    return reply.code(201).send(success('API key created', { account_id: id, api_key: apiKey, revoked: [] }, 201))
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
    const id = request.params.account_id
    mustExist(id)
    const body = request.body
    const active = accounts.listApiKeys(id).filter(k => k.active).map(k => k.api_key)
    const revoke = body.api_key !== undefined ? [body.api_key] : active
    if (body.api_key !== undefined && !active.includes(body.api_key)) throw Errors.apiKeyNotFound(id)
    const apiKey = freshKey(body.new_api_key)
    db.transaction(() => {
      for (const k of revoke) accounts.setApiKeyActive(id, k, false)
      accounts.insertApiKey({ api_key: apiKey, account_id: id, active: true, created_at: nowIso() })
    })()
    return success('API key rotated', { account_id: id, api_key: apiKey, revoked: revoke })
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
    const id = request.params.account_id
    mustExist(id)
    if (!accounts.setApiKeyActive(id, request.body.api_key, false)) throw Errors.apiKeyNotFound(id)
    return success('API key revoked', { account_id: id, api_key: null, revoked: [request.body.api_key] })
  })
}

export default accountRoutes
