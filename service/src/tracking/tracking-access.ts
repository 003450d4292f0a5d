import type { Request } from 'express';
import type { AuthenticatedUser } from '../auth/index.js';
import { ForbiddenError, UnauthorizedError } from '../errors/index.js';
import { CLEARANCES, hasClearance, type Clearance, type Role } from '../org/index.js';

/** Reason for refusing a tracking view, as recorded in the audit entry of the refusal. */
export type RefusalReason = 'role' | 'other_agency' | 'clearance';

/** A 403 raised by the tracking views, which the router records in the audit log. */
export class TrackingRefusal extends ForbiddenError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    details: { field: string; value: unknown },
  ) {
    super(message, { ...details, reason });
  }
}

/** Roles that see the tracking views of every unit in their agency. */
const AGENCY_WIDE_ROLES: readonly Role[] = ['agency_leader', 'clerk', 'administrator'];

/**
 * Part of the tracking views open to a caller: every unit of the agency, one unit that they
 * lead, or only their own items.
 */
export type TrackingScope =
  | { kind: 'agency'; organId: string }
  | { kind: 'unit'; organId: string; unitId: string }
  | { kind: 'self'; organId: string; userId: string };

/** Returns the authenticated caller, or raises 401 when no login ran before the router. */
export function callerOf(req: Request): AuthenticatedUser {
  if (!req.user) {
    throw new UnauthorizedError('missing access token; log in and send it as a Bearer token');
  }
  return req.user;
}

export function scopeOf(user: AuthenticatedUser): TrackingScope {
  if (user.roles.some((role) => AGENCY_WIDE_ROLES.includes(role))) {
    return { kind: 'agency', organId: user.organId };
  }
  if (user.roles.includes('unit_leader')) {
    return { kind: 'unit', organId: user.organId, unitId: user.unitId };
  }
  return { kind: 'self', organId: user.organId, userId: user.id };
}

/** Raises 403 unless `scope` covers the whole of unit `unitId` of agency `organId`. */
export function assertUnitVisible(scope: TrackingScope, unitId: string, organId: string): void {
  const visible =
    scope.organId === organId &&
    (scope.kind === 'agency' || (scope.kind === 'unit' && scope.unitId === unitId));
  if (!visible) {
    throw new TrackingRefusal(
      scope.organId === organId ? 'role' : 'other_agency',
      `unit ${unitId} is outside your tracking view: agency leaders, clerks and administrators ` +
        'see every unit of their agency, unit leaders their own unit',
      { field: 'unitId', value: unitId },
    );
  }
}

/** Raises 403 unless the caller may see every item of `scope` (not only their own). */
export function assertNotSelfScope(scope: TrackingScope, view: string): void {
  if (scope.kind === 'self') {
    throw new TrackingRefusal(
      'role',
      `the ${view} view is for agency leaders, clerks, administrators and unit leaders`,
      { field: 'roles', value: view },
    );
  }
}

/**
 * Maps a document secrecy code (`toi-mat`) to the clearance that reads it (`toi_mat`); an
 * unknown code needs the highest clearance.
 */
export function clearanceFor(secrecy: string | null | undefined): Clearance {
  if (!secrecy || secrecy === 'none') return 'none';
  const clearance = secrecy.replace('-', '_') as Clearance;
  return CLEARANCES.includes(clearance) ? clearance : 'tuyet_mat';
}

/** Returns true when `user` has the clearance for a document or task of `secrecy`. */
export function mayReadSecrecy(user: AuthenticatedUser, secrecy: string | null): boolean {
  return hasClearance(user.clearance, clearanceFor(secrecy));
}
