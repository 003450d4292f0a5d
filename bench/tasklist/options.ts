import { parseArgs } from 'node:util';
import type { BenchDatabase } from '../engine/options.js';
import { parseCount, parseMariadbUrl } from '../support/cli.js';

export interface TaskListBenchOptions {
  /** Open tasks loaded into each database. */
  tasks: number;
  /** Users of the generated organisation. */
  users: number;
  units: number;
  /** Users whose pages are timed, and how many times each. */
  sampledUsers: number;
  rounds: number;
  /** Tasks written through the projection to check the bulk rows. */
  checkTasks: number;
  /** Task-tracking instances completed, and the users completing them at once. */
  instances: number;
  concurrentUsers: number;
  databases: BenchDatabase[];
  mariadbUrl: string;
  seed: number;
}

export const usage = `Usage: npm run bench:tasklist -- [options]

Loads open tasks into the task list tables of a temporary SQLite file and a temporary MariaDB
database, times task list pages through TaskListService and concurrent completions through
TaskActionService on the embedded engine, then prints a report and, as the last line, one JSON
object.

  --tasks N              open tasks loaded per database (default 1000000)
  --users N              users of the generated organisation (default 2000)
  --units N              units, split between two agencies (default 40)
  --sampled-users N      users whose pages are timed (default 500)
  --rounds N             times each sampled user's pages are timed (default 2)
  --check-tasks N        tasks written through the projection and compared with the bulk rows
                         (default 200)
  --instances N          task-tracking instances completed (default 2000; 0 skips completions)
  --concurrent-users N   users completing tasks at once (default 200)
  --databases LIST       comma-separated, from sqlite and mysql (or mariadb)
                         (default sqlite,mysql)
  --mariadb-url URL      MariaDB server without a database name
                         (default mysql://root@127.0.0.1:3306)
  --seed N               seed of the generated data (default 1)
  --quick                smoke check: 20,000 tasks, 100 users, 40 sampled, 200 instances
  --help                 print this text
`;

const defaults = {
  tasks: 1_000_000,
  users: 2000,
  units: 40,
  sampledUsers: 500,
  rounds: 2,
  checkTasks: 200,
  instances: 2000,
  concurrentUsers: 200,
};

const quickDefaults: typeof defaults = {
  tasks: 20_000,
  users: 100,
  units: 10,
  sampledUsers: 40,
  rounds: 1,
  checkTasks: 50,
  instances: 200,
  concurrentUsers: 50,
};

const COUNT_FLAGS = {
  tasks: ['tasks', 1],
  users: ['users', 20],
  units: ['units', 4],
  sampledUsers: ['sampled-users', 1],
  rounds: ['rounds', 1],
  checkTasks: ['check-tasks', 0],
  instances: ['instances', 0],
  concurrentUsers: ['concurrent-users', 1],
} as const;

/** Parses the command line; throws an error naming the bad value and the accepted form. */
export function parseTaskListOptions(argv: string[]): TaskListBenchOptions | 'help' {
  const stringOption = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      tasks: stringOption,
      users: stringOption,
      units: stringOption,
      'sampled-users': stringOption,
      rounds: stringOption,
      'check-tasks': stringOption,
      instances: stringOption,
      'concurrent-users': stringOption,
      databases: stringOption,
      'mariadb-url': stringOption,
      seed: stringOption,
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const base = values.quick ? quickDefaults : defaults;
  const counts = {} as Record<keyof typeof defaults, number>;
  for (const [name, [flag, min]] of Object.entries(COUNT_FLAGS) as Array<
    [keyof typeof defaults, readonly [string, number]]
  >) {
    const text = (values as Record<string, string | boolean | undefined>)[flag];
    counts[name] = parseCount(`--${flag}`, text as string | undefined, base[name], min);
  }
  if (counts.checkTasks > counts.tasks) counts.checkTasks = counts.tasks;
  return {
    ...counts,
    databases: parseDatabases(values.databases ?? 'sqlite,mysql'),
    mariadbUrl: parseMariadbUrl(values['mariadb-url'] ?? 'mysql://root@127.0.0.1:3306'),
    seed: parseCount('--seed', values.seed, 1, 0),
  };
}

function parseDatabases(text: string): BenchDatabase[] {
  const names = text.split(',').map((name) => name.trim());
  const kinds = names.map((name) => {
    if (name === 'sqlite') return 'sqlite';
    if (name === 'mysql' || name === 'mariadb') return 'mariadb';
    throw new Error(`invalid database "${name}": expected sqlite, mysql or mariadb`);
  });
  return [...new Set(kinds)] as BenchDatabase[];
}
