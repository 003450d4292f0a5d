import express, { Router, type RequestHandler } from 'express';
import { ValidationError } from '../errors/index.js';
import type { DelegationService } from './delegation.service.js';
import type { OverseerService } from './overseer.service.js';
import type { UnitService } from './unit.service.js';
import type { UserService } from './user.service.js';

export interface OrgRouterDependencies {
  units: UnitService;
  users: UserService;
  delegations: DelegationService;
  overseers: OverseerService;
  /** Guards every route that changes data, such as `requireRole(['administrator'])`. */
  requireAdministrator: RequestHandler;
  /** Ends the sessions of a user who was just deactivated, such as by revoking refresh tokens. */
  endSessions: (userId: string) => Promise<void>;
}

function queryText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function requiredQuery(field: string, value: unknown): string {
  const text = queryText(value);
  if (!text) throw new ValidationError(`query parameter ${field} is required`, { field });
  return text;
}

/**
 * Units, users and delegations. Reads are open to any caller that the app lets through, and
 * changes need `requireAdministrator`. Mount it under /api/org behind authentication.
 */
export function createOrgRouter(deps: OrgRouterDependencies): Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  addUnitRoutes(router, deps);
  addUserRoutes(router, deps);
  addDelegationRoutes(router, deps);
  return router;
}

function addUnitRoutes(router: Router, deps: OrgRouterDependencies): void {
  const admin = deps.requireAdministrator;
  router.get('/units', async (req, res) => {
    const organId = requiredQuery('organId', req.query.organId);
    if (req.query.view === 'tree') {
      res.json(await deps.units.tree(organId));
      return;
    }
    res.json(await deps.units.list(organId, req.query.inactive === 'true'));
  });
  router.post('/units', admin, async (req, res) => {
    const unit = await deps.units.create(req.body ?? {});
    req.log?.info({ unitId: unit.id, organId: unit.organId }, 'unit created');
    res.status(201).json(unit);
  });
  router.patch('/units/:unitId', admin, async (req, res) => {
    res.json(await deps.units.update(String(req.params.unitId), req.body ?? {}));
  });
  router.post('/units/:unitId/deactivation', admin, async (req, res) => {
    res.json(await deps.units.deactivate(String(req.params.unitId)));
  });
}

function addUserRoutes(router: Router, deps: OrgRouterDependencies): void {
  const admin = deps.requireAdministrator;
  router.get('/users', async (req, res) => {
    const filter = {
      organId: queryText(req.query.organId),
      unitId: queryText(req.query.unitId),
      includeInactive: req.query.inactive === 'true',
    };
    res.json(await deps.users.list(filter));
  });
  router.get('/users/:userId', async (req, res) => {
    res.json(await deps.users.get(String(req.params.userId)));
  });
  router.get('/users/:userId/overseers', async (req, res) => {
    const user = await deps.users.get(String(req.params.userId));
    res.json(await deps.overseers.overseerChain(user.id));
  });
  router.post('/users', admin, async (req, res) => {
    const user = await deps.users.create(req.body ?? {});
    req.log?.info({ userId: user.id }, 'user created');
    res.status(201).json(user);
  });
  router.patch('/users/:userId', admin, async (req, res) => {
    res.json(await deps.users.update(String(req.params.userId), req.body ?? {}));
  });
  router.post('/users/:userId/deactivation', admin, async (req, res) => {
    const user = await deps.users.deactivate(String(req.params.userId));
    await deps.endSessions(user.id);
    req.log?.info({ userId: user.id }, 'user deactivated');
    res.json(user);
  });
  router.put('/users/:userId/password', admin, async (req, res) => {
    await deps.users.setPassword(String(req.params.userId), req.body?.password);
    req.log?.info({ userId: req.params.userId }, 'password set');
    res.status(204).end();
  });
}

function addDelegationRoutes(router: Router, deps: OrgRouterDependencies): void {
  const admin = deps.requireAdministrator;
  router.get('/users/:userId/delegations', async (req, res) => {
    res.json(await deps.delegations.listFor(String(req.params.userId)));
  });
  router.post('/delegations', admin, async (req, res) => {
    const delegation = await deps.delegations.create(req.body ?? {});
    req.log?.info({ delegationId: delegation.id, form: delegation.form }, 'delegation created');
    res.status(201).json(delegation);
  });
  router.post('/delegations/:delegationId/revocation', admin, async (req, res) => {
    res.json(await deps.delegations.revoke(String(req.params.delegationId)));
  });
}
