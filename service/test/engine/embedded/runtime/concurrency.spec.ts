import { expect } from 'chai';
import {
  createTestDatabase,
  selectedDatabaseKinds,
  type TestDatabase,
} from '../../../support/databases.js';
import { startChild } from './child-process.js';
import { bpmn, flow, openEngine, serviceTask } from './engine-fixture.js';
import { systemClock } from '../../../../src/engine/embedded/index.js';

const jobCount = 1000;

const sharedWork = bpmn(
  'shared-work',
  '<bpmn:startEvent id="start" />' +
    serviceTask('work', 'shared.work') +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'work') +
    flow('f2', 'work', 'end'),
);

describe('embedded runtime: two engine processes on MariaDB', function () {
  let database: TestDatabase | undefined;

  before(async function () {
    if (!selectedDatabaseKinds().includes('mysql')) this.skip();
    database = await createTestDatabase('mysql');
  });

  after(async function () {
    await database?.drop();
  });

  it('completes each shared job once', async function () {
    this.timeout(120_000);
    // given 1,000 instances, each waiting on one job of the same type
    const opened = await openEngine(database!.url, systemClock);
    await opened.engine.deploy([{ name: 'shared-work.bpmn', content: sharedWork }]);
    for (let created = 0; created < jobCount; created += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          opened.engine.createInstance({ bpmnProcessId: 'shared-work' }),
        ),
      );
    }

    // when two worker processes with their own engines take jobs until none is left
    const workers = [
      startChild('job-worker-child.ts', [database!.url, 'a']),
      startChild('job-worker-child.ts', [database!.url, 'b']),
    ];
    const codes = await Promise.all(workers.map((worker) => worker.exited));

    // then every job was completed exactly once, both workers took part, all instances ended
    expect(codes, workers.map((worker) => worker.stderr()).join('\n')).to.deep.equal([0, 0]);
    const done = workers.map((worker) => worker.lines.filter((line) => line.startsWith('DONE ')));
    const completions = new Map<string, number>();
    for (const line of done.flat()) completions.set(line, (completions.get(line) ?? 0) + 1);
    expect(completions.size).to.equal(jobCount);
    expect([...completions.values()].every((count) => count === 1)).to.equal(true);
    expect(done[0]!.length).to.be.greaterThan(0);
    expect(done[1]!.length).to.be.greaterThan(0);
    const states = await opened.dataSource.query(
      'SELECT state, COUNT(*) AS n FROM engine_process_instance GROUP BY state',
    );
    expect(
      states.map((row: { state: string; n: unknown }) => [row.state, Number(row.n)]),
    ).to.deep.equal([['COMPLETED', jobCount]]);
    await opened.close();
  });
});
