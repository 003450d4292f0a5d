import type { RequestHandler } from 'express';
import type { Role } from '../org/index.js';
import type { HttpDependencies } from './dependencies.js';

const allowEveryone: RequestHandler = (_req, _res, next) => next();

/**
 * Returns middleware that requires one of `roles` when the app has rights checks, and a
 * pass-through for apps built without them.
 */
export function roleGuard(deps: Pick<HttpDependencies, 'access'>, roles: readonly Role[]) {
  return deps.access?.requireRoles(roles) ?? allowEveryone;
}

/** Applies `guard` to requests that change data and lets reads (GET and HEAD) through. */
export function writesOnly(guard: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') next();
    else guard(req, res, next);
  };
}
