import { createHash, timingSafeEqual } from 'node:crypto'
import type { Db } from './database.js'
import type { AccountRecord, AgentRecord, ApiKeyRecord, KeyOwner, PhoneNumberRecord, Profile, Provider } from '../model/records.js'

export function hashApiKey (key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

interface AccountRow extends Omit<AccountRecord, 'api_enabled'> { api_enabled: number }
interface AgentRow extends Omit<AgentRecord, 'outcome_keys' | 'versions'> { outcome_keys: string, versions: string }

const toAccount = (r: AccountRow): AccountRecord => ({ ...r, api_enabled: r.api_enabled === 1 })
const toAgent = (r: AgentRow): AgentRecord => ({
  ...r,
  outcome_keys: JSON.parse(r.outcome_keys) as string[],
  versions: r.versions === null ? [] : r.versions.split(',')
})

/**
 * Key lookups answered from memory: key digest -> owner, or null for a digest no active key has.
 * One cache per database (shared by every repository on it), emptied by every write method below
 * and by forgetCachedKeys after a raw-SQL state swap, so a revoked, disabled or new key counts
 * from the very next request. Bounded: emptied when full (unknown keys cost an entry each).
 */
const KEY_CACHE_ENTRIES = 10_000
const keyCaches = new WeakMap<Db, { keys: Map<string, KeyOwner | null>, providers: Map<string, Provider | null> }>()

/** Drops the cached key and provider lookups of `db` (after a state swap that wrote with raw SQL). */
export function forgetCachedKeys (db: Db): void {
  const c = keyCaches.get(db)
  c?.keys.clear()
  c?.providers.clear()
}

/** Accounts, API keys, agents and prompt versions. Statements are prepared once, here. */
export function createAccountRepository (db: Db) {
  let caches = keyCaches.get(db)
  if (caches === undefined) {
    caches = { keys: new Map(), providers: new Map() }
    keyCaches.set(db, caches)
  }
  const { keys, providers } = caches
  const forgetKeys = (): void => {
    keys.clear()
    providers.clear()
  }
  const findKeyStm = db.prepare<[string], Omit<KeyOwner, 'api_enabled'> & { api_enabled: number }>(`
    SELECT a.account_id, a.api_enabled, a.rate_limit_per_minute, k.key_hash, a.provider, a.profile
    FROM api_keys k JOIN accounts a ON a.account_id = k.account_id
    WHERE k.key_hash = ? AND k.active = 1`)
  const getAccountStm = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE account_id = ?')
  const providerStm = db.prepare<[string], Provider>('SELECT provider FROM accounts WHERE account_id = ?').pluck()
  const listAccountsStm = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY account_id')
  const insertAccountStm = db.prepare(`
    INSERT INTO accounts (account_id, name, email, api_enabled, max_batch_size, max_concurrent_calls,
      max_call_duration_seconds, rate_limit_per_minute, webhook_secret, created_at, provider, profile)
    VALUES (@account_id, @name, @email, @api_enabled, @max_batch_size, @max_concurrent_calls,
      @max_call_duration_seconds, @rate_limit_per_minute, @webhook_secret, @created_at, @provider, @profile)`)
  const insertKeyStm = db.prepare(`
    INSERT INTO api_keys (key_hash, api_key, account_id, active, created_at)
    VALUES (@key_hash, @api_key, @account_id, @active, @created_at)`)
  const listKeysStm = db.prepare<[string], { api_key: string, account_id: string, active: number, created_at: string }>(
    'SELECT api_key, account_id, active, created_at FROM api_keys WHERE account_id = ? ORDER BY created_at, api_key')
  const insertAgentStm = db.prepare(`
    INSERT INTO agents (agent_id, account_id, agent_name, voice, current_version, outcome_keys, created_at)
    VALUES (@agent_id, @account_id, @agent_name, @voice, @current_version, @outcome_keys, @created_at)`)
  const insertVersionStm = db.prepare('INSERT INTO prompt_versions (version_id, agent_id) VALUES (?, ?)')
  const agentSelect = `
    SELECT g.*, (SELECT group_concat(version_id) FROM (SELECT version_id FROM prompt_versions p
      WHERE p.agent_id = g.agent_id ORDER BY version_id)) AS versions
    FROM agents g`
  const getAgentStm = db.prepare<[string, string], AgentRow>(`${agentSelect} WHERE g.account_id = ? AND g.agent_id = ?`)
  const listAgentsStm = db.prepare<[string], AgentRow>(`${agentSelect} WHERE g.account_id = ? ORDER BY g.agent_id`)
  // Control plane (admin API, fixtures).
  const listAllAgentsStm = db.prepare<[], AgentRow>(`${agentSelect} ORDER BY g.account_id, g.agent_id`)
  const listAllKeysStm = db.prepare<[], { api_key: string, account_id: string, active: number, created_at: string }>(
    'SELECT api_key, account_id, active, created_at FROM api_keys ORDER BY account_id, created_at, api_key')
  const setApiEnabledStm = db.prepare<[number, string]>('UPDATE accounts SET api_enabled = ? WHERE account_id = ?')
  const setProfileStm = db.prepare<[string | null, string]>('UPDATE accounts SET profile = ? WHERE account_id = ?')
  const setKeyActiveStm = db.prepare<[number, string, string]>('UPDATE api_keys SET active = ? WHERE key_hash = ? AND account_id = ?')
  const keyExistsStm = db.prepare<[string], number>('SELECT 1 FROM api_keys WHERE key_hash = ?').pluck()
  const agentExistsStm = db.prepare<[string], number>('SELECT 1 FROM agents WHERE agent_id = ?').pluck()
  const versionExistsStm = db.prepare<[string], number>('SELECT 1 FROM prompt_versions WHERE version_id = ?').pluck()
  const insertNumberStm = db.prepare(`
    INSERT INTO phone_numbers (number_id, account_id, number, kind, created_at) VALUES (@number_id, @account_id, @number, @kind, @created_at)`)
  const getNumberStm = db.prepare<[string, string], PhoneNumberRecord>(
    'SELECT number_id, account_id, number, kind, created_at FROM phone_numbers WHERE account_id = ? AND number_id = ?')
  const listNumbersStm = db.prepare<[string], PhoneNumberRecord>(
    'SELECT number_id, account_id, number, kind, created_at FROM phone_numbers WHERE account_id = ? ORDER BY number_id')
  const numberExistsStm = db.prepare<[string], number>('SELECT 1 FROM phone_numbers WHERE number_id = ?').pluck()

  return {
    /**
     * The account behind a presented key, or undefined. The lookup is by SHA-256 digest, so no
     * comparison ever runs over the raw key; the final digest comparison is constant-time.
     */
    findByApiKey (key: string): KeyOwner | undefined {
      const digest = hashApiKey(key)
      let owner = keys.get(digest)
      if (owner === undefined) {
        const row = findKeyStm.get(digest)
        owner = row === undefined ? null : { ...row, api_enabled: row.api_enabled === 1 }
        if (keys.size >= KEY_CACHE_ENTRIES) keys.clear()
        keys.set(digest, owner)
      }
      if (owner === null) return undefined
      const same = timingSafeEqual(Buffer.from(owner.key_hash, 'hex'), Buffer.from(digest, 'hex'))
      return same ? { ...owner } : undefined
    },
    /** The provider an account belongs to (it never changes), or undefined for an unknown account. */
    providerOf (accountId: string): Provider | undefined {
      const cached = providers.get(accountId)
      if (cached !== undefined) return cached ?? undefined
      const provider = providerStm.get(accountId)
      if (providers.size >= KEY_CACHE_ENTRIES) providers.clear()
      providers.set(accountId, provider ?? null)
      return provider
    },
    getAccount (accountId: string): AccountRecord | undefined {
      const row = getAccountStm.get(accountId)
      return row === undefined ? undefined : toAccount(row)
    },
    listAccounts (): AccountRecord[] {
      return listAccountsStm.all().map(toAccount)
    },
    insertAccount (a: AccountRecord): void {
      forgetKeys()
      insertAccountStm.run({ ...a, api_enabled: a.api_enabled ? 1 : 0, provider: a.provider ?? 'techladder', profile: a.profile ?? null })
    },
    insertApiKey (k: ApiKeyRecord): void {
      forgetKeys()
      insertKeyStm.run({ ...k, key_hash: hashApiKey(k.api_key), active: k.active ? 1 : 0 })
    },
    listApiKeys (accountId: string): ApiKeyRecord[] {
      return listKeysStm.all(accountId).map(r => ({ ...r, active: r.active === 1 }))
    },
    insertAgent (a: AgentRecord): void {
      forgetKeys()
      insertAgentStm.run({ ...a, outcome_keys: JSON.stringify(a.outcome_keys), created_at: a.created_at ?? null })
      // An agent of a provider without prompt versions has current_version '': no version row.
      for (const v of new Set([a.current_version, ...a.versions])) if (v !== '') insertVersionStm.run(v, a.agent_id)
    },
    getAgent (accountId: string, agentId: string): AgentRecord | undefined {
      const row = getAgentStm.get(accountId, agentId)
      return row === undefined ? undefined : toAgent(row)
    },
    listAgents (accountId: string): AgentRecord[] {
      return listAgentsStm.all(accountId).map(toAgent)
    },
    /** Every agent of every account (fixture export). */
    listAllAgents (): AgentRecord[] {
      return listAllAgentsStm.all().map(toAgent)
    },
    /** Every API key of every account, active or not (fixture export). */
    listAllApiKeys (): ApiKeyRecord[] {
      return listAllKeysStm.all().map(r => ({ ...r, active: r.active === 1 }))
    },
    /** Turns API access on or off; false when there is no such account. */
    setApiEnabled (accountId: string, enabled: boolean): boolean {
      forgetKeys()
      return setApiEnabledStm.run(enabled ? 1 : 0, accountId).changes === 1
    },
    /** Sets the account's response profile (null: the server's); false when there is no such account. */
    setProfile (accountId: string, profile: Profile | null): boolean {
      forgetKeys()
      return setProfileStm.run(profile, accountId).changes === 1
    },
    /** Activates or revokes one of the account's keys; false when the account has no such key. */
    setApiKeyActive (accountId: string, key: string, active: boolean): boolean {
      forgetKeys()
      return setKeyActiveStm.run(active ? 1 : 0, hashApiKey(key), accountId).changes === 1
    },
    apiKeyExists (key: string): boolean {
      return keyExistsStm.get(hashApiKey(key)) === 1
    },
    /** Whether any account has an agent with this id (ids are unique across accounts). */
    agentExists (agentId: string): boolean {
      return agentExistsStm.get(agentId) === 1
    },
    versionExists (versionId: string): boolean {
      return versionExistsStm.get(versionId) === 1
    },
    insertPhoneNumber (n: PhoneNumberRecord): void {
      insertNumberStm.run(n)
    },
    /** The account's phone number; another account's is not found. */
    getPhoneNumber (accountId: string, numberId: string): PhoneNumberRecord | undefined {
      return getNumberStm.get(accountId, numberId)
    },
    listPhoneNumbers (accountId: string): PhoneNumberRecord[] {
      return listNumbersStm.all(accountId)
    },
    phoneNumberExists (numberId: string): boolean {
      return numberExistsStm.get(numberId) === 1
    }
  }
}

export type AccountRepository = ReturnType<typeof createAccountRepository>
