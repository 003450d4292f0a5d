import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import {
  BusinessRuleError,
  NotFoundError,
  PermanentError,
  TransientError,
  ValidationError,
} from '../../src/errors/index.js';
import { createJobWorker, jobResult, type JobClient } from '../../src/engine/job-worker.js';
import type {
  ActivateJobsRequest,
  CompleteJobRequest,
  FailJobRequest,
  Job,
  ThrowErrorRequest,
} from '../../src/engine/port.js';

type Outcome =
  | ({ kind: 'complete' } & CompleteJobRequest)
  | ({ kind: 'fail' } & FailJobRequest)
  | ({ kind: 'error' } & ThrowErrorRequest);

/**
 * An in-memory job queue with the four EnginePort calls a worker uses. activateJobs waits up to
 * requestTimeoutMs for a job, as a long-polling engine does, and every reported outcome is recorded.
 */
class FakeJobClient implements JobClient {
  readonly pending: Job[] = [];
  readonly outcomes: Outcome[] = [];
  readonly activations: ActivateJobsRequest[] = [];
  /** Job keys whose reported outcome the fake rejects as not found, as for a timed-out activation. */
  readonly staleKeys = new Set<string>();
  private jobArrived: (() => void) | undefined;
  private outcomeWaiters: Array<{ count: number; resolve: () => void }> = [];

  push(...jobs: Job[]): void {
    this.pending.push(...jobs);
    this.jobArrived?.();
  }

