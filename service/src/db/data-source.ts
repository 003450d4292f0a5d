import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { allMigrations } from '../../../migrations/index.js';

export type DatabaseKind = 'sqlite' | 'mysql';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** SQLite: the file path or `:memory:`. MySQL: the URL as given. */
  location: string;
}

/** Parses `sqlite:<path>` or `mysql://` / `mariadb://` URLs into a database target. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (location === '') throw new Error('empty SQLite path');
    return { kind: 'sqlite', location };
  }
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    return { kind: 'mysql', location: url.replace(/^mariadb:/, 'mysql:') };
  }
  throw new Error(`unsupported scheme in ${url}`);
}

export interface DataSourceOptions {
  entities?: Array<new () => object>;
  /** Maximum pooled connections on MySQL; ignored on SQLite. */
  poolSize?: number;
}

/** Creates (but does not initialise) a TypeORM data source for `sqlite:` or `mysql://` URLs. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const target = parseDatabaseUrl(url);
  const common = {
    entities: options.entities ?? [],
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (target.kind === 'sqlite') {
    if (target.location !== ':memory:') mkdirSync(dirname(target.location), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: target.location,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 10000');
        db.pragma('foreign_keys = ON');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'mysql',
    url: target.location,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: options.poolSize ?? 10,
  });
}
