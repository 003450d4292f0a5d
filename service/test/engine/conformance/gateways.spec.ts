import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import { hour, useHarness } from './harness.js';

describeEachDatabase('conformance: gateways', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy(
      'exclusive-gateway',
      'parallel-gateway',
      'parallel-join-loop',
      'parallel-join-boundary',
      'inclusive-gateway',
      'event-based-gateway',
      'exclusive-gateway-comparison',
    );
  });

  const routes: Array<[string, Record<string, unknown>, string]> = [
    ['urgent', { priority: 'urgent' }, 'exclusive-gateway.urgent'],
    ['null', { priority: null }, 'exclusive-gateway.unset'],
    ['missing', {}, 'exclusive-gateway.unset'],
    ['default', { priority: 'normal' }, 'exclusive-gateway.normal'],
  ];
  for (const [name, variables, jobType] of routes) {
    it(`exclusive gateway, ${name} priority`, async function () {
      // given conditions `priority = "urgent"`, `priority = null` and a default flow

      // when an instance is created with these variables
      const key = await harness().start('exclusive-gateway', variables);

      // then exactly one path was taken: a missing variable is null, and null = "urgent" is false
      const job = await harness().activateOne(jobType);
      expect(job.processInstanceKey).to.equal(key);
      const instance = await harness().engine.getInstance(key);
      expect(instance.activeElements.map((element) => element.elementId)).to.have.length(1);
      expect(instance.incidents).to.have.length(0);
    });
  }

  it('null comparison raises an incident', async function () {
    // given the condition `amount > 100` and a default flow

    // when an instance is created without amount
    const key = await harness().start('exclusive-gateway-comparison');

    // then `null > 100` is null, not false: the gateway raises an incident instead of taking
    // the default flow, as Zeebe does for a condition that does not return a boolean
    const incidents = await harness().engine.listIncidents({ processInstanceKey: key });
    expect(incidents).to.have.length(1);
    expect(incidents[0]!.elementId).to.equal('route');
    expect(incidents[0]!.errorMessage).to.contain('amount > 100');
    expect(await harness().activate('exclusive-gateway-comparison.small')).to.have.length(0);

    // when amount is set and the incident resolved, then the condition is evaluated again
    await harness().engine.setVariables(key, { amount: 250 });
    await harness().engine.resolveIncident({ incidentKey: incidents[0]!.key });
    const job = await harness().activateOne('exclusive-gateway-comparison.large');
    expect(job.processInstanceKey).to.equal(key);
  });

  it('parallel fork and join', async function () {
    // given a parallel fork into sign and register, joined before the end
    const key = await harness().start('parallel-gateway');

    // when only the first branch completes
    await harness().completeOne('parallel-gateway.sign', { signed: true });

    // then the join waits
    expect((await harness().engine.getInstance(key)).state).to.equal('ACTIVE');
    expect(await harness().elementIds(key, 'COMPLETED')).not.to.include('join');

    // when the second branch completes, then the join passes once and the instance ends
    await harness().completeOne('parallel-gateway.register', { registered: true });
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ signed: true, registered: true });
    const joins = (await harness().elementIds(key, 'COMPLETED')).filter((id) => id === 'join');
    expect(joins).to.have.length(1);
  });

  it('concurrent branch completions', async function () {
    // given both branches of a parallel fork activated
    const key = await harness().start('parallel-gateway');
    const [sign] = await harness().activate('parallel-gateway.sign');
    const [register] = await harness().activate('parallel-gateway.register');

    // when both jobs are completed at the same time
    await Promise.all([
      harness().engine.completeJob({
        jobKey: sign!.key,
        activation: sign!.activation,
        variables: { signed: true },
      }),
      harness().engine.completeJob({
        jobKey: register!.key,
        activation: register!.activation,
        variables: { registered: true },
      }),
    ]);

    // then neither completion was lost: the join passed once with both variables
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ signed: true, registered: true });
    expect(
      (await harness().elementIds(key, 'COMPLETED')).filter((id) => id === 'join'),
    ).to.have.length(1);
  });

  it('parallel join inside a loop', async function () {
    // given a fork and join inside a loop that runs while round < 2
    const key = await harness().start('parallel-join-loop');
    await harness().completeOne('parallel-join-loop.draft', { round: 1 });
    await harness().completeOne('parallel-join-loop.check');

    // when in the second round only the draft branch completes
    await harness().completeOne('parallel-join-loop.draft', { round: 2 });

    // then the join waits for the check branch of this round
    const waiting = await harness().engine.getInstance(key);
    expect(waiting.activeElements.map((element) => element.elementId)).to.deep.equal(['check']);
    expect(
      (await harness().elementIds(key, 'COMPLETED')).filter((id) => id === 'join'),
    ).to.have.length(1);

    // when the check branch completes, then the join passes a second time and the loop ends
    await harness().completeOne('parallel-join-loop.check');
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
    expect(
      (await harness().elementIds(key, 'COMPLETED')).filter((id) => id === 'join'),
    ).to.have.length(2);
  });

  it('parallel join counts flows, not tokens', async function () {
    // given a branch whose non-interrupting timer path and normal path meet before the join
    const key = await harness().start('parallel-join-boundary');
    await harness().advance(hour);
    await harness().completeOne('parallel-join-boundary.remind');

    // when the branch's task also completes, so two tokens arrive on the same incoming flow
    await harness().completeOne('parallel-join-boundary.draft');

    // then the join still waits for the other incoming flow
    expect(await harness().elementIds(key, 'COMPLETED')).not.to.include('join');
    const waiting = await harness().engine.getInstance(key);
    expect(waiting.activeElements.map((element) => element.elementId)).to.include('register');

    // when the other branch completes, then the join passes and the end event is reached
    await harness().completeOne('parallel-join-boundary.register');
    const completed = await harness().elementIds(key, 'COMPLETED');
    expect(completed.filter((id) => id === 'join')).to.have.length(1);
    expect(completed).to.include('end');
  });

  it('inclusive fork takes true conditions', async function () {
    // given an inclusive fork with conditions needsLegal, needsFinance and a default flow
    const key = await harness().start('inclusive-gateway', {
      needsLegal: true,
      needsFinance: true,
    });

    // when the legal branch completes
    await harness().completeOne('inclusive-gateway.legal');

    // then the default branch was not taken and the join waits for the finance branch
    expect(await harness().activate('inclusive-gateway.general')).to.have.length(0);
    expect((await harness().engine.getInstance(key)).state).to.equal('ACTIVE');

    // when the finance branch completes, then the join passes and the instance completes
    await harness().completeOne('inclusive-gateway.finance');
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('inclusive join with one branch', async function () {
    // given an inclusive fork where only needsFinance is true
    const key = await harness().start('inclusive-gateway', {
      needsLegal: false,
      needsFinance: true,
    });

    // when the finance branch completes
    await harness().completeOne('inclusive-gateway.finance');

    // then the join does not wait for branches that were not taken
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('inclusive fork falls back to default', async function () {
    // given an inclusive fork where no condition is true
    const key = await harness().start('inclusive-gateway', {
      needsLegal: false,
      needsFinance: false,
    });

    // when the default branch completes
    await harness().completeOne('inclusive-gateway.general');

    // then the instance completes
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('event-based gateway, message first', async function () {
    // given an instance waiting for document-withdrawn or two hours, whichever comes first
    const key = await harness().start('event-based-gateway', { documentId: 'ebg-1' });

    // when the message arrives first
    await harness().engine.publishMessage({
      name: 'document-withdrawn',
      correlationKey: 'ebg-1',
      timeToLiveMs: 0,
    });

    // then the message path runs, and the timer no longer fires
    await harness().completeOne('event-based-gateway.archive');
    await harness().advance(3 * hour);
    expect(await harness().activate('event-based-gateway.publish')).to.have.length(0);
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
    expect(await harness().elementIds(key, 'COMPLETED')).not.to.include('timeout');
  });

  it('event-based gateway, timer first', async function () {
    // given an instance waiting for document-withdrawn or two hours
    const key = await harness().start('event-based-gateway', { documentId: 'ebg-2' });

    // when two hours pass
    await harness().advance(2 * hour);

    // then the timer path runs, and a later message does not reach the instance
    const job = await harness().activateOne('event-based-gateway.publish');
    expect(job.processInstanceKey).to.equal(key);
    await harness().engine.publishMessage({
      name: 'document-withdrawn',
      correlationKey: 'ebg-2',
      timeToLiveMs: 0,
    });
    expect(await harness().activate('event-based-gateway.archive')).to.have.length(0);
    expect(await harness().elementIds(key, 'COMPLETED')).not.to.include('withdrawn');
  });
});
