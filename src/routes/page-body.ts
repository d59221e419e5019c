/**
 * The paginated success envelope built from stored item JSON, byte for byte what the response
 * schema describes: `{status_code, message, error: null, data: {items, total, page, limit, has_more}}`.
 * `has_more` is `page * limit < total` (it fits every documented example).
 * Each element of `items` is one item's JSON, or several items' JSON already joined by commas
 * (repositories let SQLite join a whole page into one Buffer).
 */
const COMMA = Buffer.from(',')

/**
 * Bodies already built around a page's joined items (a cached page, see call-repository.ts), so a
 * repeated read sends the same Buffer rather than copying a few hundred KiB again. Weak: an entry
 * lives as long as its items Buffer does.
 */
const built = new WeakMap<Buffer, { message: string, total: number, page: number, limit: number, body: Buffer }>()

export function pageBody (message: string, items: Buffer[], total: number, page: number, limit: number): Buffer {
  if (items.length === 1) {
    const b = built.get(items[0])
    if (b !== undefined && b.message === message && b.total === total && b.page === page && b.limit === limit) return b.body
  }
  const body = buildPageBody(message, items, total, page, limit)
  if (items.length === 1) built.set(items[0], { message, total, page, limit, body })
  return body
}

function buildPageBody (message: string, items: Buffer[], total: number, page: number, limit: number): Buffer {
  const head = Buffer.from(`{"status_code":200,"message":${JSON.stringify(message)},"error":null,"data":{"items":[`)
  const tail = Buffer.from(`],"total":${total},"page":${page},"limit":${limit},"has_more":${page * limit < total}}}`)
  const parts: Buffer[] = new Array(items.length * 2 + 1)
  parts[0] = head
  let n = 1
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts[n++] = COMMA
    parts[n++] = items[i]
  }
  parts[n++] = tail
  parts.length = n
  return Buffer.concat(parts)
}

export function success<T> (message: string, data: T, statusCode = 200) {
  return { status_code: statusCode, message, error: null, data }
}
