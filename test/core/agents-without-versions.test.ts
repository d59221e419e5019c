/** Agents of a provider without prompt versions (current_version '') store no version row, however many there are. */
import t from 'tap'
import { openDatabase } from '../../src/core/store/database.js'
import { createRepositories } from '../../src/core/store/index.js'
import { ACCOUNT } from './support.js'

t.test('two agents without versions: both stored, neither has a version', async t => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const repos = createRepositories(db)
  repos.accounts.insertAccount({ ...ACCOUNT, provider: 'cartesia' })
  for (const id of ['agent_one', 'agent_two']) {
    repos.accounts.insertAgent({ agent_id: id, account_id: ACCOUNT.account_id, agent_name: id, voice: 'v', current_version: '', versions: [], outcome_keys: [], created_at: null })
  }
  const agents = repos.accounts.listAgents(ACCOUNT.account_id)
  t.same(agents.map(a => [a.agent_id, a.current_version, a.versions]), [['agent_one', '', []], ['agent_two', '', []]])
  t.notOk(repos.accounts.versionExists(''), 'no empty version id is stored')
  t.equal(db.prepare('SELECT COUNT(*) FROM prompt_versions').pluck().get(), 0)
})
