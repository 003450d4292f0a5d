/**
 * Escalation benchmark: `npm run bench:escalation -- [--tasks N] [--overdue-percent P]
 * [--databases sqlite,mariadb] [--mariadb-url URL]`.
 *
 * Builds `--tasks` open approval tasks (default 1,000,000), of which `--overdue-percent` (default
 * 1) are overdue, on a temporary SQLite file and a temporary MariaDB database. The overdue ones
 * are real instances of an approval task with the routes' reminder and escalation timers,
 * started through the embedded engine. Each other task is two timer rows inserted directly and
 * due days later, because starting a million instances would take hours. The clock then moves past the overdue due dates and the benchmark
 * measures:
 * - find: the scheduler's query for due timers (`engine_timer` by `due_at`), run once for every
 *   hit, with the rows it read (MariaDB: Handler_read_* session counters; SQLite: the query
 *   plan, which shows whether it searches the index or scans the table);
 * - queue: firing every due timer through the engine's runDueWork until none is left, which
 *   creates one `deadline.escalate` job per overdue task, with the rows read per task (MariaDB:
 *   global Handler_read_* counters, so other clients of the server count too).
 * The last line of output is one JSON object.
 */
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../service/src/db/data-source.js';
import { EmbeddedEngine, ManualClock } from '../../service/src/engine/embedded/index.js';
import type { BenchDatabase } from '../engine/options.js';
import { currentLoad, describeLoad, describeMachine } from '../engine/report.js';
import { createTempDatabase, dropLiveDatabases } from '../engine/temp-database.js';
import { BENCH_PROCESS_ID, benchProcessXml } from './escalation-process.js';
import { insertOpenTaskTimers, sqlTime, startOverdueInstances } from './open-tasks.js';

interface Options {
  tasks: number;
  overduePercent: number;
  databases: BenchDatabase[];
  mariadbUrl: string;
}

interface Figures {
  database: BenchDatabase;
  version: string;
  overdue: number;
  setupSeconds: number;
  findMs: number;
  hits: number;
  /** Rows the find query read per hit; null where the database has no counter for it. */
  findRowsReadPerHit: number | null;
  plan: string;
  queueMs: number;
  queuedJobs: number;
  rowsReadPerEscalatedTask: number | null;
}

const HOUR_MS = 3_600_000;
const dueQuery = 'SELECT `key` FROM engine_timer WHERE due_at <= ? ORDER BY due_at, `key`';

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '1000000' },
      'overdue-percent': { type: 'string', default: '1' },
      databases: { type: 'string', default: 'sqlite,mariadb' },
      'mariadb-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306' },
    },
  });
  const tasks = Number(values.tasks);
  const overduePercent = Number(values['overdue-percent']);
  if (!Number.isInteger(tasks) || tasks < 100) throw new Error('--tasks must be 100 or more');
  if (!(overduePercent > 0 && overduePercent <= 100)) {
    throw new Error('--overdue-percent must be above 0 and at most 100');
  }
  const databases = values.databases.split(',') as BenchDatabase[];
  if (databases.some((kind) => kind !== 'sqlite' && kind !== 'mariadb')) {
    throw new Error('--databases must list sqlite and/or mariadb');
  }
  return { tasks, overduePercent, databases, mariadbUrl: values['mariadb-url'] };
}

async function handlerReads(connection: mysql.Connection, scope: 'SESSION' | 'GLOBAL') {
  const [rows] = await connection.query(`SHOW ${scope} STATUS LIKE 'Handler_read%'`);
  return (rows as { Variable_name: string; Value: string }[])
    .filter((row) => row.Variable_name !== 'Handler_read_retry')
    .reduce((sum, row) => sum + Number(row.Value), 0);
}

