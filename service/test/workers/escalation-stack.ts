import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { buildDeadlineSettings, type DeadlineSettings } from '../../src/calendar/index.js';
import { createDataSource } from '../../src/db/index.js';
import { createDocumentModule, documentEntities } from '../../src/documents/index.js';
import { createJobWorker, type JobWorker, type ManualClock } from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded/index.js';
import { MailService, MailTemplates, SmtpTransport } from '../../src/mail/index.js';
import { orgStructureEntities, UserEntity } from '../../src/org/index.js';
import { deadlineComputeJob, deadlineEscalateJob } from '../../src/workers/index.js';
import { processesFolder } from '../processes/route-harness.js';

/**
 * The parts of the service that route escalations: the embedded engine on a manual clock with
 * its scheduler off, the real `deadline.compute` and `deadline.escalate` workers, and the mail
 * service sending to an SMTP server on loopback. `document.store` is a stub. `stop` and a new
 * `startEscalationStack` on the same database stand for a service restart.
 */
export interface EscalationStack {
  dataSource: DataSource;
  engine: EmbeddedEngine;
  settings: DeadlineSettings;
  stop(): Promise<void>;
}

export const PUBLIC_URL = 'https://docroute.example.gov.vn';

/** Deadlines of one working day per step, and escalation every day up to 3 levels. */
export function testDeadlineSettings(): DeadlineSettings {
  return buildDeadlineSettings({
    stepWorkingDays: { handle: 1, review: 1, approve: 1, sign: 1, issue: 1 },
    escalation: { interval: 'P1D', maxLevels: 3, workingDaysOnly: true },
  });
}

export async function startEscalationStack(options: {
  url: string;
  clock: ManualClock;
  smtpPort: number;
}): Promise<EscalationStack> {
  const { clock } = options;
  const logger = pino({ level: 'silent' });
  const now = () => clock.now();
  const dataSource = createDataSource(options.url, {
    entities: [...documentEntities, ...orgStructureEntities],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const engine = new EmbeddedEngine({
    dataSource,
    logger,
    clock,
    options: { schedulerEnabled: false, pollIntervalMs: 20 },
  });
  await engine.start();
  const settings = testDeadlineSettings();
  const from = 'docroute <no-reply@docroute.example.gov.vn>';
  const transport = new SmtpTransport({ url: `smtp://127.0.0.1:${options.smtpPort}` }, from);
  const mail = new MailService({
    dataSource,
    transport,
    messageIdDomain: 'docroute.example.gov.vn',
    now,
    logger,
  });
  const templates = new MailTemplates({ baseUrl: PUBLIC_URL, calendar: settings.calendar });
  const notify = { mail, templates, logger };
  const { documents } = createDocumentModule(dataSource, { now });
  const definitions = [
    deadlineComputeJob(settings, now),
    deadlineEscalateJob({ dataSource, engine, documents }, notify, settings, now),
    { type: 'document.store', handler: async () => ({ version: 1 }) },
  ];
  // Activations last a week of the manual clock, so that a test moving the clock while a job
  // runs does not hand the job to a second activation.
  const timeoutMs = 7 * 24 * 3_600_000;
  const workers: JobWorker[] = definitions.map((definition) =>
    createJobWorker(
      engine,
      { type: definition.type, timeoutMs, maxJobs: 4, pollIntervalMs: 20, logger },
      definition.handler,
    ),
  );
  return {
    dataSource,
    engine,
    settings,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      transport.close();
      await engine.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** Deploys the outgoing route from processes/. */
export async function deployOutgoingRoute(engine: EmbeddedEngine): Promise<void> {
  const name = 'outgoing-document.bpmn';
  await engine.deploy([{ name, content: readFileSync(join(processesFolder, name), 'utf8') }]);
}

/** Returns the seeded user with `username`. */
export async function seededUser(dataSource: DataSource, username: string): Promise<UserEntity> {
  return dataSource.getRepository(UserEntity).findOneByOrFail({ username });
}
