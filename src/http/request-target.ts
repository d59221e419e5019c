/**
 * The request target as routing sees it. Two spellings of a path name the same resource and must
 * get the same answer, whoever sends them (a proxy, a client that does not normalize):
 * - the absolute form (`GET http://host/path`, RFC 9112 §3.2.2, what a client sends a proxy): the
 *   path and query are routed, the scheme and authority are not (every surface, guard, journal and
 *   error body then sees the same `request.url` as for the origin form);
 * - dot segments (`/a/./b`, `/a/x/../b`, `%2e` for `.`): resolved as RFC 3986 §5.2.4 and
 *   §6.2.2.2 say, as curl and every WHATWG URL parser do before sending, so a target a client did
 *   not resolve reaches the route its resolved form names rather than a 404.
 * Any other target is returned unchanged (the same string: percent-encoding is the router's to decode).
 */

/** A segment that is `.` or `..`, possibly percent-encoded. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i

export function routingTarget (url: string): string {
  let target = url
  if (!target.startsWith('/')) {
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target)
    if (m === null) return url
    target = target.slice(m[0].length)
    if (!target.startsWith('/')) target = '/' + target
  }
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  if (!DOT_SEGMENT.test(path)) return target
  return removeDotSegments(path) + (q < 0 ? '' : target.slice(q))
}

/** RFC 3986 §5.2.4 for an absolute path (one that starts with '/'). */
export function removeDotSegments (path: string): string {
  const parts = path.split('/').slice(1)
  const out: string[] = []
  parts.forEach((segment, i) => {
    const last = i === parts.length - 1
    const plain = segment.replace(/%2e/gi, '.')
    if (plain === '.' || plain === '..') {
      if (plain === '..') out.pop()
      // `/a/b/..` is `/a/`: the directory the last segment named.
      if (last) out.push('')
      return
    }
    out.push(segment)
  })
  return '/' + out.join('/')
}

/** The path of a URL, percent-decoded as the router decodes it (raw when it does not decode). */
export function decodedPath (url: string): string {
  const path = url.split('?')[0]
  try { return decodeURIComponent(path) } catch { return path }
}
