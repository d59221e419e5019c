/**
 * DRF cursor pagination, as Ultravox's lists use it: query `cursor` (opaque) and `pageSize`; body
 * `{next, previous, results, total}` with `next`/`previous` absolute URLs of this server (built from
 * the request's Host, every other query parameter kept, parameters sorted by name, as DRF's
 * replace_query_param does) or null.
 *
 * The cursor has DRF's shape, base64 of `o=<offset>&r=1&p=<position>` (each token only when
 * needed), where the position is the boundary record's list key: a key that never changes once the
 * record exists (creation order, seq, dial order, message index). Pages are cut strictly after (or,
 * for a `previous` link, before) that key, never by an offset into a changing list, so walking `next`
 * meets every record that existed when the walk began exactly once, whatever the simulation does
 * meanwhile. A cursor that does not decode is DRF's 404 `{"detail": "Invalid cursor"}`.
 */
import type { FastifyRequest } from 'fastify'
import { Errors } from './errors.js'

/** Decided (Ultravox documents neither): the default and the largest page. */
export const DEFAULT_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 100
/** DRF CursorPagination.offset_cutoff. */
const OFFSET_CUTOFF = 1000

/** The query as DRF's QueryDict holds it: every value of every key, in order. */
export type Query = Map<string, string[]>

export function queryOf (request: FastifyRequest): Query {
  const i = request.url.indexOf('?')
  const out: Query = new Map()
  if (i < 0) return out
  for (const [k, v] of new URLSearchParams(request.url.slice(i + 1))) {
    const list = out.get(k)
    if (list === undefined) out.set(k, [v])
    else list.push(v)
  }
  return out
}

/** QueryDict.get: the last value of a key. */
export const lastValue = (q: Query, key: string): string | undefined => {
  const v = q.get(key)
  return v === undefined ? undefined : v[v.length - 1]
}

/** DRF `_positive_int(strict=True, cutoff=max)`: a bad, zero or negative value is the default; a large one is the maximum. */
export function pageSizeOf (q: Query): number {
  const raw = lastValue(q, 'pageSize')
  if (raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw)) return DEFAULT_PAGE_SIZE
  const n = Number(raw.trim())
  if (!(n > 0)) return DEFAULT_PAGE_SIZE
  return Math.min(n, MAX_PAGE_SIZE)
}

export interface Cursor {
  offset: number
  reverse: boolean
  position: string | null
}

/** Reads `cursor` (404 Invalid cursor when it does not decode); null when absent. */
export function cursorOf (q: Query): Cursor | null {
  const encoded = lastValue(q, 'cursor')
  if (encoded === undefined) return null
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw Errors.invalidCursor()
  const bytes = Buffer.from(encoded, 'base64')
  if (bytes.some(b => b > 0x7f)) throw Errors.invalidCursor()
  const tokens = new URLSearchParams(bytes.toString('ascii'))
  const int = (v: string | null, fallback: number): number => {
    if (v === null) return fallback
    if (!/^\s*[+-]?\d+\s*$/.test(v)) throw Errors.invalidCursor()
    return Number(v.trim())
  }
  const offset = Math.max(0, Math.min(int(tokens.get('o'), 0), OFFSET_CUTOFF))
  const reverse = int(tokens.get('r'), 0) !== 0
  return { offset, reverse, position: tokens.get('p') }
}

function encodeCursor (c: Cursor): string {
  const parts: string[] = []
  if (c.offset !== 0) parts.push(`o=${c.offset}`)
  if (c.reverse) parts.push('r=1')
  if (c.position !== null) parts.push(`p=${formEncode(c.position)}`)
  return Buffer.from(parts.join('&'), 'ascii').toString('base64')
}

/** Python's urllib.parse.quote_plus: everything but letters, digits and `_.-~` percent-encoded, space as `+`. */
function formEncode (s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+')
}

/**
 * Django's escape_uri_path over the decoded path (request.path), as build_absolute_uri writes it: the
 * same link whether the client percent-encoded letters of the path or not.
 */
