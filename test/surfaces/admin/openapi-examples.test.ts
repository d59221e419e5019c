// The docs page works with its own defaults: every operation of the served OpenAPI document is sent
// the way "Try it out" sends it (path parameters from their examples, the body from its example, the
// seeded key from the bearer scheme's description, the admin token under its scheme) and must
// succeed. An operation that cannot be tried from its examples alone is listed, with the reason.
import t from 'tap'
import { build, json } from '../../helper.js'

/** Operations whose example cannot succeed on its own, and what they answer instead. */
const CANNOT_SUCCEED_FROM_EXAMPLES: Record<string, { status: number, why: string }> = {
  // sched_7bac6f2a is a documented example batch: frozen, every transition is refused.
  'post /__admin/batches/{batch_id}/start': { status: 409, why: 'documented batches are frozen' },
  'post /__admin/batches/{batch_id}/pause': { status: 409, why: 'documented batches are frozen' },
  'post /__admin/batches/{batch_id}/resume': { status: 409, why: 'documented batches are frozen' },
  'post /__admin/batches/{batch_id}/cancel': { status: 409, why: 'documented batches are frozen' },
  'post /__admin/batches/{batch_id}/fail': { status: 409, why: 'documented batches are frozen' },
  // acb_PDWFN995PzAudChwFDqVZ2 is the guide's example batch: frozen too, Cartesia refuses with a 400.
  'post /agents/calls/batches/{batch_id}/cancel': { status: 400, why: 'the guide\'s batch is frozen' },
  'post /agents/calls/batches/{batch_id}/retry': { status: 400, why: 'the guide\'s batch is frozen' },
  // 3c90c3cc-… is the Ultravox docs' example batch: frozen, Ultravox-style 403.
  'patch /api/agents/{agent_id}/scheduled_batches/{batch_id}': { status: 403, why: 'the docs\' batch is frozen' },
  'delete /api/agents/{agent_id}/scheduled_batches/{batch_id}': { status: 403, why: 'the docs\' batch is frozen' },
  // Observed profile only; this server runs the default documented profile (on an observed one they
  // succeed from these same examples: test/surfaces/techladder/profiles.test.ts).
  'get /api/v1/public/agents': { status: 404, why: 'observed profile only' },
  'get /api/v1/public/calls/{call_id}/result': { status: 404, why: 'observed profile only' },
  'post /api/v1/public/calls/test': { status: 404, why: 'observed profile only' }
}
/** Operations without examples to send: their ids exist only after another call. */
const NEED_A_CREATED_RECORD = [
  'get /__admin/scenarios/{id}', 'delete /__admin/scenarios/{id}', 'post /__admin/webhooks/deliveries/{delivery_id}/redeliver',
  'get /__admin/webhooks/deliveries/{delivery_id}', // a delivery exists once a batch with a callback URL has run
  'put /__admin/state', // a whole fixture: export one first (GET /__admin/state)
  'get /agents/calls/{call_id}', 'get /agents/calls/{call_id}/audio', // a call exists once a batch has run
  'get /api/calls/{call_id}', 'get /api/calls/{call_id}/messages', 'get /api/calls/{call_id}/recording'
]

const HIDDEN = ['get /openapi.json']
// Only the documented records are needed (the examples name them): no synthetic batches to seed.
const SMALL = { clock: 'manual' as const, clockStart: '2026-06-01T09:00:00Z', batchesPerAccount: 0, callsPerBatch: 1 }
// A fresh server per operation (about 60 over three surfaces), twice: about 70 s on an idle 2-core
// machine, two to three times that under load.
t.setTimeout(300_000)

function requestFor (path: string, method: string, op: any, doc: any, token: string | null) {
  const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = op.parameters?.find((p: any) => p.in === 'path' && p.name === name)
    if (param?.example === undefined) throw new Error(`no example for path parameter ${name}`)
    return encodeURIComponent(String(param.example))
  })
  const headers: Record<string, string> = {}
  // Header and query parameters with an example are sent with it, as "Try it out" prefills them.
  const query = new URLSearchParams()
  for (const p of op.parameters ?? []) {
    if (p.example === undefined) continue
    if (p.in === 'header') headers[String(p.name).toLowerCase()] = String(p.example)
    if (p.in === 'query') query.set(p.name, String(p.example))
  }
  const schemes = (op.security ?? []).flatMap((s: Record<string, string[]>) => Object.keys(s))
  // A bearer scheme: the key the Authorize dialog tells a person to use.
  const bearer = schemes.find((name: string) => doc.components.securitySchemes[name]?.scheme === 'bearer')
  if (bearer !== undefined) {
    const described = /`(sk_[A-Za-z0-9_]+)`/.exec(doc.components.securitySchemes[bearer].description)?.[1]
    headers.authorization = `Bearer ${String(described)}`
  }
  // A header API-key scheme (the control API's aside): the key its description names, under its header.
  const apiKey = schemes.find((name: string) => name !== 'adminToken' && doc.components.securitySchemes[name]?.type === 'apiKey' && doc.components.securitySchemes[name]?.in === 'header')
  if (bearer === undefined && apiKey !== undefined) {
    const scheme = doc.components.securitySchemes[apiKey]
    const described = /`([A-Za-z0-9_]+_key)`/.exec(scheme.description)?.[1]
    headers[String(scheme.name).toLowerCase()] = String(described)
  }
  if (schemes.includes('adminToken') && token !== null) headers[doc.components.securitySchemes.adminToken.name.toLowerCase()] = token
  const media = op.requestBody?.content?.['application/json']
  let payload: string | undefined
  if (media !== undefined) {
    if (media.example === undefined && op.requestBody.required === true) throw new Error('no body example')
    if (media.example !== undefined) {
      payload = JSON.stringify(media.example)
      headers['content-type'] = 'application/json'
    }
  }
  const search = query.toString()
  return { method: method.toUpperCase(), url: search === '' ? url : `${url}?${search}`, headers, payload }
}

