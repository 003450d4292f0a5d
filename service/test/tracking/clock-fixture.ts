import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../src/auth/index.js';
import { createDataSource } from '../../src/db/data-source.js';
import {
  createDocumentModule,
  documentEntities,
  type DocumentModule,
} from '../../src/documents/index.js';
import { EmbeddedEngine, ManualClock } from '../../src/engine/embedded/index.js';
import type { UserTask } from '../../src/engine/port.js';
import { createErrorHandler } from '../../src/http/problem.js';
import { orgStructureEntities, seedDemoOrganisation } from '../../src/org/index.js';
import { TaskProjection, taskEntities } from '../../src/tasks/index.js';
import { createFollowUpRouter, createTrackingRouter } from '../../src/tracking/index.js';
import { processesFolder, waitFor } from '../processes/route-harness.js';

/**
 * The tracking routers on a database of their own, with the embedded engine on a manual clock
 * (its scheduler off, so timers fire only through `advance`), the task projection and the
 * tracking routers all reading that clock. The HTTP app authenticates the user named in the
 * `x-test-user` header, so tests can act as any demo user without tokens.
 */
export interface ClockFixture {
  dataSource: DataSource;
  engine: EmbeddedEngine;
  clock: ManualClock;
  projection: TaskProjection;
  documents: DocumentModule;
  app: Express;
  /** Looks a demo user up by user name. */
  user(username: string): Promise<AuthenticatedUser>;
  /** Looks a unit of an agency up by code. */
  unitId(organId: string, code: string): Promise<string>;
  /** Moves the clock, fires due timers and waits for the projection. */
  advanceTo(instant: Date): Promise<void>;
  /** Waits until the instance has an open user task that `match` accepts, and returns it. */
  openTask(processInstanceKey: string, match: (task: UserTask) => boolean): Promise<UserTask>;
  close(): Promise<void>;
}

export async function openClockFixture(url: string, start: Date): Promise<ClockFixture> {
  const dataSource = createDataSource(url, {
    entities: [...documentEntities, ...orgStructureEntities, ...taskEntities],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();

  const clock = new ManualClock(start);
  const now = () => clock.now();
  const logger = pino({ level: 'silent' });
  await seedDemoOrganisation(dataSource, { logger, now });
  const engine = new EmbeddedEngine({
    dataSource,
    logger,
    clock,
    options: { schedulerEnabled: false },
  });
  await engine.deploy(
    ['incoming-document.bpmn', 'task-tracking.bpmn'].map((name) => ({
      name,
      content: readFileSync(join(processesFolder, name), 'utf8'),
    })),
  );
  await engine.start();
  const projection = new TaskProjection({ dataSource, engine, logger, now });
  await projection.start();

  const fixture: ClockFixture = {
    dataSource,
    engine,
    clock,
    projection,
    documents: createDocumentModule(dataSource, { now }),
    app: trackingApp(dataSource, engine, now, (username) => fixture.user(username)),
    user: (username) => findUser(dataSource, username),
    unitId: async (organId, code) => {
      const rows: Array<{ id: string }> = await dataSource.query(
        'SELECT id FROM org_units WHERE organ_id = ? AND code = ?',
        [organId, code],
      );
      if (!rows[0]) throw new Error(`no unit ${code} in ${organId}`);
      return rows[0].id;
    },
    advanceTo: async (instant) => {
      clock.set(instant);
      await engine.runDueWork();
      await projection.settled();
    },
    openTask: async (processInstanceKey, match) => {
      const task = await waitFor('an open user task', async () => {
        const open = await engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
        return open.find(match);
      });
      await waitFor('the task in the projection', async () => {
        const rows: unknown[] = await dataSource.query(
          "SELECT task_key FROM tasks WHERE task_key = ? AND state = 'open'",
          [task.key],
        );
        return rows.length > 0 ? true : undefined;
      });
      return task;
    },
    close: async () => {
      await projection.stop();
      await engine.stop();
      await dataSource.destroy();
    },
  };
  return fixture;
}

async function findUser(dataSource: DataSource, username: string): Promise<AuthenticatedUser> {
  const rows: Array<Record<string, string>> = await dataSource.query(
    'SELECT id, username, roles, organ_id, unit_id, clearance FROM org_users WHERE username = ?',
    [username],
  );
  const row = rows[0];
  if (!row) throw new Error(`${username} is not a demo user`);
  return {
    id: row.id!,
    username: row.username!,
    roles: row.roles!.split(',') as AuthenticatedUser['roles'],
    organId: row.organ_id!,
    unitId: row.unit_id!,
    clearance: row.clearance as AuthenticatedUser['clearance'],
    sessionId: 'test-session',
    tokenId: 'test-token',
    expiresAt: new Date('2099-01-01T00:00:00Z'),
  };
}

function trackingApp(
  dataSource: DataSource,
  engine: EmbeddedEngine,
  now: () => Date,
  userOf: (username: string) => Promise<AuthenticatedUser>,
): Express {
  const app = express();
  app.use(async (req, _res, next) => {
    const username = req.header('x-test-user');
    try {
      if (username) req.user = await userOf(username);
      next();
    } catch (error) {
      next(error);
    }
  });
  const deps = { dataSource, engine, logger: pino({ level: 'silent' }), now };
  app.use('/api/tracking', createTrackingRouter(deps));
  app.use('/api/registers/follow-up', createFollowUpRouter(deps));
  app.use(createErrorHandler(1_000_000));
  return app;
}
