/**
 * Account levers of the control plane: create an account (with one API key and one agent), turn
 * its API access off and on, add, rotate and revoke keys. Ids, keys and names are generated when
 * not given. Each lever is one transaction.
 */
import { randomBytes } from 'node:crypto'
import { DomainErrors } from '../model/errors.js'
import type { AccountRecord, AgentRecord, PhoneNumberRecord, Profile, Provider } from '../model/records.js'
import type { Db } from '../store/database.js'
import type { Repositories } from '../store/index.js'

export interface NewAccount {
  /** Default techladder. */
  provider?: Provider
  /** TechLadder's response profile; null or absent: the server's. */
  profile?: Profile | null
  account_id?: string
  name?: string
  email?: string
  api_enabled?: boolean
  max_batch_size?: number
  max_concurrent_calls?: number
  max_call_duration_seconds?: number
  /** null or absent: the server's RATE_LIMIT_PER_MINUTE. */
  rate_limit_per_minute?: number | null
  api_key?: string
  agent_id?: string
  agent_name?: string
  version_id?: string
}

export interface KeyChange {
  account_id: string
  /** The new key (shown once), or null when none was issued. */
  api_key: string | null
  revoked: string[]
}

/** How a provider makes what a new account needs (random: accounts made at run time are not seeded). */
export interface AccountProvisioning {
  /** What a key of this provider looks like, and the message for one that does not. */
  keyFormat: { pattern: RegExp, message: string }
  newKey: () => string
  newAgentId: () => string
  /** A prompt version id; null: this provider's agents have no versions. */
  newVersionId: () => string | null
  /** The phone numbers a new account dials from (none when the provider has no such resource). */
  newPhoneNumbers?: (accountId: string, createdAt: string) => PhoneNumberRecord[]
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

/** `nowIso`: the server clock's time (what every timestamp the server writes reads). */
export function createAccountLevers (db: Db, repos: Repositories, provisioning: (provider: Provider) => AccountProvisioning, nowIso: () => string) {
  const { accounts } = repos
  const mustExist = (id: string): AccountRecord => {
    const a = accounts.getAccount(id)
    if (a === undefined) throw DomainErrors.accountNotFound(id)
    return a
  }
  const freshKey = (provider: Provider, given: string | undefined): string => {
    if (given !== undefined) {
      const { pattern, message } = provisioning(provider).keyFormat
      if (!pattern.test(given)) throw DomainErrors.invalidInput([`api_key: ${message}`])
      if (accounts.apiKeyExists(given)) throw DomainErrors.conflict('api_key: Is already in use')
      return given
    }
    return provisioning(provider).newKey()
  }
  const providerOf = (accountId: string): Provider => mustExist(accountId).provider

  return {
    mustExist,
    /** Creates an account with one active key and one agent (with one prompt version). */
    create (b: NewAccount): AccountRecord {
      const provider = b.provider ?? 'techladder'
      const make = provisioning(provider)
      const accountId = b.account_id ?? `acc_${hex(4)}`
      if (accounts.getAccount(accountId) !== undefined) throw DomainErrors.conflict(`account_id: ${accountId} already exists`)
      const apiKey = freshKey(provider, b.api_key)
      const agentId = b.agent_id ?? make.newAgentId()
      if (accounts.agentExists(agentId)) throw DomainErrors.conflict(`agent_id: ${agentId} already exists`)
      const versionId = b.version_id ?? make.newVersionId()
      if (versionId !== null && accounts.versionExists(versionId)) throw DomainErrors.conflict(`version_id: ${versionId} already exists`)
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
        created_at: created,
        provider,
        profile: b.profile ?? null
      }
      const agent: AgentRecord = {
        agent_id: agentId,
        account_id: accountId,
        agent_name: b.agent_name ?? 'Test Agent',
        voice: 'Tara',
        current_version: versionId ?? '',
        versions: versionId === null ? [] : [versionId],
        outcome_keys: ['Interested', 'Follow Up Required'],
        created_at: created
      }
      db.transaction(() => {
        accounts.insertAccount(account)
        accounts.insertApiKey({ api_key: apiKey, account_id: accountId, active: true, created_at: created })
        accounts.insertAgent(agent)
        for (const n of make.newPhoneNumbers?.(accountId, created) ?? []) accounts.insertPhoneNumber(n)
      })()
      return account
    },
    /** Turns API access on or off. */
    setEnabled (accountId: string, enabled: boolean): AccountRecord {
      if (!accounts.setApiEnabled(accountId, enabled)) throw DomainErrors.accountNotFound(accountId)
      return mustExist(accountId)
    },
    /**
     * Sets a TechLadder account's response profile (null: the server's). Other providers' APIs have
     * one shape each, so a profile on their accounts would do nothing: refused.
     */
    setProfile (accountId: string, profile: Profile | null): AccountRecord {
      const account = mustExist(accountId)
      if (account.provider !== 'techladder') throw DomainErrors.invalidInput([`profile: Only techladder accounts have a response profile; ${accountId} is a ${account.provider} account`])
      accounts.setProfile(accountId, profile)
      return mustExist(accountId)
    },
    /** Adds a key (generated unless given). */
    addKey (accountId: string, given: string | undefined): KeyChange {
      const apiKey = freshKey(providerOf(accountId), given)
      accounts.insertApiKey({ api_key: apiKey, account_id: accountId, active: true, created_at: nowIso() })
      return { account_id: accountId, api_key: apiKey, revoked: [] }
    },
    /** Revokes `revoke` (default: every active key) and issues a new key, in one transaction. */
    rotate (accountId: string, revokeKey: string | undefined, given: string | undefined): KeyChange {
      const provider = providerOf(accountId)
      const active = accounts.listApiKeys(accountId).filter(k => k.active).map(k => k.api_key)
      const revoke = revokeKey !== undefined ? [revokeKey] : active
      if (revokeKey !== undefined && !active.includes(revokeKey)) throw DomainErrors.apiKeyNotFound(accountId)
      const apiKey = freshKey(provider, given)
      db.transaction(() => {
        for (const k of revoke) accounts.setApiKeyActive(accountId, k, false)
        accounts.insertApiKey({ api_key: apiKey, account_id: accountId, active: true, created_at: nowIso() })
      })()
      return { account_id: accountId, api_key: apiKey, revoked: revoke }
    },
    revoke (accountId: string, key: string): KeyChange {
      mustExist(accountId)
      if (!accounts.setApiKeyActive(accountId, key, false)) throw DomainErrors.apiKeyNotFound(accountId)
      return { account_id: accountId, api_key: null, revoked: [key] }
    }
  }
}

export type AccountLevers = ReturnType<typeof createAccountLevers>
