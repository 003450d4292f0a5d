import { expect } from 'chai';
import { allMigrations } from '../../../migrations/index.js';
import { createDataSource } from '../../src/db/index.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase(
  'migrations',
  (database) => {
    it('revert every one and apply again', async function () {
      this.timeout(180_000);
      // given an empty database with every migration applied
      const dataSource = createDataSource(database().url);
      await dataSource.initialize();
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        expect(applied).to.have.length(allMigrations.length);

        // when every migration is reverted, newest first
        for (let left = applied.length; left > 0; left--) {
          await dataSource.undoLastMigration({ transaction: 'each' });
        }
        const remaining = await dataSource.query('SELECT name FROM migrations');

        // then none is left, and all apply again on the emptied schema
        expect(remaining).to.deep.equal([]);
        const reapplied = await dataSource.runMigrations({ transaction: 'each' });
        expect(reapplied.map((migration) => migration.name)).to.deep.equal(
          applied.map((migration) => migration.name),
        );
      } finally {
        await dataSource.destroy();
      }
    });
  },
  { migrated: false },
);
