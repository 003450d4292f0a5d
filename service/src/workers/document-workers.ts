import type { Logger } from 'pino';
import { buildDeadlineSettings } from '../calendar/index.js';
import { createJobWorker, type EnginePort, type JobWorker } from '../engine/index.js';
import { deadlineComputeJob } from './deadline-compute.worker.js';
import { deadlineEscalateJob } from './deadline-escalate.worker.js';
import { documentIssueJob } from './document-issue.worker.js';
import { documentRegisterJob } from './document-register.worker.js';
import { documentReplyJob } from './document-reply.worker.js';
import { documentStoreJob } from './document-store.worker.js';
import { notifySendJob } from './notify-send.worker.js';
import { signatureApplyOrganisationJob } from './signature-apply-organisation.worker.js';
import { signatureApplyJob } from './signature-apply.worker.js';
import { signatureVerifyJob } from './signature-verify.worker.js';
import type { DocumentJobDefinition, DocumentWorkerServices } from './worker-context.js';

export interface DocumentWorkerConfig {
  /** Milliseconds one activation request waits for jobs; also the pause after an empty poll. */
  pollIntervalMs: number;
  /** Milliseconds an activated job stays reserved; signing a large PDF must fit in it. */
  jobTimeoutMs?: number;
  maxJobs?: number;
}

export interface DocumentWorkers {
  /** The job types served, in start order. */
  types: string[];
  workers: JobWorker[];
  /** Stops polling and waits for every running handler. */
  close(): Promise<void>;
  health(): { ok: boolean; details: Record<string, unknown> };
}

/**
 * Builds the definitions of every document job type on `services`, with `deadline.compute`, and
 * `notify.send` and `deadline.escalate` when `services.notify` is set.
 */
export function documentJobDefinitions(services: DocumentWorkerServices): DocumentJobDefinition[] {
  const now = services.now ?? (() => new Date());
  const deadlines = services.deadlines ?? buildDeadlineSettings();
  return [
    documentRegisterJob(services),
    documentStoreJob(services),
    signatureApplyJob(services),
    signatureApplyOrganisationJob(services),
    documentIssueJob(services),
    documentReplyJob(services),
    signatureVerifyJob(services),
    deadlineComputeJob(deadlines, now),
    ...(services.notify
      ? [
          notifySendJob(services, services.notify, now),
          deadlineEscalateJob(services, services.notify, deadlines, now),
        ]
      : []),
  ];
}

/** Starts one polling worker per document job type on `engine`. */
export function startDocumentWorkers(options: {
  engine: EnginePort;
  services: DocumentWorkerServices;
  config: DocumentWorkerConfig;
  logger: Logger;
}): DocumentWorkers {
  const { engine, services, config } = options;
  const logger = options.logger.child({ component: 'document-workers' });
  const definitions = documentJobDefinitions(services);
  let closed = false;
  const workers = definitions.map((definition) =>
    createJobWorker(
      engine,
      {
        type: definition.type,
        timeoutMs: config.jobTimeoutMs ?? 60_000,
        maxJobs: config.maxJobs ?? 4,
        pollIntervalMs: config.pollIntervalMs,
        logger,
      },
      definition.handler,
    ),
  );
  const types = definitions.map((definition) => definition.type);
  return {
    types,
    workers,
    close: async () => {
      closed = true;
      await Promise.all(workers.map((worker) => worker.close()));
    },
    health: () => ({ ok: !closed, details: { running: closed ? [] : types } }),
  };
}
