import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import type { UserTaskEvent } from '../../../src/engine/port.js';
import { useHarness } from './harness.js';

describeEachDatabase('conformance: tasks', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy(
      'job-tasks',
      'script-task',
      'user-task',
      'receive-task',
      'pass-through-tasks',
      'user-task-job-based',
    );
  });

  it('service task job fields', async function () {
    // given a service task with retries 5, a header and an input mapping
    const key = await harness().start('job-tasks', { number: 15 });

    // when its job is activated
    const job = await harness().activateOne('job-tasks.store');

    // then the job carries the model's settings and the mapped input
    expect(job).to.include({
      processInstanceKey: key,
      bpmnProcessId: 'job-tasks',
      processDefinitionVersion: 1,
      elementId: 'store',
      type: 'job-tasks.store',
      retries: 5,
      worker: 'conformance',
    });
    expect(job.customHeaders).to.deep.equal({ folder: 'outgoing' });
    expect(job.variables).to.include({ number: 15, documentId: 'doc-15' });
  });

  it('send and business rule tasks are jobs', async function () {
    // given an instance past its service task
    const key = await harness().start('job-tasks', { number: 16 });
    await harness().completeOne('job-tasks.store', { stored: true });

    // when the send task's and the business rule task's jobs are completed in turn
    const send = await harness().completeOne('job-tasks.send');
    const decide = await harness().completeOne('job-tasks.decide', { route: 'leader' });

    // then each task was a job, and the variables of every completion are on the instance
    expect(send.elementId).to.equal('send');
    expect(decide.elementId).to.equal('decide');
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ number: 16, stored: true, route: 'leader' });
  });

  it('input mapping stays local', async function () {
    // given a service task whose input mapping creates documentId
    const key = await harness().start('job-tasks', { number: 17 });

    // when the task completes without returning documentId
    await harness().completeOne('job-tasks.store');

    // then documentId did not reach the process scope
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables).not.to.have.property('documentId');
  });

  it('script task sets its result', async function () {
    // given a script task building a title with FEEL

    // when an instance runs through it
    const key = await harness().start('script-task', { number: 15 });

    // then the result variable contains the Vietnamese title
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.deep.equal({ number: 15, title: 'Tờ trình số 15' });
  });

  it('user task fields and completion', async function () {
    // given a Camunda user task with assignee, candidate groups, due date and priority
    const key = await harness().start('user-task', {
      approver: 'tran.thi.binh',
      receivedAt: '2026-12-10T17:00:00Z',
    });

    // when its task is read
    const [task] = await harness().openUserTasks(key);

    // then every field was evaluated from the model
    expect(task).to.include({
      elementId: 'approve',
      name: 'Approve draft',
      state: 'CREATED',
      assignee: 'tran.thi.binh',
      priority: 80,
    });
    expect(task!.candidateGroups).to.deep.equal(['leaders', 'van-thu']);
    expect(task!.candidateUsers).to.deep.equal(['an', 'binh']);
    expect(task!.followUpDate?.toISOString()).to.equal('2026-12-09T01:00:00.000Z');
    expect(task!.dueDate?.toISOString()).to.equal('2026-12-10T17:00:00.000Z');
    expect(task!.customHeaders).to.deep.equal({ screen: 'approval' });

    // when it is completed with variables, then they merge and the instance completes
    await harness().engine.completeUserTask(task!.key, { approved: true });
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ approved: true });
    expect((await harness().engine.getUserTask(task!.key)).state).to.equal('COMPLETED');
  });

  it('user task update and filters', async function () {
    // given an open user task for the leaders group
    const key = await harness().start('user-task', { approver: null, receivedAt: null });
    const [task] = await harness().openUserTasks(key);

    // when its priority and due date are changed
    const dueDate = new Date('2026-12-11T10:00:00Z');
    await harness().engine.updateUserTask(task!.key, { priority: 95, dueDate });

    // then the task shows the new values, and filters by group and process find it
    const updated = await harness().engine.getUserTask(task!.key);
    expect(updated.priority).to.equal(95);
    expect(updated.dueDate?.toISOString()).to.equal(dueDate.toISOString());
    const byGroup = await harness().engine.listUserTasks({
      candidateGroup: 'van-thu',
      processInstanceKey: key,
    });
    expect(byGroup.map((entry) => entry.key)).to.deep.equal([task!.key]);
    const otherGroup = await harness().engine.listUserTasks({
      candidateGroup: 'finance',
      processInstanceKey: key,
    });
    expect(otherGroup).to.have.length(0);
    const byUser = await harness().engine.listUserTasks({
      candidateUser: 'binh',
      processInstanceKey: key,
    });
    expect(byUser.map((entry) => entry.key)).to.deep.equal([task!.key]);
  });

  it('user task is not a job', async function () {
    // given an instance waiting at a Camunda user task
    await harness().start('user-task', { approver: 'a', receivedAt: '2026-12-10T17:00:00Z' });

    // when jobs of the job-based user task type are activated
    const jobs = await harness().activate('io.camunda.zeebe:userTask');

    // then there are none, because a zeebe:userTask is not job-based
    expect(jobs).to.have.length(0);
  });

  it('receive task waits for its message', async function () {
    // given an instance waiting at a receive task for document-signed of doc-r1
    const key = await harness().start('receive-task', { documentId: 'doc-r1' });
    expect((await harness().engine.getInstance(key)).state).to.equal('ACTIVE');

    // when the matching message is published
    await harness().engine.publishMessage({
      name: 'document-signed',
      correlationKey: 'doc-r1',
      timeToLiveMs: 0,
      variables: { signed: true },
    });

    // then the task completes with the message's variables
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ signed: true });
  });

  it('manual and plain tasks pass through', async function () {
    // given a manual task followed by a plain task

    // when an instance is created
    const key = await harness().start('pass-through-tasks');

    // then both completed without waiting
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
    const history = await harness().history(key);
    const types = Object.fromEntries(history.map((entry) => [entry.elementId, entry.elementType]));
    expect(types).to.include({ stamp: 'manualTask', note: 'task' });
  });

  it('user task events in order', async function () {
    // given a listener for user task changes
    const events: UserTaskEvent[] = [];
    const unsubscribe = harness().engine.onUserTask((event) => events.push(event));
    try {
      // when a task is created, assigned and completed
      const key = await harness().start('user-task', { approver: null, receivedAt: null });
      const [task] = await harness().openUserTasks(key);
      await harness().engine.assignUserTask(task!.key, 'le.van.cuong');
      await harness().engine.completeUserTask(task!.key, { note: 'Đồng ý' });

      // then the listener saw created, assigned and completed for that task
      const mine = events.filter((event) => event.task.key === task!.key);
      expect(mine.map((event) => event.kind)).to.deep.equal(['created', 'assigned', 'completed']);
      expect(mine[1]!.task.assignee).to.equal('le.van.cuong');
      const completed = mine[2] as Extract<UserTaskEvent, { kind: 'completed' }>;
      expect(completed.variables).to.deep.equal({ note: 'Đồng ý' });
    } finally {
      unsubscribe();
    }
  });

  it('job-based user task', async function () {
    // given a user task without zeebe:userTask, assigned to van.thu
    const key = await harness().start('user-task-job-based');

    // when the task list and the jobs of the user task type are read
    const [task] = await harness().openUserTasks(key);
    const job = await harness().activateOne('io.camunda.zeebe:userTask');

    // then the task is listed with its assignee and is also a job
    expect(task).to.include({ elementId: 'register', assignee: 'van.thu' });
    expect(job).to.include({ processInstanceKey: key, elementId: 'register' });

    // when the job is completed, then the instance completes
    await harness().engine.completeJob({ jobKey: job.key, activation: job.activation });
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('cancel removes jobs and timers', async function () {
    // given an instance waiting at a service task
    const key = await harness().start('job-tasks', { number: 99 });

    // when it is cancelled
    await harness().engine.cancelInstance(key);

    // then it is terminated, and its job can no longer be activated
    expect((await harness().engine.getInstance(key)).state).to.equal('TERMINATED');
    expect(await harness().activate('job-tasks.store')).to.have.length(0);
    expect(await harness().elementIds(key, 'TERMINATED')).to.include('store');
  });
});
