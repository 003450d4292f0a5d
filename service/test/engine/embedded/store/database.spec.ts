import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { Database } from '../../../../src/engine/embedded/store/database.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { engineDataSource } from '../runtime/engine-fixture.js';

const insertDeployment = 'INSERT INTO engine_deployment (`key`, created_at) VALUES (?, ?)';
const createdAt = '2026-03-01 08:00:00.000';

async function deploymentKeys(database: Database): Promise<string[]> {
  const rows = await database.read((tx) =>
    tx.query('SELECT `key` FROM engine_deployment ORDER BY `key`'),
  );
  return rows.map((row) => String(row.key));
}

describeEachDatabase('embedded store: database', (testDatabase) => {
  let dataSource: DataSource;
  let database: Database;

  beforeEach(async function () {
    dataSource = engineDataSource(testDatabase().url);
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('DELETE FROM engine_deployment');
    database = new Database(dataSource);
  });

  afterEach(async function () {
    await database.close();
    await dataSource.destroy();
  });

  it('deferred write is visible to the next read', async function () {
    // given a transaction that defers an insert
    const seen = await database.transaction(async (tx) => {
      await tx.executeLater(insertDeployment, [1, createdAt]);

      // when it reads the table before commit
      return tx.query('SELECT `key` FROM engine_deployment');
    });

    // then the read saw the row, and the row was committed
    expect(seen.map((row) => String(row.key))).to.deep.equal(['1']);
    expect(await deploymentKeys(database)).to.deep.equal(['1']);
  });

  it('failing deferred write rolls back everything', async function () {
    // given a transaction with an immediate insert and a deferred duplicate of it
    const attempt = database.transaction(async (tx) => {
      await tx.execute(insertDeployment, [2, createdAt]);
      await tx.executeLater(insertDeployment, [3, createdAt]);
      await tx.executeLater(insertDeployment, [2, createdAt]);
    });

    // when it commits, then the duplicate key fails the transaction
    let failure: unknown;
    await attempt.catch((error: unknown) => {
      failure = error;
    });
    expect(failure).to.be.instanceOf(Error);

    // and none of its rows is stored
    expect(await deploymentKeys(database)).to.deep.equal([]);
  });

  it('deferred write in a read is sent', async function () {
    // given a read outside a transaction that defers a write
    await database.read((tx) => tx.executeLater(insertDeployment, [4, createdAt]));

    // when the table is read afterwards, then the row is there
    expect(await deploymentKeys(database)).to.deep.equal(['4']);
  });

  it('runEach returns rows and row counts', async function () {
    // given two stored rows
    await database.transaction(async (tx) => {
      await tx.execute(insertDeployment, [5, createdAt]);
      await tx.execute(insertDeployment, [6, createdAt]);
    });

    // when one call deletes one row and reads the rest
    const [deleted, remaining] = await database.transaction((tx) =>
      tx.runEach([
        ['DELETE FROM engine_deployment WHERE `key` = ?', [5]],
        ['SELECT `key` FROM engine_deployment', []],
      ]),
    );

    // then each statement has its own result
    expect(deleted!.affected).to.equal(1);
    expect(deleted!.records).to.deep.equal([]);
    expect(remaining!.records.map((row) => String(row.key))).to.deep.equal(['6']);
  });

  it('transactions run at READ COMMITTED', async function () {
    if (testDatabase().kind !== 'mysql') this.skip();
    // given a new engine database with no connection used yet

    // when a transaction reads its isolation level
    const rows = await database.transaction((tx) =>
      tx.query<{ Value: string }>(
        "SHOW VARIABLES WHERE Variable_name IN ('tx_isolation', 'transaction_isolation')",
      ),
    );

    // then every isolation variable of the session is READ COMMITTED
    expect(rows.length).to.be.greaterThan(0);
    for (const row of rows) expect(row.Value).to.equal('READ-COMMITTED');
  });

  it('rolled back transaction drops deferred writes', async function () {
    // given a transaction that defers an insert and then fails in its own code
    const attempt = database.transaction(async (tx) => {
      await tx.execute(insertDeployment, [7, createdAt]);
      await tx.executeLater(insertDeployment, [8, createdAt]);
      throw new Error('step failed');
    });

    // when it ends, then the error is the caller's own
    let failure: unknown;
    await attempt.catch((error: unknown) => {
      failure = error;
    });
    expect((failure as Error).message).to.equal('step failed');

    // and nothing is stored
    expect(await deploymentKeys(database)).to.deep.equal([]);
  });
});
