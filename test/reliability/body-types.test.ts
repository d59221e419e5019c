/**
 * A JSON body value of the wrong type is refused, never coerced: for every documented request body
 * that the schema validates, each field gets null, a boolean, a string and a number, and a value its
 * schema does not allow must be a 400 naming that field. (Coercion inside unions used to turn
 * `{"rate_limit_per_minute": null}` into 0, blocking the account, and `{"seed": true}` into 1.)
 * The same on every public surface (the table in support.ts): each field of each JSON body of its
 * POST/PATCH/PUT routes, nested ones included, in an otherwise valid body, gets null, booleans, a
 * string and numbers; a value the field's declared schema does not allow is a 4xx in that surface's
 * own body (checked by support.ts), never a 2xx that coerced it, never a 5xx.
 * Then the meaning of null where the docs give one.
 */
import t from 'tap'
import { checkedApp, fill, routesOf, surfaceRoutes, SURFACES, writeBody } from './support.js'
import { json } from '../helper.js'

const { app, send } = await checkedApp(t, { clock: 'manual' })
const doc = app.swagger() as any

/** JSON types a schema allows (type, type arrays, unions, enums, const). */
function allowed (schema: any): Set<string> {
  const out = new Set<string>()
  if (schema === undefined || schema === null) return out
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const ty of allowed(branch)) out.add(ty)
  const types = Array.isArray(schema.type) ? schema.type : schema.type !== undefined ? [schema.type] : []
  for (const ty of types) out.add(ty === 'integer' ? 'number' : ty)
  for (const v of [...(schema.enum ?? []), ...(schema.const !== undefined ? [schema.const] : [])]) out.add(v === null ? 'null' : typeof v)
  if (schema.not !== undefined && Object.keys(schema.not).length === 0) out.clear()
  return out
}
const typeOf = (v: unknown) => v === null ? 'null' : typeof v
const ODD_VALUES: unknown[] = [null, true, false, 'text', '12', 12, 0]
/**
 * Operations whose body is checked by hand rather than by its schema (their own rules, tested apart;
 * POST /calls/test also answers in the observed profile only: test/surfaces/techladder/observed-endpoints.test.ts).
 */
const HAND_CHECKED = new Set(['POST /api/v1/public/call-batches', 'POST /api/v1/public/calls/test', 'PUT /__admin/state'])
const PARAMS = { account_id: 'acc_abc123', batch_id: 'sched_7bac6f2a', id: 'scn_1', delivery_id: 'evt_0' }

t.test('every schema-checked body field refuses a value of a type it does not allow', async t => {
  let cases = 0
  let operations = 0
  for (const prefix of ['/api/v1/public', '/__admin']) {
    for (const route of routesOf(doc, prefix).filter(r => r.hasBody && !HAND_CHECKED.has(`${r.method} ${r.path}`))) {
      const op = doc.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')][route.method.toLowerCase()]
      const schema = op.requestBody?.content?.['application/json']?.schema
      if (schema?.properties === undefined) continue
      operations++
      for (const [field, prop] of Object.entries<any>(schema.properties)) {
        const ok = allowed(prop)
        if (ok.size === 0) continue
        for (const v of ODD_VALUES) {
          if (ok.has(typeOf(v))) continue
          cases++
          const res = await send({ method: route.method, url: fill(route.path, PARAMS), headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ [field]: v }) })
          t.equal(res.statusCode, 400, `${route.method} ${route.path} {${field}: ${JSON.stringify(v)}}: 400`)
          t.ok((json(res).error?.details as string[] ?? []).some(d => d.startsWith(`${field}: `)), `${route.method} ${route.path}: a detail names ${field}`)
        }
      }
    }
  }
  t.ok(operations >= 8, `${operations} operations with a schema-checked body`)
  t.comment(`body type cases: ${cases}`)
})

