import type { DataSource } from 'typeorm';

/** A statement with its bound parameters. */
export type Statement = [sql: string, parameters: unknown[]];

/** The outcome of a statement: the rows of a SELECT, or the matched row count of a write. */
export interface StatementResult {
  records: Record<string, unknown>[];
  affected: number;
}

interface RawConnection {
  query(
    sql: string,
    parameters: unknown[],
    callback: (error: Error | null, results: unknown) => void,
  ): void;
  release(): void;
}

interface RawPool {
  getConnection(callback: (error: Error | null, connection: RawConnection) => void): void;
  end(callback: (error: Error | null) => void): void;
}

interface TypeOrmMysqlDriver {
  mysql: { createPool(options: Record<string, unknown>): RawPool };
  options: Record<string, unknown>;
  createConnectionOptions(options: unknown, credentials: unknown): unknown;
}

/**
 * The engine's own mysql2 pool on the data source's server, with the same connection options
 * as TypeORM's pool plus `multipleStatements`, so that a step sends its writes and COMMIT in
 * one round trip. Every value still goes through mysql2's placeholder escaping, and the SQL
 * text is built only from the engine's constant table and column names, so no caller input can
 * add a statement.
 */
// NOTE: the escaping relies on backslash escapes, so a server running with the
// NO_BACKSLASH_ESCAPES SQL mode is not supported (this holds for TypeORM's own queries too).
export class MysqlPool {
  private pool: Promise<RawPool> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async connect(): Promise<MysqlConnection> {
    this.pool ??= this.createPool();
    const pool = await this.pool.catch((error: unknown) => {
      this.pool = undefined;
      throw error;
    });
    return new Promise((resolve, reject) => {
      pool.getConnection((error, connection) =>
        error ? reject(error) : resolve(new MysqlConnection(connection)),
      );
    });
  }

  /** Closes the pool's connections; a later `connect` opens a new pool. */
  async close(): Promise<void> {
    const pending = this.pool;
    this.pool = undefined;
    if (!pending) return;
    const pool = await pending.catch(() => undefined);
    if (!pool) return;
    await new Promise<void>((resolve, reject) =>
      pool.end((error) => (error ? reject(error) : resolve())),
    );
  }

  private async createPool(): Promise<RawPool> {
    const driver = this.dataSource.driver as unknown as TypeOrmMysqlDriver;
    const options = await driver.createConnectionOptions(driver.options, driver.options);
    return driver.mysql.createPool({
      ...(options as Record<string, unknown>),
      multipleStatements: true,
    });
  }
}

/** Pooled connections already switched to READ COMMITTED. */
const readCommittedConnections = new WeakSet<RawConnection>();

/**
 * One pooled connection that sends several statements in one round trip. The first batch on a
 * connection switches it to READ COMMITTED: every step locks its root rows first, so it needs
 * the latest committed rows, not a snapshot, and READ COMMITTED takes no gap locks that would
 * block unrelated inserts.
 */
export class MysqlConnection {
  constructor(private readonly connection: RawConnection) {}

  /** Runs the statements in order in one round trip and returns the result of each. */
  async run(statements: Statement[]): Promise<StatementResult[]> {
    if (readCommittedConnections.has(this.connection)) return this.send(statements);
    const setup: Statement = ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', []];
    const [, ...results] = await this.send([setup, ...statements]);
    readCommittedConnections.add(this.connection);
    return results;
  }

  private send(statements: Statement[]): Promise<StatementResult[]> {
    const sql = statements.map(([text]) => text).join(';\n');
    const parameters = statements.flatMap(([, values]) => values);
    return new Promise((resolve, reject) => {
      this.connection.query(sql, parameters, (error, results) => {
        if (error) {
          reject(error);
          return;
        }
        const perStatement = statements.length > 1 ? (results as unknown[]) : [results];
        resolve(perStatement.map(toResult));
      });
    });
  }

  release(): void {
    this.connection.release();
  }
}

function toResult(result: unknown): StatementResult {
  if (Array.isArray(result)) return { records: result, affected: 0 };
  const header = result as { affectedRows?: number } | undefined;
  return { records: [], affected: header?.affectedRows ?? 0 };
}

/**
 * The statements of one transaction (or of one read outside a transaction) on a MySQL
 * connection. `START TRANSACTION` and deferred writes wait and go out with the next statement
 * whose result is needed, or with COMMIT, so a step costs a few round trips, not one per
 * statement. An error in any of them fails that round trip and so the whole transaction.
 */
export class MysqlStatements {
  private pending: Statement[] = [];
  private started = false;

  constructor(
    private readonly connection: MysqlConnection,
    private readonly inTransaction: boolean,
  ) {
    if (inTransaction) this.pending.push(['START TRANSACTION', []]);
  }

  /** Sends the deferred statements and then `statements`, and returns the latter's results. */
  async run(statements: Statement[]): Promise<StatementResult[]> {
    const batch = [...this.pending, ...statements];
    this.pending = [];
    this.started = true;
    const results = await this.connection.run(batch);
    return results.slice(results.length - statements.length);
  }

  defer(statement: Statement): Promise<void> {
    this.pending.push(statement);
    return Promise.resolve();
  }

  /**
   * Sends what is still deferred, followed by COMMIT in a transaction. A transaction that sent
   * nothing but its own start needs no round trip.
   */
  async commit(): Promise<void> {
    if (!this.inTransaction) {
      if (this.pending.length > 0) await this.run([]);
      return;
    }
    if (!this.started && this.pending.length <= 1) return;
    await this.run([['COMMIT', []]]);
  }

  async rollback(): Promise<void> {
    this.pending = [];
    if (this.inTransaction && this.started) await this.connection.run([['ROLLBACK', []]]);
  }
}
