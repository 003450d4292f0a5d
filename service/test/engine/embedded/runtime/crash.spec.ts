import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../../../support/databases.js';
import { startChild } from './child-process.js';
import { engineDataSource } from './engine-fixture.js';

interface Acknowledgement {
  kind: 'create' | 'job' | 'task';
  key: string;
  elementInstanceKey?: string;
}

const instanceCount = 30;
const killRounds = 4;

function parseAcknowledgements(lines: string[]): Acknowledgement[] {
  return lines
    .filter((line) => line.startsWith('ACK '))
    .map((line) => {
      const [, kind, key, elementInstanceKey] = line.split(' ');
      return { kind: kind as Acknowledgement['kind'], key: key!, elementInstanceKey };
    });
}

/** Checks in the database that every acknowledged step is still there. */
async function checkAcknowledged(url: string, acknowledged: Acknowledgement[]): Promise<void> {
  const dataSource = engineDataSource(url);
  await dataSource.initialize();
  try {
    for (const ack of acknowledged) {
      if (ack.kind === 'create') {
        const rows = await dataSource.query(
          'SELECT `key` FROM engine_process_instance WHERE `key` = ?',
          [ack.key],
        );
        expect(rows, `acknowledged instance ${ack.key}`).to.have.length(1);
        continue;
      }
      const rows = await dataSource.query(
        'SELECT state FROM engine_element_instance WHERE `key` = ?',
        [ack.elementInstanceKey],
      );
      expect(rows[0]?.state, `element instance of acknowledged ${ack.kind} ${ack.key}`).to.equal(
        'COMPLETED',
      );
      if (ack.kind === 'task') {
        const tasks = await dataSource.query('SELECT state FROM engine_user_task WHERE `key` = ?', [
          ack.key,
        ]);
        expect(tasks[0]?.state, `acknowledged user task ${ack.key}`).to.equal('COMPLETED');
      } else {
        const jobs = await dataSource.query('SELECT `key` FROM engine_job WHERE `key` = ?', [
          ack.key,
        ]);
        expect(jobs, `acknowledged job ${ack.key}`).to.have.length(0);
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

async function countByState(url: string): Promise<Record<string, number>> {
  const dataSource = engineDataSource(url);
  await dataSource.initialize();
  try {
    const rows = await dataSource.query(
      'SELECT state, COUNT(*) AS n FROM engine_process_instance GROUP BY state',
    );
    return Object.fromEntries(
      rows.map((row: { state: string; n: unknown }) => [row.state, Number(row.n)]),
    );
  } finally {
    await dataSource.destroy();
  }
}

describeEachDatabase('embedded runtime: crash safety', (database) => {
  it('SIGKILL loses no acknowledged step', async function () {
    this.timeout(120_000);
    // given a worker process driving 30 instances (jobs, user tasks, a parallel join)
    const url = database().url;
    const acknowledged: Acknowledgement[] = [];

    // when it is killed with SIGKILL at a random moment, four times
    for (let round = 0; round < killRounds; round += 1) {
      const child = startChild('crash-child.ts', [url, String(instanceCount)]);
      await child.waitForLine('READY');
      await sleep(150 + Math.floor(Math.random() * 600));
      child.process.kill('SIGKILL');
      await child.exited;
      acknowledged.push(...parseAcknowledgements(child.lines));

      // then every step it acknowledged before dying is stored
      await checkAcknowledged(url, acknowledged);
    }

    // and a last run without a kill finishes every instance
    const last = startChild('crash-child.ts', [url, String(instanceCount)]);
    const code = await last.exited;
    expect(code, last.stderr()).to.equal(0);
    acknowledged.push(...parseAcknowledgements(last.lines));
    await checkAcknowledged(url, acknowledged);
    expect(await countByState(url)).to.deep.equal({ COMPLETED: instanceCount });
  });
});
