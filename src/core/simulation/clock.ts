/**
 * The one clock of the server (the idea of Stripe's test clocks). Every timestamp the server writes
 * (created_at, the simulated dialer, webhook attempts and retries) reads it; nothing reads Date.now
 * for data.
 *
 * - realtime: simulated time runs at `speed` x wall time from an anchor (speed 60: a minute per second).
 * - manual: time stands still until advanced (`advance`, `advanceTo`, or `set({ time })`).
 *
 * Moving time is the simulation's business: `advanceTo` hands the target to the driver (the engine),
 * which walks the clock through every due event in order and resolves when all are done. The clock
 * never moves backwards.
 */
import { DomainErrors } from '../model/errors.js'

export type ClockMode = 'realtime' | 'manual'

export interface ClockState {
  mode: ClockMode
  speed: number
  /** ms since the epoch. */
  time: number
}

/**
 * 'YYYY-MM-DDTHH:MM:SSZ': the documented timestamp form (UTC, no fractional seconds). An instant past
 * the end of time (an event due after the clock stopped at MAX_CLOCK_MS) shows as the end of time.
 */
export const isoSeconds = (ms: number): string => new Date(Math.min(ms, MAX_CLOCK_MS)).toISOString().slice(0, 19) + 'Z'

export class SimClock {
  mode: ClockMode
  speed: number
  private anchorSim: number
  private anchorWall: number
  /** Processes everything due up to the target (set by the simulation engine); false: it stopped first. */
  driver: ((target: number) => Promise<boolean>) | null = null
  /** Called after mode or speed changed (the engine starts or stops its timer). */
  onModeChange: (() => void) | null = null

  constructor (state: ClockState) {
    this.mode = state.mode
    this.speed = state.speed
    this.anchorSim = Math.floor(state.time)
    this.anchorWall = Date.now()
  }

  now (): number {
    if (this.mode === 'manual') return this.anchorSim
    // A fast realtime clock stops at the end of time too (see MAX_CLOCK_MS).
    return Math.min(MAX_CLOCK_MS, this.anchorSim + Math.floor((Date.now() - this.anchorWall) * this.speed))
  }

  nowIso (): string {
    return isoSeconds(this.now())
  }

  state (): ClockState {
    return { mode: this.mode, speed: this.speed, time: this.now() }
  }

  /**
   * Moves the clock's reading to `time` (never backwards) without processing anything: the engine
   * calls this as it walks through due events. Realtime mode keeps running from there.
   */
  jump (time: number): void {
    const t = Math.max(Math.floor(time), this.now())
    this.anchorSim = t
    this.anchorWall = Date.now()
  }

  /**
   * Changes mode, speed and/or time. A time in the future is reached through the engine (everything
   * due on the way is processed, in order); a time in the past is refused.
   */
  async set (change: Partial<ClockState>): Promise<void> {
    if (change.time !== undefined && change.time > MAX_CLOCK_MS) throw pastTheEnd('time')
    if (change.time !== undefined && change.time < this.now()) {
      throw DomainErrors.invalidTransition(`time: The clock never moves backwards (it is ${this.nowIso()})`)
    }
    // Re-anchor at the current reading so a mode or speed change does not jump.
    this.jump(this.now())
    const modeChanged = (change.mode !== undefined && change.mode !== this.mode) || (change.speed !== undefined && change.speed !== this.speed)
    if (change.mode !== undefined) this.mode = change.mode
    if (change.speed !== undefined) this.speed = change.speed
    if (modeChanged) this.onModeChange?.()
    if (change.time !== undefined) await this.advanceTo(change.time)
  }

  /** Advances by `ms` (>= 0), processing everything due on the way; resolves when done. */
  async advance (ms: number): Promise<void> {
    if (!(ms >= 0)) throw DomainErrors.invalidTransition('seconds: The clock never moves backwards')
    if (this.now() + ms > MAX_CLOCK_MS) throw pastTheEnd('seconds')
    await this.advanceTo(this.now() + ms)
  }

  /** Advances to the instant `target` (>= now), processing everything due on the way. */
  async advanceTo (target: number): Promise<void> {
    if (target > MAX_CLOCK_MS) throw pastTheEnd('to')
    if (target < this.now()) {
      throw DomainErrors.invalidTransition(`to: The clock never moves backwards (it is ${this.nowIso()})`)
    }
    if (this.driver !== null && !(await this.driver(Math.floor(target)))) {
      throw DomainErrors.unavailable('clock: The server is stopping; what was due is processed at the next start')
    }
    this.jump(target)
  }
}

/**
 * The clock never goes past the last instant a four-digit-year ISO 8601 timestamp can show: beyond it
 * toISOString() writes "+010000-…", which breaks every date-time field (a Create there was a 500).
 */
export const MAX_CLOCK_MS = Date.parse('9999-12-31T23:59:59Z')
const pastTheEnd = (field: string) => DomainErrors.invalidTransition(`${field}: The clock cannot go past 9999-12-31T23:59:59Z`)

/**
 * Where the clock starts: CLOCK_START when given; else, with a file database that has run before,
 * manual mode goes on from the time it had (manual time moves only when told) and realtime mode
 * from the later of that time and wall time; else wall time.
 */
export function initialClockTime (clockStart: string | null, persisted: number | null, mode: ClockMode = 'realtime'): number {
  if (clockStart !== null) return Date.parse(clockStart)
  if (mode === 'manual' && persisted !== null) return persisted
  const wall = Date.now()
  return persisted !== null && persisted > wall ? persisted : wall
}