t.test('null where it means "the server\'s value": an account\'s rate limit, reseed options', async t => {
  const made = await send({ method: 'POST', url: '/__admin/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ account_id: 'acc_nullrate', api_key: 'sk_null_rate_key', rate_limit_per_minute: null }) })
  t.equal(made.statusCode, 201)
  t.equal(json(made).data.rate_limit_per_minute, null, 'stored as null, not 0')
  const me = await send({ url: '/api/v1/public/me', headers: { authorization: 'Bearer sk_null_rate_key' } })
  t.equal(me.statusCode, 200, 'the account is not blocked')
  const reseeded = await send({ method: 'POST', url: '/__admin/reseed', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ seed: null, batches_per_account: null, calls_per_batch: null }) })
  t.equal(reseeded.statusCode, 200)
  t.same(json(reseeded).data.seed, { seed: app.config.seed, batches_per_account: app.config.batchesPerAccount, calls_per_batch: app.config.callsPerBatch }, 'null: the start-up values')
  for (const seed of [true, '7']) {
    const bad = await send({ method: 'POST', url: '/__admin/reseed', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ seed }) })
    t.equal(bad.statusCode, 400, `seed ${JSON.stringify(seed)} is refused`)
  }
})

const START = '2026-06-01T09:00:00Z'

/**
 * Values a surface accepts in a type its schema does not declare, on purpose (each decided and tested
 * in the surface's own tests), or null. Null on an optional field is not here: see `absentWhenNull`.
 */
function lenient (surface: string, route: string, field: string, value: unknown, prop: any): string | null {
  const t = typeOf(value)
  // TechLadder's live API takes numbers as contact ids and external ids (test/surfaces/techladder/lenient-create.test.ts).
  if (surface === 'techladder' && t === 'number' && /(^|\.)(contact_id|external_id)$/.test(field)) return 'a number as an id'
  // A contact's external_id is read only in place of contact_id, which the base body gives.
  if (surface === 'techladder' && route === 'POST /api/v1/public/call-batches' && field === 'contacts[0].external_id') return 'ignored beside contact_id'
  // DRF's CharField takes numbers (as their text) and its BooleanField 0 and 1 (src/surfaces/ultravox/batch-body.ts).
  if (surface === 'ultravox' && t === 'number' && allowed(prop).has('string')) return 'DRF CharField'
  if (surface === 'ultravox' && (value === 0 || value === 1) && allowed(prop).has('boolean')) return 'DRF BooleanField'
  return null
}

/**
 * Where null reads as "not given", as decided: TechLadder's and Cartesia's create bodies (their
 * create-body.ts), and an Ultravox call's medium, which is read as protobuf JSON reads a message
 * (src/surfaces/ultravox/medium.ts). There null must answer exactly as the field's absence does.
 */
const absentWhenNull = (surface: string, field: string) => surface === 'techladder' || surface === 'cartesia' || (surface === 'ultravox' && field.includes('.medium.'))

