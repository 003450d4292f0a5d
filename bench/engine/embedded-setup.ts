import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../service/src/db/data-source.js';
import { EmbeddedEngine } from '../../service/src/engine/embedded/index.js';
import type { EnginePort } from '../../service/src/engine/port.js';
import { createLogger } from '../../service/src/log/index.js';
import type { BenchDatabase } from './options.js';
import type { SqlProfile } from './sql-profile.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

export const fixturePath = fileURLToPath(
  new URL('../fixtures/approval-bench.bpmn', import.meta.url),
);

export interface BenchEngine {
  engine: EnginePort;
  dataSource: DataSource;
  database: TempDatabase;
  /** Stops the engine, closes the data source and drops the temporary database. */
  close(): Promise<void>;
}

/**
 * Creates a temporary database, migrates it, starts the embedded engine on it and deploys the
 * benchmark process. Engine logs go to standard error at `warn` unless LOG_LEVEL sets another level.
 */
export async function openBenchEngine(
  kind: BenchDatabase,
  mariadbUrl: string,
  poolSize: number,
  profile?: SqlProfile,
): Promise<BenchEngine> {
  const database = await createTempDatabase(kind, mariadbUrl);
  const dataSource = createDataSource(database.url, { poolSize });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    await database.drop();
    throw error;
  }
  profile?.attach(dataSource);
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: pino.destination(2),
    base: { component: 'bench' },
  });
  const engine = await startEmbeddedEngine(dataSource, logger, fixturePath);
  const close = async () => {
    await engine.stop();
    await dataSource.destroy();
    await database.drop();
  };
  return { engine, dataSource, database, close };
}

/** Starts the embedded engine on `dataSource` with the service's defaults and deploys `bpmnPath`. */
export async function startEmbeddedEngine(
  dataSource: DataSource,
  logger: Logger,
  bpmnPath: string,
): Promise<EmbeddedEngine> {
  const engine = new EmbeddedEngine({
    dataSource,
    logger,
    // The service's defaults: timers polled every 500 ms, variables up to 1 MiB.
    options: { pollIntervalMs: 500, maxVariableBytes: 1024 * 1024, schedulerEnabled: true },
  });
  await engine.start();
  await engine.deploy([{ name: basename(bpmnPath), content: readFileSync(bpmnPath, 'utf8') }]);
  return engine;
}
