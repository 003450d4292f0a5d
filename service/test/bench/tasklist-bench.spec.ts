import { expect } from 'chai';
import {
  parseTaskListOptions,
  type TaskListBenchOptions,
} from '../../../bench/tasklist/options.js';
import { runDatabase } from '../../../bench/tasklist/run-database.js';

describe('task list benchmark', () => {
  it('parses mysql as the MariaDB run', () => {
    // given / when
    const options = parseTaskListOptions(['--databases', 'sqlite,mysql', '--tasks', '5000']);

    // then
    expect(options).to.not.equal('help');
    expect((options as TaskListBenchOptions).databases).to.deep.equal(['sqlite', 'mariadb']);
    expect((options as TaskListBenchOptions).tasks).to.equal(5000);
  });

  it('rejects a count that is not a whole number', () => {
    expect(() => parseTaskListOptions(['--tasks', '1.5'])).to.throw(/invalid --tasks "1.5"/);
    expect(() => parseTaskListOptions(['--databases', 'oracle'])).to.throw(/invalid database/);
  });

  it('runs a small load on SQLite end to end', async function () {
    this.timeout(60_000);
    // given
    const options: TaskListBenchOptions = {
      tasks: 1000,
      users: 40,
      units: 4,
      sampledUsers: 10,
      rounds: 1,
      checkTasks: 30,
      instances: 12,
      concurrentUsers: 4,
      databases: ['sqlite'],
      mariadbUrl: 'mysql://root@127.0.0.1:3306',
      seed: 7,
    };

    // when
    const result = await runDatabase('sqlite', options, () => undefined);

    // then
    expect(result.check.mismatches).to.deep.equal([]);
    expect(result.check.tasks).to.equal(30);
    expect(result.load.tasks).to.equal(970);
    expect(result.inboxRowsInTable).to.equal(result.check.inboxRows + result.load.inboxRows);
    const firstPages = result.samples.filter((sample) => sample.kind === 'first');
    expect(firstPages).to.have.length(10);
    expect(firstPages.every((sample) => sample.items <= 25)).to.equal(true);
    expect(firstPages.some((sample) => sample.items === 25)).to.equal(true);
    expect(result.completions?.completed).to.equal(12);
  });
});
