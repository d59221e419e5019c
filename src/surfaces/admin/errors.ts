/** The control API's own errors (the domain's refusals are mapped by the envelope's fromDomain). */
import { ApiError } from '../techladder/errors.js'

export const adminUnauthorized = () => new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid admin token',
  ['Provide the admin token as Authorization: Bearer <token> or X-Admin-Token'])
