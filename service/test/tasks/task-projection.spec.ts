import { expect } from 'chai';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { runWriteTransaction } from '../../src/db/write-transaction.js';
import { foldText } from '../../src/documents/index.js';
import { TaskListService, TaskProjection } from '../../src/tasks/index.js';
import { parseTaskQuery } from '../../src/tasks/task-query.js';
import { waitFor } from '../processes/route-harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { as, demoIds, startTracking, taskOf, type DemoIds } from './task-fixture.js';

const day = 86_400_000;

describeEachDatabase('task projection', (database) => {
  let service: TestService;
  let ids: DemoIds;
  let dataSource: DataSource;

  before(async function () {
    this.timeout(120_000);
    service = await startTestService(database());
    ids = await demoIds(service);
    dataSource = service.service.dataSource;
  });

  after(async function () {
    await service?.stop();
  });

  /** Creates a second projection on the service's engine and database that no event reaches. */
  function detachedProjection(): TaskProjection {
    return new TaskProjection({
      dataSource,
      engine: service.service.engine,
      logger: pino({ level: 'silent' }),
    });
  }

  async function snapshot(key: string) {
    const select = (sql: string) => dataSource.query(sql, [key]);
    return {
      task: await select('SELECT * FROM tasks WHERE task_key = ?'),
      inbox: await select('SELECT * FROM task_inbox WHERE task_key = ? ORDER BY principal'),
      events: await select('SELECT id, kind FROM task_events WHERE task_key = ? ORDER BY id'),
      participants: await dataSource.query(
        'SELECT principal FROM document_participants ORDER BY document_id, principal',
      ),
    };
  }

  async function engineTask(processInstanceKey: string) {
    const [task] = await service.service.engine.listUserTasks({ processInstanceKey });
    if (!task) expect.fail(`instance ${processInstanceKey} has no user task`);
    return task;
  }

  it('ignores a repeated event', async function () {
    const instance = await startTracking(
      service,
      ids,
      'Lặp sự kiện',
      ['CCVC'],
      new Date(Date.now() + 3 * day),
    );
    const task = await engineTask(instance);
    const before = await snapshot(task.key);

    const projection = detachedProjection();
    await projection.apply({ kind: 'created', task });
    await projection.apply({ kind: 'updated', task });
    await projection.apply({ kind: 'created', task });

    expect(await snapshot(task.key)).to.deep.equal(before);
    expect(before.inbox.map((row: { principal: string }) => row.principal)).to.deep.equal([
      `group:unit:${ids.unit('CCVC')}`,
    ]);
    expect(before.events.map((row: { kind: string }) => row.kind)).to.deep.equal(['created']);
  });

  it('ignores a late open event', async function () {
    const instance = await startTracking(
      service,
      ids,
      'Sự kiện muộn',
      ['CCVC'],
      new Date(Date.now() + 3 * day),
    );
    const task = await engineTask(instance);
    const { key } = await taskOf(service, 'snv.khanhlv', instance);
    await as(service, 'snv.khanhlv').post(`/api/tasks/${key}/completion`, {
      variables: { progressNote: 'Xong', done: true },
    });
    const closed = await snapshot(key);

    await detachedProjection().apply({ kind: 'assigned', task: { ...task, assignee: 'someone' } });

    expect(await snapshot(key)).to.deep.equal(closed);
    expect(closed.task[0].state).to.equal('completed');
    expect(closed.inbox).to.deep.equal([]);
  });

  it('reconciles lost and missed tasks', async function () {
    // given one task whose rows were lost and one whose completion the table missed
    const due = new Date(Date.now() + 3 * day);
    const lost = await engineTask(await startTracking(service, ids, 'Mất dấu', ['CCVC'], due));
    const missedInstance = await startTracking(service, ids, 'Bỏ lỡ', ['CCVC'], due);
    const missed = await taskOf(service, 'snv.khanhlv', missedInstance);
    const lostBefore = await snapshot(lost.key);
    await runWriteTransaction(dataSource, async (manager) => {
      for (const table of ['tasks', 'task_inbox', 'task_events']) {
        await manager.query(`DELETE FROM ${table} WHERE task_key = ?`, [lost.key]);
      }
    });
    const projection = detachedProjection();
    await service.service.engine.completeUserTask(missed.key, { progressNote: 'x', done: true });
    await waitFor('the completion in the table', async () => {
      const [row] = await dataSource.query('SELECT state FROM tasks WHERE task_key = ?', [
        missed.key,
      ]);
      return row?.state === 'completed' ? true : undefined;
    });
    await runWriteTransaction(dataSource, (manager) =>
      manager.query("UPDATE tasks SET state = 'open', ended_at = NULL WHERE task_key = ?", [
        missed.key,
      ]),
    );

    // when a projection reconciles at start
    await projection.reconcile();

    // then the lost task is back as it was, and the missed one is closed
    const lostAfter = await snapshot(lost.key);
    expect(lostAfter.task).to.deep.equal(lostBefore.task);
    expect(lostAfter.inbox).to.deep.equal(lostBefore.inbox);
    expect(lostAfter.events.map((row: { kind: string }) => row.kind)).to.deep.equal(['created']);
    const missedAfter = await snapshot(missed.key);
    expect(missedAfter.task[0].state).to.equal('completed');
    expect(missedAfter.inbox).to.deep.equal([]);
  });

  it('lists overdue tasks by its clock', async function () {
    const soon = await startTracking(
      service,
      ids,
      'Quá hạn gần',
      ['CCVC'],
      new Date(Date.now() + 2 * day),
    );
    const late = await startTracking(
      service,
      ids,
      'Quá hạn xa',
      ['CCVC'],
      new Date(Date.now() + 20 * day),
    );
    const user = {
      id: ids.user('snv.khanhlv'),
      unitId: ids.unit('CCVC'),
      organId: '000.00.12.H26',
      roles: ['specialist' as const],
      clearance: 'none',
    };
    const inTenDays = new TaskListService(dataSource, () => new Date(Date.now() + 10 * day));

    const page = await inTenDays.list(
      user,
      parseTaskQuery({ overdue: 'true', text: 'qua han' }, foldText),
    );
    const all = await inTenDays.list(user, parseTaskQuery({ text: 'qua han' }, foldText));

    expect(page.items.map((task) => task.processInstanceKey)).to.deep.equal([soon]);
    expect(page.items[0]!.overdue).to.equal(true);
    expect(all.items.map((task) => [task.processInstanceKey, task.overdue])).to.deep.equal([
      [soon, true],
      [late, false],
    ]);
  });
});
