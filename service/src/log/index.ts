import { pino, type DestinationStream, type Logger } from 'pino';

export { createHttpLogger, requestIdHeader } from './http-logger.js';
export type { Logger } from 'pino';

/**
 * Log fields that are replaced by `[redacted]` wherever they appear at these paths: credentials
 * in request headers, secrets in any object logged at the top level or one level down, and
 * document content.
 */
export const redactPaths: string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...['password', 'token', 'accessToken', 'refreshToken', 'secret', 'clientSecret'].flatMap(
    (key) => [key, `*.${key}`],
  ),
  'authorization',
  '*.authorization',
  'content',
  '*.content',
  'resources[*].content',
  '*.resources[*].content',
];

export interface LoggerOptions {
  level: string;
  /** Destination of the log lines; standard output when absent. Tests pass a stream to read. */
  destination?: DestinationStream;
  /** Fields added to every line, such as the service name. */
  base?: Record<string, unknown>;
}

/**
 * Creates the root logger: JSON lines, fields first and a constant message, with the redaction
 * paths above. Components take child loggers with `logger.child({ component: 'name' })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'docroute', pid: process.pid, ...options.base },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
