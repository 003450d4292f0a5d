import type { RequestHandler } from 'express';
import { hasClearance, type UnitService, type UserService } from '../org/index.js';
import { REGISTER_ROLES } from './access-roles.js';
import type { DocumentAccess, Refusal } from './document-access.js';
import { callerOf, checkMiddleware, contextOf } from './request-caller.js';

const SUBJECTS: Record<string, string> = { unitId: 'unit', userId: 'user' };

function otherAgency(field: string, value: string, organId: string, own: string): Refusal {
  const subject = field === 'organId' ? `agency ${value}` : `${SUBJECTS[field]} ${value}`;
  return {
    reason: 'other_agency',
    message:
      `${subject} is outside your agency ${own}` +
      (field === 'organId' ? '' : ` (it belongs to ${organId})`) +
      `; you may read only your own agency's records`,
    details: { field, value },
  };
}

/**
 * Guards `GET /api/registers/:book`: clerks and leaders export the registers of their own agency,
 * and the secret register needs a clearance of at least Mật.
 */
export function guardRegisterExports(access: DocumentAccess): RequestHandler {
  return checkMiddleware(async (req) => {
    if (req.method !== 'GET') return;
    const caller = callerOf(req);
    const context = contextOf(req);
    await access.assertRoles(caller, REGISTER_ROLES, 'exporting a register', context);
    const organId = req.query.organId;
    if (typeof organId === 'string' && organId !== caller.organId) {
      await access.refuse(
        caller,
        otherAgency('organId', organId, organId, caller.organId),
        context,
      );
    }
    if (req.query.secret === 'true' && !hasClearance(caller.clearance, 'mat')) {
      const refusal: Refusal = {
        reason: 'clearance',
        message: `the secret register needs clearance mat; your clearance is ${caller.clearance}`,
        details: { field: 'secret', value: 'true', clearance: caller.clearance },
      };
      await access.refuse(caller, refusal, context);
    }
  });
}

const USER_PATH = /^\/users\/([^/]+)/;
const UNIT_PATH = /^\/units\/([^/]+)/;

/**
 * Guards `/api/org` by agency: a caller reads, and an administrator changes, the units, users and
 * delegations of their own agency only. A user list without `organId` or `unitId` lists the
 * caller's agency. The router itself requires the administrator role for changes.
 */
// NOTE: revoking a delegation is not checked by agency, because the guard cannot look up the
// delegation's users. Only the administrator role is required for it.
export function guardOrgReads(
  access: DocumentAccess,
  org: { users: UserService; units: UnitService },
): RequestHandler {
  return checkMiddleware(async (req) => {
    const caller = callerOf(req);
    const refuse = (field: string, value: string, organId: string) =>
      access.refuse(caller, otherAgency(field, value, organId, caller.organId), contextOf(req));
    const checkUnit = async (unitId: unknown) => {
      if (typeof unitId !== 'string' || unitId === '') return;
      const unit = await org.units.get(unitId);
      if (unit.organId !== caller.organId) await refuse('unitId', unitId, unit.organId);
    };
    const checkUser = async (field: string, userId: unknown) => {
      if (typeof userId !== 'string' || userId === '') return;
      const user = await org.users.get(userId);
      if (user.organId !== caller.organId) await refuse(field, user.id, user.organId);
    };
    const source = req.method === 'GET' ? req.query : (req.body ?? {});
    const { organId } = source as Record<string, unknown>;
    if (typeof organId === 'string' && organId !== '' && organId !== caller.organId) {
      await refuse('organId', organId, organId);
    }
    await checkUnit((source as Record<string, unknown>).unitId);
    const pathUnit = UNIT_PATH.exec(req.path)?.[1];
    if (pathUnit !== undefined) await checkUnit(decodeURIComponent(pathUnit));
    const pathUser = USER_PATH.exec(req.path)?.[1];
    if (pathUser !== undefined) await checkUser('userId', decodeURIComponent(pathUser));
    if (req.method !== 'GET' && req.path === '/delegations') {
      await checkUser('fromUserId', req.body?.fromUserId);
      await checkUser('toUserId', req.body?.toUserId);
    }
    if (req.method === 'GET' && req.path === '/users' && !organId && !req.query.unitId) {
      // Express 5 computes req.query from the URL on each read, so the default goes on the
      // request object itself.
      Object.defineProperty(req, 'query', {
        value: { ...req.query, organId: caller.organId },
        enumerable: true,
      });
    }
  });
}
