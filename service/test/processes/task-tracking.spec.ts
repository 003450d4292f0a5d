import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { hour, useHarness } from '../engine/conformance/harness.js';
import {
  completedElements,
  completeTask,
  countOf,
  routeResources,
  TestWorkers,
  waitFor,
  waitForEnd,
  waitForTask,
} from './route-harness.js';

const onTimeUnit = 'so-tai-chinh';
const lateUnit = 'so-xay-dung';
const overdueUnit = 'so-y-te';

describeEachDatabase('task-tracking route', (database) => {
  const harness = useHarness(database);
  let workers: TestWorkers;

  before(async function () {
    await harness().engine.deploy(routeResources());
    workers = new TestWorkers(harness().engine, { 'notify.send': async () => ({}) });
  });

  after(async function () {
    await workers.close();
  });

  async function report(key: string, unitId: string, progressNote: string, done: boolean) {
    await completeTask(
      harness().engine,
      key,
      { elementId: 'report-progress', candidateGroup: `unit:${unitId}` },
      { progressNote, done },
    );
  }

  function overdueReminders(key: string): unknown[] {
    return workers
      .jobsOf(key, 'notify.send')
      .map((job) => [job.variables.unitId, job.variables.unitStatus]);
  }

  it('units on time, late and overdue', async function () {
    // given a task assigned to three units, due in two days
    const engine = harness().engine;
    const taskDueDate = new Date(harness().clock.now().getTime() + 48 * hour).toISOString();
    const key = await harness().start('task-tracking', {
      unitIds: [onTimeUnit, lateUnit, overdueUnit],
      taskDueDate,
    });
    const firstTask = await waitForTask(engine, key, {
      elementId: 'report-progress',
      candidateGroup: `unit:${overdueUnit}`,
    });
    expect(firstTask.dueDate?.toISOString()).to.equal(taskDueDate);

    // when one unit reports twice and finishes before the deadline
    await report(key, onTimeUnit, 'Đang xây dựng kế hoạch', false);
    await report(key, onTimeUnit, 'Đã ban hành kế hoạch', true);
    await report(key, lateUnit, 'Đang khảo sát', false);

    // and the deadline passes while the other two are still working
    const fired = await harness().advance(49 * hour);

    // then the timer marked both of them overdue and sent each a reminder
    expect(fired).to.equal(2);
    await waitFor('two overdue reminders', async () =>
      workers.jobsOf(key, 'notify.send').length === 2 ? true : undefined,
    );
    expect(overdueReminders(key)).to.have.deep.members([
      [lateUnit, 'in_progress_overdue'],
      [overdueUnit, 'in_progress_overdue'],
    ]);
    const [reminder] = workers.jobsOf(key, 'notify.send');
    expect(reminder?.customHeaders.template).to.equal('task-overdue');

    // and a report after the deadline that is not final sends one more reminder
    await report(key, overdueUnit, 'Chưa xong, xin gia hạn', false);
    expect(await harness().runDueWork()).to.equal(1);
    await waitFor('a third overdue reminder', async () =>
      workers.jobsOf(key, 'notify.send').length === 3 ? true : undefined,
    );
    const stillActive = await engine.getInstance(key);
    expect(stillActive.state).to.equal('ACTIVE');

    // when both finish after the deadline
    await report(key, lateUnit, 'Đã hoàn thành', true);
    await report(key, overdueUnit, 'Đã hoàn thành', true);
    const instance = await waitForEnd(engine, key);

    // then each unit's status shows whether it finished within the deadline
    expect(instance.state).to.equal('COMPLETED');
    const statuses = instance.variables.unitStatuses as Array<Record<string, unknown>>;
    expect(statuses.map(({ unitId, status }) => [unitId, status])).to.deep.equal([
      [onTimeUnit, 'completed_on_time'],
      [lateUnit, 'completed_late'],
      [overdueUnit, 'completed_late'],
    ]);
    expect(statuses[0]?.reports).to.have.length(2);
    expect(statuses[2]?.reports).to.have.length(2);

    // and the history shows the reports, the overdue marks and the end of tracking
    const completed = await completedElements(engine, key);
    expect(countOf(completed, 'report-progress')).to.equal(6);
    expect(countOf(completed, 'mark-overdue')).to.equal(3);
    expect(countOf(completed, 'record-completion')).to.equal(3);
    expect(completed).to.include('tracking-ended');
  });

  it('finished at the deadline is on time', async function () {
    // given a task assigned to one unit, due tomorrow
    const engine = harness().engine;
    const taskDueDate = new Date(harness().clock.now().getTime() + 24 * hour).toISOString();
    const key = await harness().start('task-tracking', { unitIds: [onTimeUnit], taskDueDate });

    // when the unit reports progress and the clock stops just before the deadline
    await report(key, onTimeUnit, 'Đang thực hiện', false);
    const fired = await harness().advance(24 * hour - 1);
    const task = await waitForTask(engine, key, {
      elementId: 'report-progress',
      candidateGroup: `unit:${onTimeUnit}`,
    });

    // then no timer fired and no reminder was sent
    expect(fired).to.equal(0);
    expect(workers.jobsOf(key, 'notify.send')).to.have.length(0);
    expect(task.dueDate?.toISOString()).to.equal(taskDueDate);

    // when it finishes at the last millisecond
    await report(key, onTimeUnit, 'Đã hoàn thành', true);
    const instance = await waitForEnd(engine, key);

    // then it completed on time
    const statuses = instance.variables.unitStatuses as Array<Record<string, unknown>>;
    expect(statuses.map(({ unitId, status }) => [unitId, status])).to.deep.equal([
      [onTimeUnit, 'completed_on_time'],
    ]);
  });
});
