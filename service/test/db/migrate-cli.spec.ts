import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { allMigrations } from '../../../migrations/index.js';
import { createDataSource, pingDatabase } from '../../src/db/index.js';
import { describeEachDatabase } from '../support/databases.js';

const run = promisify(execFile);
const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Runs `npm run <script>` against `databaseUrl` and returns its exit code and output. */
async function npmRun(script: string, databaseUrl: string) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, DOCROUTE_LOG_LEVEL: 'info' };
  try {
    const { stdout } = await run('npm', ['run', '--silent', script], { cwd: repositoryRoot, env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const rows: Array<{ name: string }> = await dataSource.query(
      'SELECT name FROM migrations ORDER BY timestamp',
    );
    return rows.map((row) => row.name);
  } finally {
    await dataSource.destroy();
  }
}

describeEachDatabase('migrate cli', (database) => {
  it('applies then reverts migrations', async function () {
    this.timeout(120_000);
    // given an empty database
    const url = database().url;

    // when pending migrations are applied and the last one is reverted
    const applied = await npmRun('migrate', url);
    const afterRun = await appliedMigrations(url);
    const reverted = await npmRun('migrate:revert', url);
    const afterRevert = await appliedMigrations(url);

    // then every migration was applied once, and revert removed only the newest
    expect(applied.code, applied.stdout).to.equal(0);
    expect(afterRun).to.have.length(allMigrations.length);
    expect(reverted.code, reverted.stdout).to.equal(0);
    expect(afterRevert).to.deep.equal(afterRun.slice(0, -1));
  });

  it('run again applies nothing', async function () {
    this.timeout(120_000);
    // given a database with all but the newest migration applied
    const url = database().url;

    // when migrations run twice
    const first = await npmRun('migrate', url);
    const second = await npmRun('migrate', url);

    // then the second run applies none
    expect(first.code, first.stdout).to.equal(0);
    expect(second.code, second.stdout).to.equal(0);
    expect(second.stdout).to.contain('"applied":0');
    expect(await appliedMigrations(url)).to.have.length(allMigrations.length);
  });

  it('ping reports a closed data source', async () => {
    // given a data source that was opened and closed
    const dataSource = createDataSource(database().url);
    await dataSource.initialize();
    const open = await pingDatabase(dataSource);
    await dataSource.destroy();

    // when it is pinged
    const closed = await pingDatabase(dataSource);

    // then only the open data source responds
    expect(open).to.deep.equal({ ok: true });
    expect(closed.ok).to.equal(false);
    expect(closed.error).to.be.a('string');
  });
});
