import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { redactQuery, redactUrl } from './query-redaction.js';

export const requestIdHeader = 'x-request-id';

/** Incoming ids are reused only when short and free of characters that could forge log lines. */
const acceptableRequestId = /^[A-Za-z0-9._:@-]{1,128}$/;

function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[requestIdHeader];
  const id =
    typeof incoming === 'string' && acceptableRequestId.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

interface SerializedRequest {
  url?: string;
  query?: unknown;
  [field: string]: unknown;
}

/** Serializes a request for the log with the values of secret query parameters redacted. */
function serializeRequest(req: SerializedRequest): SerializedRequest {
  return {
    ...req,
    ...(typeof req.url === 'string' ? { url: redactUrl(req.url) } : {}),
    ...(req.query !== undefined ? { query: redactQuery(req.query) } : {}),
  };
}

function chooseLevel(_req: IncomingMessage, res: ServerResponse, error?: Error) {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return 'info';
}

/**
 * Creates the request-logging middleware. Each request gets an id (the caller's X-Request-Id
 * when acceptable, else a new UUID) that is echoed in the response header and bound as `reqId`
 * on `req.log`, the child logger for that request. Health probes are not logged, and secret query
 * parameters are redacted from the logged URL and query.
 */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId: assignRequestId,
    customLogLevel: chooseLevel,
    autoLogging: { ignore: (req) => req.url === '/health' },
    quietReqLogger: true,
    // pino-http passes the standard serialization of the request to this function.
    serializers: { req: serializeRequest },
  });
}
