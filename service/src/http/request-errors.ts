import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { PayloadTooLargeError, ValidationError, isDocrouteError } from '../errors/index.js';

/**
 * Maps failures raised while a request body is read, before a handler runs, to docroute errors:
 * body-parser (JSON, decompression), multer and busboy (multipart). A client sending a broken
 * body then gets a 400 problem that explains the fault, and the failure is not logged as a
 * server error. Size limits stay 413.
 */

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
  limit?: number;
  code?: string;
}

/** Errors from http-errors, as body-parser and raw-body raise them, carry a status and `expose`. */
function isClientHttpError(error: unknown): error is BodyParserError {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as BodyParserError;
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

function translateMulterError(error: multer.MulterError, maxUploadBytes: number): Error {
  if (error.code === 'LIMIT_FILE_SIZE') {
    return new PayloadTooLargeError(
      `file is larger than the limit of ${maxUploadBytes} bytes; send a smaller file`,
      { field: error.field, limit: maxUploadBytes },
    );
  }
  return new ValidationError(`invalid multipart upload: ${error.message}`, {
    field: error.field,
  });
}

function translateParseFailure(error: BodyParserError): ValidationError {
  // JSON.parse throws RangeError ("Maximum call stack size exceeded") on very deep nesting.
  if (error instanceof RangeError) {
    return new ValidationError(
      'request body JSON is nested too deeply to parse; send a flatter JSON document',
      { field: 'body' },
    );
  }
  return new ValidationError(`malformed JSON in request body: ${error.message}`, {
    field: 'body',
  });
}

function contentEncodingOf(req: Request): string {
  return (req.headers['content-encoding'] ?? 'identity').toLowerCase();
}

/**
 * Translates a 4xx error from body-parser, whose `type` names the condition, or a decompression
 * error. Other client errors are returned unchanged.
 */
function translateBodyError(error: BodyParserError, req: Request, maxUploadBytes: number): Error {
  if (error.type === 'entity.parse.failed') return translateParseFailure(error);
  if (error.type === 'entity.too.large' || error.status === 413) {
    const limit = error.limit ?? maxUploadBytes;
    return new PayloadTooLargeError(`request body is larger than the limit of ${limit} bytes`, {
      limit,
    });
  }
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new ValidationError(`unsupported request body encoding: ${error.message}`, {
      field: 'body',
    });
  }
  if (error.type === 'request.aborted' || error.type === 'request.size.invalid') {
    return new ValidationError(
      'request body ended before the length given in Content-Length; send the whole body',
      { field: 'body' },
    );
  }
  const encoding = contentEncodingOf(req);
  // Decompression errors from zlib arrive without a type, as a bare 400.
  if (error.type === undefined && error.status === 400 && encoding !== 'identity') {
    return new ValidationError(
      `request body is not valid ${encoding} data (Content-Encoding: ${encoding}); ` +
        'compress the body with that encoding or send it uncompressed without the header',
      { field: 'body', value: encoding },
    );
  }
  return error;
}

/**
 * Returns the docroute error for a failure raised while reading a request body, or `error`
 * itself when it is not such a failure.
 */
export function translateRequestError(error: unknown, req: Request, maxUploadBytes: number) {
  if (isDocrouteError(error)) return error;
  if (error instanceof multer.MulterError) return translateMulterError(error, maxUploadBytes);
  if (isClientHttpError(error)) return translateBodyError(error, req, maxUploadBytes);
  // Express's router raises a URIError with status 400 for a path parameter that is not valid
  // percent-encoding.
  if (error instanceof URIError && (error as BodyParserError).status === 400) {
    return new ValidationError(`invalid request path: ${error.message}; fix its percent-encoding`, {
      field: 'path',
      value: req.path,
    });
  }
  return error;
}

/** Plain explanations for the errors that busboy raises on a broken multipart body. */
const multipartProblems: Array<{ pattern: RegExp; detail: string }> = [
  {
    pattern: /boundary not found/i,
    detail:
      'the multipart/form-data Content-Type header has no boundary parameter; ' +
      'let the HTTP client build the form and set the header',
  },
  {
    pattern: /unexpected end of (form|file)/i,
    detail:
      'the multipart/form-data body ended before its closing boundary; ' +
      'the upload is incomplete, so send it again',
  },
  {
    pattern: /malformed part header/i,
    detail: 'a part header in the multipart/form-data body is malformed',
  },
  {
    pattern: /malformed content type|missing content-type|unsupported content type/i,
    detail: 'the Content-Type header is not a valid multipart/form-data type',
  },
  {
    pattern: /request (aborted|closed)|^aborted$/i,
    detail: 'the client closed the request before the multipart/form-data body was complete',
  },
];

function translateMultipartError(error: unknown): unknown {
  if (error instanceof multer.MulterError || !(error instanceof Error)) return error;
  const known = multipartProblems.find(({ pattern }) => pattern.test(error.message));
  const detail = known?.detail ?? `invalid multipart/form-data body: ${error.message}`;
  return new ValidationError(detail, { field: 'body' }, { cause: error });
}

/**
 * Wraps a multer middleware so that errors from parsing the multipart body become 400
 * validation errors. With memory storage every such error comes from the request itself.
 * Multer's own limit errors pass through to `translateRequestError`.
 */
export function withMultipartErrors(middleware: RequestHandler): RequestHandler {
  return (req, res, next) => {
    void middleware(req, res, (error?: unknown) => {
      if (error === undefined || error === null || error === 'route' || error === 'router') {
        next(error as undefined);
        return;
      }
      next(translateMultipartError(error));
    });
  };
}
