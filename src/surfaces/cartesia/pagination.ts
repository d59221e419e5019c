/**
 * Stripe-style cursor pages over a list kept newest first: `starting_after=X` gives the up-to-`limit`
 * items after X (older), `ending_before=X` the up-to-`limit` items just before X (newer), both in
 * list order; `has_more` says whether more exist in the direction of travel, and `next_page` is the
 * id to pass on (the last item's forward, the first item's backward) or null. Every walk ends with
 * a page of `data: []`: the official SDK's paginator stops only on an empty page.
 */
export type Direction = 'forward' | 'backward'

export interface Page<T> {
  data: T[]
  next_page: string | null
  has_more: boolean
}

/**
 * One page. `fetch(n)` returns at most `n` items starting next to the cursor: in list order walking
 * forward, in reverse list order (nearest to the cursor first) walking backward.
 */
export function cursorPage<T> (direction: Direction, limit: number, fetch: (n: number) => T[], idOf: (item: T) => string): Page<T> {
  const rows = fetch(limit + 1)
  const hasMore = rows.length > limit
  const data = rows.slice(0, limit)
  if (direction === 'backward') data.reverse()
  const edge = direction === 'forward' ? data[data.length - 1] : data[0]
  return { data, next_page: hasMore && edge !== undefined ? idOf(edge) : null, has_more: hasMore }
}
