import { expect } from 'chai';
import { ValidationError } from '../../../src/errors/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { fixtureResource, fixtureText, rejectionOf, useHarness } from './harness.js';

describeEachDatabase('conformance: deployments', (database) => {
  const harness = useHarness(database);

  it('identical content keeps its version', async function () {
    // given a deployed process
    const first = await harness().deploy('versioned');

    // when the same content is deployed again
    const second = await harness().deploy('versioned');

    // then the same version and definition key come back
    expect(second.processes[0]).to.include({
      bpmnProcessId: 'versioned',
      version: 1,
      processDefinitionKey: first.processes[0]!.processDefinitionKey,
    });
    expect(await harness().engine.listDefinitions({ bpmnProcessId: 'versioned' })).to.have.length(
      1,
    );
  });

  it('changed content gets a new version', async function () {
    // given an instance running on version 1
    await harness().deploy('versioned');
    const onFirst = await harness().start('versioned');

    // when changed content for the same process id is deployed
    const changed = fixtureText('versioned').replace('name="Approve"', 'name="Approve again"');
    const deployed = await harness().engine.deploy([{ name: 'versioned.bpmn', content: changed }]);

    // then it is version 2, new instances use it, and the running one stays on version 1
    expect(deployed.processes[0]!.version).to.equal(2);
    const onSecond = await harness().start('versioned');
    expect((await harness().engine.getInstance(onSecond)).version).to.equal(2);
    expect((await harness().engine.getInstance(onFirst)).version).to.equal(1);
    const [oldTask] = await harness().openUserTasks(onFirst);
    expect(oldTask!.name).to.equal('Approve');
    await harness().engine.completeUserTask(oldTask!.key);
    expect((await harness().engine.getInstance(onFirst)).state).to.equal('COMPLETED');
  });

  it('named version is used', async function () {
    // given versions 1 and 2 of a process

    // when an instance of version 1 is created by number
    const created = await harness().engine.createInstance({
      bpmnProcessId: 'versioned',
      version: 1,
    });
    harness().track(created.processInstanceKey);

    // then it runs version 1
    expect(created.version).to.equal(1);
    const [task] = await harness().openUserTasks(created.processInstanceKey);
    expect(task!.name).to.equal('Approve');
  });

  it('one bad file rejects the deployment', async function () {
    // given a valid file and a file whose service task has no job type
    const good = fixtureResource('none-start-end');
    const bad = fixtureResource('invalid-missing-job-type');

    // when both are deployed together
    const error = await rejectionOf(harness().engine.deploy([good, bad]));

    // then the error names the bad file and element, and neither process was deployed
    expect(error).to.be.instanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).to.contain('invalid-missing-job-type.bpmn');
    expect(message).to.contain('store');
    expect(
      await harness().engine.listDefinitions({ bpmnProcessId: 'none-start-end' }),
    ).to.have.length(0);
    const rejected = { bpmnProcessId: 'invalid-missing-job-type' };
    expect(await harness().engine.listDefinitions(rejected)).to.have.length(0);
  });

  it('unknown process id rejected', async function () {
    // given no process named never-deployed

    // when an instance is created, then the error names the process id
    const error = await rejectionOf(
      harness().engine.createInstance({ bpmnProcessId: 'never-deployed' }),
    );
    expect((error as Error).message).to.contain('never-deployed');
  });

  const rejections: Array<[string, string, string]> = [
    ['invalid-missing-job-type', 'store', 'job type'],
    ['invalid-timer-cycle', 'hourly', 'PT1H'],
    ['invalid-parallel-condition', 'flow-fork-end-a', 'condition'],
    ['invalid-feel', 'flow-route-end-a', '=amount >'],
    ['invalid-gateway-no-outgoing', 'route', 'outgoing'],
    ['invalid-signal', 'wait-signal', 'signal'],
  ];
  for (const [fixture, elementId, reason] of rejections) {
    it(`rejects ${fixture.replace('invalid-', '')}`, async function () {
      // given a file with one model problem

      // when it is deployed
      const error = await rejectionOf(harness().deploy(fixture));

      // then a ValidationError names the file, the element and the problem
      expect(error).to.be.instanceOf(ValidationError);
      const message = (error as ValidationError).message;
      expect(message).to.contain(`${fixture}.bpmn`);
      expect(message).to.contain(elementId);
      expect(message).to.contain(reason);
      const problems = (error as ValidationError).details.problems as Array<
        Record<string, unknown>
      >;
      const problem = problems.find((entry) => entry.elementId === elementId);
      expect(problem, `a problem for element ${elementId}`).to.not.equal(undefined);
      expect(problem!.resourceName).to.equal(`${fixture}.bpmn`);
      expect(await harness().engine.listDefinitions({ bpmnProcessId: fixture })).to.have.length(0);
    });
  }
});
