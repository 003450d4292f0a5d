import { expect } from 'chai';
import pino from 'pino';
import { BusinessRuleError, NotFoundError, TransientError } from '../../../src/errors/index.js';
import { createJobWorker, type JobWorker } from '../../../src/engine/job-worker.js';
import type { Incident } from '../../../src/engine/port.js';
import { describeEachDatabase } from '../../support/databases.js';
import { rejectionOf, useHarness } from './harness.js';

/** Polls `check` every 10 ms until it returns a value, failing after five seconds. */
async function waitFor<T>(description: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return expect.fail(`timed out after 5 s waiting for ${description}`);
}

describeEachDatabase('conformance: jobs', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy('job-tasks', 'boundary-error');
  });

  it('timed-out job is redelivered', async function () {
    // given a job activated with a one-minute timeout
    await harness().start('job-tasks', { number: 1 });
    const first = await harness().activateOne('job-tasks.store', { timeoutMs: 60_000 });

    // when the minute passes without a completion
    expect(await harness().activate('job-tasks.store')).to.have.length(0);
    await harness().advance(60_001);

    // then the same job can be activated again with the same retries
    const second = await harness().activateOne('job-tasks.store');
    expect(second.key).to.equal(first.key);
    expect(second.retries).to.equal(first.retries);
    expect(second.activation).not.to.equal(first.activation);
  });

  it('stale activation is not found', async function () {
    // given a job that timed out and was activated again by another worker
    const key = await harness().start('job-tasks', { number: 2 });
    const stale = await harness().activateOne('job-tasks.store', { timeoutMs: 1_000 });
    await harness().advance(1_001);
    const fresh = await harness().activateOne('job-tasks.store');

    // when the first worker completes with its old activation
    const error = await rejectionOf(
      harness().engine.completeJob({ jobKey: stale.key, activation: stale.activation }),
    );

    // then it is rejected as not found, and the second worker's completion is accepted
    expect(error).to.be.instanceOf(NotFoundError);
    await harness().engine.completeJob({ jobKey: fresh.key, activation: fresh.activation });
    const instance = await harness().engine.getInstance(key);
    expect(instance.activeElements.map((element) => element.elementId)).to.deep.equal(['send']);
  });

  it('completing twice is not found', async function () {
    // given a job that was completed
    await harness().start('job-tasks', { number: 3 });
    const job = await harness().completeOne('job-tasks.store');

    // when it is completed again
    const error = await rejectionOf(
      harness().engine.completeJob({ jobKey: job.key, activation: job.activation }),
    );

    // then the second completion is rejected as not found
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('retries down to an incident, then resolve', async function () {
    // given a job that fails twice, the second time with no retries left
    const key = await harness().start('job-tasks', { number: 4 });
    const first = await harness().activateOne('job-tasks.store');
    await harness().engine.failJob({
      jobKey: first.key,
      activation: first.activation,
      retries: 1,
      errorMessage: 'register service unavailable',
    });
    const second = await harness().activateOne('job-tasks.store');
    expect(second.retries).to.equal(1);
    await harness().engine.failJob({
      jobKey: second.key,
      activation: second.activation,
      retries: 0,
      errorMessage: 'register service still unavailable',
    });

    // then an incident names the job and its message, and the job is not activatable
    const [incident] = await harness().engine.listIncidents({ processInstanceKey: key });
    expect(incident).to.include({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'register service still unavailable',
      jobKey: first.key,
      elementId: 'store',
      state: 'ACTIVE',
    });
    expect(await harness().activate('job-tasks.store')).to.have.length(0);

    // when the incident is resolved with two retries
    await harness().engine.resolveIncident({ incidentKey: incident!.key, retries: 2 });

    // then the job is activatable with those retries and its completion moves the instance on
    const third = await harness().activateOne('job-tasks.store');
    expect(third.retries).to.equal(2);
    await harness().engine.completeJob({ jobKey: third.key, activation: third.activation });
    const instance = await harness().engine.getInstance(key);
    expect(instance.activeElements.map((element) => element.elementId)).to.deep.equal(['send']);
    const [resolved] = await harness().engine.listIncidents({ processInstanceKey: key });
    expect(resolved!.state).to.equal('RESOLVED');
  });

  it('retry back-off delays activation', async function () {
    // given a job failed with retries left and a one-minute back-off
    await harness().start('job-tasks', { number: 5 });
    const job = await harness().activateOne('job-tasks.store');
    await harness().engine.failJob({
      jobKey: job.key,
      activation: job.activation,
      retries: 4,
      errorMessage: 'timed out',
      retryBackoffMs: 60_000,
    });

    // when less than the back-off passed, then the job is not activatable
    await harness().advance(59_999);
    expect(await harness().activate('job-tasks.store')).to.have.length(0);

    // when the back-off is over, then it is activatable with the retries the worker left
    await harness().advance(1);
    expect((await harness().activateOne('job-tasks.store')).retries).to.equal(4);
  });

  it('fetchVariables limits variables', async function () {
    // given an instance with several variables
    await harness().start('job-tasks', { number: 6, secretNote: 'internal' });

    // when a job is activated asking for one variable
    const jobs = await harness().engine.activateJobs({
      type: 'job-tasks.store',
      worker: 'conformance',
      timeoutMs: 60_000,
      maxJobs: 1,
      fetchVariables: ['number'],
      requestTimeoutMs: 0,
    });

    // then only that variable is delivered
    expect(jobs).to.have.length(1);
    expect(jobs[0]!.variables).to.deep.equal({ number: 6 });
  });

  it('unknown job key is not found', async function () {
    // given no job with key 999999999

    // when it is completed, then the error is NotFoundError naming the key
    const error = await rejectionOf(harness().engine.completeJob({ jobKey: '999999999' }));
    expect(error).to.be.instanceOf(NotFoundError);
    expect((error as Error).message).to.contain('999999999');
  });

  describe('job worker runtime', function () {
    const workers: JobWorker[] = [];

    afterEach(async function () {
      await Promise.all(workers.splice(0).map((worker) => worker.close()));
    });

    function startWorker(type: string, handler: Parameters<typeof createJobWorker>[2]): void {
      const options = {
        type,
        timeoutMs: 60_000,
        maxJobs: 4,
        pollIntervalMs: 20,
        logger: pino({ level: 'silent' }),
      };
      workers.push(createJobWorker(harness().engine, options, handler));
    }

    it('BusinessRuleError reaches the boundary', async function () {
      // given a worker that rejects signatures and one that revises documents
      startWorker('boundary-error.sign', async () => {
        throw new BusinessRuleError('SIGNATURE_REJECTED', 'rejected by the leader', {
          rejectionReason: 'Thiếu chữ ký nháy',
        });
      });
      startWorker('boundary-error.revise', async (job) => ({
        revisedFor: job.variables.rejectionReason,
      }));

      // when an instance starts
      const key = await harness().start('boundary-error');

      // then the error boundary path completed the instance with the error's variables
      const instance = await waitFor('the instance to complete', async () => {
        const current = await harness().engine.getInstance(key);
        return current.state === 'COMPLETED' ? current : undefined;
      });
      expect(instance.variables).to.include({ revisedFor: 'Thiếu chữ ký nháy' });
      expect(await harness().elementIds(key, 'COMPLETED')).to.include('end-revised');
    });

    it('TransientError ends in an incident', async function () {
      // given a worker whose handler always fails with a transient error and no back-off
      let attempts = 0;
      startWorker('boundary-error.sign', async () => {
        attempts += 1;
        throw new TransientError('signing service timed out', {}, { retryBackoffMs: 0 });
      });

      // when an instance reaches the task, whose job has the default three retries
      const key = await harness().start('boundary-error');

      // then each attempt costs a retry, and the last one raises an incident with the message
      const incident = await waitFor('an incident', async () => {
        const incidents: Incident[] = await harness().engine.listIncidents({
          processInstanceKey: key,
        });
        return incidents[0];
      });
      expect(incident).to.include({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'signing service timed out',
        elementId: 'sign',
      });
      expect(attempts).to.equal(3);
    });
  });
});
