/**
 * Wires the simulation: the clock's driver is the engine, the realtime timer follows the clock's
 * mode, webhook deliveries share the clock, each surface turns the events of its batches into
 * webhooks, and everything stops cleanly when the app closes.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createEngine, type Engine } from '../../core/simulation/engine.js'
import { createWebhookDispatcher, type AttemptHeaders, type WebhookDispatcher } from '../../core/webhooks/dispatcher.js'
import type { EventListener } from '../../core/webhooks/events.js'
import type { Surface } from '../surface.js'

declare module 'fastify' {
  interface FastifyInstance {
    simulation: Engine
    webhooks: WebhookDispatcher
  }
}

export interface SimulationOptions {
  surfaces: readonly Surface[]
}

async function simulationPlugin (app: FastifyInstance, opts: SimulationOptions): Promise<void> {
  const hooked = opts.surfaces.flatMap(s => s.webhooks === undefined ? [] : [s.webhooks])
  const owners = hooked.map(w => ({ owns: w.owns, headers: w.headers(app) }))
  const headersFor: AttemptHeaders = (d, attempt, unix) => owners.find(o => o.owns(app, d))?.headers(d, attempt, unix) ?? {}
  const webhooks = createWebhookDispatcher(app.db, app.clock, app.config.seed, { headersFor, log: app.log, concurrency: app.config.webhookConcurrency })
  app.decorate('webhooks', webhooks)
  const listeners = hooked.map(w => w.listener(app))
  const listener: EventListener = (event) => {
    let queued = false
    for (const l of listeners) queued = l(event) || queued
    return queued
  }
  const engine = createEngine({ db: app.db, repos: app.repos, clock: app.clock, webhooks, listener, seed: app.config.seed, log: app.log })
  app.decorate('simulation', engine)
  app.clock.driver = async (target) => await engine.advanceTo(target)
  app.clock.onModeChange = () => engine.syncTimer()
  const onReplaced = () => engine.reload()
  app.storeEvents.on('state-replaced', onReplaced)
  engine.syncTimer()
  // Before the server waits for requests in flight: an advance waiting on a receiver that never
  // answers must end (its attempts are cut off, not counted, and sent again at the next start).
  app.addHook('preClose', (done) => { engine.stop(); done() })
  app.addHook('onClose', async () => {
    app.storeEvents.off('state-replaced', onReplaced)
    app.clock.driver = null
    app.clock.onModeChange = null
    await engine.close()
  })
}

export default fp(simulationPlugin, { name: 'simulation', dependencies: ['store', 'clock'] })
