/**
 * What presenting a created call needs from the app: its agent, and the call-outcome model (when a
 * call in progress was answered). One per database, rebuilt when the whole state is replaced.
 */
import type { FastifyInstance } from 'fastify'
import { FateSource } from '../../core/simulation/call-outcome.js'
import type { Db } from '../../core/store/database.js'
import type { CallContext } from './presenters.js'

const contexts = new WeakMap<Db, CallContext>()

export function callContext (app: FastifyInstance): CallContext {
  let ctx = contexts.get(app.db)
  if (ctx === undefined) {
    let fates: FateSource | null = null
    app.storeEvents.on('state-replaced', () => { fates = null })
    ctx = {
      agent: (b) => app.repos.accounts.getAgent(b.account_id, b.agent_id),
      // Built on first use: its name pools cost a few milliseconds.
      get fates () { return (fates ??= new FateSource(app.config.seed)) }
    }
    contexts.set(app.db, ctx)
  }
  return ctx
}
