import { parseArgs } from 'node:util';
import { parseCount, parseMariadbUrl } from '../support/cli.js';

export type BenchDatabase = 'sqlite' | 'mariadb';

export interface BenchOptions {
  /** Instances driven to completion per database. */
  instances: number;
  /** Instances in flight at once. */
  concurrency: number;
  /** Instances left waiting at the first user task for the memory measurement; 0 skips it. */
  waiting: number;
  /** Instances driven through bpmn-engine for the comparison; 0 skips it. */
  baselineInstances: number;
  databases: BenchDatabase[];
  /** Server URL without a database name; the benchmark creates and drops its own database. */
  mariadbUrl: string;
  /** Whether to time every SQL statement of the timed run and print the slowest kinds. */
  sqlProfile: boolean;
  /** Set in the child process that runs the memory measurement for one database. */
  waitingChild?: BenchDatabase;
}

export const usage = `Usage: npm run bench:engine -- [options]

Drives the approval-bench process through the embedded engine on SQLite and MariaDB, and through
bpmn-engine in memory, then prints a report and, as the last line, one JSON object.

  --instances N          instances driven to completion per database (default 5000)
  --concurrency N        instances in flight at once (default 16)
  --waiting N            instances left waiting at a user task for the memory figure
                         (default 100000; 0 skips the measurement)
  --baseline-instances N instances run on bpmn-engine (default 2000; 0 skips it)
  --databases LIST       comma-separated, from sqlite and mariadb (default sqlite,mariadb)
  --mariadb-url URL      MariaDB server without a database name
                         (default mysql://root@127.0.0.1:3306)
  --sql-profile          time every SQL statement of the timed runs and list the costliest
  --quick                smoke check: 200 instances, 1000 waiting, 200 on bpmn-engine
  --help                 print this text
`;

const defaults = {
  instances: 5000,
  concurrency: 16,
  waiting: 100_000,
  baselineInstances: 2000,
};

const quickDefaults = {
  instances: 200,
  concurrency: 8,
  waiting: 1000,
  baselineInstances: 200,
};

/** Parses the command line; throws an error naming the bad value and the accepted form. */
export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      instances: { type: 'string' },
      concurrency: { type: 'string' },
      waiting: { type: 'string' },
      'baseline-instances': { type: 'string' },
      databases: { type: 'string' },
      'mariadb-url': { type: 'string' },
      quick: { type: 'boolean' },
      'sql-profile': { type: 'boolean' },
      help: { type: 'boolean' },
      'waiting-child': { type: 'string' },
    },
  });
  if (values.help) return 'help';
  const base = values.quick ? quickDefaults : defaults;
  const options: BenchOptions = {
    instances: parseCount('--instances', values.instances, base.instances, 1),
    concurrency: parseCount('--concurrency', values.concurrency, base.concurrency, 1),
    waiting: parseCount('--waiting', values.waiting, base.waiting, 0),
    baselineInstances: parseCount(
      '--baseline-instances',
      values['baseline-instances'],
      base.baselineInstances,
      0,
    ),
    databases: parseDatabases(values.databases ?? 'sqlite,mariadb'),
    mariadbUrl: parseMariadbUrl(values['mariadb-url'] ?? 'mysql://root@127.0.0.1:3306'),
    sqlProfile: values['sql-profile'] === true,
  };
  if (values['waiting-child'] !== undefined) {
    options.waitingChild = parseDatabases(values['waiting-child'])[0];
  }
  return options;
}

function parseDatabases(text: string): BenchDatabase[] {
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'mariadb') {
      throw new Error(`invalid database "${name}": expected sqlite or mariadb`);
    }
  }
  return [...new Set(names)] as BenchDatabase[];
}
