/**
 * Applies or reverts database migrations on DATABASE_URL (the same configuration as the service):
 *
 *   tsx service/src/db/migrate-cli.ts run      applies every pending migration
 *   tsx service/src/db/migrate-cli.ts revert   reverts the most recently applied migration
 */
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { createDataSource } from './data-source.js';

const usage = 'usage: migrate-cli.ts run|revert';

async function lastAppliedMigration(dataSource: DataSource): Promise<string | undefined> {
  const runner = dataSource.createQueryRunner();
  try {
    if (!(await runner.hasTable('migrations'))) return undefined;
  } finally {
    await runner.release();
  }
  const rows: Array<{ name: string }> = await dataSource.query(
    'SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1',
  );
  return rows[0]?.name;
}

async function migrate(command: 'run' | 'revert'): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel }).child({ component: 'migrate' });
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied)
        logger.info({ migration: migration.name }, 'migration applied');
      logger.info({ applied: applied.length }, 'migrations up to date');
    } else {
      const last = await lastAppliedMigration(dataSource);
      if (last === undefined) {
        logger.info({}, 'no applied migration to revert');
        return;
      }
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.info({ migration: last }, 'migration reverted');
    }
  } finally {
    await dataSource.destroy();
  }
}

const command = process.argv[2];
if (command !== 'run' && command !== 'revert') {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
try {
  await migrate(command);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.stack : error}\n`);
  }
  process.exit(1);
}
