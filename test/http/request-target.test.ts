/**
 * The request target routing sees (src/http/request-target.ts): dot segments resolved as RFC 3986
 * §5.2.4 says (`%2e` is `.`), the absolute form reduced to its path and query; anything else untouched.
 * Over a real socket, for every route of every surface: test/reliability/request-shapes.test.ts.
 */
import t from 'tap'
import { decodedPath, removeDotSegments, routingTarget } from '../../src/http/request-target.js'

t.test('dot segments resolve as RFC 3986 §5.2.4 does', async t => {
  // RFC 3986 §5.4's examples (base /b/c/d;p), as absolute paths.
  t.equal(removeDotSegments('/b/c/./g'), '/b/c/g')
  t.equal(removeDotSegments('/b/c/../g'), '/b/g')
  t.equal(removeDotSegments('/b/c/.'), '/b/c/')
  t.equal(removeDotSegments('/b/c/..'), '/b/')
  t.equal(removeDotSegments('/b/c/../../../g'), '/g')
  t.equal(removeDotSegments('/a/b/c/./../../g'), '/a/g')
  t.equal(removeDotSegments('/b/c/g.'), '/b/c/g.', 'not a dot segment')
  t.equal(removeDotSegments('/b/c/..g'), '/b/c/..g', 'not a dot segment')
})

t.test('routingTarget', async t => {
  t.equal(routingTarget('/api/v1/public/./me'), '/api/v1/public/me')
  t.equal(routingTarget('/api/v1/public/x/../me?limit=1&a=../b'), '/api/v1/public/me?limit=1&a=../b', 'the query is not a path')
  t.equal(routingTarget('/api/v1/public/x/%2E%2e/me'), '/api/v1/public/me', 'percent-encoded dots are dots')
  t.equal(routingTarget('/agents/%2e'), '/agents/')
  t.equal(routingTarget('http://127.0.0.1:8080/api/v1/public/me?x=1'), '/api/v1/public/me?x=1', 'absolute form: path and query')
  t.equal(routingTarget('HTTPS://Example.test/agents/../api/agents'), '/api/agents')
  t.equal(routingTarget('http://example.test'), '/', 'an empty path is /')
  const untouched = ['/api/v1/%70ublic/me', '/a/.b/c', '/a/..b', '*', '/a%2F..%2Fb', '/a/b?c=/./']
  for (const url of untouched) t.equal(routingTarget(url), url, `${url} untouched`)
})

t.test('decodedPath', async t => {
  t.equal(decodedPath('/api/%61gents?x=%61'), '/api/agents')
  t.equal(decodedPath('/api/%E0%A4%A'), '/api/%E0%A4%A', 'a broken escape: the raw path')
})
