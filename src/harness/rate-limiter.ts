/**
 * The documented rate limit: N requests per minute per API key (RATE_LIMIT_PER_MINUTE, default 300;
 * 0 turns it off). A fixed 60-second window per key that starts at the key's first request, on the
 * wall clock (not the simulation clock, so a manual clock never freezes a window). Every public
 * response carries X-RateLimit-Limit / -Remaining / -Reset (epoch seconds of the window's end).
 * Requests without a valid key are counted per client address, so their 401s carry the headers too.
 * Each API surface's guard applies it: one key lookup serves both.
 */
interface Window { resetAt: number, count: number }

const WINDOW_MS = 60_000
const SWEEP_AT = 10_000

export function createRateLimiter (now: () => number = Date.now) {
  const windows = new Map<string, Window>()
  return {
    /** Counts one request for `key`; returns the state after counting. */
    hit (key: string, limit: number): { limit: number, remaining: number, resetAt: number, limited: boolean } {
      const t = now()
      let w = windows.get(key)
      if (w === undefined || w.resetAt <= t) {
        if (windows.size >= SWEEP_AT) for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k)
        w = { resetAt: t + WINDOW_MS, count: 0 }
        windows.set(key, w)
      }
      w.count++
      return { limit, remaining: Math.max(0, limit - w.count), resetAt: w.resetAt, limited: w.count > limit }
    },
    reset (): void { windows.clear() }
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>
