import { status as GrpcStatus } from '@grpc/grpc-js';

import {
  ConflictError,
  DocrouteError,
  ForbiddenError,
  NotFoundError,
  PermanentError,
  TransientError,
  UnauthorizedError,
  ValidationError,
  type ErrorDetails,
} from '../../errors/index.js';

/** The operation and ids of a failed call, which go into the error message and details. */
export interface CallContext {
  operation: string;
  details?: ErrorDetails;
}

interface GrpcLikeError {
  code: number;
  details?: string;
  message: string;
}

interface HttpLikeError {
  response: { statusCode: number; body?: unknown };
  detail?: string;
  title?: string;
  message: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_GOT_REQUEST_ERROR',
]);

/**
 * Converts an error from the Zeebe gRPC client, the Camunda REST client or the OAuth token
 * request into the service's error hierarchy. The broker's or server's own message is kept,
 * because it names the resource, element or key at fault.
 */
export function toDocrouteError(error: unknown, context: CallContext): Error {
  if (error instanceof DocrouteError) return error;
  if (isGrpcError(error)) return fromGrpcStatus(error, context);
  if (isHttpError(error)) return fromHttpStatus(error, context);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new TransientError(
      `${context.operation} failed: ${(error as Error).message}`,
      { ...context.details, networkCode: code },
      { cause: error },
    );
  }
  return new PermanentError(
    `${context.operation} failed: ${error instanceof Error ? error.message : String(error)}`,
    { ...context.details },
    { cause: error },
  );
}

function isGrpcError(error: unknown): error is GrpcLikeError {
  const candidate = error as Partial<GrpcLikeError> | null;
  return (
    typeof candidate?.code === 'number' &&
    typeof candidate.message === 'string' &&
    'details' in candidate
  );
}

function isHttpError(error: unknown): error is HttpLikeError {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return typeof response?.statusCode === 'number';
}

function fromGrpcStatus(error: GrpcLikeError, context: CallContext): Error {
  const reason = error.details || error.message;
  const message = `${context.operation} failed: ${reason}`;
  const details = { ...context.details, grpcStatus: GrpcStatus[error.code] ?? error.code };
  const options = { cause: error };
  switch (error.code) {
    case GrpcStatus.INVALID_ARGUMENT:
      return new ValidationError(message, details, options);
    case GrpcStatus.NOT_FOUND:
      return new NotFoundError(message, details, options);
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.FAILED_PRECONDITION:
      return new ConflictError(message, details, options);
    case GrpcStatus.UNAUTHENTICATED:
      return new UnauthorizedError(message, details, options);
    case GrpcStatus.PERMISSION_DENIED:
      return new ForbiddenError(message, details, options);
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new TransientError(message, details, options);
    default:
      return new PermanentError(message, details, options);
  }
}

function fromHttpStatus(error: HttpLikeError, context: CallContext): Error {
  const status = error.response.statusCode;
  const reason = error.detail ?? error.title ?? error.message;
  const message = `${context.operation} failed: ${reason}`;
  const details = { ...context.details, httpStatus: status };
  const options = { cause: error };
  if (status === 400) return new ValidationError(message, details, options);
  if (status === 401) return new UnauthorizedError(message, details, options);
  if (status === 403) return new ForbiddenError(message, details, options);
  if (status === 404) return new NotFoundError(message, details, options);
  if (status === 409) return new ConflictError(message, details, options);
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return new TransientError(message, details, options);
  }
  return new PermanentError(message, details, options);
}

/**
 * Runs one client call and converts its failure. The gRPC client returns null instead of calling
 * the gateway once it is closing, so a null result is an error unless `emptyResult` allows it
 * (REST calls that return 204 No Content).
 */
export async function callZeebe<T>(
  context: CallContext,
  call: () => Promise<T | null | undefined>,
  options: { emptyResult?: boolean } = {},
): Promise<T> {
  let result: T | null | undefined;
  try {
    result = await call();
  } catch (error) {
    throw toDocrouteError(error, context);
  }
  if ((result === null || result === undefined) && !options.emptyResult) {
    throw new TransientError(`${context.operation} failed: the Zeebe client is closed`, {
      ...context.details,
    });
  }
  return result as T;
}

/** Rejects anything but a decimal Zeebe key before it reaches the SDK, which would throw. */
export function requireKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{1,19}$/.test(value)) {
    throw new ValidationError(
      `${field} ${JSON.stringify(value)} is invalid: expected a decimal Zeebe key`,
      {
        field,
        value,
      },
    );
  }
  return value;
}
