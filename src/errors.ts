/**
 * The one error catalogue. Every error this server sends is built here, so the
 * documented bodies (401, 404, 422, 429) exist exactly once and byte-for-byte.
 * Messages marked "decided" are this mock's choice where the docs give no body.
 */
export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'BATCH_SIZE_EXCEEDED'
  | 'RATE_LIMITED'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT'
  | 'INTERNAL_ERROR'

export class ApiError extends Error {
  readonly statusCode: number
  readonly code: ErrorCode
  readonly details: string[]
  /** Extra response headers this error must carry (e.g. Allow on a 405). */
  readonly headers: Record<string, string>

  constructor (statusCode: number, code: ErrorCode, message: string, details: string[], headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.details = details
    this.headers = headers
  }
}

export interface ErrorEnvelope {
  status_code: number
  message: string
  error: { code: string, details: string[] }
  data: null
}

export function errorEnvelope (err: ApiError): ErrorEnvelope {
  return {
    status_code: err.statusCode,
    message: err.message,
    error: { code: err.code, details: err.details },
    data: null
  }
}

export const BATCH_STATUSES = ['pending', 'active', 'completed', 'failed', 'cancelled'] as const

export const Errors = {
  // Documented (Authentication page and every endpoint page).
  unauthorized: () => new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid API key',
    ['Provide a valid Bearer token in the Authorization header']),
  // Documented code and meaning ("API access not enabled for your account"); the body is decided.
  forbidden: () => new ApiError(403, 'FORBIDDEN', 'API access not enabled for your account',
    ['API access is disabled for this account. Contact info@techladder.ai to enable it']),
  // Documented (Get Batch, List Batch Calls).
  batchNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Batch not found', [`No batch found with id ${id}`]),
  // Documented message and code (List Batches 422).
  invalidQuery: (details: string[]) => new ApiError(422, 'VALIDATION_ERROR', 'Invalid query parameters', details),
  // Documented (Response Format page example: HTTP 400, "Invalid request body").
  invalidBody: (details: string[]) => new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body', details),
  // Documented (Rate Limits page), with the configured limit in the detail.
  rateLimited: (limit: number) => new ApiError(429, 'RATE_LIMITED', 'Rate limit exceeded. Please retry after 30 seconds.',
    [`Maximum ${limit} requests per minute`]),
  // Decided: the docs have no body for these framework-level errors.
  routeNotFound: (method: string, path: string) => new ApiError(404, 'NOT_FOUND', 'Route not found',
    [`No route matches ${method} ${path}`]),
  methodNotAllowed: (method: string, path: string, allowed: string[]) => new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed',
    [`${method} is not supported on ${path}; allowed: ${allowed.join(', ')}`], { allow: allowed.join(', ') }),
  payloadTooLarge: (limitBytes: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Request body too large',
    [`body: Must be at most ${limitBytes} bytes`]),
  unsupportedMediaType: (contentType: string) => new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type',
    [`content-type: Must be application/json, got ${contentType || 'none'}`]),
  malformedJson: () => new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body', ['body: Must be valid JSON']),
  badRequest: (detail: string) => new ApiError(400, 'VALIDATION_ERROR', 'Bad request', [detail]),
  internal: () => new ApiError(500, 'INTERNAL_ERROR', 'Internal server error',
    ['An unexpected error occurred. Contact support if it persists']),
  // Control plane (/__admin): this mock's own errors, same envelope.
  accountNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Account not found', [`No account found with id ${id}`]),
  apiKeyNotFound: (accountId: string) => new ApiError(404, 'NOT_FOUND', 'API key not found', [`api_key: Is not a key of account ${accountId}`]),
  scenarioNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Scenario not found', [`No scenario found with id ${id}`]),
  conflict: (detail: string) => new ApiError(409, 'CONFLICT', 'Conflict', [detail]),
  // Create Call Batch (issue 3): decided statuses and texts, see docs/lifecycle.md.
  batchSizeExceeded: (max: number) => new ApiError(400, 'BATCH_SIZE_EXCEEDED', 'Batch size exceeded',
    [`contacts: Must have at most ${max} items`]),
  agentNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Agent not found', [`No agent found with id ${id}`]),
  versionNotFound: (id: string, agentId: string) => new ApiError(404, 'NOT_FOUND', 'Prompt version not found',
    [`No prompt version found with id ${id} for agent ${agentId}`]),
  // Control plane (issue 3): lifecycle transitions and webhook deliveries.
  invalidTransition: (detail: string) => new ApiError(409, 'CONFLICT', 'Invalid state transition', [detail]),
  deliveryNotFound: (id: string) => new ApiError(404, 'NOT_FOUND', 'Webhook delivery not found', [`No webhook delivery found with id ${id}`]),
  invalidFixture: (details: string[]) => new ApiError(400, 'VALIDATION_ERROR', 'Invalid fixture', details)
} as const
