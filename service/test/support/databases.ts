import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/**
 * Test databases. Every database-facing suite runs once on SQLite (a file in a temporary folder)
 * and once on MariaDB or MySQL at DOCROUTE_TEST_MYSQL_URL (default root on 127.0.0.1:3306),
 * where each suite gets a database of its own that is dropped afterwards. Set
 * DOCROUTE_TEST_DATABASES=sqlite to run on SQLite alone.
 */

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

export async function createTestDatabase(kind: 'sqlite' | 'mysql'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'docroute-test-'));
    return {
      kind,
      url: `sqlite:${join(folder, 'docroute.sqlite')}`,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `docroute_test_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection(mysqlServerUrl);
  try {
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
  const base = new URL(mysqlServerUrl);
  base.pathname = `/${name}`;
  return {
    kind,
    url: base.toString(),
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

/**
 * Declares `suite` once per selected database. `suite` receives a getter for the current
 * database, which is created before the suite's tests and dropped after them.
 */
export function describeEachDatabase(
  title: string,
  suite: (database: () => TestDatabase) => void,
): void {
  for (const kind of selectedDatabaseKinds()) {
    describe(`${title} [${kind}]`, function () {
      let current: TestDatabase | undefined;
      before(async function () {
        current = await createTestDatabase(kind);
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
