import type { DataSource, EntityManager } from 'typeorm';

const sqliteWriteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** MySQL error numbers after which the whole transaction may simply be run again. */
const RETRYABLE_MYSQL_ERRORS = new Set([
  1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */,
]);
const MAX_ATTEMPTS = 3;

/**
 * Runs `work` in one database transaction and returns its result.
 *
 * SQLite: a TypeORM better-sqlite3 data source has a single connection, which cannot hold two
 * open transactions, so the writers of this process queue here and run one after another. Every
 * write on SQLite must come through here (or the engine, which shares the queue): a bare
 * `repository.save` opens a transaction of its own that can collide with a queued one.
 * MySQL/MariaDB: each call takes its own pooled connection, and `work` serialises itself with row
 * locks (SELECT ... FOR UPDATE), and a deadlock or lock wait timeout reruns it up to 3 times.
 */
export async function runWriteTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'better-sqlite3') return queueSqliteWrite(dataSource, work);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableMysqlError(error)) throw error;
    }
  }
}

function queueSqliteWrite<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return serialiseOnSqlite(dataSource, () => dataSource.transaction(work));
}

/**
 * Runs `work` after every earlier call for the same SQLite data source has settled, so that the
 * single connection of TypeORM's better-sqlite3 driver never has two transactions open at once.
 * Every writer in the process (the engine and the document services) goes through this one queue.
 */
export function serialiseOnSqlite<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  // NOTE: this queue serialises the writers of one process only. A second process writing the
  // same SQLite file relies on busy_timeout and may still see SQLITE_BUSY.
  const previous = sqliteWriteQueues.get(dataSource) ?? Promise.resolve();
  const next = previous.then(work, work);
  sqliteWriteQueues.set(
    dataSource,
    next.catch(() => undefined),
  );
  return next;
}

function isRetryableMysqlError(error: unknown): boolean {
  const errno =
    (error as { errno?: unknown; driverError?: { errno?: unknown } })?.driverError?.errno ??
    (error as { errno?: unknown })?.errno;
  return typeof errno === 'number' && RETRYABLE_MYSQL_ERRORS.has(errno);
}
