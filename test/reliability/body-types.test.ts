/**
 * A JSON body value of the wrong type is refused, never coerced: for every documented request body
 * that the schema validates, each field gets null, a boolean, a string and a number, and a value its
 * schema does not allow must be a 400 naming that field. (Coercion inside unions used to turn
 * `{"rate_limit_per_minute": null}` into 0, blocking the account, and `{"seed": true}` into 1.)
 * Then the meaning of null where the docs give one.
 */
import t from 'tap'
import { checkedApp, fill, routesOf } from './support.js'
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
