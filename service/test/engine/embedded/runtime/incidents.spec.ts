import { expect } from 'chai';
import { ValidationError } from '../../../../src/errors/index.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { bpmn, flow, openEngine, serviceTask, type OpenEngine } from './engine-fixture.js';

const gatewayRoute = bpmn(
  'gateway-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:exclusiveGateway id="amount-check" />' +
    serviceTask('approve-large', 'doc.approve-large') +
    serviceTask('approve-small', 'doc.approve-small') +
    flow('f1', 'start', 'amount-check') +
    flow('f2', 'amount-check', 'approve-large', '=amount &gt; 100') +
    flow('f3', 'amount-check', 'approve-small', '=amount &lt;= 100'),
);

const parentRoute = bpmn(
  'parent-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:callActivity id="call"><bpmn:extensionElements>' +
    '<zeebe:calledElement processId="child-route" propagateAllChildVariables="true" />' +
    '</bpmn:extensionElements></bpmn:callActivity>' +
    '<bpmn:boundaryEvent id="rejected" attachedToRef="call"><bpmn:errorEventDefinition errorRef="rejection" /></bpmn:boundaryEvent>' +
    '<bpmn:endEvent id="end" /><bpmn:endEvent id="end-rejected" />' +
    flow('f1', 'start', 'call') +
    flow('f2', 'call', 'end') +
    flow('f3', 'rejected', 'end-rejected'),
  '<bpmn:error id="rejection" errorCode="REJECTED" />',
);

const childRoute = bpmn(
  'child-route',
  '<bpmn:startEvent id="start" />' +
    serviceTask('review', 'doc.review') +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'review') +
    flow('f2', 'review', 'end'),
);

describeEachDatabase('embedded runtime: incidents', (database) => {
  let opened: OpenEngine;

  before(async function () {
    this.timeout(60_000);
    opened = await openEngine(database().url, undefined, { maxVariableBytes: 2_000 });
    await opened.engine.deploy([
      { name: 'gateway-route.bpmn', content: gatewayRoute },
      { name: 'parent-route.bpmn', content: parentRoute },
    ]);
  });

  after(async function () {
    await opened?.close();
  });

  it('failed condition waits for resolve', async function () {
    // given an instance whose gateway conditions compare a missing variable
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'gateway-route' });
    const [incident] = await engine.listIncidents({ processInstanceKey, state: 'ACTIVE' });

    // when the variable is set and the incident resolved
    await engine.setVariables(processInstanceKey, { amount: 250 });
    await engine.resolveIncident({ incidentKey: incident!.key });
    const jobs = await engine.activateJobs({
      type: 'doc.approve-large',
      worker: 't',
      timeoutMs: 1000,
      maxJobs: 5,
    });

    // then the incident named the gateway and the expression, and the retry took the large path
    expect(incident!.errorType).to.equal('CONDITION_ERROR');
    expect(incident!.elementId).to.equal('amount-check');
    expect(incident!.errorMessage).to.contain('amount > 100');
    expect(jobs.map((job) => job.processInstanceKey)).to.deep.equal([processInstanceKey]);
    expect(await engine.listIncidents({ processInstanceKey, state: 'ACTIVE' })).to.have.length(0);
    await engine.cancelInstance(processInstanceKey);
  });

  it('unknown called process, then deployed', async function () {
    // given an instance whose call activity names a process not deployed yet
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'parent-route' });
    const [incident] = await engine.listIncidents({ processInstanceKey, state: 'ACTIVE' });

    // when the child process is deployed and the incident resolved
    await engine.deploy([{ name: 'child-route.bpmn', content: childRoute }]);
    await engine.resolveIncident({ incidentKey: incident!.key });
    const [job] = await engine.activateJobs({
      type: 'doc.review',
      worker: 't',
      timeoutMs: 1000,
      maxJobs: 5,
    });

    // then the child instance started and its job is waiting
    expect(incident!.errorType).to.equal('CALLED_ELEMENT_ERROR');
    expect(incident!.errorMessage).to.contain('child-route');
    expect(job!.bpmnProcessId).to.equal('child-route');
    await engine.cancelInstance(processInstanceKey);
    expect((await engine.getInstance(job!.processInstanceKey)).state).to.equal('TERMINATED');
  });

  it('child job error caught in parent', async function () {
    // given a parent whose call activity has an error boundary, and the child waiting on a job
    const { engine } = opened;
    const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'parent-route' });
    const [job] = await engine.activateJobs({
      type: 'doc.review',
      worker: 't',
      timeoutMs: 1000,
      maxJobs: 5,
    });

    // when the child's job throws the BPMN error REJECTED
    await engine.throwError({
      jobKey: job!.key,
      errorCode: 'REJECTED',
      variables: { reason: 'sai số' },
    });

    // then the parent took the boundary path, the child was terminated, no incident is left
    const parent = await engine.getInstance(processInstanceKey);
    const history = await engine.getInstanceHistory(processInstanceKey);
    expect(parent.state).to.equal('COMPLETED');
    expect(parent.variables.reason).to.equal('sai số');
    expect(history.map((entry) => entry.elementId)).to.include('end-rejected');
    expect((await engine.getInstance(job!.processInstanceKey)).state).to.equal('TERMINATED');
    expect(await engine.listIncidents({ processInstanceKey, state: 'ACTIVE' })).to.have.length(0);
  });

  it('oversized variables name size and limit', async function () {
    // given an engine limited to 2,000 bytes of variables
    const { engine } = opened;
    // when an instance is created with 3,000 bytes
    const error = await engine
      .createInstance({ bpmnProcessId: 'gateway-route', variables: { text: 'x'.repeat(3000) } })
      .catch((caught: unknown) => caught);
    // then a validation error states the size and the limit
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.contain('3011 bytes');
    expect((error as Error).message).to.contain('2000 bytes');
  });
});
