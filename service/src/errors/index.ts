/**
 * The service's error hierarchy. Each class has a stable `code`, an HTTP status, and typed
 * details; HTTP handlers turn them into `application/problem+json`, and the job wrapper turns
 * them into a job outcome (complete, BPMN error, or fail with or without retries).
 */

export interface ErrorDetails {
  /** The request field, variable, file or element at fault. */
  field?: string;
  /** The value at fault, as received. */
  value?: unknown;
  [key: string]: unknown;
}

export abstract class DocrouteError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input that is malformed or of the wrong type; the caller must change the request. */
export class ValidationError extends DocrouteError {
  readonly code: string = 'VALIDATION_FAILED';
  readonly status: number = 400;
}

/** A key or id that names nothing stored. */
export class NotFoundError extends DocrouteError {
  readonly code: string = 'NOT_FOUND';
  readonly status: number = 404;
}

/** A request that clashes with the current state, such as a duplicate message id. */
export class ConflictError extends DocrouteError {
  readonly code: string = 'CONFLICT';
  readonly status: number = 409;
}

/** A caller without valid credentials. */
export class UnauthorizedError extends DocrouteError {
  readonly code: string = 'UNAUTHORIZED';
  readonly status: number = 401;
}

/** A caller acting outside their rights. */
export class ForbiddenError extends DocrouteError {
  readonly code: string = 'FORBIDDEN';
  readonly status: number = 403;
}

/** A request body larger than the configured limit. */
export class PayloadTooLargeError extends DocrouteError {
  readonly code: string = 'PAYLOAD_TOO_LARGE';
  readonly status: number = 413;
}

/**
 * An expected business outcome that the process model routes, such as a rejected signature.
 * A job worker that throws it produces a BPMN error with `errorCode` and `variables`.
 */
export class BusinessRuleError extends DocrouteError {
  readonly code: string = 'BUSINESS_RULE';
  readonly status: number = 422;
  readonly errorCode: string;
  readonly variables: Record<string, unknown>;

  constructor(
    errorCode: string,
    message: string,
    variables: Record<string, unknown> = {},
    details: ErrorDetails = {},
  ) {
    super(message, details);
    this.errorCode = errorCode;
    this.variables = variables;
  }
}

/** A technical failure that may pass when tried again (a timeout, a connection reset). */
export class TransientError extends DocrouteError {
  readonly code: string = 'TRANSIENT';
  readonly status: number = 503;
  /** Milliseconds to wait before the next attempt; the job wrapper's default when absent. */
  readonly retryBackoffMs?: number;

  constructor(
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown; retryBackoffMs?: number },
  ) {
    super(message, details, options);
    this.retryBackoffMs = options?.retryBackoffMs;
  }
}

/** A technical failure that no retry will fix; a job failing with it raises an incident at once. */
export class PermanentError extends DocrouteError {
  readonly code: string = 'PERMANENT';
  readonly status: number = 500;
}

export function isDocrouteError(error: unknown): error is DocrouteError {
  return error instanceof DocrouteError;
}
