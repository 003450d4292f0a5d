import { Router, type ErrorRequestHandler, type Request } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WorkingCalendar } from '../calendar/index.js';
import { DocumentEntity } from '../documents/index.js';
import type { EnginePort } from '../engine/index.js';
import { NotFoundError } from '../errors/index.js';
import { loadDocumentPath } from './document-path.service.js';
import { decodeDueCursor } from './keyset-cursor.js';
import { listOverdue } from './overdue.service.js';
import { optionalInteger, optionalText, rejectUnknownParameters } from './query-params.js';
import { loadTaskTracking } from './task-tracking.service.js';
import {
  assertNotSelfScope,
  assertUnitVisible,
  callerOf,
  mayReadSecrecy,
  scopeOf,
  TrackingRefusal,
  type TrackingScope,
} from './tracking-access.js';
import { findUnit, loadAgencyDashboard, loadUnitDashboard } from './unit-dashboard.service.js';

export interface TrackingDependencies {
  dataSource: DataSource;
  /** Source of the automatic steps in a document path; the path has user tasks only without it. */
  engine?: EnginePort;
  logger: Logger;
  /** Working calendar that lateness is counted in; the default Vietnamese calendar when absent. */
  calendar?: WorkingCalendar;
  /** Current time; the system clock when absent. */
  now?: () => Date;
  /**
   * Raises a 403 error when the caller may not read `document`; the access area's document
   * guard. Without it the router checks the agency and the secrecy clearance only.
   */
  assertCanReadDocument?: (req: Request, document: DocumentEntity) => Promise<void>;
  /** Records a refusal of a tracking view in the audit log; nothing is recorded when absent. */
  recordRefusal?: (req: Request, refusal: TrackingRefusal) => Promise<void>;
  /** Records a follow-up register export in the audit log; nothing is recorded when absent. */
  onRegisterExported?: (req: Request, details: Record<string, unknown>) => Promise<void>;
}

type Query = Record<string, unknown>;

/** Error middleware that records the refusals of the tracking views, then passes them on. */
export function recordRefusals(deps: TrackingDependencies): ErrorRequestHandler {
  return async (error: unknown, req, _res, next) => {
    if (error instanceof TrackingRefusal && deps.recordRefusal) {
      try {
        await deps.recordRefusal(req, error);
      } catch (recordError) {
        deps.logger.error({ err: recordError }, 'tracking refusal not recorded');
      }
    }
    next(error);
  };
}

/** Fallback document check: same agency and enough clearance. */
function checkDocumentFallback(req: Request, document: DocumentEntity): void {
  const caller = callerOf(req);
  // TODO: without the access area's guard this check ignores participation, so any member of
  // the agency with the clearance can read the path of every document of that agency.
  const details = { field: 'id', value: document.id };
  if (document.organId !== caller.organId) {
    throw new TrackingRefusal(
      'other_agency',
      `document ${document.id} is outside your agency`,
      details,
    );
  }
  if (!mayReadSecrecy(caller, document.secrecy)) {
    const message = `document ${document.id} is above your secrecy clearance`;
    throw new TrackingRefusal('clearance', message, details);
  }
}

/** Unit ids that a unit leader's views are narrowed to; undefined for the whole agency. */
function unitFilterOf(scope: TrackingScope): string[] | undefined {
  return scope.kind === 'unit' ? [scope.unitId] : undefined;
}

/**
 * Routes under `/api/tracking`: the path of a document, the open and overdue counts of units
 * and people, the task-tracking status counts and the overdue items.
 */
