import { performance } from 'node:perf_hooks';
import { createDataSource } from '../../service/src/db/index.js';
import { documentEntities } from '../../service/src/documents/index.js';
import { orgStructureEntities } from '../../service/src/org/index.js';
import { taskEntities } from '../../service/src/tasks/index.js';
import type { BenchDatabase } from '../engine/options.js';
import { createTempDatabase } from '../engine/temp-database.js';
import { loadOrganisation, loadTasks, type LoadFigures } from './bulk-load.js';
import { startTaskRuntime, timeCompletions, type CompletionFigures } from './completion-timing.js';
import { sampleUsers, timePages, type Sample } from './list-timing.js';
import type { TaskListBenchOptions } from './options.js';
import { buildOrganisation, seededRandom } from './organisation.js';
import { checkAgainstProjection, type CheckFigures } from './projection-check.js';
import { TaskSpecGenerator } from './task-specs.js';

export interface DatabaseFigures {
  database: BenchDatabase;
  version: string;
  check: CheckFigures;
  load: LoadFigures;
  inboxRowsInTable: number;
  samples: Sample[];
  pagesSeconds: number;
  completions?: CompletionFigures;
}

function printProgress(text: string): void {
  process.stderr.write(`${new Date().toISOString()} ${text}\n`);
}

/**
 * Runs every measurement on one temporary database: organisation, projection check, bulk load,
 * page timings, then completions. The database is dropped at the end, also after a failure.
 */
export async function runDatabase(
  kind: BenchDatabase,
  options: TaskListBenchOptions,
  progress: (text: string) => void = printProgress,
): Promise<DatabaseFigures> {
  const database = await createTempDatabase(kind, options.mariadbUrl);
  const dataSource = createDataSource(database.url, {
    entities: [...documentEntities, ...orgStructureEntities, ...taskEntities],
  });
  let runtime: Awaited<ReturnType<typeof startTaskRuntime>> | undefined;
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const now = new Date();
    const organisation = buildOrganisation(options.units, options.users);
    await loadOrganisation(dataSource, organisation, now);
    if (options.instances > 0) runtime = await startTaskRuntime(dataSource);

    const generator = new TaskSpecGenerator(organisation, seededRandom(options.seed), now);
    progress(`${kind}: checking ${options.checkTasks} tasks against the projection`);
    const check = await checkAgainstProjection(
      dataSource,
      generator,
      organisation,
      options.checkTasks,
    );
    if (check.mismatches.length > 0) {
      throw new Error(
        `bulk rows differ from the projection's:\n${check.mismatches.slice(0, 20).join('\n')}`,
      );
    }
    progress(`${kind}: loading ${options.tasks.toLocaleString('en-US')} tasks`);
    const load = await loadTasks(dataSource, generator, organisation, {
      from: options.checkTasks,
      to: options.tasks,
    });
    const [{ count }] = await dataSource.query('SELECT COUNT(*) AS count FROM task_inbox');

    progress(`${kind}: timing pages of ${options.sampledUsers} users`);
    const users = sampleUsers(organisation, options.sampledUsers, seededRandom(options.seed + 1));
    const started = performance.now();
    const samples = await timePages(dataSource, users, options.rounds, now);
    const pagesSeconds = (performance.now() - started) / 1000;

    let completions: CompletionFigures | undefined;
    if (runtime) {
      progress(`${kind}: ${options.concurrentUsers} users completing ${options.instances} tasks`);
      completions = await timeCompletions(
        dataSource,
        runtime,
        organisation,
        options.instances,
        options.concurrentUsers,
      );
    }
    return {
      database: kind,
      version: database.version,
      check,
      load,
      inboxRowsInTable: Number(count),
      samples,
      pagesSeconds,
      completions,
    };
  } finally {
    await runtime?.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}
