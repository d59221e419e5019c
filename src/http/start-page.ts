/**
 * `GET /`: a small start page with the facts of the start-up banner (API, docs, admin API, seeded
 * keys, clock, database) and links. JSON (the usual envelope) when the Accept header prefers it;
 * HTML otherwise, `*\/*` included, since a person opening the root in a browser is the common case.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { describeClock, describeDatabase, startupFacts, type StartupFacts } from './banner.js'
import { RootResponses } from './start-page-schema.js'
import { success } from '../surfaces/techladder/page-body.js'

/** The q-value the Accept header gives `type`, from its most specific matching range (RFC 9110 §12.5.1). */
function quality (accept: string, type: string): { q: number, specific: boolean } {
  const [major] = type.split('/')
  let best = { q: 0, rank: -1 }
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';').map(s => s.trim())
    const rank = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1
    if (rank < best.rank || rank === -1) continue
    const qParam = params.find(p => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    best = { q: Number.isFinite(q) ? q : 0, rank }
  }
  return { q: best.q, specific: best.rank === 2 }
}

/** JSON only when asked for more than HTML: a higher q, or named outright while HTML is only a wildcard. */
export function prefersJson (accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false
  const json = quality(accept, 'application/json')
  const html = quality(accept, 'text/html')
  if (json.q === 0) return false
  return json.q > html.q || (json.q === html.q && json.specific && !html.specific)
}

const esc = (s: string) => s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
const link = (href: string) => `<a href="${esc(href)}">${esc(href)}</a>`

export function startPage (f: StartupFacts): string {
  const keys = f.providers.flatMap(p => p.keys.map(k =>
    `<tr><td><code>${esc(k.key)}</code></td><td>${esc(p.name)}</td><td><code>${esc(k.account_id)}</code></td><td>${esc(k.note)}</td></tr>`))
  const apis = f.providers.map(p => `<tr><th>API (${esc(p.name)})</th><td>${link(p.api)}</td></tr>`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>techladder-mock ${esc(f.version)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222 }
table { border-collapse: collapse; margin: .5rem 0 1.5rem } th, td { text-align: left; padding: .2rem .8rem .2rem 0; vertical-align: top }
code, pre { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: .1rem .3rem } pre { padding: .6rem; overflow-x: auto }
</style>
</head>
<body>
<h1>techladder-mock ${esc(f.version)}</h1>
<p>A local, stateful mock of the TechLadder public call-batch API.</p>
<table>
${apis.join('\n')}
<tr><th>Docs</th><td>${link(f.docs)} (try the API in the browser; OpenAPI document: ${link(f.openapi)})</td></tr>
<tr><th>Admin API</th><td><code>${esc(f.admin)}</code> ${f.admin_token_required ? '(admin token required: <code>Authorization: Bearer &lt;token&gt;</code> or <code>X-Admin-Token</code>)' : '(open: no admin token set)'}</td></tr>
<tr><th>Dashboard</th><td>${link(f.dashboard)} (batches of every provider, the clock, the request journal and webhook deliveries, live${f.admin_token_required ? '; it asks for the admin token' : ''})</td></tr>
<tr><th>Clock</th><td>${esc(describeClock(f.clock))}</td></tr>
<tr><th>Database</th><td>${esc(describeDatabase(f.database))}</td></tr>
</table>
<h2>Seeded API keys</h2>
<table>
<tr><th>Key</th><th>API</th><th>Account</th><th></th></tr>
${keys.join('\n')}
</table>
<h2>First request</h2>
<pre>${esc(f.example)}</pre>
</body>
</html>
`
}

const startPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['Mock'], summary: 'Start page: where the API, docs and admin API are, the seeded keys, the clock and the database', response: RootResponses }
  }, async (request, reply) => {
    const url = `${request.protocol}://${request.host}`
    const port = Number(new URL(url).port)
    const facts = startupFacts(app, url, Number.isInteger(port) && port > 0 ? port : null)
    void reply.header('vary', 'Accept')
    if (prefersJson(request.headers.accept)) {
      return reply.type('application/json; charset=utf-8').send(success('techladder-mock is running', facts))
    }
    return reply.type('text/html; charset=utf-8').send(startPage(facts))
  })
}

export default startPageRoutes
