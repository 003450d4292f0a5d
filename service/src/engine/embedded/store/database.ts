import type { DataSource, QueryRunner } from 'typeorm';
import { serialiseOnSqlite } from '../../../db/write-transaction.js';
import { Dialect } from './dialect.js';
import {
  MysqlPool,
  MysqlStatements,
  type Statement,
  type StatementResult,
} from './mysql-session.js';

export type { Statement, StatementResult } from './mysql-session.js';

/** Sends the statements of one transaction or read. */
interface StatementRunner {
  run(statements: Statement[]): Promise<StatementResult[]>;
  /** Sends a write whose result is not needed, possibly later with the next statement. */
  defer(statement: Statement): Promise<void>;
}

/** One open transaction: parameterised SQL on a single connection. */
export class Transaction {
  private readonly rollbackHooks: Array<() => void> = [];

  constructor(
    private readonly runner: StatementRunner,
    readonly dialect: Dialect,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const [result] = await this.runner.run([[sql, parameters]]);
    return result!.records as T[];
  }

  /** Runs several statements in order, in one round trip on MySQL, and returns each result. */
  async runEach(statements: Statement[]): Promise<StatementResult[]> {
    return this.runner.run(statements);
  }

  /** Runs a statement and returns the number of rows it matched. */
  async execute(sql: string, parameters: unknown[] = []): Promise<number> {
    const [result] = await this.runner.run([[sql, parameters]]);
    return result!.affected;
  }

  /**
   * Queues a write whose row count is not needed. On MySQL it goes out with the next statement
   * or with COMMIT, so its error (a deadlock, a duplicate key) fails that later call instead.
   */
  async executeLater(sql: string, parameters: unknown[] = []): Promise<void> {
    await this.runner.defer([sql, parameters]);
  }

  /** Registers work to undo in memory when this transaction rolls back. */
  onRollback(hook: () => void): void {
    this.rollbackHooks.push(hook);
  }

  runRollbackHooks(): void {
    for (const hook of this.rollbackHooks) hook();
  }
}

/** Runs statements one at a time through a TypeORM query runner (the SQLite path). */
class QueryRunnerStatements implements StatementRunner {
  constructor(private readonly runner: QueryRunner) {}

  async run(statements: Statement[]): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const [sql, parameters] of statements) {
      const result = await this.runner.query(sql, parameters, true);
      results.push({ records: result.records ?? [], affected: result.affected ?? 0 });
    }
    return results;
  }

  async defer(statement: Statement): Promise<void> {
    await this.run([statement]);
  }
}

const deadlockErrorNumbers = new Set([1213, 1205]);
const maxDeadlockAttempts = 5;

function isDeadlock(error: unknown): boolean {
  const candidate = error as { errno?: number; driverError?: { errno?: number } };
  const errno = candidate?.driverError?.errno ?? candidate?.errno;
  return errno !== undefined && deadlockErrorNumbers.has(errno);
}

/**
 * Transactions for the engine. On MySQL each transaction gets a connection from the engine's own
 * pool (see `MysqlPool`), and row locks order concurrent work. A deadlock makes the whole
 * transaction run again. On SQLite the TypeORM driver has a single connection, so an in-process
 * queue runs one transaction (or read) at a time, shared with the service's other writers, and
 * `BEGIN IMMEDIATE` takes the write lock up front.
 */
export class Database {
  readonly dialect: Dialect;
  private readonly mysql: MysqlPool | undefined;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = Dialect.of(dataSource);
    this.mysql = this.dialect.kind === 'mysql' ? new MysqlPool(dataSource) : undefined;
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.serialised(() => this.runOnce(work, true));
      } catch (error) {
        if (!isDeadlock(error) || attempt >= maxDeadlockAttempts) throw error;
      }
    }
  }

  /** Runs reads outside a transaction (still one at a time on SQLite). */
  async read<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.serialised(() => this.runOnce(work, false));
  }

  /** Closes the engine's MySQL connections; the data source itself stays open. */
  async close(): Promise<void> {
    await this.mysql?.close();
  }

  private runOnce<T>(work: (tx: Transaction) => Promise<T>, inTransaction: boolean): Promise<T> {
    return this.mysql
      ? this.runOnMysql(this.mysql, work, inTransaction)
      : this.runOnSqlite(work, inTransaction);
  }

  private async runOnMysql<T>(
    pool: MysqlPool,
    work: (tx: Transaction) => Promise<T>,
    inTransaction: boolean,
  ): Promise<T> {
    const connection = await pool.connect();
    const statements = new MysqlStatements(connection, inTransaction);
    const tx = new Transaction(statements, this.dialect);
    try {
      const result = await work(tx);
      await statements.commit();
      return result;
    } catch (error) {
      tx.runRollbackHooks();
      await statements.rollback().catch(() => {
        // The transaction is already gone (the connection dropped).
      });
      throw error;
    } finally {
      connection.release();
    }
  }

  private async runOnSqlite<T>(
    work: (tx: Transaction) => Promise<T>,
    inTransaction: boolean,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const tx = new Transaction(new QueryRunnerStatements(runner), this.dialect);
    try {
      if (inTransaction) await runner.query('BEGIN IMMEDIATE');
      const result = await work(tx);
      if (inTransaction) await runner.query('COMMIT');
      return result;
    } catch (error) {
      if (inTransaction) {
        tx.runRollbackHooks();
        await runner.query('ROLLBACK').catch(() => {
          // SQLite already rolled the transaction back itself.
        });
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (this.dialect.kind === 'mysql') return work();
    return serialiseOnSqlite(this.dataSource, work);
  }
}