for (const token of [null, 'docs-admin-token']) {
  t.test(`every operation succeeds from its examples${token === null ? '' : ' (with an admin token set)'}`, async (t) => {
    const probe = await build(t, { ...SMALL, adminToken: token })
    const doc = json(await probe.inject({ url: '/openapi.json' }))
    const tried: string[] = []
    for (const [path, item] of Object.entries(doc.paths) as Array<[string, Record<string, any>]>) {
      for (const [method, op] of Object.entries(item)) {
        const key = `${method} ${path}`
        if (NEED_A_CREATED_RECORD.includes(key) || HIDDEN.includes(key)) continue
        // A fresh server each time: one example's effect (a reset, a rotated key) never hides another's.
        const app = await build(t, { ...SMALL, adminToken: token })
        const res = await app.inject(requestFor(path, method, op, doc, token))
        const expected = CANNOT_SUCCEED_FROM_EXAMPLES[key]
        if (expected !== undefined) {
          t.equal(res.statusCode, expected.status, `${key}: ${expected.why}`)
        } else {
          t.ok(res.statusCode >= 200 && res.statusCode < 300, `${key} answers ${res.statusCode} ${res.statusCode >= 300 ? res.body.slice(0, 300) : ''}`)
        }
        tried.push(key)
        await app.close()
      }
    }
    for (const key of [...NEED_A_CREATED_RECORD, ...Object.keys(CANNOT_SUCCEED_FROM_EXAMPLES)]) {
      const [method, path] = key.split(' ')
      t.ok(doc.paths[path]?.[method] !== undefined, `${key} still exists (keep the lists above true)`)
    }
    for (const key of ['post /api/v1/public/call-batches', 'get /api/v1/public/call-batches/{batch_id}', 'post /__admin/clock/advance',
      'post /agents/calls/batches', 'get /agents/calls/batches/{batch_id}', 'get /agents/calls']) {
      t.ok(tried.includes(key), `tried ${key}`)
    }
  })
}

t.test('the docs page: prefilled ids, the Create and advance examples, both security schemes', async (t) => {
  const app = await build(t, SMALL)
  const doc = json(await app.inject({ url: '/openapi.json' }))
  for (const path of ['/api/v1/public/call-batches/{batch_id}', '/api/v1/public/call-batches/{batch_id}/calls', '/api/v1/public/call-batches/{batch_id}/results']) {
    t.equal(doc.paths[path].get.parameters.find((p: any) => p.name === 'batch_id').example, 'sched_7bac6f2a', `${path}: batch_id prefilled`)
  }
  const create = doc.paths['/api/v1/public/call-batches'].post.requestBody.content['application/json'].example
  t.match(create, { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate' })
  t.same(doc.paths['/__admin/clock/advance'].post.requestBody.content['application/json'].example, { seconds: 60 })
  t.match(doc.components.securitySchemes.bearerAuth.description, /sk_your_api_key/)
  t.match(doc.components.securitySchemes.adminToken, { type: 'apiKey', in: 'header', name: 'X-Admin-Token' })
  for (const [path, item] of Object.entries(doc.paths) as Array<[string, Record<string, any>]>) {
    for (const [method, op] of Object.entries(item)) {
      if (path.startsWith('/__admin/ui')) t.same(op.security, [], `${method} ${path}: the dashboard's files open (they hold no data)`)
      else if (path.startsWith('/__admin')) t.same(op.security, [{ adminToken: [] }, {}], `${method} ${path}: admin scheme (optional without a token)`)
      else if (path.startsWith('/api/v1/public')) t.same(op.security, [{ bearerAuth: [] }], `${method} ${path}: bearer scheme`)
      else if (path.startsWith('/api/')) t.same(op.security, [{ ultravoxApiKey: [] }], `${method} ${path}: Ultravox's scheme`)
      else if (path.startsWith('/agents')) t.same(op.security, [{ cartesiaBearer: [] }, { cartesiaApiKey: [] }], `${method} ${path}: Cartesia's schemes`)
      else t.equal(op.security, undefined, `${method} ${path}: open`)
    }
  }
})
