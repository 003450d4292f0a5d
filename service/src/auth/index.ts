export type { AuthenticatedUser } from './access-token.js';
export { auditRefusals } from './audit-refusals.js';
export { TooManyRequestsError } from './auth-errors.js';
export { authEntities } from './auth.entities.js';
export type { AuthOptions } from './auth-options.js';
export { createAuthRouter } from './auth.router.js';
export { AuthService, type TokenPair } from './auth.service.js';
export {
  authenticate,
  requireRole,
  type AccessRefusal,
  type RefusalRecorder,
} from './authenticate.middleware.js';
export {
  DEFAULT_SCRYPT_PARAMETERS,
  hashPassword,
  verifyPassword,
  type ScryptParameters,
} from './password-hasher.js';
export {
  createLoginRuntime,
  resolveJwtSecret,
  type LoginRuntime,
  type LoginRuntimeOptions,
} from './login-runtime.js';
