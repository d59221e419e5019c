/** The documented response bodies, verbatim from ../shared/seeds and the reference. */
export const UNAUTHORIZED_BODY = {
  status_code: 401,
  message: 'Missing or invalid API key',
  error: { code: 'UNAUTHORIZED', details: ['Provide a valid Bearer token in the Authorization header'] },
  data: null
}

export const GET_BATCH_BODY = {
  status_code: 200,
  message: 'Call batch fetched successfully',
  error: null,
  data: {
    schedule_id: 'sched_7bac6f2a',
    agent_id: 'agt-57949b14',
    agent_name: 'Customer Outreach Agent',
    version_id: 'pmt-667ddf271b',
    status: 'active',
    start_mode: 'scheduled',
    voice: 'Tara',
    did_number: '08037236753',
    total_contacts: 150,
    completed_contacts: 75,
    failed_contacts: 3,
    pending_contacts: 72,
    concurrency: 20,
    recording_enabled: true,
    scheduled_at: '2026-05-15T08:30:00Z',
    started_at: '2026-05-15T08:30:02Z',
    created_at: '2026-05-14T10:00:00Z',
    updated_at: '2026-05-15T09:15:30Z'
  }
}

export const NOT_FOUND_BODY = (id: string) => ({
  status_code: 404,
  message: 'Batch not found',
  error: { code: 'NOT_FOUND', details: [`No batch found with id ${id}`] },
  data: null
})

export const INVALID_STATUS_BODY = {
  status_code: 422,
  message: 'Invalid query parameters',
  error: { code: 'VALIDATION_ERROR', details: ['status: Must be one of pending, active, completed, failed, cancelled'] },
  data: null
}

export const RATE_LIMITED_BODY = {
  status_code: 429,
  message: 'Rate limit exceeded. Please retry after 30 seconds.',
  error: { code: 'RATE_LIMITED', details: ['Maximum 300 requests per minute'] },
  data: null
}

export const LIST_EXAMPLE_ITEM = {
  agent_id: 'agt-57949b14',
  agent_name: 'Customer Outreach Agent',
  version_id: 'pmt-667ddf271b',
  status: 'pending',
  start_mode: 'scheduled',
  total_contacts: 150,
  completed_contacts: 0,
  failed_contacts: 0,
  scheduled_at: '2026-05-15T08:30:00Z',
  created_at: '2026-05-14T10:00:00Z'
}

export const RESULT_EXAMPLE_ITEM = {
  call_id: 'call_a1b2c3d4',
  external_id: '101',
  phone_number: '919876543210',
  name: 'John Doe',
  status: 'completed',
  duration_seconds: 145,
  answer_duration_seconds: 132,
  disconnect_reason: 'agent_hangup',
  transcript_status: 'ready',
  analysis_status: 'ready',
  summary: 'Customer was interested in the product demo. Agreed to a follow-up call next week.',
  outcomes: { Interested: 'Yes', 'Follow Up Required': 'Yes', 'Callback Date': '2026-05-20', 'Product Interest': 'Premium Plan' },
  recording: { available: true, file_key: 'recordings/call_a1b2c3d4.wav' },
  started_at: '2026-05-15T08:30:05Z',
  ended_at: '2026-05-15T08:32:30Z'
}

export const CALLS_EXAMPLE_BODY = {
  status_code: 200,
  message: 'Batch calls fetched successfully',
  error: null,
  data: {
    items: [{
      call_id: 'call_a1b2c3d4',
      external_id: '101',
      phone_number: '919876543210',
      name: 'John Doe',
      status: 'pending',
      duration_seconds: null,
      started_at: null,
      ended_at: null,
      metadata: { Name: 'John Doe', 'Company Name': 'Acme Corporation' }
    }],
    total: 1,
    page: 1,
    limit: 100,
    has_more: false
  }
}
