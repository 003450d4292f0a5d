import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createEngine, type EnginePort } from '../../src/engine/index.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log/index.js';
import { LogCapture } from '../log/capture.js';

export const fixturesDir = join(import.meta.dirname, 'fixtures');

/** Small, so that the tests can exceed it without sending megabytes. */
export const testUploadLimit = 64 * 1024;

export interface TestApp {
  app: Express;
  engine: EnginePort;
  dataSource: DataSource;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * Builds the HTTP application on the real embedded engine and a migrated database at
 * `databaseUrl`, with logs captured in memory.
 */
export async function startTestApp(databaseUrl: string): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docroute-http-'));
  const config = {
    ...loadConfig({ DATABASE_URL: databaseUrl, DOCROUTE_DATA_DIR: dataDir }),
    maxUploadBytes: testUploadLimit,
  };
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const dataSource = await openDatabase(config, logger);
  const engine = createEngine(config, { dataSource, logger });
  await engine.start();
  const app = createApp({ engine, dataSource, config, logger });
  return {
    app,
    engine,
    dataSource,
    logs,
    close: async () => {
      await engine.stop();
      await dataSource.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Calls `read` until `accept` holds for its result, for steps that the engine finishes after the
 * request that started them has returned. Gives up after `attempts` tries 20 ms apart.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  attempts = 100,
): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < attempts && !accept(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}
