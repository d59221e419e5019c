/**
 * The request journal (see src/harness/journal.ts): read it newest first with filters, or clear it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMIN_TAG, AdminErrors, JournalPageSchema, JournalQuerySchema, OkEnvelope } from '../schemas/admin.js'
import { ErrorEnvelopeSchema } from '../../techladder/envelope.js'
import { success } from '../../techladder/page-body.js'

const journalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const journal = app.journal

  app.get('/journal', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Recent requests to the API, newest first',
      description: 'The last --journal-size requests (control-plane and health requests are not journaled). Filters: method, path (exact, or a prefix ending in *), status, account_id, valid; limit caps the items.',
      querystring: JournalQuerySchema,
      response: { 200: OkEnvelope(JournalPageSchema, 'Journal entries'), 422: { ...ErrorEnvelopeSchema, description: 'Query parameters failed validation' }, ...AdminErrors }
    }
  }, async (request) => {
    return success('Journal fetched', {
      items: journal.list(request.query),
      total: journal.size,
      capacity: journal.capacity,
      recorded: journal.recorded
    })
  })

  app.delete('/journal', {
    schema: {
      tags: [ADMIN_TAG],
      summary: 'Clear the journal',
      response: { 200: OkEnvelope(Type.Object({ removed: Type.Integer() }), 'Cleared'), ...AdminErrors }
    }
  }, async () => {
    const removed = journal.size
    journal.clear()
    return success('Journal cleared', { removed })
  })
}

export default journalRoutes
