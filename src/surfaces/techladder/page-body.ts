/**
 * Bodies built by hand, byte for byte what the response schemas describe, sent as Buffers:
 * the paginated envelope `{status_code, message, error: null, data: {items, total, page, limit,
 * has_more}}` around items already written as JSON, and the plain success envelope.
 * `has_more` is `page * limit < total` (it fits every documented example). `tail` is more `data`
 * fields, written as `,"key":value` (the observed results page's batch status).
 */
export function pageBody (message: string, items: string, total: number, page: number, limit: number, tail = ''): Buffer {
  return Buffer.from(`{"status_code":200,"message":${JSON.stringify(message)},"error":null,"data":{"items":[${items}],"total":${total},"page":${page},"limit":${limit},"has_more":${page * limit < total}${tail}}}`, 'utf8')
}

export function success<T> (message: string, data: T, statusCode = 200) {
  return { status_code: statusCode, message, error: null, data }
}
