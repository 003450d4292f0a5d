import type { Clearance, Role } from '../org/index.js';
import type { Secrecy } from '../documents/index.js';

/** The roles of staff who handle documents; analysts and administrators run the system. */
export const STAFF_ROLES: readonly Role[] = Object.freeze([
  'clerk',
  'specialist',
  'unit_leader',
  'agency_leader',
]);

/** The roles that may read and export an agency's registers. */
export const REGISTER_ROLES: readonly Role[] = Object.freeze([
  'clerk',
  'unit_leader',
  'agency_leader',
]);

/** The roles that may drive the engine directly: deployments, instances, messages, incidents. */
export const ENGINE_ROLES: readonly Role[] = Object.freeze(['analyst', 'administrator']);

/** The roles that may use the BPMN modeler's API. */
export const MODELER_ROLES: readonly Role[] = Object.freeze(['analyst']);

/** The roles that may read the audit log. */
export const AUDIT_ROLES: readonly Role[] = Object.freeze(['administrator']);

/** Returns true when `roles` contains any of `required`. */
export function holdsAnyRole(roles: readonly Role[], required: readonly Role[]): boolean {
  return required.some((role) => roles.includes(role));
}

/**
 * Returns the clearance needed for a document's secrecy. Documents spell the levels with
 * hyphens (`toi-mat`), clearances with underscores (`toi_mat`).
 */
export function clearanceFor(secrecy: Secrecy): Clearance {
  return secrecy.replace('-', '_') as Clearance;
}

/** Returns the highest document secrecy that `clearance` allows. */
export function clearedSecrecy(clearance: Clearance): Secrecy {
  return clearance.replace('_', '-') as Secrecy;
}
