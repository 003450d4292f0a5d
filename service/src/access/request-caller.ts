import type { Request, RequestHandler } from 'express';
import type { AuthenticatedUser } from '../auth/index.js';
import { UnauthorizedError } from '../errors/index.js';
import type { RefusalContext } from './document-access.js';

/** Returns the caller, or throws a 401 when the route is not behind authentication. */
export function callerOf(req: Request): AuthenticatedUser {
  if (!req.user) {
    throw new UnauthorizedError('missing access token; log in first', { reason: 'token_missing' });
  }
  return req.user;
}

/** Returns the method and path of a request, for the audit entry of a refusal. */
export function contextOf(req: Request): RefusalContext {
  return { method: req.method, path: req.originalUrl };
}

/** Wraps an async check as Express middleware that passes its error on. */
export function checkMiddleware(check: (req: Request) => Promise<void>): RequestHandler {
  return (req, _res, next) => {
    check(req).then(() => next(), next);
  };
}
