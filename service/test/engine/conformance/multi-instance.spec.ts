import { expect } from 'chai';
import { NotFoundError } from '../../../src/errors/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { rejectionOf, useHarness } from './harness.js';

describeEachDatabase('conformance: multi-instance', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy('multi-instance-parallel', 'multi-instance-sequential');
  });

  it('parallel, 2 of 3 completes', async function () {
    // given a parallel multi-instance task over three reviewers, done when two have given an opinion
    const key = await harness().start('multi-instance-parallel', {
      reviewers: ['an', 'bình', 'cường'],
    });
    const jobs = await harness().activate('multi-instance-parallel.opinion');
    expect(jobs.map((job) => job.variables.reviewer)).to.have.members(['an', 'bình', 'cường']);
    const byReviewer = new Map(jobs.map((job) => [job.variables.reviewer, job]));

    // when the first and third reviewers give their opinions
    for (const reviewer of ['an', 'cường']) {
      const job = byReviewer.get(reviewer)!;
      await harness().engine.completeJob({
        jobKey: job.key,
        activation: job.activation,
        variables: { opinion: `ý kiến của ${reviewer}` },
      });
    }

    // then the task completed with the opinions at their input positions and null for the other
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.opinions).to.deep.equal(['ý kiến của an', null, 'ý kiến của cường']);
    expect(instance.variables).not.to.have.property('reviewer');

    // and the remaining job was cancelled
    const late = byReviewer.get('bình')!;
    const error = await rejectionOf(
      harness().engine.completeJob({ jobKey: late.key, activation: late.activation }),
    );
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('parallel instances see loopCounter', async function () {
    // given a parallel multi-instance task over two reviewers
    await harness().start('multi-instance-parallel', { reviewers: ['an', 'bình'] });

    // when its jobs are activated
    const jobs = await harness().activate('multi-instance-parallel.opinion');

    // then each carries its 1-based loopCounter next to its element
    const pairs = jobs.map((job) => [job.variables.loopCounter, job.variables.reviewer]);
    expect(pairs).to.have.deep.members([
      [1, 'an'],
      [2, 'bình'],
    ]);
  });

  it('sequential runs one at a time', async function () {
    // given a sequential multi-instance task over three documents
    const key = await harness().start('multi-instance-sequential', {
      documents: ['CV-1', 'CV-2', 'CV-3'],
    });
    const seen: unknown[] = [];

    // when each job is completed as it appears
    for (let index = 0; index < 3; index += 1) {
      const job = await harness().completeOne('multi-instance-sequential.sign');
      seen.push(job.variables.document);
    }

    // then they came one at a time in input order, and the output collection follows it
    expect(seen).to.deep.equal(['CV-1', 'CV-2', 'CV-3']);
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signed).to.deep.equal([
      'CV-1 (đã ký)',
      'CV-2 (đã ký)',
      'CV-3 (đã ký)',
    ]);
  });

  it('empty collection skips the task', async function () {
    // given a sequential multi-instance task over an empty list

    // when an instance is created
    const key = await harness().start('multi-instance-sequential', { documents: [] });

    // then the task completes at once with an empty output collection
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signed).to.deep.equal([]);
  });
});