async function queryPlan(kind: BenchDatabase, dataSource: DataSource, now: Date): Promise<string> {
  if (kind === 'sqlite') {
    const rows: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${dueQuery}`, [
      sqlTime(now),
    ]);
    return rows.map((row) => row.detail).join('; ');
  }
  const rows: { type: string; key: string | null; rows: number; Extra: string }[] =
    await dataSource.query(`EXPLAIN ${dueQuery}`, [sqlTime(now)]);
  return rows
    .map((row) => `type=${row.type} key=${row.key} rows=${row.rows} ${row.Extra}`)
    .join('; ');
}

/** Runs the due query once on its own connection, counting MariaDB's rows read. */
async function measureFind(kind: BenchDatabase, url: string, dataSource: DataSource, now: Date) {
  if (kind === 'sqlite') {
    const started = performance.now();
    const rows: unknown[] = await dataSource.query(dueQuery, [sqlTime(now)]);
    return { findMs: performance.now() - started, hits: rows.length, rowsRead: null };
  }
  const connection = await mysql.createConnection(url);
  try {
    const before = await handlerReads(connection, 'SESSION');
    const started = performance.now();
    const [rows] = await connection.query(dueQuery, [sqlTime(now)]);
    const findMs = performance.now() - started;
    const rowsRead = (await handlerReads(connection, 'SESSION')) - before;
    return { findMs, hits: (rows as unknown[]).length, rowsRead };
  } finally {
    await connection.end();
  }
}

async function runOne(kind: BenchDatabase, options: Options): Promise<Figures> {
  const setupStarted = performance.now();
  const database = await createTempDatabase(kind, options.mariadbUrl);
  const dataSource = createDataSource(database.url, { poolSize: 8 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const clock = new ManualClock(new Date());
  const engine = new EmbeddedEngine({
    dataSource,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    clock,
    options: { schedulerEnabled: false },
  });
  try {
    await engine.start();
    await engine.deploy([{ name: `${BENCH_PROCESS_ID}.bpmn`, content: benchProcessXml }]);
    const [definition] = await engine.listDefinitions({ bpmnProcessId: BENCH_PROCESS_ID });
    const overdue = Math.round((options.tasks * options.overduePercent) / 100);
    const concurrency = kind === 'sqlite' ? 1 : 8;
    await startOverdueInstances(engine, clock.now(), {
      count: overdue,
      dueInMinutes: 60,
      concurrency,
    });
    await insertOpenTaskTimers(
      dataSource,
      definition!.processDefinitionKey,
      clock.now(),
      options.tasks - overdue,
    );
    await dataSource.query(kind === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE engine_timer');
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(
      `${kind}: ${options.tasks} open tasks, ${overdue} overdue, set up in ${setupSeconds.toFixed(0)} s`,
    );

    clock.advance(2 * HOUR_MS);
    const now = clock.now();
    const plan = await queryPlan(kind, dataSource, now);
    const find = await measureFind(kind, database.url, dataSource, now);
    const queue = await measureQueue(kind, database.url, engine, overdue);
    const [{ count }] = await dataSource.query(
      "SELECT COUNT(*) AS count FROM engine_job WHERE type = 'deadline.escalate'",
    );
    return {
      database: kind,
      version: database.version,
      overdue,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      findMs: Number(find.findMs.toFixed(1)),
      hits: find.hits,
      findRowsReadPerHit:
        find.rowsRead === null ? null : Number((find.rowsRead / Math.max(find.hits, 1)).toFixed(2)),
      plan,
      queueMs: Number(queue.queueMs.toFixed(0)),
      queuedJobs: Number(count),
      rowsReadPerEscalatedTask:
        queue.rowsRead === null ? null : Number((queue.rowsRead / Math.max(overdue, 1)).toFixed(1)),
    };
  } finally {
    await engine.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}

/** Fires every due timer through runDueWork, counting MariaDB's rows read server-wide. */
async function measureQueue(
  kind: BenchDatabase,
  url: string,
  engine: EmbeddedEngine,
  overdue: number,
) {
  const connection = kind === 'mariadb' ? await mysql.createConnection(url) : undefined;
  try {
    const before = connection ? await handlerReads(connection, 'GLOBAL') : 0;
    const started = performance.now();
    let fired = 0;
    for (let batch = await engine.runDueWork(); batch > 0; batch = await engine.runDueWork()) {
      fired += batch;
    }
    const queueMs = performance.now() - started;
    const rowsRead = connection ? (await handlerReads(connection, 'GLOBAL')) - before : null;
    if (fired !== overdue) log(`warning: fired ${fired} timers for ${overdue} overdue tasks`);
    return { queueMs, rowsRead };
  } finally {
    await connection?.end();
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function report(figures: Figures): void {
  log(`${figures.database} (${figures.version}):`);
  log(`  plan: ${figures.plan}`);
  const perHit =
    figures.findRowsReadPerHit === null
      ? 'rows read not counted'
      : `${figures.findRowsReadPerHit} rows read per hit`;
  log(`  find: ${figures.hits} due timers in ${figures.findMs} ms, ${perHit}`);
  const perTask =
    figures.rowsReadPerEscalatedTask === null
      ? ''
      : `, ${figures.rowsReadPerEscalatedTask} rows read per escalated task (server-wide counters)`;
  log(`  queue: ${figures.queuedJobs} deadline.escalate jobs in ${figures.queueMs} ms${perTask}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const loadStart = currentLoad();
  log(describeMachine());
  log(describeLoad('at start', loadStart));
  const results: Figures[] = [];
  for (const kind of options.databases) {
    const figures = await runOne(kind, options);
    report(figures);
    results.push(figures);
  }
  const loadEnd = currentLoad();
  log(describeLoad('at end', loadEnd));
  log(
    JSON.stringify({
      tasks: options.tasks,
      overduePercent: options.overduePercent,
      load: { start: loadStart, end: loadEnd },
      results,
    }),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await dropLiveDatabases();
  process.exit(1);
});
