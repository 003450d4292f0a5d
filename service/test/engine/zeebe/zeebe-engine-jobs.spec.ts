import { status as GrpcStatus } from '@grpc/grpc-js';
import { expect } from 'chai';

import {
  ConflictError,
  NotFoundError,
  TransientError,
  ValidationError,
} from '../../../src/errors/index.js';
import type { Job } from '../../../src/engine/port.js';
import type { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { startFakeCamunda, type FakeCamunda } from './fakes/fake-camunda.js';
import { rejectionOf } from '../../support/rejection.js';

describe('ZeebeEngine jobs', () => {
  let fake: FakeCamunda;
  let engine: ZeebeEngine;

  beforeEach(async () => {
    fake = await startFakeCamunda();
    engine = await fake.startEngine();
    const xml = processXml('outgoing-approval', [
      { kind: 'service', id: 'register', jobType: 'document.register' },
    ]);
    await engine.deploy([{ name: 'outgoing-approval.bpmn', content: xml }]);
    fake.cluster.offerJob('outgoing-approval', {
      type: 'document.register',
      elementId: 'register',
      customHeaders: { registerBook: 'outgoing' },
      retries: 3,
      catches: ['NUMBER_TAKEN'],
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  const lastCall = (method: string) => {
    const calls = fake.gateway.calls.filter((call) => call.method === method);
    expect(calls, `calls of ${method}`).to.have.length.greaterThan(0);
    return calls[calls.length - 1]!;
  };

  async function activateOne(): Promise<Job> {
    const jobs = await engine.activateJobs({
      type: 'document.register',
      worker: 'register-worker',
      timeoutMs: 30_000,
      maxJobs: 1,
    });
    expect(jobs).to.have.length(1);
    return jobs[0]!;
  }

  describe('activateJobs', () => {
    it('sends the request fields and maps the job', async () => {
      // given
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { documentId: 'doc-7', secret: 'not fetched' },
      });

      // when
      const jobs = await engine.activateJobs({
        type: 'document.register',
        worker: 'register-worker',
        timeoutMs: 30_000,
        maxJobs: 5,
        fetchVariables: ['documentId'],
      });

      // then
      const request = lastCall('ActivateJobs').request;
      expect(request.type).to.equal('document.register');
      expect(request.worker).to.equal('register-worker');
      expect(request.timeout).to.equal('30000');
      expect(request.maxJobsToActivate).to.equal(5);
      expect(request.fetchVariable).to.deep.equal(['documentId']);
      expect(request.requestTimeout).to.equal('-1');
      expect(request.tenantIds).to.deep.equal(['<default>']);
      expect(jobs).to.have.length(1);
      const job = jobs[0]!;
      expect(job.type).to.equal('document.register');
      expect(job.processInstanceKey).to.equal(created.processInstanceKey);
      expect(job.processDefinitionKey).to.equal(created.processDefinitionKey);
      expect(job.bpmnProcessId).to.equal('outgoing-approval');
      expect(job.processDefinitionVersion).to.equal(1);
      expect(job.elementId).to.equal('register');
      expect(job.customHeaders).to.deep.equal({ registerBook: 'outgoing' });
      expect(job.variables).to.deep.equal({ documentId: 'doc-7' });
      expect(job.retries).to.equal(3);
      expect(job.worker).to.equal('register-worker');
      expect(job.deadline.getTime()).to.equal(fake.cluster.jobs.get(job.key)!.deadline);
    });

    it('returns an empty batch when no job waits', async () => {
      // when
      const jobs = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
      });

      // then
      expect(jobs).to.deep.equal([]);
    });

    it('long-polls until a job appears', async () => {
      // given
      const polling = engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
        requestTimeoutMs: 5_000,
      });
      await new Promise((resolve) => setImmediate(resolve));

      // when
      await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });

      // then
      const jobs = await polling;
      expect(lastCall('ActivateJobs').request.requestTimeout).to.equal('5000');
      expect(jobs).to.have.length(1);
    });

    it('rejects a missing worker name locally', async () => {
      // when
      const error = await rejectionOf(
        engine.activateJobs({ type: 'document.register', worker: '', timeoutMs: 1000, maxJobs: 1 }),
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).details.field).to.equal('worker');
    });

    it('maps UNAVAILABLE to TransientError', async () => {
      // given
      fake.gateway.failNext('ActivateJobs', GrpcStatus.UNAVAILABLE, 'Partition 1 is unavailable');

      // when
      const error = await rejectionOf(
        engine.activateJobs({
          type: 'document.register',
          worker: 'w',
          timeoutMs: 1000,
          maxJobs: 1,
        }),
      );

      // then
      expect(error).to.be.instanceOf(TransientError);
    });
  });

  describe('completeJob', () => {
    it('sends the key and the variables', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const job = await activateOne();

      // when
      await engine.completeJob({ jobKey: job.key, variables: { registerNumber: '12/QĐ-UBND' } });

      // then
      const request = lastCall('CompleteJob').request;
      expect(request.jobKey).to.equal(job.key);
      expect(JSON.parse(String(request.variables))).to.deep.equal({ registerNumber: '12/QĐ-UBND' });
      const instance = fake.cluster.instances.get(created.processInstanceKey)!;
      expect(instance.variables).to.deep.equal({ registerNumber: '12/QĐ-UBND' });
      expect(instance.state).to.equal('COMPLETED');
    });

    it('maps an unknown job key to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.completeJob({ jobKey: '2251799813699999' }));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.include("job with key '2251799813699999'");
      expect((error as NotFoundError).details.jobKey).to.equal('2251799813699999');
    });

    it('maps a job without retries to ConflictError', async () => {
      // given
      await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const job = await activateOne();
      await engine.failJob({ jobKey: job.key, retries: 0, errorMessage: 'register book locked' });

      // when
      const error = await rejectionOf(engine.completeJob({ jobKey: job.key }));

      // then
      expect(error).to.be.instanceOf(ConflictError);
    });

    it('maps DEADLINE_EXCEEDED to TransientError', async () => {
      // given
      fake.gateway.failNext(
        'CompleteJob',
        GrpcStatus.DEADLINE_EXCEEDED,
        'Time out between gateway and broker',
      );

      // when
      const error = await rejectionOf(engine.completeJob({ jobKey: '2251799813685260' }));

      // then
      expect(error).to.be.instanceOf(TransientError);
      expect(error.message).to.include('Time out between gateway and broker');
    });
  });

  describe('failJob', () => {
    it('sends retries, message and back-off', async () => {
      // given
      await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const job = await activateOne();

      // when
      await engine.failJob({
        jobKey: job.key,
        retries: 2,
        errorMessage: 'register book locked',
        retryBackoffMs: 15_000,
        variables: { attempt: 1 },
      });

      // then
      const request = lastCall('FailJob').request;
      expect(request.jobKey).to.equal(job.key);
      expect(request.retries).to.equal(2);
      expect(request.errorMessage).to.equal('register book locked');
      expect(request.retryBackOff).to.equal('15000');
      expect(JSON.parse(String(request.variables))).to.deep.equal({ attempt: 1 });
      const stored = fake.cluster.jobs.get(job.key)!;
      expect(stored.state).to.equal('ACTIVATABLE');
      expect(stored.activatableAt).to.be.greaterThan(Date.now() + 10_000);
    });

    it('raises an incident without retries', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const job = await activateOne();

      // when
      await engine.failJob({ jobKey: job.key, retries: 0, errorMessage: 'register book locked' });

      // then
      const incidents = await engine.listIncidents({
        processInstanceKey: created.processInstanceKey,
      });
      expect(incidents).to.have.length(1);
      expect(incidents[0]!.errorType).to.equal('JOB_NO_RETRIES');
      expect(incidents[0]!.errorMessage).to.equal('register book locked');
      expect(incidents[0]!.jobKey).to.equal(job.key);
    });

    it('rejects negative retries locally', async () => {
      // when
      const error = await rejectionOf(
        engine.failJob({ jobKey: '2251799813685260', retries: -1, errorMessage: 'x' }),
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
    });
  });

  describe('throwError', () => {
    it('sends the code, message and variables', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const job = await activateOne();

      // when
      await engine.throwError({
        jobKey: job.key,
        errorCode: 'NUMBER_TAKEN',
        errorMessage: 'Number 12 is already used',
        variables: { conflictingNumber: 12 },
      });

      // then
      const request = lastCall('ThrowError').request;
      expect(request.jobKey).to.equal(job.key);
      expect(request.errorCode).to.equal('NUMBER_TAKEN');
      expect(request.errorMessage).to.equal('Number 12 is already used');
      expect(JSON.parse(String(request.variables))).to.deep.equal({ conflictingNumber: 12 });
      expect(fake.cluster.instances.get(created.processInstanceKey)!.variables).to.deep.equal({
        conflictingNumber: 12,
      });
    });

    it('maps a job that is not activated to ConflictError', async () => {
      // given
      await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const jobKey = [...fake.cluster.jobs.keys()][0]!;

      // when
      const error = await rejectionOf(engine.throwError({ jobKey, errorCode: 'NUMBER_TAKEN' }));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect(error.message).to.include("state 'ACTIVATABLE'");
    });
  });
});
