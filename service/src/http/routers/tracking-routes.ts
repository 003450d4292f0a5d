import type { Request, Router } from 'express';
import {
  createFollowUpRouter,
  createTrackingRouter,
  type TrackingDependencies,
} from '../../tracking/index.js';
import { ForbiddenError } from '../../errors/index.js';
import type { HttpDependencies } from '../dependencies.js';

/**
 * Mounts `/tracking` and the follow-up register at `/registers/follow-up` on `api`. Call it
 * before the document routes, whose `/registers/:book` would otherwise handle the follow-up register.
 */
export function mountTrackingRoutes(api: Router, deps: HttpDependencies): void {
  const audit = deps.documents?.module.audit;
  const access = deps.access;
  const tracking: TrackingDependencies = {
    dataSource: deps.dataSource,
    engine: deps.engine,
    logger: deps.logger.child({ component: 'tracking' }),
    assertCanReadDocument: access?.documents.assertCanRead,
    recordRefusal: access
      ? async (req: Request, refusal) => {
          // refuse() records the audit entry and then throws the 403 that the router raises anyway.
          const context = { method: req.method, path: req.originalUrl };
          const { reason, message, details } = refusal;
          await access.access
            .refuse(req.user!, { reason, message, details }, context)
            .catch((error: unknown) => {
              if (!(error instanceof ForbiddenError)) throw error;
            });
        }
      : undefined,
    onRegisterExported: audit
      ? async (req: Request, details: Record<string, unknown>) => {
          await audit.append({ actor: req.user?.id ?? 'anonymous', action: 'exported', details });
        }
      : undefined,
  };
  api.use('/tracking', createTrackingRouter(tracking));
  api.use('/registers/follow-up', createFollowUpRouter(tracking));
}
