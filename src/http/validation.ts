/**
 * Schema validation for every route: two Ajv instances with the same options but one. Query
 * strings, path parameters and headers arrive as text, so their validator coerces ("50" is 50).
 * JSON bodies have real types, so theirs does not: coercion would turn `null` into 0 and `true`
 * into 1 (a rate limit of null meant "the server's" and became 0; a seed of true became 1), inside
 * unions too. A body value of the wrong type is a 400.
 */
import { createRequire } from 'node:module'
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify'

/**
 * Ajv keyword carrying the message this mock reports for a bad value (see errors.ts). It also
 * rejects a non-finite number: Ajv's type coercion turns "Infinity" or "1e400" into Infinity and then
 * skips minimum/maximum for it, so `limit=Infinity` would otherwise reach SQLite (a 500).
 */
function addErrorKeyword (ajv: Ajv): void {
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string', errors: false, validate: (_schema: string, data: unknown) => typeof data !== 'number' || Number.isFinite(data) })
}

function createAjv (coerceTypes: Options['coerceTypes']): Ajv {
  // Fastify's defaults (useDefaults, removeAdditional, addUsedSchema), every error reported.
  const ajv = new Ajv({ allErrors: true, verbose: true, coerceTypes, removeAdditional: true, useDefaults: true, addUsedSchema: false })
  ;(addFormats as unknown as (a: Ajv) => void)(ajv)
  addErrorKeyword(ajv)
  return ajv
}

// Compiled once per process and distinct schema, on first use: routes share schemas, every app of a
// process (a test suite builds hundreds) has the same routes, and most routes of a run are never
// called. The two Ajv instances are stateless between calls (no schema is added to them).
const textAjv = createAjv('array')
const jsonAjv = createAjv(false)
const validators = new Map<string, LazyValidator>()

interface LazyValidator {
  (data: unknown, cxt?: unknown): boolean
  errors?: ValidateFunction['errors']
  /** Fastify passes the parent (so a coerced root value is written back) when this is set, as for Ajv's own. */
  schemaEnv: unknown
}

function lazyValidator (ajv: Ajv, schema: object): LazyValidator {
  let compiled: ValidateFunction | undefined
  const validate: LazyValidator = Object.assign((data: unknown, cxt?: unknown): boolean => {
    compiled ??= ajv.compile(schema)
    const ok = compiled(data, cxt as never) as boolean
    validate.errors = compiled.errors
    return ok
  }, { schemaEnv: true })
  return validate
}

export function validatorCompiler (): FastifySchemaCompiler<unknown> {
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? jsonAjv : textAjv
    const key = `${ajv === jsonAjv ? 'json' : 'text'} ${JSON.stringify(schema)}`
    let validate = validators.get(key)
    if (validate === undefined) validators.set(key, validate = lazyValidator(ajv, schema as object))
    return validate as never
  }
}

type Serializer = (data: unknown) => string
type SerializerFactory = (externalSchemas: unknown, serializerOpts: unknown) => (route: { schema: object }) => Serializer

// Fastify's own serializer compiler (fast-json-stringify), the copy Fastify itself loads.
const fastifyRequire = createRequire(import.meta.resolve('fastify'))
const defaultSerializers = (fastifyRequire('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)()
const serializers = new Map<string, Serializer>()

/**
 * Fastify's response serializers, compiled once per process and distinct schema, on first use (the
 * same code Fastify would build per route and app at start-up). A scope with shared schemas
 * (`addSchema`) gets Fastify's own per-app compiler.
 */
export function serializerFactory (): SerializerFactory {
  return (externalSchemas, serializerOpts) => {
    const own = defaultSerializers(externalSchemas, serializerOpts)
    const shared = (externalSchemas === undefined || externalSchemas === null || Object.keys(externalSchemas).length === 0) &&
      (serializerOpts === undefined || serializerOpts === null || Object.keys(serializerOpts).length === 0)
    if (!shared) return own
    return (route) => {
      const key = JSON.stringify(route.schema)
      let serialize = serializers.get(key)
      if (serialize === undefined) {
        let compiled: Serializer | undefined
        serializers.set(key, serialize = (data) => (compiled ??= own(route))(data))
      }
      return serialize
    }
  }
}

/**
 * Route options for a JSON body a surface checks by hand (every problem in one 400, cross-field
 * rules, account limits): Ajv is skipped, and a body that is not `application/json` is refused
 * first with the surface's own 415 error.
 */
export function handCheckedJsonBody (unsupportedMediaType: (contentType: string) => Error): {
  validatorCompiler: () => () => boolean
  preValidation: (request: FastifyRequest) => Promise<void>
} {
  return {
    validatorCompiler: () => () => true,
    preValidation: async (request) => {
      const type = String(request.headers['content-type'] ?? '')
      if (!/^application\/json\s*(;|$)/i.test(type)) throw unsupportedMediaType(type)
    }
  }
}
