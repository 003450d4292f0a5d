import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import { hour, useHarness } from './harness.js';

describeEachDatabase('conformance: events', (database) => {
  const harness = useHarness(database);

  describe('start and end', function () {
    before(async function () {
      await harness().deploy(
        'none-start-end',
        'message-start',
        'terminate-end',
        'error-end',
        'escalation',
        'escalation-uncaught',
        'message-end',
      );
    });

    it('none start to none end', async function () {
      // given a process with a none start event followed by a none end event
      const { engine } = harness();

      // when an instance is created
      const key = await harness().start('none-start-end');

      // then it completed at once, passing both events
      const instance = await engine.getInstance(key);
      expect(instance.state).to.equal('COMPLETED');
      expect(await harness().elementIds(key, 'COMPLETED')).to.include.members(['start', 'end']);
    });

    it('message start creates an instance', async function () {
      // given a process started by the message document-received
      const { engine } = harness();

      // when that message is published with variables
      await engine.publishMessage({
        name: 'document-received',
        correlationKey: '',
        timeToLiveMs: 0,
        variables: { documentId: 'in-1' },
      });

      // then a new instance waits at its first task with the message's variables
      const job = await harness().activateOne('message-start.register');
      harness().track(job.processInstanceKey);
      expect(job.bpmnProcessId).to.equal('message-start');
      expect(job.variables).to.include({ documentId: 'in-1' });
      const history = await harness().elementIds(job.processInstanceKey, 'COMPLETED');
      expect(history).to.include('start');
    });

    it('terminate end completes the instance', async function () {
      // given a process that forks to a user task and a terminate end event
      const { engine } = harness();

      // when an instance is created
      const key = await harness().start('terminate-end');

      // then the instance is completed, the user task terminated, and no task is left open
      const instance = await engine.getInstance(key);
      expect(instance.state).to.equal('COMPLETED');
      expect(await harness().elementIds(key, 'TERMINATED')).to.include('review');
      expect(await harness().elementIds(key, 'COMPLETED')).to.include('terminate');
      expect(await harness().openUserTasks(key)).to.have.length(0);
    });

    it('error end caught by boundary', async function () {
      // given a sub-process ending in error DOCUMENT_REJECTED, caught by a boundary on it
      const { engine } = harness();

      // when an instance is created
      const key = await harness().start('error-end');

      // then the boundary path ran, the normal end did not, and no incident was raised
      const instance = await engine.getInstance(key);
      expect(instance.state).to.equal('COMPLETED');
      const completed = await harness().elementIds(key, 'COMPLETED');
      expect(completed).to.include.members(['rejected', 'end-rejected']);
      expect(completed).not.to.include('end');
      expect(instance.incidents).to.have.length(0);

      // and the interrupted sub-process ended as terminated, with the error end event inside it
      const terminated = await harness().elementIds(key, 'TERMINATED');
      expect(terminated).to.include.members(['check', 'reject']);
    });

    it('escalation caught without interrupting', async function () {
      // given a sub-process throwing NOTIFY_LEADER to a non-interrupting boundary
      const key = await harness().start('escalation');

      // when the boundary path's job and then the sub-process's job complete
      await harness().completeOne('escalation.inform');
      await harness().completeOne('escalation.write');

      // then both paths ran and the uncaught escalation end event ended the instance cleanly
      const instance = await harness().engine.getInstance(key);
      expect(instance.state).to.equal('COMPLETED');
      expect(await harness().elementIds(key, 'COMPLETED')).to.include.members([
        'notify',
        'notified',
        'inform-end',
        'draft',
        'done',
      ]);
      expect(instance.incidents).to.have.length(0);
    });

    it('uncaught escalation goes on', async function () {
      // given a process throwing an escalation that nothing catches, then a service task
      const key = await harness().start('escalation-uncaught');

      // when the instance reaches the task
      const job = await harness().activateOne('escalation-uncaught.archive');

      // then the task waits, and there is no incident
      expect(job.processInstanceKey).to.equal(key);
      const instance = await harness().engine.getInstance(key);
      expect(instance.state).to.equal('ACTIVE');
      expect(instance.incidents).to.have.length(0);
      expect(await harness().engine.listIncidents({ processInstanceKey: key })).to.have.length(0);
    });

    it('message end event is a job', async function () {
      // given a process ending in a message end event with a job type
      const key = await harness().start('message-end');

      // when its job is completed
      const job = await harness().completeOne('message-end.notice');

      // then the end event was the job's element, and the instance completed
      expect(job.elementId).to.equal('notice');
      expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
    });
  });

  describe('intermediate events', function () {
    before(async function () {
      await harness().deploy('timer-catch', 'message-catch');
    });

    it('timer catch never fires early', async function () {
      // given an instance waiting on a 4-hour timer
      const key = await harness().start('timer-catch');

      // when the clock reaches one millisecond before the due time
      await harness().advance(4 * hour - 1);

      // then nothing fired yet
      expect(await harness().activate('timer-catch.remind')).to.have.length(0);
      expect(await harness().activeElementIds(key)).to.deep.equal(['wait']);

      // when the last millisecond passes, then the timer fires and the next task waits
      await harness().advance(1);
      const job = await harness().activateOne('timer-catch.remind');
      expect(job.processInstanceKey).to.equal(key);
    });

    it('message catch by correlation key', async function () {
      // given two instances waiting for document-signed with different document ids
      const first = await harness().start('message-catch', { documentId: 'catch-1' });
      const second = await harness().start('message-catch', { documentId: 'catch-2' });

      // when the message for the second document is published with variables
      await harness().engine.publishMessage({
        name: 'document-signed',
        correlationKey: 'catch-2',
        timeToLiveMs: 0,
        variables: { signedBy: 'Nguyễn Văn An' },
      });

      // then only the second instance moved on, carrying the message's variables
      const job = await harness().activateOne('message-catch.register');
      expect(job.processInstanceKey).to.equal(second);
      expect(job.variables).to.include({ signedBy: 'Nguyễn Văn An' });
      const waiting = await harness().engine.getInstance(first);
      expect(waiting.activeElements.map((element) => element.elementId)).to.deep.equal(['signed']);
    });
  });
});
