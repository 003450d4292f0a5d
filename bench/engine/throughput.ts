import type { DataSource } from 'typeorm';
import { CpuMeter, type CpuSeconds } from './cpu-time.js';
import { assertCompleted, driveInstances } from './embedded-driver.js';
import { openBenchEngine } from './embedded-setup.js';
import type { BenchDatabase, BenchOptions } from './options.js';
import { SqlProfile } from './sql-profile.js';
import type { StepSummary } from './step-recorder.js';
import { measureStorage, storagePerInstance } from './temp-database.js';

/** Instances run before the timed run, so that JIT compilation and caches do not count. */
const warmUpInstances = 100;

export interface ThroughputFigures {
  database: BenchDatabase;
  version: string;
  instances: number;
  concurrency: number;
  steps: StepSummary;
  instancesPerSecond: number;
  /** Rows and bytes added to the `engine_*` tables per finished instance. */
  storage: { rows: number; bytes: number; rowsByTable: Record<string, number> };
  /** CPU time used during the timed run. */
  cpu: CpuSeconds;
  /** SQL statements the engine sent during the timed run. */
  statements: number;
  /**
   * Statements the MariaDB server executed during the timed run, from every client (its
   * `Questions` status counter). More than `statements` means other clients shared the server.
   */
  serverStatements?: number;
  /** The statement timing table, when `--sql-profile` was given. */
  sqlProfile?: string;
}

/**
 * Runs the timed throughput phase on a fresh temporary database: warm up, read the storage, drive
 * `options.instances` instances to their end, check that each one completed, read the storage
 * again.
 */
export async function measureThroughput(
  database: BenchDatabase,
  options: BenchOptions,
): Promise<ThroughputFigures> {
  // Always attached to count statements; the timing table is printed only for --sql-profile.
  const profile = new SqlProfile();
  const poolSize = options.concurrency + 2;
  const bench = await openBenchEngine(database, options.mariadbUrl, poolSize, profile);
  try {
    const warmUp = Math.min(warmUpInstances, options.instances);
    await driveInstances(bench.engine, warmUp, options.concurrency);
    const before = await measureStorage(database, bench.dataSource);
    const meter = new CpuMeter();
    const questionsBefore = await serverQuestions(database, bench.dataSource);
    profile.start();
    meter.start();
    const run = await driveInstances(bench.engine, options.instances, options.concurrency, warmUp);
    const cpu = meter.read(database === 'mariadb');
    profile.stop();
    const questionsAfter = await serverQuestions(database, bench.dataSource);
    await assertCompleted(bench.engine, run.processInstanceKeys);
    const after = await measureStorage(database, bench.dataSource);
    const steps = run.recorder.summarize();
    return {
      database,
      version: bench.database.version,
      instances: options.instances,
      concurrency: options.concurrency,
      steps,
      instancesPerSecond: options.instances / steps.seconds,
      storage: storagePerInstance(before, after, options.instances),
      cpu,
      statements: profile.statements,
      serverStatements:
        questionsBefore === undefined || questionsAfter === undefined
          ? undefined
          : questionsAfter - questionsBefore - 1,
      sqlProfile: options.sqlProfile ? profile.format(steps.steps) : undefined,
    };
  } finally {
    await bench.close();
  }
}

/** Reads MariaDB's global `Questions` counter: statements executed since the server started. */
async function serverQuestions(
  database: BenchDatabase,
  dataSource: DataSource,
): Promise<number | undefined> {
  if (database !== 'mariadb') return undefined;
  const rows: Array<{ Value: string }> = await dataSource.query(
    "SHOW GLOBAL STATUS LIKE 'Questions'",
  );
  return Number(rows[0]?.Value);
}
