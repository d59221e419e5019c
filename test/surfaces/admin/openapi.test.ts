// The control API is described in the served OpenAPI document, under its own tag, never under the public prefix.
import t from 'tap'
import { build, json } from '../../helper.js'

t.test('every /__admin route is in the OpenAPI document, tagged Admin', async (t) => {
  const app = await build(t)
  const doc = json(await app.inject({ url: '/openapi.json' }))
  t.ok(doc.tags.some((tag: any) => tag.name === 'Admin'), 'the Admin tag is described')
  const expected = [
    'post /__admin/reset', 'post /__admin/reseed', 'get /__admin/state', 'put /__admin/state',
    'get /__admin/accounts', 'post /__admin/accounts', 'get /__admin/accounts/{account_id}',
    'post /__admin/accounts/{account_id}/disable', 'post /__admin/accounts/{account_id}/enable',
    'post /__admin/accounts/{account_id}/keys', 'post /__admin/accounts/{account_id}/keys/rotate', 'post /__admin/accounts/{account_id}/keys/revoke',
    'get /__admin/scenarios', 'post /__admin/scenarios', 'delete /__admin/scenarios', 'get /__admin/scenarios/{id}', 'delete /__admin/scenarios/{id}',
    'get /__admin/journal', 'delete /__admin/journal'
  ]
  for (const op of expected) {
    const [method, path] = op.split(' ')
    t.same(doc.paths[path]?.[method]?.tags, ['Admin'], op)
  }
  for (const path of Object.keys(doc.paths)) {
    if (path.startsWith('/api/v1/public')) {
      for (const op of Object.values(doc.paths[path]) as any[]) t.notOk(op.tags?.includes('Admin'), `${path} is not an admin route`)
    }
  }
})

t.test('the exported fixture matches its documented schema (the stream skips the per-response check)', async (t) => {
  const { Ajv } = await import('ajv')
  const addFormats = (await import('ajv-formats')).default as unknown as (a: InstanceType<typeof Ajv>) => void
  const app = await build(t, { clock: 'manual' })
  await app.inject({ method: 'POST', url: '/api/v1/public/call-batches', headers: { authorization: 'Bearer sk_your_api_key' }, payload: { agent_name: 'agt-57949b14', version_name: 'pmt-667ddf271b', start_mode: 'immediate', contacts: [{ contact_id: 'c-1', phone_number: '919800000001' }] } })
  const doc = json(await app.inject({ url: '/openapi.json' }))
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  const validate = ajv.compile(doc.paths['/__admin/state'].get.responses['200'].content['application/json'].schema)
  const fixture = json(await app.inject({ url: '/__admin/state' }))
  t.ok(validate(fixture), JSON.stringify(validate.errors?.slice(0, 3)))
})
