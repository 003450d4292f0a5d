import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import type { AuthenticatedUser } from '../auth/index.js';
import type { EnginePort } from '../engine/index.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../errors/index.js';
import type { Role } from '../org/index.js';
import { RouteStarter } from './route-starts.js';
import type { TaskProjection } from './task-projection.js';

export interface RoutesRouterDependencies {
  dataSource: DataSource;
  engine: EnginePort;
  audit: AuditLog;
  /** When given, a start responds after the projection has stored the route's first tasks. */
  projection?: TaskProjection;
  now?: () => Date;
}

/**
 * `/api/routes`: starts an approval route. `outgoing` for a specialist's draft, `incoming` for a
 * clerk's received document, `task-tracking` for an agency leader's task to units.
 */
export function createRoutesRouter(deps: RoutesRouterDependencies): Router {
  const starter = new RouteStarter(deps.dataSource, deps.engine, deps.now);
  const router = Router();
  const caller = async (req: Request, role: Role): Promise<AuthenticatedUser> => {
    const user = req.user;
    if (!user) throw new UnauthorizedError('missing access token', { reason: 'token_missing' });
    if (user.roles.includes(role)) return user;
    await deps.audit.append({
      actor: user.id,
      action: 'rejected',
      details: {
        kind: 'access_denied',
        method: req.method,
        path: req.originalUrl,
        requiredRoles: [role],
        heldRoles: user.roles,
      },
    });
    throw new ForbiddenError(`starting this route needs the role ${role}`, {
      field: 'roles',
      value: user.roles,
      required: role,
    });
  };
  const body = (req: Request): Record<string, unknown> => {
    const value: unknown = req.body ?? {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError('the request body must be a JSON object', { field: 'body', value });
    }
    return value as Record<string, unknown>;
  };

  const audited = async <T>(req: Request, user: AuthenticatedUser, work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      await deps.audit.append({
        actor: user.id,
        action: 'refused',
        documentId: typeof error.details.value === 'string' ? error.details.value : null,
        details: {
          kind: 'access_denied',
          reason: error.details.reason,
          method: req.method,
          path: req.originalUrl,
        },
      });
      throw error;
    }
  };

  router.post('/outgoing', async (req, res) => {
    const user = await caller(req, 'specialist');
    const started = await audited(req, user, () => starter.outgoing(user, body(req)));
    await deps.projection?.settled();
    res.status(201).json(started);
  });
  router.post('/incoming', async (req, res) => {
    const user = await caller(req, 'clerk');
    const started = await starter.incoming(user, body(req));
    await deps.projection?.settled();
    res.status(201).json(started);
  });
  router.post('/task-tracking', async (req, res) => {
    const user = await caller(req, 'agency_leader');
    const started = await starter.taskTracking(user, body(req));
    await deps.projection?.settled();
    res.status(201).json(started);
  });
  return router;
}