export function createTrackingRouter(deps: TrackingDependencies): Router {
  const router = Router();
  const calendar = deps.calendar ?? new WorkingCalendar();
  const now = deps.now ?? (() => new Date());

  router.get('/documents/:id', async (req, res) => {
    rejectUnknownParameters(req.query as Query, []);
    const document = await deps.dataSource.manager.findOneBy(DocumentEntity, {
      id: req.params.id,
    });
    if (!document) {
      throw new NotFoundError(`document ${req.params.id} not found`, {
        field: 'id',
        value: req.params.id,
      });
    }
    if (deps.assertCanReadDocument) await deps.assertCanReadDocument(req, document);
    else checkDocumentFallback(req, document);
    res.json(await loadDocumentPath({ ...deps, calendar }, document.id, now()));
  });

  router.get('/units', async (req, res) => {
    rejectUnknownParameters(req.query as Query, []);
    const scope = scopeOf(callerOf(req));
    assertNotSelfScope(scope, 'unit dashboard');
    res.json(await loadAgencyDashboard(deps.dataSource, scope.organId, now(), unitFilterOf(scope)));
  });

  router.get('/units/:unitId', async (req, res) => {
    rejectUnknownParameters(req.query as Query, []);
    const unit = await findUnit(deps.dataSource, req.params.unitId);
    assertUnitVisible(scopeOf(callerOf(req)), unit.id, unit.organ_id);
    res.json(await loadUnitDashboard(deps.dataSource, unit, now()));
  });

  router.get('/task-tracking', async (req, res) => {
    const query = req.query as Query;
    rejectUnknownParameters(query, ['processInstanceKey']);
    const processInstanceKey = optionalText(query, 'processInstanceKey', 20);
    const scope = scopeOf(callerOf(req));
    assertNotSelfScope(scope, 'task-tracking');
    const filter = { organId: scope.organId, unitIds: unitFilterOf(scope), processInstanceKey };
    res.json(await loadTaskTracking(deps.dataSource, filter, now()));
  });

  router.get('/overdue', async (req, res) => {
    const query = req.query as Query;
    rejectUnknownParameters(query, ['unitId', 'userId', 'limit', 'cursor']);
    const caller = callerOf(req);
    const filter = await overdueFilter(deps.dataSource, scopeOf(caller), query);
    res.json(await listOverdue(deps.dataSource, calendar, filter, caller, now()));
  });
  router.use(recordRefusals(deps));

  return router;
}

/**
 * Reads the overdue filter and narrows it to the caller's scope: a unit leader gets their unit,
 * anyone else without an agency-wide role gets their own items.
 */
async function overdueFilter(dataSource: DataSource, scope: TrackingScope, query: Query) {
  const limit = optionalInteger(query, 'limit', { min: 1, max: 100, fallback: 25 });
  const cursor = optionalText(query, 'cursor', 400);
  const after = cursor === undefined ? undefined : decodeDueCursor(cursor);
  let unitId = optionalText(query, 'unitId', 36);
  let userId = optionalText(query, 'userId', 36);
  if (unitId !== undefined) {
    const unit = await findUnit(dataSource, unitId);
    assertUnitVisible(scope, unit.id, unit.organ_id);
  }
  if (userId !== undefined) await checkUserVisible(dataSource, scope, userId);
  if (scope.kind === 'unit' && unitId === undefined && userId === undefined) unitId = scope.unitId;
  if (scope.kind === 'self') userId ??= scope.userId;
  return { organId: scope.organId, unitId, userId, limit, after };
}

/** Raises 404 for an unknown user and 403 for one outside the caller's scope. */
async function checkUserVisible(
  dataSource: DataSource,
  scope: TrackingScope,
  userId: string,
): Promise<void> {
  const rows: Array<{ organ_id: string; unit_id: string }> = await dataSource.query(
    'SELECT organ_id, unit_id FROM org_users WHERE id = ?',
    [userId],
  );
  const user = rows[0];
  if (!user)
    throw new NotFoundError(`user ${userId} not found`, { field: 'userId', value: userId });
  if (scope.kind !== 'self') {
    assertUnitVisible(scope, user.unit_id, user.organ_id);
    return;
  }
  if (scope.userId !== userId) {
    throw new TrackingRefusal(
      'role',
      'you may list only your own overdue items; leave out userId',
      {
        field: 'userId',
        value: userId,
      },
    );
  }
}