  async activateJobs(request: ActivateJobsRequest): Promise<Job[]> {
    this.activations.push(request);
    if (this.pending.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, request.requestTimeoutMs ?? 0);
        this.jobArrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.jobArrived = undefined;
    }
    return this.pending.splice(0, request.maxJobs);
  }

  async completeJob(request: CompleteJobRequest): Promise<void> {
    this.record({ kind: 'complete', ...request });
  }

  async failJob(request: FailJobRequest): Promise<void> {
    this.record({ kind: 'fail', ...request });
  }

  async throwError(request: ThrowErrorRequest): Promise<void> {
    this.record({ kind: 'error', ...request });
  }

  /**
   * Resolves once `count` outcomes were accepted or rejected, and the worker has run what follows
   * each outcome (its log line) before this resolves.
   */
  async waitForOutcomes(count: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.outcomeWaiters.push({ count, resolve });
      this.notifyWaiters();
    });
    await new Promise((resolve) => setImmediate(resolve));
  }

  private attempts = 0;

  private record(outcome: Outcome): void {
    this.attempts += 1;
    if (this.staleKeys.has(outcome.jobKey)) {
      this.notifyWaiters();
      throw new NotFoundError(`job ${outcome.jobKey} not found`, { field: 'jobKey' });
    }
    this.outcomes.push(outcome);
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    const ready = this.outcomeWaiters.filter((waiter) => this.attempts >= waiter.count);
    this.outcomeWaiters = this.outcomeWaiters.filter((waiter) => this.attempts < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}

function makeJob(key: string, overrides: Partial<Job> = {}): Job {
  return {
    key,
    type: 'document.store',
    processInstanceKey: '2251799813685249',
    processDefinitionKey: '2251799813685248',
    bpmnProcessId: 'outgoing-document',
    processDefinitionVersion: 1,
    elementId: 'store-document',
    elementInstanceKey: '2251799813685250',
    customHeaders: {},
    variables: { documentId: 'doc-15' },
    retries: 3,
    worker: 'test-worker',
    deadline: new Date('2026-12-04T10:00:00Z'),
    activation: `${key}-activation-1`,
    ...overrides,
  };
}

function captureLogs(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

function logsWithMessage(lines: Array<Record<string, unknown>>, message: string) {
  return lines.filter((line) => line.msg === message);
}

const baseOptions = { type: 'document.store', timeoutMs: 30_000, maxJobs: 4, pollIntervalMs: 20 };

describe('job worker', function () {
  let client: FakeJobClient;
  let logs: ReturnType<typeof captureLogs>;
  let closeWorker: (() => Promise<void>) | undefined;

  beforeEach(function () {
    client = new FakeJobClient();
    logs = captureLogs();
  });

  afterEach(async function () {
    await closeWorker?.();
    closeWorker = undefined;
  });

  function start(
    handler: Parameters<typeof createJobWorker>[2],
    options: Partial<Parameters<typeof createJobWorker>[1]> = {},
  ) {
    const worker = createJobWorker(
      client,
      { ...baseOptions, logger: logs.logger, ...options },
      handler,
    );
    closeWorker = () => worker.close();
    return worker;
  }

  it('completes with returned variables', async function () {
    // given a handler that returns an object
    start(async (job) => ({ storedId: `${job.variables.documentId}-stored` }));

    // when a job arrives
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);

    // then the job is completed with those variables and its activation
    expect(client.outcomes).to.deep.equal([
      {
        kind: 'complete',
        jobKey: '1',
        activation: '1-activation-1',
        variables: { storedId: 'doc-15-stored' },
      },
    ]);
  });

  it('completes on void', async function () {
    // given a handler that returns nothing
    start(async () => {});

    // when a job arrives
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);

    // then the job is completed without variables
    expect(client.outcomes[0]).to.include({ kind: 'complete', jobKey: '1' });
    expect(client.outcomes[0]).to.have.property('variables', undefined);
  });

  it('passes the activation request options', async function () {
    // given a worker with a name and variables to fetch
    start(async () => {}, { worker: 'signer-1', fetchVariables: ['documentId'] });

    // when it polls once
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);

    // then the request carries the type, worker, timeout, batch size and long-poll time
    expect(client.activations[0]).to.deep.equal({
      type: 'document.store',
      worker: 'signer-1',
      timeoutMs: 30_000,
      maxJobs: 4,
      fetchVariables: ['documentId'],
      requestTimeoutMs: 20,
    });
  });

  it('applies explicit results', async function () {
    // given a handler that returns each explicit result by job key
    start(async (job) => {
      if (job.key === '1') return jobResult.complete({ approved: true });
      if (job.key === '2')
        return jobResult.fail({ message: 'scanner offline', retries: 5, retryBackoffMs: 70 });
      return jobResult.error('SIGNATURE_REJECTED', 'rejected by the leader', { reason: 'Sai số' });
    });

    // when three jobs arrive
    client.push(makeJob('1'), makeJob('2'), makeJob('3'));
    await client.waitForOutcomes(3);

    // then each result is sent as given
    const byKey = new Map(client.outcomes.map((outcome) => [outcome.jobKey, outcome]));
    expect(byKey.get('1')).to.deep.include({ kind: 'complete', variables: { approved: true } });
    expect(byKey.get('2')).to.deep.include({
      kind: 'fail',
      retries: 5,
      retryBackoffMs: 70,
      errorMessage: 'scanner offline',
    });
    expect(byKey.get('3')).to.deep.include({
      kind: 'error',
      errorCode: 'SIGNATURE_REJECTED',
      errorMessage: 'rejected by the leader',
      variables: { reason: 'Sai số' },
    });
  });

  it('maps BusinessRuleError to a BPMN error', async function () {
    // given a handler that throws a business rule error
    start(async () => {
      throw new BusinessRuleError('REGISTER_FULL', 'register book is full', { book: 'Văn thư' });
    });

    // when a job arrives
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);

    // then a BPMN error with the code, message and variables is thrown
    expect(client.outcomes[0]).to.deep.equal({
      kind: 'error',
      jobKey: '1',
      activation: '1-activation-1',
      errorCode: 'REGISTER_FULL',
      errorMessage: 'register book is full',
      variables: { book: 'Văn thư' },
    });
  });

  it('retries TransientError with its back-off', async function () {
    // given a handler that throws a transient error with a back-off
    start(async () => {
      throw new TransientError('mail server timed out', {}, { retryBackoffMs: 4_000 });
    });

    // when a job with 3 retries arrives
    client.push(makeJob('1', { retries: 3 }));
    await client.waitForOutcomes(1);

    // then the job fails with one retry fewer and the error's back-off, and a warning is logged
    expect(client.outcomes[0]).to.deep.include({
      kind: 'fail',
      retries: 2,
      retryBackoffMs: 4_000,
      errorMessage: 'mail server timed out',
    });
    const warnings = logsWithMessage(logs.lines, 'job failed, will retry');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({ level: 40, jobKey: '1', retries: 2 });
  });

  it('backs off exponentially on unknown errors', async function () {
    // given a handler that always throws a plain Error
    start(
      async () => {
        throw new Error('socket hang up');
      },
      { defaultRetryBackoffMs: 100 },
    );

    // when the same job fails three times
    for (const retries of [5, 4, 3]) {
      client.push(makeJob('1', { retries }));
      await client.waitForOutcomes(5 - retries + 1);
    }

    // then each failure costs a retry and the back-off doubles
    const failures = client.outcomes.map((outcome) => outcome.kind === 'fail' && outcome);
    expect(failures.map((failure) => failure && failure.retries)).to.deep.equal([4, 3, 2]);
    expect(failures.map((failure) => failure && failure.retryBackoffMs)).to.deep.equal([
      100, 200, 400,
    ]);
  });

  for (const [name, error] of [
    ['PermanentError', new PermanentError('PDF is corrupt')],
    ['ValidationError', new ValidationError('documentId is missing', { field: 'documentId' })],
  ] as const) {
    it(`fails ${name} without retries`, async function () {
      // given a handler that throws the error
      start(async () => {
        throw error;
      });

      // when a job with retries left arrives
      client.push(makeJob('1', { retries: 3 }));
      await client.waitForOutcomes(1);

      // then the job fails with zero retries and an error is logged
      expect(client.outcomes[0]).to.deep.include({
        kind: 'fail',
        retries: 0,
        errorMessage: error.message,
      });
      const errors = logsWithMessage(logs.lines, 'job failed with no retries left');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include({ level: 50, jobKey: '1' });
    });
  }

  it('reports the last retry as an error', async function () {
    // given a handler that throws a transient error
    start(async () => {
      throw new TransientError('register service unavailable');
    });

    // when a job with one retry left arrives
    client.push(makeJob('1', { retries: 1 }));
    await client.waitForOutcomes(1);

    // then it fails with zero retries, logged as an error and not as a retry
    expect(client.outcomes[0]).to.deep.include({ kind: 'fail', retries: 0 });
    expect(logsWithMessage(logs.lines, 'job failed with no retries left')).to.have.length(1);
    expect(logsWithMessage(logs.lines, 'job failed, will retry')).to.have.length(0);
  });

  it('fails a non-object result', async function () {
    // given a handler that returns a string, which is not a variables object
    start((async () => 'done') as unknown as Parameters<typeof createJobWorker>[2]);

    // when a job arrives
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);

    // then the job fails without retries, naming the returned type
    expect(client.outcomes[0]).to.deep.include({ kind: 'fail', retries: 0 });
    expect((client.outcomes[0] as FailJobRequest).errorMessage).to.contain('type string');
  });

  it('logs a rejected outcome and goes on', async function () {
    // given a job whose completion the engine rejects as not found
    client.staleKeys.add('1');
    start(async () => ({ done: true }));

    // when that job and then another one arrive
    client.push(makeJob('1'));
    await client.waitForOutcomes(1);
    client.push(makeJob('2'));
    await client.waitForOutcomes(2);

    // then the rejection is a warning with the job key, and the next job is still completed
    const warnings = logsWithMessage(logs.lines, 'job outcome rejected by the engine');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({ level: 40, jobKey: '1' });
    expect(client.outcomes.map((outcome) => outcome.jobKey)).to.deep.equal(['2']);
  });

  it('logs completion with job fields', async function () {
    // given a handler that completes
    start(async () => ({}));

    // when a job arrives
    client.push(makeJob('7'));
    await client.waitForOutcomes(1);

    // then a debug line carries the job's ids and the duration
    const [line] = logsWithMessage(logs.lines, 'job completed');
    expect(line).to.include({
      level: 20,
      jobKey: '7',
      processInstanceKey: '2251799813685249',
      bpmnProcessId: 'outgoing-document',
      elementId: 'store-document',
    });
    expect(line.durationMs).to.be.a('number');
  });

  it('limits concurrent handlers', async function () {
    // given a worker with at most 2 handlers at once, whose handlers wait until released
    let running = 0;
    let maxRunning = 0;
    const releases: Array<() => void> = [];
    start(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      },
      { maxConcurrent: 2 },
    );

    // when 5 jobs arrive and handlers are released one by one as they start
    client.push(...['1', '2', '3', '4', '5'].map((key) => makeJob(key)));
    for (let reported = 1; reported <= 5; reported += 1) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
      releases.shift()!();
      await client.waitForOutcomes(reported);
    }

    // then all jobs completed and no more than 2 ran at once
    expect(client.outcomes).to.have.length(5);
    expect(maxRunning).to.equal(2);
    expect(client.activations.every((request) => request.maxJobs <= 2)).to.equal(true);
  });

  it('close waits for running handlers', async function () {
    // given a handler that is still running
    let release: () => void = () => {};
    let started: () => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const worker = start(async () => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return { late: true };
    });
    client.push(makeJob('1'));
    await handlerStarted;

    // when the worker closes and the handler finishes afterwards
    const closed = worker.close();
    closeWorker = undefined;
    release();
    await closed;

    // then the outcome was reported before close returned, and no poll followed
    expect(client.outcomes).to.have.length(1);
    const pollsAtClose = client.activations.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.activations.length).to.equal(pollsAtClose);
  });

  it('rejects invalid options', function () {
    // given options with a zero batch size
    const invalid = { ...baseOptions, maxJobs: 0, logger: logs.logger };

    // when the worker is created, then the error names the option
    expect(() => createJobWorker(client, invalid, async () => {})).to.throw(
      ValidationError,
      /maxJobs must be a positive number, got 0/,
    );
  });
});
