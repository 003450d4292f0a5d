import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import { NotFoundError } from '../../../src/errors/index.js';
import { hour, rejectionOf, useHarness } from './harness.js';

describeEachDatabase('conformance: boundary events', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy(
      'boundary-timer',
      'boundary-timer-cycle',
      'boundary-timer-date',
      'boundary-message',
      'boundary-error',
    );
  });

  it('interrupting timer cancels the task', async function () {
    // given a user task with a 24-hour interrupting timer boundary
    const key = await harness().start('boundary-timer');
    const [task] = await harness().openUserTasks(key);

    // when 24 hours pass
    await harness().advance(24 * hour);

    // then the user task is cancelled and the escalation path waits at its job
    expect((await harness().engine.getUserTask(task!.key)).state).to.equal('CANCELED');
    const job = await harness().activateOne('boundary-timer.escalate');
    expect(job.processInstanceKey).to.equal(key);
    expect(await harness().elementIds(key, 'TERMINATED')).to.include('approve');
  });

  it('date timer fires at its zoned time', async function () {
    // given a user task with a timer boundary at the deadline 17:00 in UTC+7
    const clockStart = harness().clock.now().getTime();
    const deadline = new Date(clockStart + 30 * hour);
    const local = new Date(deadline.getTime() + 7 * hour).toISOString().slice(0, 19);
    const key = await harness().start('boundary-timer-date', { deadline: `${local}+07:00` });

    // when the clock reaches one millisecond before the deadline
    await harness().advance(30 * hour - 1);

    // then the task is still open
    expect(await harness().openUserTasks(key)).to.have.length(1);
    expect(await harness().activate('boundary-timer-date.escalate')).to.have.length(0);

    // when the deadline is reached, then the task is cancelled and the escalation waits
    await harness().advance(1);
    expect(await harness().openUserTasks(key)).to.have.length(0);
    expect(
      (await harness().activateOne('boundary-timer-date.escalate')).processInstanceKey,
    ).to.equal(key);
  });

  it('timer cycle R3/PT1H fires three times', async function () {
    // given a user task with a non-interrupting R3/PT1H timer boundary
    const key = await harness().start('boundary-timer-cycle');
    const reminders: string[] = [];

    // when the clock moves one hour at a time, three times
    for (let step = 1; step <= 3; step += 1) {
      await harness().advance(hour);
      const job = await harness().completeOne('boundary-timer-cycle.remind');
      reminders.push(job.processInstanceKey);
    }

    // and then ten more hours pass
    await harness().advance(10 * hour);

    // then there were exactly three reminders, and the task is still open
    expect(reminders).to.deep.equal([key, key, key]);
    expect(await harness().activate('boundary-timer-cycle.remind')).to.have.length(0);
    const completed = await harness().elementIds(key, 'COMPLETED');
    expect(completed.filter((id) => id === 'hourly')).to.have.length(3);
    expect(await harness().openUserTasks(key)).to.have.length(1);
  });

  it('message boundary interrupts the task', async function () {
    // given a service task with a document-withdrawn message boundary
    const key = await harness().start('boundary-message', { documentId: 'bm-1' });
    const job = await harness().activateOne('boundary-message.sign');

    // when the message is published
    await harness().engine.publishMessage({
      name: 'document-withdrawn',
      correlationKey: 'bm-1',
      timeToLiveMs: 0,
      variables: { reason: 'Rút lại' },
    });

    // then the task is terminated, the withdrawn path ended the instance
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ reason: 'Rút lại' });
    expect(await harness().elementIds(key, 'COMPLETED')).to.include('end-withdrawn');

    // and the job of the terminated task can no longer be completed
    const error = await rejectionOf(
      harness().engine.completeJob({ jobKey: job.key, activation: job.activation }),
    );
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('caught error carries variables', async function () {
    // given a service task with an error boundary for SIGNATURE_REJECTED
    const key = await harness().start('boundary-error');
    const job = await harness().activateOne('boundary-error.sign');

    // when the worker throws that error with variables
    await harness().engine.throwError({
      jobKey: job.key,
      activation: job.activation,
      errorCode: 'SIGNATURE_REJECTED',
      errorMessage: 'the leader rejected the signature',
      variables: { rejectionReason: 'Sai trích yếu' },
    });

    // then the boundary path runs and receives the variables
    const revise = await harness().activateOne('boundary-error.revise');
    expect(revise.processInstanceKey).to.equal(key);
    expect(revise.variables).to.include({ rejectionReason: 'Sai trích yếu' });
    expect((await harness().engine.getInstance(key)).incidents).to.have.length(0);
  });

  it('uncaught error raises an incident', async function () {
    // given a service task whose boundary catches only SIGNATURE_REJECTED
    const key = await harness().start('boundary-error');
    const job = await harness().activateOne('boundary-error.sign');

    // when the worker throws another error code
    await harness().engine.throwError({
      jobKey: job.key,
      activation: job.activation,
      errorCode: 'KEY_STORE_LOCKED',
      errorMessage: 'the key store is locked',
    });

    // then an incident of type UNHANDLED_ERROR_EVENT names the task and the instance stays active
    const incidents = await harness().engine.listIncidents({
      processInstanceKey: key,
      state: 'ACTIVE',
    });
    expect(incidents).to.have.length(1);
    expect(incidents[0]).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'sign' });
    expect(incidents[0]!.errorMessage).to.contain('KEY_STORE_LOCKED');
    expect((await harness().engine.getInstance(key)).state).to.equal('ACTIVE');
    expect(await harness().activate('boundary-error.revise')).to.have.length(0);
  });
});
