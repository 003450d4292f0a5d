import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { AuditLog, AuditEntryEntity, AuditChainHeadEntity } from '../../src/audit/index.js';
import {
  AuthService,
  auditRefusals,
  authEntities,
  authenticate,
  createAuthRouter,
  requireRole,
} from '../../src/auth/index.js';
import { createDataSource } from '../../src/db/data-source.js';
import { createErrorHandler, notFoundHandler } from '../../src/http/problem.js';
import { createHttpLogger, createLogger } from '../../src/log/index.js';
import {
  DelegationService,
  OrganisationEntity,
  OverseerService,
  UnitService,
  UserService,
  createOrgRouter,
  orgStructureEntities,
} from '../../src/org/index.js';
import { LogCapture } from '../log/capture.js';

/** A clock that tests move by hand. */
export class TestClock {
  constructor(public current: Date = new Date('2026-06-15T03:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.current.getTime());
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export const TEST_JWT_SECRET = 'test-secret-of-at-least-thirty-two-bytes-0123456789';

export interface AuthHarness {
  app: Express;
  dataSource: DataSource;
  clock: TestClock;
  auth: AuthService;
  audit: AuditLog;
  users: UserService;
  units: UnitService;
  delegations: DelegationService;
  overseers: OverseerService;
  logs: LogCapture;
}

/** Opens a migrated database at `url` and builds the services on it with a test clock. */
export async function openOrgDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url, {
    entities: [
      OrganisationEntity,
      AuditEntryEntity,
      AuditChainHeadEntity,
      ...orgStructureEntities,
      ...authEntities,
    ],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/**
 * Builds an app like the service's: the auth router under /api/auth, then authentication for
 * the rest of /api, the org router under /api/org with administrator checks recorded in the
 * audit log, and problem+json errors.
 */
export async function startAuthHarness(url: string): Promise<AuthHarness> {
  const dataSource = await openOrgDatabase(url);
  const clock = new TestClock();
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });

  const auth = new AuthService(dataSource, { jwtSecret: TEST_JWT_SECRET, now: clock.now }, logger);
  const audit = new AuditLog(dataSource, clock.now);
  const services = {
    users: new UserService(dataSource, clock.now),
    units: new UnitService(dataSource, clock.now),
    delegations: new DelegationService(dataSource, clock.now),
    overseers: new OverseerService(dataSource),
  };

  const app = express();
  // The tests set X-Forwarded-For to act as clients at different addresses.
  app.set('trust proxy', 'loopback');
  app.use(createHttpLogger(logger));
  app.use('/api/auth', createAuthRouter({ auth }));
  const api = express.Router();
  api.use(authenticate(auth));
  api.use(
    '/org',
    createOrgRouter({
      ...services,
      requireAdministrator: requireRole(['administrator'], auditRefusals(audit)),
      endSessions: (userId) => auth.revokeSessions(userId),
    }),
  );
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(createErrorHandler(1024 * 1024));
  return { app, dataSource, clock, auth, audit, logs, ...services };
}
