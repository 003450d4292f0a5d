import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import {
  DelegationService,
  OverseerService,
  UnitService,
  UserService,
  createOrgRouter,
} from '../org/index.js';
import { auditRefusals } from './audit-refusals.js';
import { createAuthRouter } from './auth.router.js';
import { AuthService } from './auth.service.js';
import { authenticate, requireRole, type RefusalRecorder } from './authenticate.middleware.js';

/** Services and routers that the HTTP layer mounts for login and the organisation API. */
export interface LoginRuntime {
  auth: AuthService;
  users: UserService;
  units: UnitService;
  delegations: DelegationService;
  overseers: OverseerService;
  /** Records each 403 in the audit log. */
  recordRefusal: RefusalRecorder;
  /** Verifies the Bearer access token of every request it guards. */
  authenticate: RequestHandler;
  /** `/api/auth`: login, refresh, logout and the caller's profile. */
  authRouter: Router;
  /** `/api/org`: units, users, delegations and overseers; changes need the administrator role. */
  orgRouter: Router;
}

export interface LoginRuntimeOptions {
  dataSource: DataSource;
  audit: AuditLog;
  /** The configured token secret; when absent, the secret file in `dataDir`. */
  jwtSecret?: string;
  dataDir: string;
  logger: Logger;
}

const SECRET_FILE = 'jwt-secret';

/**
 * Returns the configured token secret, or the one kept in `<dataDir>/jwt-secret`, creating that
 * file with 48 random bytes (owner read and write only) on the first start.
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Builds the login service, the organisation services and their routers on one database. */
export function createLoginRuntime(options: LoginRuntimeOptions): LoginRuntime {
  const { dataSource, logger } = options;
  const auth = new AuthService(
    dataSource,
    { jwtSecret: resolveJwtSecret(options.jwtSecret, options.dataDir) },
    logger,
  );
  const users = new UserService(dataSource);
  const units = new UnitService(dataSource);
  const delegations = new DelegationService(dataSource);
  const overseers = new OverseerService(dataSource);
  const recordRefusal = auditRefusals(options.audit);
  const orgRouter = createOrgRouter({
    units,
    users,
    delegations,
    overseers,
    requireAdministrator: requireRole(['administrator'], recordRefusal),
    endSessions: (userId) => auth.revokeSessions(userId),
  });
  return {
    auth,
    users,
    units,
    delegations,
    overseers,
    recordRefusal,
    authenticate: authenticate(auth),
    authRouter: createAuthRouter({ auth }),
    orgRouter,
  };
}
