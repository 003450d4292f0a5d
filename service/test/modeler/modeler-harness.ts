import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/index.js';
import { createDataSource } from '../../src/db/index.js';
import { createEngine, type EnginePort } from '../../src/engine/index.js';
import { createApp } from '../../src/http/index.js';
import { createHttpLogger, createLogger, type Logger } from '../../src/log/index.js';
import { createModelerRouter, ModelDraftEntity } from '../../src/modeler/index.js';
import { LogCapture } from '../log/capture.js';

/** The job types that the test installation treats as having workers. */
export const testJobTypes = [
  'document.register',
  'document.store',
  'signature.apply',
  'signature.apply-organisation',
  'document.issue',
  'signature.verify',
  'deadline.compute',
  'deadline.escalate',
  'notify.send',
];

export interface ModelerTestApp {
  app: Express;
  engine: EnginePort;
  dataSource: DataSource;
  logs: LogCapture;
  logger: Logger;
  /** Starts listening on 127.0.0.1 and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds the modeler router in front of the HTTP application, on a migrated database at
 * `databaseUrl` and the real embedded engine, or on `options.engine` (started by the caller and
 * stopped by `close`). There is no login: saved and deployed drafts are recorded as `analyst`.
 */
export async function startModelerTestApp(
  databaseUrl: string,
  options: { engine?: EnginePort } = {},
): Promise<ModelerTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docroute-modeler-'));
  const config = loadConfig({ DATABASE_URL: databaseUrl, DOCROUTE_DATA_DIR: dataDir });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const dataSource = createDataSource(databaseUrl, { entities: [ModelDraftEntity] });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const engine = options.engine ?? createEngine(config, { dataSource, logger });
  if (!options.engine) await engine.start();

  const app = express();
  app.use(createHttpLogger(logger));
  app.use(
    createModelerRouter({
      engine,
      dataSource,
      logger,
      maxBodyBytes: config.maxUploadBytes,
      registeredJobTypes: () => testJobTypes,
      currentUser: () => 'analyst',
    }),
  );
  app.use(createApp({ engine, dataSource, config, logger }));

  let server: Server | undefined;
  return {
    app,
    engine,
    dataSource,
    logs,
    logger,
    listen: async () => {
      server = createServer(app);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await engine.stop();
      await dataSource.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
