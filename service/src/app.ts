import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createHttpAccess } from './access/index.js';
import type { Config } from './config/index.js';
import { createDataSource } from './db/index.js';
import { authEntities, createLoginRuntime, requireRole } from './auth/index.js';
import { deployProcessFolder } from './deploy-processes.js';
import { documentEntities } from './documents/index.js';
import { createEngine, type EnginePort } from './engine/index.js';
import { createApp, serverUrl } from './http/index.js';
import { ModelDraftEntity, assertDeployable, createOrgCandidateGroups } from './modeler/index.js';
import { orgStructureEntities, seedDemoOrganisation } from './org/index.js';
import { TaskProjection, taskEntities } from './tasks/index.js';
import {
  createDocumentRuntime,
  startDocumentWorkers,
  type DocumentWorkers,
} from './workers/index.js';

/** Milliseconds that open requests get to finish after a stop before their sockets are closed. */
const REQUEST_GRACE_MS = 10_000;

export interface RunningService {
  /** The base URL, such as `http://127.0.0.1:3000`. */
  url: string;
  server: Server;
  engine: EnginePort;
  dataSource: DataSource;
  /** Stops accepting requests, waits for open ones, stops the engine and closes the database. */
  stop(): Promise<void>;
}

/** Creates the data source and applies pending migrations, logging each one applied. */
export async function openDatabase(config: Config, logger: Logger): Promise<DataSource> {
  const dataSource = createDataSource(config.databaseUrl, {
    entities: [
      ...documentEntities,
      ...orgStructureEntities,
      ...authEntities,
      ...taskEntities,
      ModelDraftEntity,
    ],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied)
      logger.info({ migration: migration.name }, 'migration applied');
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Creates the engine, deploys the processes folder and starts the engine. */
async function startEngine(
  config: Config,
  dataSource: DataSource,
  logger: Logger,
): Promise<EnginePort> {
  const engine = createEngine(config, { dataSource, logger });
  logger.info({ engine: engine.kind }, 'engine selected');
  try {
    // NOTE: the start-up check leaves out the rule that job types have a worker, because the
    // workers start after this deployment. A test lints processes/ with the workers' job types.
    await deployProcessFolder(
      engine,
      config.processesDir,
      logger.child({ component: 'deploy' }),
      (resources) => assertDeployable(resources, undefined),
    );
    await engine.start();
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

/**
 * Starts docroute: creates the data and outbox folders, opens and migrates the database, creates
 * the engine, deploys the processes folder, starts the engine and the document job workers, and
 * listens for HTTP.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  for (const folder of [config.dataDir, config.files.dir, config.mail.outboxDir]) {
    mkdirSync(folder, { recursive: true });
  }
  const dataSource = await openDatabase(config, logger.child({ component: 'db' }));

  let engine: EnginePort | undefined;
  let projection: TaskProjection | undefined;
  let workers: DocumentWorkers | undefined;
  let server: Server | undefined;
  let port: number;
  try {
    if (config.auth.demoSeed) {
      await seedDemoOrganisation(dataSource, { logger: logger.child({ component: 'demo-seed' }) });
    }
    engine = await startEngine(config, dataSource, logger);
    projection = new TaskProjection({
      dataSource,
      engine,
      logger: logger.child({ component: 'tasks' }),
    });
    await projection.start();
    const runtime = createDocumentRuntime({
      config,
      dataSource,
      engine,
      logger: logger.child({ component: 'documents' }),
    });
    workers = startDocumentWorkers({
      engine,
      services: runtime.services,
      config: { pollIntervalMs: config.engine.pollIntervalMs },
      logger,
    });
    const documents = {
      module: runtime.module,
      files: runtime.files,
      trustAnchors: runtime.trustAnchors,
    };
    const login = createLoginRuntime({
      dataSource,
      audit: runtime.module.audit,
      jwtSecret: config.auth.jwtSecret,
      dataDir: config.dataDir,
      logger: logger.child({ component: 'auth' }),
    });
    const servedTypes = workers.types;
    const modeler = {
      engine,
      dataSource,
      logger: logger.child({ component: 'modeler' }),
      maxBodyBytes: config.maxUploadBytes,
      registeredJobTypes: () => servedTypes,
      candidateGroups: createOrgCandidateGroups(dataSource),
      requireAnalyst: requireRole(['analyst'], login.recordRefusal),
    };
    server = createServer(
      createApp({
        engine,
        dataSource,
        config,
        logger,
        workers: workers.health,
        authenticate: login.authenticate,
        login,
        access: createHttpAccess({
          dataSource,
          audit: runtime.module.audit,
          recordRefusal: login.recordRefusal,
          users: login.users,
          units: login.units,
          logger: logger.child({ component: 'access' }),
        }),
        documents,
        modeler,
        tasks: { projection, audit: runtime.module.audit, files: runtime.files },
        tasklist: { logger: logger.child({ component: 'tasklist' }) },
        outbox: {
          dataDir: config.dataDir,
          requireAdministrator: requireRole(['administrator'], login.recordRefusal),
        },
      }),
    );
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await workers?.close();
    await projection?.stop();
    await engine?.stop();
    await dataSource.destroy();
    throw error;
  }

  const url = serverUrl(config.host, port);
  logger.info({ url, host: config.host, port }, 'listening');
  const stop = async (): Promise<void> => {
    await closeServer(server);
    await workers.close();
    await projection?.stop();
    await engine.stop();
    await dataSource.destroy();
  };
  return { url, server, engine, dataSource, stop };
}
