import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { HttpAccess } from '../access/index.js';
import type { Config } from '../config/index.js';
import type { DocumentModule } from '../documents/index.js';
import type { EnginePort } from '../engine/index.js';
import type { FileStore } from '../files/index.js';
import type { OutboxRouterDependencies } from '../mail/index.js';
import type { ModelerDependencies } from '../modeler/index.js';
import type { TaskHttpDependencies } from '../tasks/index.js';
import type { TasklistRouterDependencies } from '../tasklist/index.js';

/** The state of the job workers, as the health endpoint reports it. */
export interface WorkerHealth {
  ok: boolean;
  details?: Record<string, unknown>;
}

export interface HttpDependencies {
  engine: EnginePort;
  dataSource: DataSource;
  config: Pick<Config, 'maxUploadBytes'>;
  logger: Logger;
  /**
   * Authentication and authorisation for every `/api` route; a pass-through when absent.
   * `/health` stays open so that probes need no credentials.
   */
  authenticate?: RequestHandler;
  /**
   * `/api/auth` (mounted ahead of `authenticate`, because login carries no token) and `/api/org`;
   * not mounted when absent.
   */
  login?: { authRouter: Router; orgRouter: Router };
  /**
   * Rights checks by role, agency, participation and secrecy on every `/api` route; pass it
   * together with `authenticate`. Without it every caller may use every route.
   */
  access?: HttpAccess;
  /** The job workers' state for `/health`; health omits workers when absent. */
  workers?: () => WorkerHealth | Promise<WorkerHealth>;
  /** Document, file and signature routes; they are not mounted when absent. */
  documents?: DocumentHttpDependencies;
  /** The BPMN modeler at `/modeler` and its API at `/api/modeler`; not mounted when absent. */
  modeler?: ModelerDependencies;
  /** `/api/outbox`: the e-mails in the outbox folder, for administrators; not mounted when absent. */
  outbox?: OutboxRouterDependencies;
  /** `/api/tasks` and `/api/routes`; not mounted when absent. */
  tasks?: TaskHttpDependencies;
  /** The staff task list at `/tasklist`, where `/` redirects. It is not mounted when absent. */
  tasklist?: TasklistRouterDependencies;
}

export interface DocumentHttpDependencies {
  module: DocumentModule;
  files: FileStore;
  /** PEM certificates trusted when `POST /api/signatures/verify` checks signer chains. */
  trustAnchors: string[];
}
