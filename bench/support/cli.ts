import { dropLiveDatabases } from '../engine/temp-database.js';

/**
 * Parses the command line with `parse` and runs the benchmark. An invalid flag prints the error
 * and `usage` and sets exit code 2, and --help prints `usage`. The temporary databases are dropped
 * on Ctrl+C (exit code 130) and when `run` fails (exit code 1).
 */
export function runBenchCommand<T>(
  parse: (args: string[]) => T | 'help',
  usage: string,
  run: (options: T) => Promise<void>,
): void {
  let options: T | 'help';
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(usage);
    return;
  }
  process.once('SIGINT', () => {
    void dropLiveDatabases().finally(() => process.exit(130));
  });
  run(options).catch(async (error: unknown) => {
    console.error(error);
    await dropLiveDatabases();
    process.exit(1);
  });
}

/** Parses a whole-number flag of at least `min`, or returns `fallback` when it is absent. */
export function parseCount(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`invalid ${flag} "${text}": expected a whole number of at least ${min}`);
  }
  return value;
}

/** Validates a MariaDB server URL, which must name no database, and returns it as mysql://. */
export function parseMariadbUrl(text: string): string {
  if (!URL.canParse(text)) {
    throw new Error(`invalid --mariadb-url "${text}": expected mysql://user@host:port`);
  }
  const url = new URL(text);
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new Error(`invalid --mariadb-url "${text}": expected mysql://user@host:port`);
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new Error(
      `invalid --mariadb-url "${text}": leave out the database name, the benchmark creates its own`,
    );
  }
  return `mysql://${url.username}${url.password ? `:${url.password}` : ''}@${url.host}`;
}
