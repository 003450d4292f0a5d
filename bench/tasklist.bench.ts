/**
 * Task list benchmark: `npm run bench:tasklist -- [--tasks N] [--users N]
 * [--databases sqlite,mysql] [--quick]` (`--help` lists all flags).
 *
 * For each database it generates an organisation (two agencies, their units and users) and open
 * tasks waiting at the user tasks of processes/*.bpmn. It checks a sample of its bulk rows against
 * what `TaskProjection.apply` writes and bulk-loads the rest. It then times pages through
 * `TaskListService` for a sample of users: first page, next page by cursor, urgency + overdue
 * filter, and two text searches. Last, users complete task-tracking tasks at once through
 * `TaskActionService.complete` on the embedded engine. The last line of output is one JSON object
 * with every figure, and results are kept in BENCHMARKS.md.
 */
import { describeLoad, describeMachine, currentLoad } from './engine/report.js';
import { runBenchCommand } from './support/cli.js';
import { parseTaskListOptions, usage, type TaskListBenchOptions } from './tasklist/options.js';
import { formatDatabase, formatTargets, headline } from './tasklist/report.js';
import { runDatabase, type DatabaseFigures } from './tasklist/run-database.js';

async function runBenchmark(options: TaskListBenchOptions): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = currentLoad();
  console.log(`task list benchmark, ${startedAt.toISOString()}`);
  console.log(describeMachine());
  console.log(describeLoad('at start', loadAtStart));
  console.log(
    `${options.tasks.toLocaleString('en-US')} open tasks, ${options.users} users in ${options.units} units, ` +
      `${options.sampledUsers} users timed ${options.rounds} times`,
  );
  const results: DatabaseFigures[] = [];
  for (const database of options.databases) {
    const result = await runDatabase(database, options);
    results.push(result);
    console.log(formatDatabase(result));
  }
  const loadAtEnd = currentLoad();
  console.log(describeLoad('at end', loadAtEnd));
  for (const line of formatTargets(results)) console.log(line);
  console.log(
    JSON.stringify(headline(options, startedAt, { start: loadAtStart, end: loadAtEnd }, results)),
  );
}

runBenchCommand(parseTaskListOptions, usage, runBenchmark);
