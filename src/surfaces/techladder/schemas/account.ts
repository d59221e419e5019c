import { Type, type Static } from 'typebox'
import { PublicErrorResponses, SuccessEnvelope } from '../envelope.js'

export const AccountSchema = Type.Object({
  account_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  limits: Type.Object({
    max_batch_size: Type.Integer(),
    max_concurrent_calls: Type.Integer(),
    max_call_duration_seconds: Type.Integer(),
    rate_limit_per_minute: Type.Integer()
  }, { additionalProperties: false })
}, { additionalProperties: false })
export type AccountView = Static<typeof AccountSchema>

export const MeResponses = {
  200: SuccessEnvelope(AccountSchema, 'Account details and limits'),
  ...PublicErrorResponses
}
