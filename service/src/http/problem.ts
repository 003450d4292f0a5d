import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DocrouteError, NotFoundError, isDocrouteError } from '../errors/index.js';
import { translateRequestError } from './request-errors.js';

export const problemContentType = 'application/problem+json';

/** An RFC 9457 problem document with docroute's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  field?: string;
  value?: unknown;
  [extension: string]: unknown;
}

const MAX_VALUE_CHARS = 200;

/**
 * Shortens long string values and large objects, so that a problem never echoes a whole request
 * body. An object too deep to encode as JSON is described instead of echoed.
 */
function shortenValue(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_VALUE_CHARS) {
    return `${value.slice(0, MAX_VALUE_CHARS)}… (${value.length} characters)`;
  }
  if (value === null || typeof value !== 'object') return value;
  let encoded: string;
  try {
    encoded = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? '(array that cannot be shown)' : '(object that cannot be shown)';
  }
  return encoded.length > MAX_VALUE_CHARS ? shortenValue(encoded) : value;
}

function problemType(code: string): string {
  return `urn:docroute:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function problemFromError(error: DocrouteError): Problem {
  const { field, value, ...extensions } = error.details;
  return {
    ...extensions,
    type: problemType(error.code),
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(field !== undefined ? { field } : {}),
    ...(value !== undefined ? { value: shortenValue(value) } : {}),
  };
}

/** Responds to a request that no route matched with a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(
    new NotFoundError(`no route for ${req.method} ${req.path}`, {
      field: 'path',
      value: req.path,
    }),
  );
};

/**
 * Creates the last error handler. Docroute errors become problem documents with their status.
 * Any other error is logged with the request id and gets a 500 response that hides the internals.
 */
export function createErrorHandler(maxUploadBytes: number): ErrorRequestHandler {
  return (rawError, req, res, next) => {
    // A response that has started cannot become a problem document: Express closes it.
    if (res.headersSent) {
      req.log.error({ err: rawError }, 'error after the response started');
      next(rawError);
      return;
    }
    const error = translateRequestError(rawError, req, maxUploadBytes);
    let problem: Problem;
    if (isDocrouteError(error)) {
      problem = problemFromError(error);
      if (error.status >= 500) req.log.error({ err: error }, 'request failed');
    } else {
      req.log.error({ err: error }, 'unexpected error in request');
      problem = {
        type: problemType('INTERNAL_ERROR'),
        title: STATUS_CODES[500]!,
        status: 500,
        detail: `internal error; the log has the details under request id ${String(req.id)}`,
        code: 'INTERNAL_ERROR',
      };
    }
    res
      .status(problem.status)
      .type(problemContentType)
      .json({ ...problem, instance: req.originalUrl });
  };
}
