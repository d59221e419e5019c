/**
 * Wires the simulation: the clock's driver is the engine, the realtime timer follows the clock's
 * mode, webhook deliveries share the clock, and everything stops cleanly when the app closes.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createWebhookDispatcher, type WebhookDispatcher } from '../webhooks/dispatcher.js'
import { createEngine, type Engine } from './engine.js'

declare module 'fastify' {
  interface FastifyInstance {
    simulation: Engine
    webhooks: WebhookDispatcher
  }
}

async function simulationPlugin (app: FastifyInstance): Promise<void> {
  const webhooks = createWebhookDispatcher(app.db, app.clock, app.config.seed, app.log)
  const engine = createEngine(app.db, app.repos, app.clock, webhooks, app.config.seed, app.log)
  app.decorate('webhooks', webhooks)
  app.decorate('simulation', engine)
  app.clock.driver = async (target) => { await engine.advanceTo(target) }
  app.clock.onModeChange = () => engine.syncTimer()
  const onReplaced = () => engine.reload()
  app.storeEvents.on('state-replaced', onReplaced)
  engine.syncTimer()
  app.addHook('onClose', async () => {
    app.storeEvents.off('state-replaced', onReplaced)
    app.clock.driver = null
    app.clock.onModeChange = null
    await engine.close()
  })
}

export default fp(simulationPlugin, { name: 'simulation', dependencies: ['store', 'clock'] })
