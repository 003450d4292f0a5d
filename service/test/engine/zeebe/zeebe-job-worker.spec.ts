import { expect } from 'chai';
import { pino } from 'pino';

import { BusinessRuleError, TransientError } from '../../../src/errors/index.js';
import { createJobWorker } from '../../../src/engine/job-worker.js';
import type { Job } from '../../../src/engine/port.js';
import type { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { startFakeCamunda, type FakeCamunda } from './fakes/fake-camunda.js';

/** The handler under test: one job type whose outcome depends on the `outcome` variable. */
async function registerDocument(job: Job) {
  const outcome = job.variables.outcome;
  if (outcome === 'taken') {
    throw new BusinessRuleError('NUMBER_TAKEN', 'Number 12 is already used', {
      conflictingNumber: 12,
    });
  }
  if (outcome === 'offline') {
    throw new TransientError('Register book service timed out', {}, { retryBackoffMs: 250 });
  }
  return { registerNumber: '12/QĐ-UBND' };
}

describe('job worker on ZeebeEngine', () => {
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
      retries: 3,
      catches: ['NUMBER_TAKEN'],
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('answers complete, BPMN error and fail', async () => {
    // given
    const keys: Record<string, string> = {};
    for (const outcome of ['ok', 'taken', 'offline']) {
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { outcome },
      });
      keys[outcome] = [...fake.cluster.jobs.values()].find(
        (job) => job.instanceKey === created.processInstanceKey,
      )!.key;
    }
    let handled = 0;
    let allHandled!: () => void;
    const done = new Promise<void>((resolve) => (allHandled = resolve));

    // when
    const worker = createJobWorker(
      engine,
      {
        type: 'document.register',
        worker: 'register-worker',
        timeoutMs: 30_000,
        maxJobs: 10,
        pollIntervalMs: 50,
        logger: pino({ level: 'silent' }),
      },
      async (job) => {
        try {
          return await registerDocument(job);
        } finally {
          handled += 1;
          if (handled === 3) allHandled();
        }
      },
    );
    await done;
    await worker.close();

    // then
    const answers = fake.gateway.calls.filter((call) =>
      ['CompleteJob', 'ThrowError', 'FailJob'].includes(call.method),
    );
    const byMethod = Object.fromEntries(answers.map((call) => [call.method, call.request]));
    expect(answers).to.have.length(3);
    expect(byMethod.CompleteJob!.jobKey).to.equal(keys.ok);
    expect(JSON.parse(String(byMethod.CompleteJob!.variables))).to.deep.equal({
      registerNumber: '12/QĐ-UBND',
    });
    expect(byMethod.ThrowError!.jobKey).to.equal(keys.taken);
    expect(byMethod.ThrowError!.errorCode).to.equal('NUMBER_TAKEN');
    expect(byMethod.ThrowError!.errorMessage).to.equal('Number 12 is already used');
    expect(JSON.parse(String(byMethod.ThrowError!.variables))).to.deep.equal({
      conflictingNumber: 12,
    });
    expect(byMethod.FailJob!.jobKey).to.equal(keys.offline);
    expect(byMethod.FailJob!.retries).to.equal(2);
    expect(byMethod.FailJob!.retryBackOff).to.equal('250');
    expect(byMethod.FailJob!.errorMessage).to.equal('Register book service timed out');
  });
});
