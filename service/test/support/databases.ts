import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { createDataSource } from '../../src/db/data-source.js';

/**
 * Test databases. Every database-facing suite runs once on SQLite (a file in a temporary folder)
 * and once on MariaDB or MySQL at DOCROUTE_TEST_MYSQL_URL (default root on 127.0.0.1:3306),
 * where each suite gets a database of its own that is dropped afterwards. Set
 * DOCROUTE_TEST_DATABASES=sqlite to run on SQLite alone.
 *
 * A migrated database is copied from a template that the first request migrates once per test
 * run, because running every migration for each suite takes seconds on MariaDB.
 */

export interface TestDatabaseOptions {
  /** Start with every migration applied (the default) or with an empty database. */
  migrated?: boolean;
}

export interface TestDatabase {
  kind: 'sqlite' | 'mysql';
  /** A DATABASE_URL for the service. */
  url: string;
  drop(): Promise<void>;
}

const mysqlServerUrl = process.env.DOCROUTE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export function selectedDatabaseKinds(): Array<'sqlite' | 'mysql'> {
  const selected = (process.env.DOCROUTE_TEST_DATABASES ?? 'sqlite,mysql').split(',');
  return (['sqlite', 'mysql'] as const).filter((kind) => selected.includes(kind));
}

export async function createTestDatabase(
  kind: 'sqlite' | 'mysql',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? false;
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'docroute-test-'));
    const file = join(folder, 'docroute.sqlite');
    if (migrated) copyFileSync(await sqliteTemplate(), file);
    return {
      kind,
      url: `sqlite:${file}`,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `docroute_test_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection(mysqlServerUrl);
  try {
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    if (migrated) await copyMysqlSchema(admin, await mysqlTemplate(), name);
  } finally {
    await admin.end();
  }
  return {
    kind,
    url: mysqlDatabaseUrl(name),
    drop: async () => {
      const connection = await mysql.createConnection(mysqlServerUrl);
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

function mysqlDatabaseUrl(name: string): string {
  const url = new URL(mysqlServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

let sqliteTemplatePromise: Promise<string> | undefined;

/**
 * The MariaDB template's name, kept on globalThis because mocha loads the root hooks module
 * through a different loader, which gives it its own copy of this module.
 */
const templates = globalThis as { docrouteMysqlTemplate?: Promise<string> };

/** Migrates one SQLite file per test run and returns its path; callers copy it. */
function sqliteTemplate(): Promise<string> {
  sqliteTemplatePromise ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), 'docroute-template-'));
    const file = join(folder, 'template.sqlite');
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    await migrate(`sqlite:${file}`);
    return file;
  })();
  return sqliteTemplatePromise;
}

/** Migrates one MariaDB database per test run and returns its name; callers copy its schema. */
function mysqlTemplate(): Promise<string> {
  templates.docrouteMysqlTemplate ??= (async () => {
    const name = `docroute_template_${randomBytes(5).toString('hex')}`;
    const admin = await mysql.createConnection(mysqlServerUrl);
    try {
      await admin.query(
        `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    } finally {
      await admin.end();
    }
    await migrate(mysqlDatabaseUrl(name));
    return name;
  })();
  return templates.docrouteMysqlTemplate;
}

/** Drops the MariaDB template, if this run made one; the root after-all hook calls it. */
export async function dropTestTemplates(): Promise<void> {
  if (!templates.docrouteMysqlTemplate) return;
  const name = await templates.docrouteMysqlTemplate.catch(() => undefined);
  if (!name) return;
  const connection = await mysql.createConnection(mysqlServerUrl);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/**
 * Recreates every table of `source` in `target` from SHOW CREATE TABLE, which keeps indexes and
 * foreign keys, and copies the rows: the migrations table, so that nothing is pending, and any
 * rows that a migration inserted.
 */
async function copyMysqlSchema(
  connection: mysql.Connection,
  source: string,
  target: string,
): Promise<void> {
  const [tables] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
    [source],
  );
  await connection.query(`USE \`${target}\``);
  await connection.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const { name } of tables) {
    const [[row]] = await connection.query<mysql.RowDataPacket[]>(
      `SHOW CREATE TABLE \`${source}\`.\`${name}\``,
    );
    await connection.query(row['Create Table'] as string);
  }
  for (const { name } of tables) {
    await connection.query(`INSERT INTO \`${name}\` SELECT * FROM \`${source}\`.\`${name}\``);
  }
  await connection.query('SET FOREIGN_KEY_CHECKS = 1');
}

/**
 * Declares `suite` once per selected database. `suite` receives a getter for the current
 * database, which is created (migrated unless `options.migrated` is false) before the suite's
 * tests and dropped after them.
 */
export function describeEachDatabase(
  title: string,
  suite: (database: () => TestDatabase) => void,
  options: TestDatabaseOptions = {},
): void {
  for (const kind of selectedDatabaseKinds()) {
    describe(`${title} [${kind}]`, function () {
      let current: TestDatabase | undefined;
      before(async function () {
        // Copying the template schema can take long on a loaded machine.
        this.timeout(120_000);
        current = await createTestDatabase(kind, { migrated: options.migrated ?? true });
      });
      after(async function () {
        await current?.drop();
      });
      suite(() => {
        if (!current) throw new Error('test database used before the suite started');
        return current;
      });
    });
  }
}
