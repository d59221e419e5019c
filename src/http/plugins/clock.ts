/** The one clock of the server (src/core/simulation/clock.ts), decorated as `app.clock`. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { SimClock, initialClockTime } from '../../core/simulation/clock.js'

declare module 'fastify' {
  interface FastifyInstance {
    clock: SimClock
  }
}

async function clockPlugin (app: FastifyInstance): Promise<void> {
  const row = app.db.prepare<[], { value: string }>("SELECT value FROM sim_state WHERE key = 'clock_ms'").get()
  const persisted = row === undefined ? null : Number(row.value)
  app.decorate('clock', new SimClock({
    mode: app.config.clock,
    speed: app.config.clockSpeed,
    time: initialClockTime(app.config.clockStart, persisted, app.config.clock)
  }))
}

export default fp(clockPlugin, { name: 'clock', dependencies: ['store'] })
