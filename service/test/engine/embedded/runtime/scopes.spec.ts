import { expect } from 'chai';
import { describeEachDatabase } from '../../../support/databases.js';
import { bpmn, flow, openEngine, serviceTask, type OpenEngine } from './engine-fixture.js';

const subProcessRoute = bpmn(
  'sub-process-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:subProcess id="review"><bpmn:extensionElements><zeebe:ioMapping>' +
    '<zeebe:input source="=0" target="rounds" /></zeebe:ioMapping></bpmn:extensionElements>' +
    '<bpmn:startEvent id="review-start" />' +
    serviceTask('check', 'scope.check') +
    '<bpmn:endEvent id="review-end" />' +
    flow('r1', 'review-start', 'check') +
    flow('r2', 'check', 'review-end') +
    '</bpmn:subProcess>' +
    serviceTask('after', 'scope.after') +
    flow('f1', 'start', 'review') +
    flow('f2', 'review', 'after'),
);

const collectRoute = bpmn(
  'collect-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:serviceTask id="sign"><bpmn:extensionElements><zeebe:taskDefinition type="scope.sign" />' +
    '</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics isSequential="true">' +
    '<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=signers" inputElement="signer"' +
    ' outputCollection="signatures" outputElement="=signature" /></bpmn:extensionElements>' +
    '</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>' +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'sign') +
    flow('f2', 'sign', 'end'),
);

const parallelRoute = bpmn(
  'parallel-route',
  '<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />' +
    serviceTask('legal', 'scope.legal') +
    serviceTask('finance', 'scope.finance') +
    '<bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'fork') +
    flow('f2', 'fork', 'legal') +
    flow('f3', 'fork', 'finance') +
    flow('f4', 'legal', 'join') +
    flow('f5', 'finance', 'join') +
    flow('f6', 'join', 'end'),
);

describeEachDatabase('embedded runtime: scopes and tokens', (database) => {
  let opened: OpenEngine;

  const activate = (type: string) =>
    opened.engine.activateJobs({ type, worker: 't', timeoutMs: 60_000, maxJobs: 10 });

  before(async function () {
    this.timeout(60_000);
    opened = await openEngine(database().url);
    await opened.engine.deploy([
      { name: 'sub-process-route.bpmn', content: subProcessRoute },
      { name: 'collect-route.bpmn', content: collectRoute },
      { name: 'parallel-route.bpmn', content: parallelRoute },
    ]);
  });

  after(async function () {
    await opened?.close();
  });

  it('job variable updates the nearest scope', async function () {
    // given a sub-process with a local variable `rounds`, waiting on a job inside it
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({
      bpmnProcessId: 'sub-process-route',
    });
    const [check] = await activate('scope.check');

    // when the job completes with `rounds` and a new variable `verdict`
    await engine.completeJob({ jobKey: check!.key, variables: { rounds: 2, verdict: 'ok' } });
    const [after] = await activate('scope.after');

    // then `rounds` stayed in the sub-process and ended with it; `verdict` reached the instance
    expect(check!.variables).to.deep.equal({ rounds: 0 });
    expect(after!.variables).to.deep.equal({ verdict: 'ok' });
    await engine.cancelInstance(processInstanceKey);
  });

  it('sequential multi-instance collects outputs', async function () {
    // given a sequential multi-instance task over three signers
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({
      bpmnProcessId: 'collect-route',
      variables: { signers: ['An', 'Bình', 'Chi'] },
    });

    // when each job is completed in turn with a signature
    const seen: unknown[] = [];
    for (let round = 0; round < 3; round += 1) {
      const jobs = await activate('scope.sign');
      expect(jobs, `round ${round}`).to.have.length(1);
      seen.push([jobs[0]!.variables.signer, jobs[0]!.variables.loopCounter]);
      await engine.completeJob({ jobKey: jobs[0]!.key, variables: { signature: `sig-${round}` } });
    }

    // then items came one at a time in order, and the output collection is in item order
    expect(seen).to.deep.equal([
      ['An', 1],
      ['Bình', 2],
      ['Chi', 3],
    ]);
    const instance = await engine.getInstance(processInstanceKey);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signatures).to.deep.equal(['sig-0', 'sig-1', 'sig-2']);
  });

  it('parallel jobs completed together', async function () {
    // given an instance waiting on two parallel jobs
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'parallel-route' });
    const [legal] = await activate('scope.legal');
    const [finance] = await activate('scope.finance');

    // when both are completed at the same moment
    await Promise.all([
      engine.completeJob({ jobKey: legal!.key, variables: { legalOk: true } }),
      engine.completeJob({ jobKey: finance!.key, variables: { financeOk: true } }),
    ]);

    // then the join fired once, and both results are kept
    const instance = await engine.getInstance(processInstanceKey);
    const history = await engine.getInstanceHistory(processInstanceKey);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.deep.equal({ legalOk: true, financeOk: true });
    expect(history.filter((entry) => entry.elementId === 'join')).to.have.length(1);
    expect(history.filter((entry) => entry.elementId === 'end')).to.have.length(1);
  });
});
