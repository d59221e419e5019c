// The control API is described in the served OpenAPI document, under its own tag, never under the public prefix.
import t from 'tap'
import { build, json } from '../helper.js'

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