function escapeUriPath (raw: string): string {
  let path = raw
  try { path = decodeURIComponent(raw) } catch {}
  return encodeURIComponent(path).replace(/%(2F|3A|40|26|2B|24|2C)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * The scheme and host the links are written with (the request's Host when it is a plain host).
 * With `request.url` it is all of the request a page reads: a cached page is keyed by both.
 */
export function linkOrigin (request: FastifyRequest): string {
  const host = typeof request.headers.host === 'string' && HOST.test(request.headers.host) ? request.headers.host : 'localhost'
  return `${request.protocol}://${host}`
}

/** The request's URL with `cursor` set (or removed), other parameters kept and sorted by name. */
function linkWith (request: FastifyRequest, cursor: string | null): string {
  const path = escapeUriPath(request.url.split('?')[0])
  const q = queryOf(request)
  if (cursor === null) q.delete('cursor')
  else q.set('cursor', [cursor])
  const keys = [...q.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
  const query = keys.flatMap(k => q.get(k)!.map(v => `${formEncode(k)}=${formEncode(v)}`)).join('&')
  return `${linkOrigin(request)}${path}${query === '' ? '' : `?${query}`}`
}

/**
 * One list, as the paginator needs it: its records in list order from a position on, in either
 * direction, and how to write and read a record's position.
 */
export interface Listing<T, K> {
  /** The first `limit` records strictly after `from` in list order (from the start when null). */
  forward: (from: K | null, limit: number) => T[]
  /** The first `limit` records strictly before `from`, nearest first (from the end when null). */
  backward: (from: K | null, limit: number) => T[]
  keyOf: (item: T) => K
  format: (key: K) => string
  /** The key a position names, or undefined when it names none of this list's keys. */
  parse: (position: string) => K | undefined
  /** Every record the list has (filters applied). */
  total: () => number
}

export interface Page<T> {
  next: string | null
  previous: string | null
  results: T[]
  total: number
}

/** One page of a listing for this request's `cursor` and `pageSize`. */
export function paginate<T, K> (request: FastifyRequest, listing: Listing<T, K>, q: Query = queryOf(request)): Page<T> {
  const size = pageSizeOf(q)
  const cursor = cursorOf(q)
  let from: K | null = null
  if (cursor !== null && cursor.position !== null) {
    const key = listing.parse(cursor.position)
    if (key === undefined) throw Errors.invalidCursor()
    from = key
  }
  const offset = cursor?.offset ?? 0
  const link = (c: Cursor) => linkWith(request, encodeCursor(c))
  if (cursor === null || !cursor.reverse) {
    const rows = listing.forward(from, offset + size + 1).slice(offset)
    const results = rows.slice(0, size)
    const hasNext = rows.length > size
    const hasPrevious = from !== null || offset > 0
    const first = results[0]
    return {
      next: hasNext ? link({ offset: 0, reverse: false, position: listing.format(listing.keyOf(results[results.length - 1])) }) : null,
      previous: !hasPrevious
        ? null
        : first !== undefined
          ? link({ offset: 0, reverse: true, position: listing.format(listing.keyOf(first)) })
          : from !== null ? link({ offset: 0, reverse: true, position: listing.format(from) }) : linkWith(request, null),
      results,
      total: listing.total()
    }
  }
  const rows = listing.backward(from, offset + size + 1).slice(offset)
  const results = rows.slice(0, size).reverse()
  const hasPrevious = rows.length > size
  const first = results[0]
  const last = results[results.length - 1]
  return {
    next: last !== undefined
      ? link({ offset: 0, reverse: false, position: listing.format(listing.keyOf(last)) })
      : from !== null ? linkWith(request, null) : null,
    previous: hasPrevious && first !== undefined ? link({ offset: 0, reverse: true, position: listing.format(listing.keyOf(first)) }) : null,
    results,
    total: listing.total()
  }
}

/** A listing over records already in memory, in list order (agents, a call's messages). */
export function inMemory<T> (items: T[], keyOf: (item: T) => string): Pick<Listing<T, string>, 'forward' | 'backward' | 'keyOf' | 'format' | 'parse' | 'total'> {
  const index = new Map(items.map((item, i) => [keyOf(item), i]))
  return {
    forward: (from, limit) => {
      const start = from === null ? 0 : (index.get(from) ?? -1) + 1
      return items.slice(start, start + limit)
    },
    backward: (from, limit) => {
      const end = from === null ? items.length : (index.get(from) ?? items.length)
      return items.slice(Math.max(0, end - limit), end).reverse()
    },
    keyOf,
    format: (k) => k,
    parse: (p) => index.has(p) ? p : undefined,
    total: () => items.length
  }
}
