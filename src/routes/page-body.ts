/**
 * The paginated success envelope built from stored item JSON, byte for byte what the response
 * schema describes: `{status_code, message, error: null, data: {items, total, page, limit, has_more}}`.
 * `has_more` is `page * limit < total` (it fits every documented example).
 * Each element of `items` is one item's JSON, or several items' JSON already joined by commas
 * (repositories let SQLite join a whole page into one Buffer).
 */
const COMMA = Buffer.from(',')

export function pageBody (message: string, items: Buffer[], total: number, page: number, limit: number): Buffer {
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