interface Case { at: string[], value: unknown, allowed: boolean, prop: any, required: boolean }
/** Every field of `schema` (nested objects and the first item of arrays, to depth 4) with every odd value. */
function cases (schema: any, base: unknown, at: string[] = []): Case[] {
  if (at.length > 4) return []
  const props = { ...(schema?.properties ?? {}) } as Record<string, any>
  for (const branch of [...(schema?.anyOf ?? []), ...(schema?.oneOf ?? [])]) Object.assign(props, branch.properties ?? {})
  const out: Case[] = []
  for (const [field, prop] of Object.entries(props)) {
    const ok = allowed(prop)
    const required = (schema?.required ?? []).includes(field)
    if (ok.size > 0) for (const value of ODD_VALUES) out.push({ at: [...at, field], value, allowed: ok.has(typeOf(value)), prop, required })
    const inner = (base as Record<string, unknown> | undefined)?.[field]
    if (Array.isArray(inner) && inner.length > 0) {
      const items = prop.items ?? (prop.anyOf ?? []).find((b: any) => b.items !== undefined)?.items
      if (items !== undefined) out.push(...cases(items, inner[0], [...at, field, '0']))
    } else if (typeof inner === 'object' && inner !== null) {
      out.push(...cases(prop, inner, [...at, field]))
    }
  }
  return out
}
const label = (at: string[]) => at.map((p, i) => /^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`).join('')
function withValue (base: Record<string, unknown>, at: string[], value: unknown): string {
  const copy = JSON.parse(JSON.stringify(base))
  let node = copy
  for (const p of at.slice(0, -1)) node = node[p]
  if (value === undefined) delete node[at[at.length - 1]]
  else node[at[at.length - 1]] = value
  return JSON.stringify(copy)
}

t.test('every field of every JSON body of every surface: a type its schema does not allow is a 4xx in the surface\'s body', async t => {
  const apps = { documented: await checkedApp(t, { clock: 'manual', clockStart: START }), observed: await checkedApp(t, { clock: 'manual', clockStart: START, profile: 'observed' }) }
  for (const surface of SURFACES) {
    let total = 0
    let refused = 0
    let serverErrors = 0
    let lenientCases = 0
    let nullAsAbsent = 0
    const exercised = new Set<string>()
    const routes = surfaceRoutes(apps.documented.app.swagger(), surface).filter(r => r.hasBody && ['POST', 'PATCH', 'PUT'].includes(r.method))
    t.ok(routes.length > 0, `${surface.name}: ${routes.map(r => `${r.method} ${r.path}`).join(', ')}`)
    for (const [profile, { app, send }] of Object.entries(apps)) {
      const doc = app.swagger() as any
      for (const route of routes) {
        const base = writeBody(surface, route.method, route.path)
        if (base === null) { t.fail(`${surface.name} ${route.method} ${route.path}: no base body in body-types.test.ts`); continue }
        const params = surface.name === 'ultravox' && route.method === 'PATCH'
          ? app.db.prepare("SELECT agent_id, schedule_id AS batch_id FROM batches WHERE account_id = 'acc_uv_main' AND frozen = 0 AND deleted_at IS NULL LIMIT 1").get() as Record<string, string>
          : surface.params(app)
        const url = fill(route.path, params)
        const headers = { ...surface.headers(surface.keys.main), 'content-type': 'application/json' }
        const ok = await send({ method: route.method, url, headers, payload: JSON.stringify(base) })
        // A route only the observed profile answers is exercised there.
        if (ok.statusCode === 404) continue
        if (ok.statusCode >= 300) { t.fail(`${surface.name} ${route.method} ${route.path} (${profile}): the base body is refused: ${ok.body.slice(0, 300)}`); continue }
        exercised.add(`${route.method} ${route.path}`)
        const schema = doc.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')][route.method.toLowerCase()].requestBody.content['application/json'].schema
        for (const c of cases(schema, base)) {
          total++
          const what = `${surface.name} ${route.method} ${route.path} (${profile}) ${label(c.at)}=${JSON.stringify(c.value)}`
          let res
          try {
            res = await send({ method: route.method, url, headers, payload: withValue(base, c.at, c.value) })
          } catch (err) {
            serverErrors += /answered 5\d\d/.test(String(err)) ? 1 : 0
            t.fail(`${what}: ${String(err).slice(0, 300)}`)
            continue
          }
          if (res.statusCode >= 400 && res.statusCode < 500) refused++
          if (c.allowed || res.statusCode >= 400) continue
          if (lenient(surface.name, `${route.method} ${route.path}`, label(c.at), c.value, c.prop) !== null) { lenientCases++; continue }
          if (c.value === null && !c.required && absentWhenNull(surface.name, label(c.at))) {
            // Null is "not given": the answer of the body without the field, never a value made from null.
            const absent = await send({ method: route.method, url, headers, payload: withValue(base, c.at, undefined) })
            if (absent.statusCode !== res.statusCode) t.fail(`${what}: ${res.statusCode}, but ${absent.statusCode} without the field`)
            nullAsAbsent++
            continue
          }
          t.fail(`${what}: a value of a type the schema does not allow answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
        }
      }
    }
    t.same(routes.map(r => `${r.method} ${r.path}`).filter(r => !exercised.has(r)), [], `${surface.name}: every body route exercised in some profile`)
    t.comment(`${surface.name}: ${total} body-type cases, ${refused} refused with a 4xx, ${nullAsAbsent} nulls read as absent, ${lenientCases} lenient by decision, ${serverErrors} 5xx`)
    t.equal(serverErrors, 0, `${surface.name}: no 5xx`)
  }
})
