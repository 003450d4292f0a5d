import { DocrouteError, type ErrorDetails } from '../errors/index.js';

/** Too many failed logins for a username or client address; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends DocrouteError {
  readonly code: string = 'TOO_MANY_REQUESTS';
  readonly status: number = 429;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details: ErrorDetails = {},
  ) {
    super(message, { ...details, retryAfterSeconds });
  }
}
