import { Type, type TSchema } from 'typebox'

/** `{status_code, message, error: null, data}`: the documented success envelope. */
export function SuccessEnvelope<T extends TSchema> (data: T, description: string) {
  return Type.Object({
    status_code: Type.Integer(),
    message: Type.String(),
    error: Type.Null(),
    data
  }, { description })
}

/** `{items, total, page, limit, has_more}`: the documented page inside `data`. */
export function PageOf<T extends TSchema> (item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    limit: Type.Integer({ minimum: 1 }),
    has_more: Type.Boolean()
  })
}

/** The documented error envelope: `error.code`, `error.details[]`, `data: null`. */
export const ErrorEnvelopeSchema = Type.Object({
  status_code: Type.Integer(),
  message: Type.String(),
  error: Type.Object({
    code: Type.String(),
    details: Type.Array(Type.String())
  }),
  data: Type.Null()
}, { description: 'Error envelope' })

/** Error responses every public route can give, keyed by status code. */
export const PublicErrorResponses = {
  401: { ...ErrorEnvelopeSchema, description: 'Missing or invalid API key' },
  403: { ...ErrorEnvelopeSchema, description: 'API access not enabled for your account' },
  429: { ...ErrorEnvelopeSchema, description: 'Rate limit exceeded' },
  500: { ...ErrorEnvelopeSchema, description: 'Internal server error' }
}

export { Nullable } from '../../core/model/records.js'
