import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { KeyAllocator } from '../../../../src/engine/embedded/keys.js';
import { Database } from '../../../../src/engine/embedded/store/database.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { engineDataSource } from './engine-fixture.js';

async function existingTables(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const found: string[] = [];
    for (const table of engineTables) if (await runner.hasTable(table)) found.push(table);
    return found;
  } finally {
    await runner.release();
  }
}

const engineTables = [
  'engine_deployment',
  'engine_element_instance',
  'engine_incident',
  'engine_job',
  'engine_join_token',
  'engine_message',
  'engine_message_correlation',
  'engine_message_subscription',
  'engine_process_definition',
  'engine_process_instance',
  'engine_sequence',
  'engine_timer',
  'engine_user_task',
  'engine_variable',
];

describeEachDatabase(
  'embedded runtime: store',
  (database) => {
    it('migration creates and drops every table', async function () {
      // given a fresh database
      const dataSource = engineDataSource(database().url);
      await dataSource.initialize();
      try {
        // when the engine migration runs
        await dataSource.runMigrations();
        const created = await existingTables(dataSource);
        // and is reverted
        await dataSource.undoLastMigration();
        const dropped = await existingTables(dataSource);

        // then every engine table existed in between and none is left
        expect(created).to.deep.equal(engineTables);
        expect(dropped).to.deep.equal([]);
        await dataSource.runMigrations();
      } finally {
        await dataSource.destroy();
      }
    });

    it('two key allocators never collide', async function () {
      // given two allocators on the same database, as in two processes
      const dataSource = engineDataSource(database().url);
      await dataSource.initialize();
      await dataSource.runMigrations();
      const databaseA = new Database(dataSource);
      const databaseB = new Database(dataSource);
      const allocators = [new KeyAllocator(databaseA), new KeyAllocator(databaseB)];
      try {
        // when each hands out 2,500 keys, crossing several blocks
        const keys: string[] = [];
        for (let round = 0; round < 2500; round += 1) {
          for (const [index, allocator] of allocators.entries()) {
            const db = index === 0 ? databaseA : databaseB;
            keys.push(await db.transaction((tx) => allocator.allocate(tx)));
          }
        }

        // then all 5,000 keys are distinct decimal integers
        expect(new Set(keys).size).to.equal(5000);
        expect(keys.every((key) => /^[1-9][0-9]*$/.test(key))).to.equal(true);
      } finally {
        await dataSource.destroy();
      }
    });

    it('times keep milliseconds in UTC', async function () {
      // given a time with milliseconds
      const dataSource = engineDataSource(database().url);
      await dataSource.initialize();
      await dataSource.runMigrations();
      const db = new Database(dataSource);
      const time = new Date('2026-03-01T23:59:58.123Z');
      try {
        // when it is written to a time column and read back
        const read = await db.transaction(async (tx) => {
          await tx.execute('INSERT INTO engine_deployment (`key`, created_at) VALUES (?, ?)', [
            1,
            tx.dialect.time(time),
          ]);
          const rows = await tx.query('SELECT created_at FROM engine_deployment WHERE `key` = 1');
          return tx.dialect.parseTime(rows[0]!.created_at);
        });

        // then it is the same instant
        expect(read.toISOString()).to.equal(time.toISOString());
      } finally {
        await dataSource.destroy();
      }
    });
  },
  { migrated: false },
);
