import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/index.js';
import type { DocumentModule } from '../documents/index.js';
import type { EnginePort } from '../engine/index.js';
import type { FileStore } from '../files/index.js';
import type { ModelerDependencies } from '../modeler/index.js';

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
  /** The job workers' state for `/health`; health omits workers when absent. */
  workers?: () => WorkerHealth | Promise<WorkerHealth>;
  /** Document, file and signature routes; they are not mounted when absent. */
  documents?: DocumentHttpDependencies;
  /** The BPMN modeler at `/modeler` and its API at `/api/modeler`; not mounted when absent. */
  modeler?: ModelerDependencies;
}

export interface DocumentHttpDependencies {
  module: DocumentModule;
  files: FileStore;
  /** PEM certificates trusted when `POST /api/signatures/verify` checks signer chains. */
  trustAnchors: string[];
}
