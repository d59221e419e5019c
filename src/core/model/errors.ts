/**
 * Domain errors: what the core refuses, in the core's own words. The core never builds an HTTP body;
 * each API surface maps these to its own error format (the TechLadder envelope, Cartesia's error
 * object, Ultravox's `detail`), so one refusal reads right on every surface.
 */
export type DomainErrorKind =
  /** A record the caller named does not exist (or is not the caller's). */
  | 'not_found'
  /** The request is understood but the state does not allow it (a transition, a clock move backwards). */
  | 'conflict'
  /** The input itself is wrong (a fixture record, a scenario rule). */
  | 'invalid'
  /** The server cannot do it now (it is stopping). */
  | 'unavailable'

export class DomainError extends Error {
  constructor (
    readonly kind: DomainErrorKind,
    /** What was not found or refused: 'batch', 'account', 'transition', 'clock', 'fixture', … */
    readonly subject: string,
    message: string,
    /** One line per problem, `<field>: <message>` where a field is at fault. */
    readonly details: string[],
    /** The id that was asked for, when the error is about one record. */
    readonly id: string | null = null
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export const DomainErrors = {
  batchNotFound: (id: string) => new DomainError('not_found', 'batch', 'Batch not found', [`No batch found with id ${id}`], id),
  accountNotFound: (id: string) => new DomainError('not_found', 'account', 'Account not found', [`No account found with id ${id}`], id),
  apiKeyNotFound: (accountId: string) => new DomainError('not_found', 'api_key', 'API key not found', [`api_key: Is not a key of account ${accountId}`], accountId),
  deliveryNotFound: (id: string) => new DomainError('not_found', 'delivery', 'Webhook delivery not found', [`No webhook delivery found with id ${id}`], id),
  scenarioNotFound: (id: string) => new DomainError('not_found', 'scenario', 'Scenario not found', [`No scenario found with id ${id}`], id),
  /** A lifecycle move the batch's state does not allow, or a clock move the clock does not allow. */
  invalidTransition: (detail: string) => new DomainError('conflict', 'transition', 'Invalid state transition', [detail]),
  /** An id or key already taken, a full rule list. */
  conflict: (detail: string) => new DomainError('conflict', 'conflict', 'Conflict', [detail]),
  invalidFixture: (details: string[]) => new DomainError('invalid', 'fixture', 'Invalid fixture', details),
  invalidInput: (details: string[]) => new DomainError('invalid', 'input', 'Invalid request body', details),
  unavailable: (detail: string) => new DomainError('unavailable', 'server', 'Service unavailable', [detail])
} as const
