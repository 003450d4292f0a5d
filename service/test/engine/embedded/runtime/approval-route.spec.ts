import { expect } from 'chai';
import type { ManualClock } from '../../../../src/engine/embedded/index.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { approvalRoute, bpmn, flow, hour, openEngine, type OpenEngine } from './engine-fixture.js';

describeEachDatabase('embedded runtime: approval route', (database) => {
  let opened: OpenEngine;

  before(async function () {
    this.timeout(60_000);
    opened = await openEngine(database().url);
    await opened.engine.deploy([{ name: 'approval-route.bpmn', content: approvalRoute }]);
  });

  after(async function () {
    await opened?.close();
  });

  it('runs from start to end', async function () {
    // given an instance waiting at the approval user task
    const { engine } = opened;
    const clock = opened.clock as ManualClock;
    const created = await engine.createInstance({
      bpmnProcessId: 'approval-route',
      variables: { approver: 'lan', documentId: 'doc-1' },
    });
    const [task] = await engine.listUserTasks({ processInstanceKey: created.processInstanceKey });
    expect(task?.assignee).to.equal('lan');
    expect(task?.candidateGroups).to.deep.equal(['leaders', 'clerks']);

    // when two reminder hours pass, the approver approves, and the register job completes
    clock.advance(hour);
    expect(await engine.runDueWork()).to.equal(1);
    clock.advance(hour);
    expect(await engine.runDueWork()).to.equal(1);
    clock.advance(hour);
    expect(await engine.runDueWork()).to.equal(0);
    const reminders = await engine.activateJobs({
      type: 'approval.remind',
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 10,
    });
    await engine.completeUserTask(task!.key, { approved: true });
    const [register] = await engine.activateJobs({
      type: 'document.register',
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 10,
    });
    for (const job of reminders) await engine.completeJob({ jobKey: job.key });
    await engine.completeJob({ jobKey: register!.key, variables: { registerNumber: 17 } });

    // then the reminder ran twice, and the instance completed with every variable
    expect(reminders).to.have.length(2);
    expect(register!.variables).to.deep.equal({
      approver: 'lan',
      documentId: 'doc-1',
      approved: true,
    });
    const instance = await engine.getInstance(created.processInstanceKey);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.deep.equal({
      approver: 'lan',
      documentId: 'doc-1',
      approved: true,
      registerNumber: 17,
    });
    expect(instance.activeElements).to.have.length(0);
  });

  it('keeps nothing waiting after completion', async function () {
    // given a completed instance (approved at once)
    const { engine } = opened;
    const created = await engine.createInstance({
      bpmnProcessId: 'approval-route',
      variables: { approver: 'minh' },
    });
    const [task] = await engine.listUserTasks({ processInstanceKey: created.processInstanceKey });
    await engine.completeUserTask(task!.key);
    const [register] = await engine.activateJobs({
      type: 'document.register',
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 10,
    });
    await engine.completeJob({ jobKey: register!.key });

    // when the reminder's time comes
    (opened.clock as ManualClock).advance(5 * hour);
    const fired = await engine.runDueWork();

    // then no timer fires and the history shows one pass through each element
    expect(fired).to.equal(0);
    const history = await engine.getInstanceHistory(created.processInstanceKey);
    expect(history.map((entry) => entry.elementId)).to.deep.equal([
      'start',
      'approve',
      'register',
      'end',
    ]);
    expect(history.every((entry) => entry.state === 'COMPLETED')).to.equal(true);
  });

  it('completed user task cannot complete again', async function () {
    // given a completed user task
    const { engine } = opened;
    const created = await engine.createInstance({ bpmnProcessId: 'approval-route', variables: {} });
    const [task] = await engine.listUserTasks({ processInstanceKey: created.processInstanceKey });
    await engine.completeUserTask(task!.key);

    // when it is completed a second time
    const error = await engine.completeUserTask(task!.key).catch((caught: unknown) => caught);

    // then the engine rejects it and the task stays completed
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain(task!.key);
    expect((await engine.getUserTask(task!.key)).state).to.equal('COMPLETED');
    await engine.cancelInstance(created.processInstanceKey);
  });
});

const jobBasedRoute = bpmn(
  'job-based-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:userTask id="sign" name="Sign"><bpmn:extensionElements>' +
    '<zeebe:assignmentDefinition assignee="lan" /></bpmn:extensionElements></bpmn:userTask>' +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'sign') +
    flow('f2', 'sign', 'end'),
);

describeEachDatabase('embedded runtime: job-based user task', (database) => {
  let opened: OpenEngine;

  before(async function () {
    this.timeout(60_000);
    opened = await openEngine(database().url);
    await opened.engine.deploy([{ name: 'job-based-route.bpmn', content: jobBasedRoute }]);
  });

  after(async function () {
    await opened?.close();
  });

  it('is a job and a listed task', async function () {
    // given an instance waiting at a user task without zeebe:userTask
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({
      bpmnProcessId: 'job-based-route',
    });

    // when a worker completes its job of type io.camunda.zeebe:userTask
    const [task] = await engine.listUserTasks({ processInstanceKey });
    const [job] = await engine.activateJobs({
      type: 'io.camunda.zeebe:userTask',
      worker: 'tasklist',
      timeoutMs: 60_000,
      maxJobs: 10,
    });
    await engine.completeJob({ jobKey: job!.key, variables: { signed: true } });

    // then the listed task was open with its assignee and is now completed with the instance
    expect(task?.assignee).to.equal('lan');
    expect(task?.state).to.equal('CREATED');
    expect(job!.processInstanceKey).to.equal(processInstanceKey);
    expect((await engine.getUserTask(task!.key)).state).to.equal('COMPLETED');
    const instance = await engine.getInstance(processInstanceKey);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.deep.equal({ signed: true });
  });

  it('completing the task removes its job', async function () {
    // given an instance waiting at a job-based user task
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({
      bpmnProcessId: 'job-based-route',
    });
    const [task] = await engine.listUserTasks({ processInstanceKey });

    // when the task is completed through the user task API
    await engine.completeUserTask(task!.key, { signed: false });

    // then no job is left to activate and the instance is completed
    const jobs = await engine.activateJobs({
      type: 'io.camunda.zeebe:userTask',
      worker: 'tasklist',
      timeoutMs: 60_000,
      maxJobs: 10,
    });
    expect(jobs).to.have.length(0);
    expect((await engine.getInstance(processInstanceKey)).state).to.equal('COMPLETED');
  });
});
