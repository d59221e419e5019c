/**
 * Test helpers: build(t) gives an app on a fresh in-memory database with the default seed, closed
 * when the test ends. Every response the app sends during the test is checked against the served
 * OpenAPI document (path, method and status must be declared; the body must match its schema).
 */
import type { Test } from 'tap'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { buildApp, type App } from '../src/http/app.js'
import { rootErrors } from '../src/http/socket-errors.js'
import { errorSchemas } from '../src/http/surface.js'
import { ALL_SURFACES } from '../src/http/surfaces.js'
import type { Config } from '../src/http/config.js'
import { userTables } from '../src/core/control/state-swap.js'
import type { Db } from '../src/core/store/database.js'

export { SEEDED_KEYS } from '../src/surfaces/techladder/documented.js'

export const KEY = 'sk_your_api_key'
export const OTHER_KEY = 'sk_other_account_key'
export const DISABLED_KEY = 'sk_disabled_account_key'
export const auth = (key: string = KEY) => ({ authorization: `Bearer ${key}` })

export const TEST_CONFIG: Partial<Config> = { batchesPerAccount: 12, callsPerBatch: 40, logLevel: 'silent' }

type Validator = (body: unknown) => boolean
interface Contract {
  check: (method: string, routeUrl: string | undefined, status: number, contentType: string, payload: string, url?: string) => string | null
}

/** The path of a URL, percent-decoded as the router decodes it (raw when it does not decode). */
function decodedPath (url: string): string {
  const path = url.split('?')[0]
  try { return decodeURIComponent(path) } catch { return path }
}

/**
 * Compiles the served OpenAPI document into response validators. A response no route declares (an
 * unknown path, a wrong method) must be the error body of the surface whose prefix the path has,
 * or this server's own envelope outside every surface.
 */
export function contractFrom (doc: any, errorBodies = errorSchemas(ALL_SURFACES)): Contract {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ;(addFormats as unknown as (a: Ajv) => void)(ajv)
  const cache = new Map<string, Validator>()
  const surfaces = errorBodies.map(e => ({ prefix: e.prefix, validate: ajv.compile(e.schema) }))
  const root = ajv.compile(rootErrors.schema)
  const errorValidatorFor = (url: string) => {
    const path = decodedPath(url)
    return surfaces.find(s => path === s.prefix || path.startsWith(s.prefix + '/'))?.validate ?? root
  }
  return {
    check (method, routeUrl, status, contentType, payload, url = routeUrl ?? '') {
      if (!contentType.startsWith('application/json')) return null
      let body: unknown
      try { body = JSON.parse(payload) } catch { return `${method} ${routeUrl} ${status}: body is not JSON` }
      const path = routeUrl?.replace(/:([A-Za-z_]+)/g, '{$1}')
      // HEAD is answered by the GET route (Fastify's automatic HEAD routes): the GET operation's contract.
      const op = path === undefined ? undefined : doc.paths[path]?.[method === 'HEAD' ? 'get' : method.toLowerCase()]
      if (op === undefined) {
        // Unknown routes and wrong methods: the error body of the surface the path is under.
        if (routeUrl !== undefined && (routeUrl === '/openapi.json' || routeUrl.startsWith('/docs'))) return null
        const validate = errorValidatorFor(url)
        return validate(body) ? null : `${method} ${routeUrl ?? url} ${status}: not this surface's error body: ${JSON.stringify(validate.errors)}`
      }
      const response = op.responses[String(status)]
      if (response === undefined) return `${method} ${path} answered ${status}, which the OpenAPI document does not declare`
      const key = `${method} ${path} ${status}`
      let validate = cache.get(key)
      if (validate === undefined) {
        const schema = response.content?.['application/json']?.schema
        if (schema === undefined) return `${key}: no JSON schema declared`
        const compiled = ajv.compile(schema)
        validate = (b) => compiled(b) as boolean
        ;(validate as any).errors = () => compiled.errors
        cache.set(key, validate)
      }
      return validate(body) ? null : `${key}: body does not match the schema: ${JSON.stringify((validate as any).errors())} body=${payload.slice(0, 300)}`
    }
  }
}

/**
 * Checks every response the app sends against its served OpenAPI document; returns the list the
 * violations are pushed to (the caller decides how to fail on them).
 */
export function watchContract (app: App): string[] {
  const violations: string[] = []
  let contract: Contract | undefined
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    contract ??= contractFrom(app.swagger())
    const problem = contract.check(request.method, request.routeOptions.url, reply.statusCode,
      String(reply.getHeader('content-type') ?? ''), payload.toString(), request.url)
    if (problem !== null) violations.push(problem)
    return payload
  })
  return violations
}

export async function build (t: Test, config: Partial<Config> = {}): Promise<App> {
  const app = await buildApp({ ...TEST_CONFIG, ...config })
  const violations = watchContract(app)
  t.teardown(async () => {
    await app.close()
  })
  // Every inject checks its response against the contract and fails the test on a violation.
  const inject = app.inject.bind(app) as (opts: any) => Promise<any>
  ;(app as any).inject = async (opts: any) => {
    const res = await inject(opts)
    for (const problem of violations.splice(0)) t.fail(problem)
    return res
  }
  return app
}

export function json (res: { body: string }): any {
  return JSON.parse(res.body)
}

/** Every row of every table of `db` (with its rowid where it has one) and sqlite_sequence: two states compare as text. */
export function dumpRows (db: Db): string {
  return [...userTables(db), 'sqlite_sequence'].map(table => {
    let rows: unknown[]
    try {
      rows = db.prepare(`SELECT rowid AS __rowid, * FROM main."${table}" ORDER BY rowid`).all()
    } catch {
      rows = db.prepare(`SELECT * FROM main."${table}" ORDER BY 1, 2`).all()
    }
    return `${table} ${JSON.stringify(rows, (_k, v) => Buffer.isBuffer(v) ? v.toString('base64') : v)}`
  }).join('\n')
}
