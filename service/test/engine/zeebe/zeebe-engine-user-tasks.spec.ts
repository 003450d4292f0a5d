import { expect } from 'chai';

import { ConflictError, NotFoundError, ValidationError } from '../../../src/errors/index.js';
import type { UserTaskEvent } from '../../../src/engine/port.js';
import type { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { startFakeCamunda, type FakeCamunda } from './fakes/fake-camunda.js';
import { rejectionOf } from '../../support/rejection.js';

describe('ZeebeEngine user tasks', () => {
  let fake: FakeCamunda;
  let engine: ZeebeEngine;
  let events: UserTaskEvent[];

  beforeEach(async () => {
    fake = await startFakeCamunda();
    engine = await fake.startEngine();
    events = [];
    engine.onUserTask((event) => events.push(event));
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe('job-based', () => {
    let processInstanceKey: string;

    beforeEach(async () => {
      const xml = processXml('incoming-intake', [{ kind: 'user', id: 'review', name: 'Review' }]);
      await engine.deploy([{ name: 'incoming-intake.bpmn', content: xml }]);
      fake.cluster.offerJob('incoming-intake', {
        type: 'io.camunda.zeebe:userTask',
        elementId: 'review',
        customHeaders: {
          'io.camunda.zeebe:assignee': 'chuyen.vien',
          'io.camunda.zeebe:candidateGroups': '["van-thu","lanh-dao"]',
          'io.camunda.zeebe:candidateUsers': '["pho.phong"]',
          'io.camunda.zeebe:dueDate': '2026-12-10T17:00:00+07:00',
          'io.camunda.zeebe:followUpDate': '2026-12-08T09:00:00+07:00',
          'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:review-form',
          'io.camunda.zeebe:priority': '80',
          documentKind: 'official-letter',
        },
      });
      processInstanceKey = (await engine.createInstance({ bpmnProcessId: 'incoming-intake' }))
        .processInstanceKey;
    });

    it('lists the task from its job headers', async () => {
      // when
      const tasks = await engine.listUserTasks({ candidateGroup: 'van-thu' });

      // then
      const activation = fake.gateway.calls.find((call) => call.method === 'ActivateJobs')!;
      expect(activation.request.type).to.equal('io.camunda.zeebe:userTask');
      expect(tasks).to.have.length(1);
      const task = tasks[0]!;
      expect(task.processInstanceKey).to.equal(processInstanceKey);
      expect(task.elementId).to.equal('review');
      expect(task.state).to.equal('CREATED');
      expect(task.assignee).to.equal('chuyen.vien');
      expect(task.candidateGroups).to.deep.equal(['van-thu', 'lanh-dao']);
      expect(task.candidateUsers).to.deep.equal(['pho.phong']);
      expect(task.dueDate!.toISOString()).to.equal('2026-12-10T10:00:00.000Z');
      expect(task.followUpDate!.toISOString()).to.equal('2026-12-08T02:00:00.000Z');
      expect(task.formKey).to.equal('camunda-forms:bpmn:review-form');
      expect(task.priority).to.equal(80);
      expect(task.customHeaders).to.deep.equal({ documentKind: 'official-letter' });
      expect(events.map((event) => [event.kind, event.task.key])).to.deep.equal([
        ['created', task.key],
      ]);
    });

    it('completes the task by completing its job', async () => {
      // given
      const [task] = await engine.listUserTasks();

      // when
      await engine.completeUserTask(task!.key, { approved: true });

      // then
      const completion = fake.gateway.calls.find((call) => call.method === 'CompleteJob')!;
      expect(completion.request.jobKey).to.equal(task!.key);
      expect(JSON.parse(String(completion.request.variables))).to.deep.equal({ approved: true });
      expect(fake.cluster.instances.get(processInstanceKey)!.state).to.equal('COMPLETED');
      expect(events.at(-1)).to.deep.include({ kind: 'completed', variables: { approved: true } });
      expect(events.at(-1)!.task.state).to.equal('COMPLETED');
      expect(await engine.listUserTasks()).to.deep.equal([]);
    });

    it('keeps an assignment in this process', async () => {
      // given
      const [task] = await engine.listUserTasks();

      // when
      await engine.assignUserTask(task!.key, 'truong.phong');

      // then
      expect((await engine.getUserTask(task!.key)).assignee).to.equal('truong.phong');
      expect(events.at(-1)!.kind).to.equal('assigned');
      const assignments = fake.rest.requests.filter((request) =>
        request.path.includes('/assignment'),
      );
      expect(assignments).to.have.lengthOf(0);
    });

    it('finds a task activated after the last listing', async () => {
      // given
      const jobKey = [...fake.cluster.jobs.keys()][0]!;

      // when
      const task = await engine.getUserTask(jobKey);

      // then
      expect(task.key).to.equal(jobKey);
      expect(task.assignee).to.equal('chuyen.vien');
    });
  });

  describe('Camunda user tasks', () => {
    let processInstanceKey: string;

    beforeEach(async () => {
      const xml = processXml('incoming-intake', [
        { kind: 'user', id: 'review', name: 'Review', camunda: true },
      ]);
      await engine.deploy([{ name: 'incoming-intake.bpmn', content: xml }]);
      fake.cluster.offerUserTask('incoming-intake', {
        elementId: 'review',
        name: 'Review',
        candidateGroups: ['van-thu'],
        dueDate: '2026-12-10T10:00:00.000Z',
        priority: 70,
        formKey: '2251799813680001',
      });
      processInstanceKey = (await engine.createInstance({ bpmnProcessId: 'incoming-intake' }))
        .processInstanceKey;
    });

    async function onlyTaskKey(): Promise<string> {
      const tasks = await engine.listUserTasks({ processInstanceKey });
      expect(tasks).to.have.length(1);
      return tasks[0]!.key;
    }

    it('searches with the mapped filter', async () => {
      // when
      const tasks = await engine.listUserTasks({
        state: 'CREATED',
        candidateGroup: 'van-thu',
        limit: 10,
      });

      // then
      const search = fake.rest.requests.find(
        (request) => request.path === '/v2/user-tasks/search',
      )!;
      expect(search.body).to.deep.include({
        filter: { state: 'CREATED', candidateGroup: 'van-thu' },
        page: { from: 0, limit: 10 },
      });
      expect(tasks).to.have.length(1);
      expect(tasks[0]).to.deep.include({
        processInstanceKey,
        bpmnProcessId: 'incoming-intake',
        elementId: 'review',
        name: 'Review',
        state: 'CREATED',
        priority: 70,
        formKey: '2251799813680001',
      });
      expect(tasks[0]!.candidateGroups).to.deep.equal(['van-thu']);
      expect(tasks[0]!.dueDate!.toISOString()).to.equal('2026-12-10T10:00:00.000Z');
    });

    it('assigns and unassigns', async () => {
      // given
      const key = await onlyTaskKey();

      // when
      await engine.assignUserTask(key, 'chuyen.vien');
      const assigned = (await engine.getUserTask(key)).assignee;
      await engine.assignUserTask(key, null);

      // then
      const assignment = fake.rest.requests.find(
        (request) => request.path === `/v2/user-tasks/${key}/assignment`,
      )!;
      expect(assignment.method).to.equal('POST');
      expect(assignment.body).to.deep.include({ assignee: 'chuyen.vien', allowOverride: true });
      expect(assigned).to.equal('chuyen.vien');
      const removal = fake.rest.requests.find(
        (request) => request.path === `/v2/user-tasks/${key}/assignee`,
      )!;
      expect(removal.method).to.equal('DELETE');
      expect((await engine.getUserTask(key)).assignee).to.equal(undefined);
      expect(events.map((event) => [event.kind, event.task.assignee])).to.deep.equal([
        ['assigned', 'chuyen.vien'],
        ['assigned', undefined],
      ]);
    });

    it('updates through the documented endpoint', async () => {
      // given
      const key = await onlyTaskKey();

      // when
      await engine.updateUserTask(key, {
        dueDate: null,
        followUpDate: new Date('2026-12-09T02:00:00.000Z'),
        candidateUsers: ['pho.phong'],
        priority: 90,
      });

      // then
      const update = fake.rest.requests.find((request) => request.method === 'PATCH')!;
      expect(update.path).to.equal(`/v2/user-tasks/${key}`);
      expect(update.body).to.deep.equal({
        changeset: {
          dueDate: '',
          followUpDate: '2026-12-09T02:00:00.000Z',
          candidateUsers: ['pho.phong'],
          priority: 90,
        },
        action: 'update',
      });
      const task = await engine.getUserTask(key);
      expect(task.dueDate).to.equal(undefined);
      expect(task.followUpDate!.toISOString()).to.equal('2026-12-09T02:00:00.000Z');
      expect(task.priority).to.equal(90);
      expect(events.at(-1)!.kind).to.equal('updated');
    });

    it('rejects a priority above 100 locally', async () => {
      // given
      const key = await onlyTaskKey();

      // when
      const error = await rejectionOf(engine.updateUserTask(key, { priority: 101 }));

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect(fake.rest.requests.filter((request) => request.method === 'PATCH')).to.have.lengthOf(
        0,
      );
    });

    it('completes with variables', async () => {
      // given
      const key = await onlyTaskKey();

      // when
      await engine.completeUserTask(key, { approved: false, comment: 'thiếu chữ ký' });

      // then
      const completion = fake.rest.requests.find(
        (request) => request.path === `/v2/user-tasks/${key}/completion`,
      )!;
      expect(completion.body).to.deep.include({
        variables: { approved: false, comment: 'thiếu chữ ký' },
      });
      expect((await engine.getUserTask(key)).state).to.equal('COMPLETED');
      expect(fake.cluster.instances.get(processInstanceKey)!.variables).to.deep.equal({
        approved: false,
        comment: 'thiếu chữ ký',
      });
      expect(events.at(-1)!.kind).to.equal('completed');
    });

    it('maps a completed task to ConflictError', async () => {
      // given
      const key = await onlyTaskKey();
      await engine.completeUserTask(key);

      // when
      const error = await rejectionOf(engine.completeUserTask(key));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((error as ConflictError).details.httpStatus).to.equal(409);
    });

    it('maps an unknown key to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.getUserTask('2251799813699999'));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.include('2251799813699999');
    });
  });

  describe('changes inside Zeebe', () => {
    beforeEach(async () => {
      const xml = processXml('incoming-intake', [{ kind: 'user', id: 'review', camunda: true }]);
      await engine.deploy([{ name: 'incoming-intake.bpmn', content: xml }]);
      fake.cluster.offerUserTask('incoming-intake', { elementId: 'review', name: 'Review' });
    });

    it('first poll only records open tasks', async () => {
      // given
      await engine.createInstance({ bpmnProcessId: 'incoming-intake' });

      // when
      await engine.pollUserTasks();

      // then
      expect(events).to.deep.equal([]);
    });

    it('reports a task created by the engine', async () => {
      // given
      await engine.pollUserTasks();
      const created = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });

      // when
      await engine.pollUserTasks();

      // then
      expect(events.map((event) => [event.kind, event.task.processInstanceKey])).to.deep.equal([
        ['created', created.processInstanceKey],
      ]);
    });

    it('reports changes by another client', async () => {
      // given
      const other = await fake.startEngine();
      const first = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      const second = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      const third = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      const fourth = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      await engine.pollUserTasks();
      const keyOf = async (processInstanceKey: string) =>
        (await other.listUserTasks({ processInstanceKey }))[0]!.key;

      // when
      await other.assignUserTask(await keyOf(first.processInstanceKey), 'chuyen.vien');
      await other.updateUserTask(await keyOf(second.processInstanceKey), { priority: 90 });
      await other.completeUserTask(await keyOf(third.processInstanceKey), { approved: true });
      await other.cancelInstance(first.processInstanceKey);
      await other.assignUserTask(await keyOf(fourth.processInstanceKey), 'pho.phong');
      await engine.pollUserTasks();

      // then
      const seen = events.map((event) => [event.kind, event.task.processInstanceKey]);
      expect(seen).to.deep.equal([
        ['updated', second.processInstanceKey],
        ['assigned', fourth.processInstanceKey],
        ['canceled', first.processInstanceKey],
        ['completed', third.processInstanceKey],
      ]);
      expect(events[0]!.task.priority).to.equal(90);
      expect(events[1]!.task.assignee).to.equal('pho.phong');
    });

    it('does not repeat its own changes', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      await engine.pollUserTasks();
      const [task] = await engine.listUserTasks({ processInstanceKey: created.processInstanceKey });

      // when
      await engine.assignUserTask(task!.key, 'chuyen.vien');
      await engine.pollUserTasks();

      // then
      expect(events.map((event) => event.kind)).to.deep.equal(['assigned']);
    });

    it('polls on its interval', async () => {
      // given
      const polling = await fake.startEngine({ userTaskPollIntervalMs: 10 });
      const seen: UserTaskEvent[] = [];
      const firstCreated = new Promise<void>((resolve) =>
        polling.onUserTask((event) => {
          seen.push(event);
          if (event.kind === 'created') resolve();
        }),
      );
      while (!fake.rest.requests.some((request) => request.path === '/v2/user-tasks/search')) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }

      // when
      const created = await engine.createInstance({ bpmnProcessId: 'incoming-intake' });
      await firstCreated;

      // then
      expect(seen[0]!.task.processInstanceKey).to.equal(created.processInstanceKey);
    });
  });
});
