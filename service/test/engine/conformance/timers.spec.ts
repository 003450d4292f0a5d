import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import { fixtureText, hour, useHarness } from './harness.js';

/** The timer-start fixture as a new process id, with `taskName` so two versions can differ. */
function timerStartVersion(taskName: string): string {
  return fixtureText('timer-start')
    .replaceAll('timer-start', 'hourly-report')
    .replace('name="Send report"', `name="${taskName}"`);
}

describeEachDatabase('conformance: timers', (database) => {
  const harness = useHarness(database);

  describe('timer start event', function () {
    it('R2/PT1H starts two instances', async function () {
      // given a deployed process with a timer start event R2/PT1H
      await harness().deploy('timer-start');
      const started: string[] = [];

      // when the clock moves one hour at a time, twice
      for (let step = 1; step <= 2; step += 1) {
        expect(await harness().activate('timer-start.report')).to.have.length(0);
        await harness().advance(hour);
        const job = await harness().completeOne('timer-start.report');
        started.push(job.processInstanceKey);
      }

      // and then five more hours pass
      await harness().advance(5 * hour);

      // then exactly two instances were started, one per firing, and both completed
      expect(await harness().activate('timer-start.report')).to.have.length(0);
      expect(new Set(started).size).to.equal(2);
      for (const key of started) {
        expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
      }
    });
  });

  describe('timer start on a new version', function () {
    it('new version replaces the timer', async function () {
      // given version 1 of a process with an hourly timer start event, half an hour old
      const first = await harness().engine.deploy([
        { name: 'hourly-report.bpmn', content: timerStartVersion('Send report') },
      ]);
      await harness().advance(hour / 2);

      // when version 2 is deployed and an hour passes
      const second = await harness().engine.deploy([
        { name: 'hourly-report.bpmn', content: timerStartVersion('Send report, version 2') },
      ]);
      await harness().advance(hour);

      // then only version 2's timer started an instance
      const job = await harness().completeOne('hourly-report.report');
      expect(first.processes[0]!.version).to.equal(1);
      expect(second.processes[0]!.version).to.equal(2);
      expect(job.processDefinitionVersion).to.equal(2);
      expect(await harness().activate('hourly-report.report')).to.have.length(0);
    });
  });

  describe('across restarts', function () {
    before(async function () {
      await harness().deploy('timer-catch', 'boundary-timer-cycle');
    });

    it('due timer fires once after downtime', async function () {
      // given an instance waiting on a 4-hour timer
      const key = await harness().start('timer-catch');

      // when the engine is stopped for three days and a new engine starts on the same database
      await harness().restart(72 * hour);
      await harness().runDueWork();
      await harness().runDueWork();

      // then the timer fired exactly once
      const job = await harness().activateOne('timer-catch.remind');
      expect(job.processInstanceKey).to.equal(key);
      expect(
        (await harness().elementIds(key, 'COMPLETED')).filter((id) => id === 'wait'),
      ).to.have.length(1);
    });

    it('cycle resumes from restart time', async function () {
      // given a user task with an R3/PT1H non-interrupting timer, down for ten hours
      const key = await harness().start('boundary-timer-cycle');
      await harness().restart(10 * hour);

      // when the new engine runs its due work
      await harness().runDueWork();

      // then one missed occurrence fired, not all of them
      await harness().completeOne('boundary-timer-cycle.remind');
      expect(await harness().activate('boundary-timer-cycle.remind')).to.have.length(0);

      // when one more hour passes, then the next occurrence fires, counted from the restart
      await harness().advance(hour - 1);
      expect(await harness().activate('boundary-timer-cycle.remind')).to.have.length(0);
      await harness().advance(1);
      await harness().completeOne('boundary-timer-cycle.remind');
      expect(await harness().openUserTasks(key)).to.have.length(1);
    });

    it('waiting state survives restart', async function () {
      // given an instance waiting at a user task with a pending timer
      const key = await harness().start('boundary-timer-cycle');
      const [before] = await harness().openUserTasks(key);

      // when the engine restarts with no time passing
      await harness().restart(0);

      // then the same user task waits and the timer still fires on time
      const [after] = await harness().openUserTasks(key);
      expect(after!.key).to.equal(before!.key);
      await harness().advance(hour);
      const job = await harness().activateOne('boundary-timer-cycle.remind');
      expect(job.processInstanceKey).to.equal(key);
    });
  });
});
