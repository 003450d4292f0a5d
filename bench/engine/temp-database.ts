/**
 * Throwaway databases for one benchmark run, and the storage figures read from them: a SQLite
 * file in a temporary folder, or a MariaDB database created as utf8mb4 on the given server.
 * Both are removed by `drop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { BenchDatabase } from './options.js';

export interface TempDatabase {
  kind: BenchDatabase;
  /** URL for `createDataSource`. */
  url: string;
  /** Server or library version, for the report. */
  version: string;
  drop(): Promise<void>;
}

/** Rows and bytes of the embedded engine's tables (`engine_*`), indexes included. */
export interface StorageFigures {
  rowsByTable: Record<string, number>;
  rows: number;
  bytes: number;
}

/** Databases created and not yet dropped, so that an interrupted run can still remove them. */
const liveDatabases = new Set<TempDatabase>();

export async function createTempDatabase(
  kind: BenchDatabase,
  mariadbUrl: string,
): Promise<TempDatabase> {
  const database = kind === 'sqlite' ? await createSqlite() : await createMariadb(mariadbUrl);
  const drop = database.drop;
  const tracked: TempDatabase = {
    ...database,
    drop: async () => {
      liveDatabases.delete(tracked);
      await drop();
    },
  };
  liveDatabases.add(tracked);
  return tracked;
}

/** Drops every database still live, giving up on one after 5 s (open transactions block it). */
export async function dropLiveDatabases(): Promise<void> {
  const timeout = () => new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.all(
    [...liveDatabases].map((database) =>
      Promise.race([database.drop().catch(() => undefined), timeout()]),
    ),
  );
}

async function createSqlite(): Promise<TempDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-bench-'));
  const { default: Database } = await import('better-sqlite3');
  const probe = new Database(':memory:');
  const { version } = probe.prepare('SELECT sqlite_version() AS version').get() as {
    version: string;
  };
  probe.close();
  return {
    kind: 'sqlite',
    url: `sqlite:${join(folder, 'bench.sqlite')}`,
    version: `SQLite ${version}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function createMariadb(serverUrl: string): Promise<TempDatabase> {
  const name = `docroute_bench_${process.pid}_${Date.now()}`;
  const connection = await mysql.createConnection(serverUrl);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = (rows as Array<{ version: string }>)[0].version;
    await connection.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    return {
      kind: 'mariadb',
      url: `${serverUrl}/${name}`,
      version: `MariaDB ${version}`,
      drop: () => dropMariadb(serverUrl, name),
    };
  } finally {
    await connection.end();
  }
}

async function dropMariadb(serverUrl: string, name: string): Promise<void> {
  const connection = await mysql.createConnection(serverUrl);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/** Counts rows and allocated bytes in the `engine_*` tables through the engine's data source. */
export async function measureStorage(
  kind: BenchDatabase,
  dataSource: DataSource,
): Promise<StorageFigures> {
  const tables = await listEngineTables(kind, dataSource);
  const rowsByTable: Record<string, number> = {};
  for (const table of tables) {
    const [{ count }] = await dataSource.query(`SELECT COUNT(*) AS count FROM ${table}`);
    rowsByTable[table] = Number(count);
  }
  const rows = Object.values(rowsByTable).reduce((sum, count) => sum + count, 0);
  const bytes =
    kind === 'sqlite' ? await sqliteBytes(dataSource) : await mariadbBytes(dataSource, tables);
  return { rowsByTable, rows, bytes };
}

async function listEngineTables(kind: BenchDatabase, dataSource: DataSource): Promise<string[]> {
  const sql =
    kind === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'engine\\_%' ESCAPE '\\'"
      : "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'engine\\_%'";
  const rows: Array<{ name: string }> = await dataSource.query(sql);
  return rows.map((row) => row.name).sort();
}

/**
 * Pages of every b-tree (table or index) of an `engine_*` table, as this connection reads them:
 * committed pages still in the WAL file count, free pages do not.
 */
async function sqliteBytes(dataSource: DataSource): Promise<number> {
  const [{ bytes }] = await dataSource.query(
    `SELECT COALESCE(SUM(d.pgsize), 0) AS bytes FROM dbstat d
     JOIN sqlite_master m ON m.name = d.name
     WHERE m.tbl_name LIKE 'engine\\_%' ESCAPE '\\'`,
  );
  return Number(bytes);
}

/**
 * InnoDB's data and index length after `ANALYZE TABLE` refreshes the statistics. InnoDB
 * allocates in 16 KiB pages and whole extents for larger tables, so small runs overstate the
 * bytes per instance.
 */
async function mariadbBytes(dataSource: DataSource, tables: string[]): Promise<number> {
  for (const table of tables) await dataSource.query(`ANALYZE TABLE ${table}`);
  const [{ bytes }] = await dataSource.query(
    `SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS bytes FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'engine\\_%'`,
  );
  return Number(bytes);
}

/** Divides the storage added between two measurements by the instances that caused it. */
export function storagePerInstance(
  before: StorageFigures,
  after: StorageFigures,
  instances: number,
): { rows: number; bytes: number; rowsByTable: Record<string, number> } {
  const rowsByTable: Record<string, number> = {};
  for (const [table, count] of Object.entries(after.rowsByTable)) {
    rowsByTable[table] = (count - (before.rowsByTable[table] ?? 0)) / instances;
  }
  return {
    rows: (after.rows - before.rows) / instances,
    bytes: (after.bytes - before.bytes) / instances,
    rowsByTable,
  };
}
