import type { Role } from './org-vocabulary.js';

/**
 * Candidate groups as BPMN user tasks name them: `<kind>:<id>`. `unit:<unitId>` is every member of
 * a unit, `unit-leader:<unitId>` its leaders, and `<role>:<organId>` the holders of an agency-wide
 * role, with the role written in kebab-case (`agency-leader:000.00.12.H26`, `clerk:…`).
 */

/** The roles whose group is scoped to a unit rather than to the whole agency. */
const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set(['unit_leader']);

/** The part of a user that decides their groups. */
export interface GroupMember {
  unitId: string;
  organId: string;
  roles: readonly Role[];
}

/** Returns the group kind of a role, such as `agency-leader` for `agency_leader`. */
export function groupKindOfRole(role: Role): string {
  return role.replaceAll('_', '-');
}

/** Returns the candidate group of `role` for a unit or an agency. */
export function roleGroup(role: Role, scope: { unitId: string; organId: string }): string {
  const id = UNIT_SCOPED_ROLES.has(role) ? scope.unitId : scope.organId;
  return `${groupKindOfRole(role)}:${id}`;
}

/** Returns every candidate group that `user` belongs to, its unit's group first. */
export function groupsOfUser(user: GroupMember): string[] {
  return [`unit:${user.unitId}`, ...user.roles.map((role) => roleGroup(role, user))];
}

/** Returns the principals of `user` for task and participation lookups: itself, then its groups. */
export function principalsOfUser(user: GroupMember & { id: string }): string[] {
  return [`user:${user.id}`, ...groupsOfUser(user).map((group) => `group:${group}`)];
}

/** Splits a candidate group into its kind and id; returns undefined when it has no `kind:id` form. */
export function parseGroup(group: string): { kind: string; id: string } | undefined {
  const colon = group.indexOf(':');
  if (colon <= 0 || colon === group.length - 1) return undefined;
  return { kind: group.slice(0, colon), id: group.slice(colon + 1) };
}
