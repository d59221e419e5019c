/** `GET /`: the facts a first visit needs, as the JSON alternative of the start page. */
import { Type } from 'typebox'
import { Nullable, SuccessEnvelope } from '../surfaces/techladder/envelope.js'

const SeededKeySchema = Type.Object({
  key: Type.String(),
  account_id: Type.String(),
  note: Type.String()
})

export const StartupFactsSchema = Type.Object({
  name: Type.Literal('techladder-mock'),
  version: Type.String(),
  url: Type.String({ description: 'Base URL, as this request reached the server' }),
  port: Nullable(Type.Integer()),
  docs: Type.String(),
  openapi: Type.String(),
  admin: Type.String(),
  dashboard: Type.String({ description: 'The dashboard in a browser (/__admin/ui)' }),
  admin_token_required: Type.Boolean(),
  providers: Type.Array(Type.Object({
    name: Type.String({ description: 'The mocked API (TechLadder)' }),
    api: Type.String({ description: 'Its base URL on this server' }),
    keys: Type.Array(SeededKeySchema, { description: 'Seeded API keys that are active now' })
  })),
  clock: Type.Object({
    mode: Type.Enum(['realtime', 'manual']),
    speed: Type.Number(),
    time: Type.String({ format: 'date-time' })
  }),
  database: Type.Object({
    in_memory: Type.Boolean(),
    path: Nullable(Type.String({ description: 'The SQLite file (null: in memory)' }))
  }),
  example: Type.String({ description: 'A first request to try' })
})

export const RootResponses = {
  200: {
    description: 'The start page: HTML for a browser, the same facts as JSON when Accept prefers application/json',
    content: {
      'text/html': { schema: Type.String() },
      'application/json': { schema: SuccessEnvelope(StartupFactsSchema, 'Where things are') }
    }
  }
}
