/**
 * Optional statement timing (`--sql-profile`): wraps the data source's query runners so that
 * every SQL statement the engine sends is timed, grouped by its text with parameter lists
 * collapsed. The time runs from the call until the driver returns, so on SQLite it includes
 * the wait for the single connection, and on MariaDB it does not include waiting for a pooled
 * connection.
 */
import type { DataSource } from 'typeorm';

interface StatementStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

export class SqlProfile {
  private readonly stats = new Map<string, StatementStats>();
  private recording = false;

  /** Statements recorded since the last `start()`. */
  get statements(): number {
    let count = 0;
    for (const entry of this.stats.values()) count += entry.count;
    return count;
  }

  /** Times every statement run through runners that `dataSource` creates from now on. */
  attach(dataSource: DataSource): void {
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    // The SQLite driver hands out one shared runner, which must be wrapped only once.
    const wrapped = new WeakSet<object>();
    dataSource.createQueryRunner = (mode) => {
      const runner = createQueryRunner(mode);
      if (wrapped.has(runner)) return runner;
      wrapped.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = (async (...args: unknown[]) => {
        const begin = performance.now();
        try {
          return await query(...args);
        } finally {
          if (this.recording) this.record(String(args[0]), performance.now() - begin);
        }
      }) as typeof runner.query;
      return runner;
    };
  }

  start(): void {
    this.stats.clear();
    this.recording = true;
  }

  stop(): void {
    this.recording = false;
  }

  private record(sql: string, ms: number): void {
    const shape = statementShape(sql);
    const entry = this.stats.get(shape) ?? { count: 0, totalMs: 0, maxMs: 0 };
    entry.count += 1;
    entry.totalMs += ms;
    entry.maxMs = Math.max(entry.maxMs, ms);
    this.stats.set(shape, entry);
  }

  /** Formats the `limit` statements with the most total time, with counts per engine step. */
  format(steps: number, limit = 20): string {
    const entries = [...this.stats.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs);
    const statements = entries.reduce((sum, [, entry]) => sum + entry.count, 0);
    const totalMs = entries.reduce((sum, [, entry]) => sum + entry.totalMs, 0);
    const lines = [
      `sql profile          ${statements} statements (${(statements / steps).toFixed(1)} per step), ` +
        `${(totalMs / 1000).toFixed(1)} s summed over concurrent connections`,
      '  per step  mean ms   max ms  total s  statement',
    ];
    for (const [shape, entry] of entries.slice(0, limit)) {
      const columns = [
        (entry.count / steps).toFixed(2).padStart(8),
        (entry.totalMs / entry.count).toFixed(2).padStart(8),
        entry.maxMs.toFixed(1).padStart(8),
        (entry.totalMs / 1000).toFixed(2).padStart(8),
      ];
      lines.push(`  ${columns.join(' ')}  ${shape}`);
    }
    return lines.join('\n');
  }
}

/** Collapses whitespace, placeholder lists and multi-row VALUES so equal statements group. */
function statementShape(sql: string): string {
  const shape = sql
    .replace(/\s+/g, ' ')
    .replace(/\((\s*\?\s*,)+\s*\?\s*\)/g, '(?…)')
    .replace(/(\(\?…\)\s*,\s*)+\(\?…\)/g, '(?…)…')
    .trim();
  return shape.length > 110 ? `${shape.slice(0, 109)}…` : shape;
}
