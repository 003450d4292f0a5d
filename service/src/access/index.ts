export {
  AUDIT_ROLES,
  ENGINE_ROLES,
  MODELER_ROLES,
  REGISTER_ROLES,
  STAFF_ROLES,
  clearanceFor,
  clearedSecrecy,
  holdsAnyRole,
} from './access-roles.js';
export {
  DocumentAccess,
  type AccessUser,
  type Refusal,
  type RefusalContext,
  type RefusalReason,
} from './document-access.js';
export {
  isCleared,
  participatingIds,
  restrictToVisible,
  standingOf,
  type Reader,
  type Standing,
} from './document-visibility.js';
export { createHttpAccess, type HttpAccess, type HttpAccessDependencies } from './http-access.js';
export { callerOf } from './request-caller.js';
