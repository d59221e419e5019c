// GET /: the start page a first visit lands on. HTML for a browser (and for */*), the same facts as
// the JSON envelope when Accept prefers JSON; the facts are the start-up banner's.
import t from 'tap'
import { build, json } from '../helper.js'
import { prefersJson } from '../../src/http/start-page.js'

t.test('GET / in a browser: an HTML page with the links, keys, clock and database', async (t) => {
  const app = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z' })
  const res = await app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(res.headers.vary, /Accept/)
  for (const text of [
    '<a href="http://localhost:80/docs">', '<a href="http://localhost:80/api/v1/public">', 'http://localhost:80/__admin',
    '<a href="http://localhost:80/__admin/ui">',
    'sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key', 'manual, at 2026-06-01T09:00:00Z', 'in memory'
  ]) t.ok(res.body.includes(text), text)
  t.same((await app.inject({ url: '/' })).headers['content-type'], 'text/html; charset=utf-8', 'no Accept: HTML')
  t.same((await app.inject({ url: '/', headers: { accept: '*/*' } })).headers['content-type'], 'text/html; charset=utf-8', '*/* (curl): HTML')
})

t.test('GET / asking for JSON: the envelope with the same facts', async (t) => {
  const app = await build(t, { clock: 'manual', clockStart: '2026-06-01T09:00:00Z', adminToken: 'tok' })
  const res = await app.inject({ url: '/', headers: { accept: 'application/json', host: '127.0.0.1:8080' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const body = json(res)
  t.match(body, { status_code: 200, error: null })
  t.match(body.data, {
    name: 'techladder-mock',
    url: 'http://127.0.0.1:8080',
    port: 8080,
    docs: 'http://127.0.0.1:8080/docs',
    openapi: 'http://127.0.0.1:8080/openapi.json',
    admin: 'http://127.0.0.1:8080/__admin',
    dashboard: 'http://127.0.0.1:8080/__admin/ui',
    admin_token_required: true,
    clock: { mode: 'manual', speed: 1, time: '2026-06-01T09:00:00Z' },
    database: { in_memory: true, path: null }
  })
  t.same(body.data.providers.map((p: any) => [p.name, p.api, p.keys.map((k: any) => k.key)]),
    [['TechLadder', 'http://127.0.0.1:8080/api/v1/public', ['sk_your_api_key', 'sk_other_account_key', 'sk_disabled_account_key']],
      ['Cartesia', 'http://127.0.0.1:8080/agents', ['sk_car_test_key', 'sk_car_other_key']],
      ['Ultravox', 'http://127.0.0.1:8080/api', ['uv_test_key', 'uv_other_key']]])
  t.notOk(res.body.includes('tok"'), 'the admin token itself is never shown')
})

t.test('GET / lists only the seeded keys that still work', async (t) => {
  const app = await build(t)
  const rotate = await app.inject({ method: 'POST', url: '/__admin/accounts/acc_def456/keys/rotate', payload: {} })
  t.equal(rotate.statusCode, 200)
  const body = json(await app.inject({ url: '/', headers: { accept: 'application/json' } }))
  t.same(body.data.providers[0].keys.map((k: any) => k.key), ['sk_your_api_key', 'sk_disabled_account_key'])
})

t.test('Accept negotiation', async (t) => {
  const cases: Array<[string | undefined, boolean]> = [
    [undefined, false], ['', false], ['*/*', false], ['text/html', false], ['application/json', true],
    ['application/json, text/plain, */*', true], ['text/html, application/json', false],
    ['text/html;q=0.5, application/json', true], ['application/json;q=0, */*', false], ['application/*', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false]
  ]
  for (const [accept, json] of cases) t.equal(prefersJson(accept), json, String(accept))
})
