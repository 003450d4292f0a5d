import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/index.js';
import type { Role } from '../org/index.js';
import type { AuthenticatedUser } from './access-token.js';
import type { AuthService } from './auth.service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The caller, set by the `authenticate` middleware. */
      user?: AuthenticatedUser;
    }
  }
}

/** A refused request, passed to the refusal recorder (the audit log in production). */
export interface AccessRefusal {
  userId: string;
  username: string;
  method: string;
  path: string;
  requiredRoles: Role[];
  heldRoles: Role[];
}

export type RefusalRecorder = (refusal: AccessRefusal) => Promise<void> | void;

function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
  if (!match) {
    throw new UnauthorizedError(
      'missing access token; send the header Authorization: Bearer <access token>',
      { reason: 'token_missing' },
    );
  }
  return match[1];
}

/**
 * Creates middleware that reads the Bearer access token, verifies it and sets `req.user`. A
 * missing, invalid, expired or revoked token is a 401 problem with a WWW-Authenticate header.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    try {
      req.user = await auth.authenticate(bearerToken(req.headers.authorization));
      req.log = req.log?.child({ userId: req.user.id });
      next();
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        const description = error.message.replaceAll('"', "'");
        res.setHeader(
          'WWW-Authenticate',
          `Bearer error="invalid_token", error_description="${description}"`,
        );
      }
      next(error);
    }
  };
}

/**
 * Creates middleware that passes the request on when the caller has one of `roles`. Otherwise it
 * records the refusal through `recordRefusal` and responds with a 403 problem.
 */
export function requireRole(roles: Role[], recordRefusal?: RefusalRecorder): RequestHandler {
  return async (req, _res, next) => {
    const user = req.user;
    if (!user) {
      next(new UnauthorizedError('missing access token', { reason: 'token_missing' }));
      return;
    }
    if (roles.some((role) => user.roles.includes(role))) {
      next();
      return;
    }
    const refusal: AccessRefusal = {
      userId: user.id,
      username: user.username,
      method: req.method,
      path: req.originalUrl,
      requiredRoles: roles,
      heldRoles: user.roles,
    };
    try {
      await recordRefusal?.(refusal);
    } catch (error) {
      req.log?.error({ err: error, userId: user.id }, 'recording an access refusal failed');
    }
    next(
      new ForbiddenError(`this action requires one of the roles ${roles.join(', ')}`, {
        reason: 'role',
        requiredRoles: roles,
        heldRoles: user.roles,
      }),
    );
  };
}
