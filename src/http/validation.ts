/**
 * Schema validation for every route: two Ajv instances with the same options but one. Query
 * strings, path parameters and headers arrive as text, so their validator coerces ("50" is 50).
 * JSON bodies have real types, so theirs does not: coercion would turn `null` into 0 and `true`
 * into 1 (a rate limit of null meant "the server's" and became 0; a seed of true became 1), inside
 * unions too. A body value of the wrong type is a 400.
 */
import { Ajv, type Options } from 'ajv'
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

export function validatorCompiler (): FastifySchemaCompiler<unknown> {
  const text = createAjv('array')
  const json = createAjv(false)
  return ({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema as object) as never
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
