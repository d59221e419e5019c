/**
 * The minimum window Ultravox's scheduler needs for a batch (its docs: "If windowEnd is too close to
 * windowStart or the current time, you'll receive a 400 error with the system's estimation of the
 * minimum window needed for the number of calls in your batch"). How Ultravox estimates it is not
 * documented; this server estimates it from its own dialer: a batch creates at most
 * CONCURRENCY calls at once and each takes about SLOT_SECONDS (ring, then talk or the 30 s join
 * timeout, with margin), so a window at the minimum rarely leaves EXPIRED calls, as the docs promise.
 */
import { drfTime } from './datetime.js'

/** Calls of one batch in flight at once (Ultravox's documented pay-as-you-go concurrency cap). */
export const CONCURRENCY = 5
/** Seconds assumed per call slot: about 1.5 x the simulator's mean. */
export const SLOT_SECONDS = 180

/** The smallest window, in whole minutes, for `calls` calls still to be created. */
export function minimumWindowMinutes (calls: number): number {
  return Math.ceil(Math.ceil(calls / CONCURRENCY) * SLOT_SECONDS / 60)
}

/**
 * The 400 message when [max(now, start), end] is shorter than the minimum for `calls`, else null.
 * (Wording decided: no source shows Ultravox's.)
 */
export function windowProblem (calls: number, nowMs: number, startMs: number | null, endMs: number | null): string | null {
  if (endMs === null || calls === 0) return null
  const from = Math.max(nowMs, startMs ?? nowMs)
  const minutes = minimumWindowMinutes(calls)
  if (endMs - from >= minutes * 60_000) return null
  const earliest = drfTime(Math.ceil((from + minutes * 60_000) / 1000) * 1000)
  return `The window is too short for ${calls} call${calls === 1 ? '' : 's'}. The estimated minimum window is ${minutes} minute${minutes === 1 ? '' : 's'} (${minutes * 60} seconds); set windowEnd to ${earliest} or later.`
}
