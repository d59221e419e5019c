/**
 * Create Call Batch: the documented request body (for the OpenAPI document; the body itself is
 * checked by ../create-body.ts so that every problem, cross-field rules included, is reported in
 * one 400) and the responses.
 */
import { Type, type Static } from 'typebox'
import { BatchDetailSchema } from './batch.js'
import { ErrorEnvelopeSchema, PublicErrorResponses, SuccessEnvelope } from '../envelope.js'

export const ContactSchema = Type.Object({
  contact_id: Type.Optional(Type.String({ description: 'Your own unique ID for the contact; returned as external_id. Required unless external_id is given' })),
  external_id: Type.Optional(Type.String({ description: 'Accepted in place of contact_id, as the live API does (contact_id wins when both are given)' })),
  name: Type.Optional(Type.String({ description: 'Display name' })),
  phone_number: Type.String({ description: 'Digits with the country code and no "+", at least 10 (e.g. 919876543210)' }),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
    description: 'Custom key-value data for the agent. Keys are normalized to Title Case (company_name -> Company Name)'
  })),
  status: Type.Optional(Type.Literal('pending', { description: 'Initial status: pending (the only accepted value)' }))
})

/**
 * The OpenAPI example of Create Call Batch: the body of docs/lifecycle.md's example (the TechLadder
 * docs keep none) without its callback_url, so "Try it out" on /docs creates a batch (201) with the
 * seeded agent and version and sends no webhooks anywhere.
 */
export const CREATE_BATCH_EXAMPLE = {
  agent_name: 'agt-57949b14',
  version_name: 'pmt-667ddf271b',
  start_mode: 'immediate',
  concurrency: 5,
  contacts: [
    { contact_id: '101', name: 'Asha Rao', phone_number: '919876543210', metadata: { company_name: 'Acme' } },
    { contact_id: '102', phone_number: '919876543211' }
  ]
}

export const CreateBatchBodySchema = Type.Object({
  agent_name: Type.String({ description: 'The agent ID (e.g. agt-57949b14), despite the field name' }),
  version_name: Type.String({ description: 'The prompt version ID (e.g. pmt-667ddf271b)' }),
  voice: Type.Optional(Type.String({ description: 'Voice name (e.g. Tara, Raj). Default: the agent\'s voice' })),
  did_number: Type.Optional(Type.String({ description: 'Outbound DID / caller ID (e.g. 08037236753)' })),
  did_number_id: Type.Optional(Type.String({ description: 'Accepted in place of did_number, as the live API does (did_number wins when both are given)' })),
  timezone: Type.Optional(Type.String({ description: 'Accepted as the live API does; kept, not used (a scheduled batch still needs schedule_timezone)' })),
  interruption: Type.Optional(Type.Boolean({ default: false })),
  use_alternate_number: Type.Optional(Type.Boolean({ default: false })),
  start_mode: Type.Optional(Type.Enum(['manual', 'immediate', 'scheduled'], { default: 'manual', description: 'manual (default: pending until started), immediate or scheduled' })),
  schedule_date: Type.Optional(Type.String({ description: 'YYYY-MM-DD; required when start_mode is scheduled, ignored otherwise' })),
  schedule_time: Type.Optional(Type.String({ description: 'HH:MM (24h); required when start_mode is scheduled, ignored otherwise' })),
  schedule_timezone: Type.Optional(Type.String({ description: 'IANA time zone (e.g. Asia/Kolkata); required when start_mode is scheduled, ignored otherwise' })),
  concurrency: Type.Optional(Type.Integer({ minimum: 1, description: 'Maximum concurrent calls, 1..the account limit. Default: the account limit' })),
  callback_url: Type.Optional(Type.String({ description: 'http(s) URL that receives this batch\'s webhook events (see docs/webhooks.md)' })),
  deduplicate_by_phone: Type.Optional(Type.Boolean({ default: true, description: 'Drop contacts whose phone number repeats (the first is kept)' })),
  recording_enabled: Type.Optional(Type.Boolean({ default: true })),
  max_duration_seconds_per_call: Type.Optional(Type.Integer({ minimum: 1, maximum: 900, description: '1..900 (the account limit)' })),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Custom key-value metadata for the batch' })),
  contacts: Type.Array(ContactSchema, { minItems: 1, maxItems: 10000, description: 'At most 10,000 contacts (the account\'s max_batch_size)' })
}, { examples: [CREATE_BATCH_EXAMPLE] })
export type CreateBatchBody = Static<typeof CreateBatchBodySchema>

/** The 201 data: the Get Batch detail, with `batch_id` (= schedule_id) first, as the live API returns. */
export const CreatedBatchSchema = Type.Object({
  batch_id: Type.String({ description: 'The new batch ID (the same value as schedule_id)' }),
  ...BatchDetailSchema.properties,
  duplicates_removed: Type.Integer({ minimum: 0, description: 'This mock: contacts dropped because their phone number repeated (deduplicate_by_phone)' })
}, { additionalProperties: false })

export const CreateBatchResponses = {
  201: SuccessEnvelope(CreatedBatchSchema, 'The batch was created'),
  400: { ...ErrorEnvelopeSchema, description: 'Invalid request body (VALIDATION_ERROR, every problem listed), malformed JSON, or more contacts than the account allows (BATCH_SIZE_EXCEEDED)' },
  404: { ...ErrorEnvelopeSchema, description: 'The agent or prompt version does not exist in your account' },
  413: { ...ErrorEnvelopeSchema, description: 'Request body too large' },
  415: { ...ErrorEnvelopeSchema, description: 'Content type is not application/json' },
  ...PublicErrorResponses
}
