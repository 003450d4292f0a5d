import { expect } from 'chai';
import { describeEachDatabase } from '../../support/databases.js';
import { hour, useHarness } from './harness.js';

describeEachDatabase('conformance: sub-processes', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy(
      'embedded-subprocess',
      'event-subprocess',
      'event-subprocess-error',
      'call-child',
      'call-parent',
      'call-dynamic',
      'call-error',
      'event-subprocess-timeout',
      'event-subprocess-escalation',
    );
  });

  it('embedded sub-process maps variables', async function () {
    // given a sub-process with input draftId and output reviewVerdict
    const key = await harness().start('embedded-subprocess', { documentId: '15' });

    // when its inner task receives the input and completes with verdict
    const job = await harness().activateOne('embedded-subprocess.read');
    expect(job.variables).to.include({ draftId: 'draft-15', documentId: '15' });
    await harness().engine.completeJob({
      jobKey: job.key,
      activation: job.activation,
      variables: { verdict: 'đồng ý' },
    });

    // then the output reached the process scope, and the local input did not
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables).to.include({ reviewVerdict: 'đồng ý' });
    expect(instance.variables).not.to.have.property('draftId');
    const scopes = (await harness().history(key)).filter((entry) => entry.elementId === 'read');
    const subProcess = (await harness().history(key)).find((entry) => entry.elementId === 'review');
    expect(scopes[0]!.flowScopeKey).to.equal(subProcess!.elementInstanceKey);
  });

  it('non-interrupting timer event sub-process', async function () {
    // given an instance at a user task, with a non-interrupting one-hour event sub-process
    const key = await harness().start('event-subprocess', { documentId: 'esp-1' });

    // when an hour passes
    await harness().advance(hour);

    // then the reminder runs while the user task stays open
    const job = await harness().activateOne('event-subprocess.remind');
    expect(job.processInstanceKey).to.equal(key);
    expect(await harness().openUserTasks(key)).to.have.length(1);
  });

  it('interrupting message event sub-process', async function () {
    // given an instance at a user task, with an interrupting document-withdrawn event sub-process
    const key = await harness().start('event-subprocess', { documentId: 'esp-2' });

    // when the message is published
    await harness().engine.publishMessage({
      name: 'document-withdrawn',
      correlationKey: 'esp-2',
      timeToLiveMs: 0,
    });

    // then the user task is cancelled and the withdrawal is recorded to the end
    expect(await harness().openUserTasks(key)).to.have.length(0);
    await harness().completeOne('event-subprocess.record');
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
    expect(await harness().elementIds(key, 'TERMINATED')).to.include('approve');

    // and the non-interrupting timer of the interrupted scope no longer fires
    await harness().advance(hour);
    expect(await harness().activate('event-subprocess.remind')).to.have.length(0);
  });

  it('interrupting timer event sub-process', async function () {
    // given an instance at a user task, with an interrupting two-hour event sub-process
    const key = await harness().start('event-subprocess-timeout');

    // when two hours pass
    await harness().advance(2 * hour);

    // then the user task is cancelled and the event sub-process runs to the end
    expect(await harness().openUserTasks(key)).to.have.length(0);
    expect(await harness().elementIds(key, 'TERMINATED')).to.include('approve');
    await harness().completeOne('event-subprocess-timeout.expire');
    const instance = await harness().engine.getInstance(key);
    expect(instance.state).to.equal('COMPLETED');
    expect(await harness().elementIds(key, 'COMPLETED')).not.to.include('end');
  });

  it('escalation event sub-process', async function () {
    // given a sub-process that throws NOTIFY_LEADER to its own non-interrupting event sub-process
    const key = await harness().start('event-subprocess-escalation');

    // when the event sub-process's job and then the sub-process's own job complete
    await harness().completeOne('event-subprocess-escalation.inform');
    await harness().completeOne('event-subprocess-escalation.write');

    // then both ran inside the sub-process, and the instance completed
    const history = await harness().history(key);
    const draft = history.find((entry) => entry.elementId === 'draft')!;
    const handler = history.find((entry) => entry.elementId === 'on-notify')!;
    expect(handler.flowScopeKey).to.equal(draft.elementInstanceKey);
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('job variables go to the nearest scope', async function () {
    // given a sub-process with the local variable draftId
    const key = await harness().start('embedded-subprocess', { documentId: '16' });

    // when the inner job completes with draftId and a new variable verdict
    await harness().completeOne('embedded-subprocess.read', {
      draftId: 'draft-16b',
      verdict: 'ok',
    });

    // then draftId stayed in the sub-process, and verdict went to the process instance
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables).not.to.have.property('draftId');
    expect(instance.variables).to.include({ verdict: 'ok', reviewVerdict: 'ok' });
  });

  it('catch-all error event sub-process', async function () {
    // given a process whose event sub-process starts on any error
    const key = await harness().start('event-subprocess-error');
    const job = await harness().activateOne('event-subprocess-error.sign');

    // when the job throws an error code that nothing names
    await harness().engine.throwError({
      jobKey: job.key,
      activation: job.activation,
      errorCode: 'ANY_FAILURE',
      variables: { failure: 'mất kết nối' },
    });

    // then the event sub-process runs with the error's variables, and no incident is raised
    const report = await harness().activateOne('event-subprocess-error.report');
    expect(report.processInstanceKey).to.equal(key);
    expect(report.variables).to.include({ failure: 'mất kết nối' });
    expect(await harness().engine.listIncidents({ processInstanceKey: key })).to.have.length(0);
  });

  it('call activity maps variables both ways', async function () {
    // given a call activity mapping documentTitle in as title and signedBy out as signer
    const key = await harness().start('call-parent', {
      documentTitle: 'Tờ trình số 15',
      internalNote: 'ghi chú',
    });

    // when the child job receives its input and completes with variables
    const job = await harness().activateOne('call-child.apply');
    expect(job.bpmnProcessId).to.equal('call-child');
    expect(job.variables).to.include({ title: 'Tờ trình số 15' });
    const child = await harness().engine.getInstance(job.processInstanceKey);
    expect(child.parentProcessInstanceKey).to.equal(key);
    await harness().engine.completeJob({
      jobKey: job.key,
      activation: job.activation,
      variables: { signedBy: 'Lê Văn Cường', childOnly: 1 },
    });

    // then the parent got the mapped output only, and both instances completed
    const parent = await harness().engine.getInstance(key);
    expect(parent.state).to.equal('COMPLETED');
    expect(parent.variables).to.include({ signer: 'Lê Văn Cường' });
    expect(parent.variables).not.to.have.property('childOnly');
    expect((await harness().engine.getInstance(job.processInstanceKey)).state).to.equal(
      'COMPLETED',
    );
  });

  it('cancel reaches the called instance', async function () {
    // given a parent waiting on its child's job
    const key = await harness().start('call-parent', { documentTitle: 'x' });
    const job = await harness().activateOne('call-child.apply');

    // when the parent is cancelled
    await harness().engine.cancelInstance(key);

    // then the child is terminated too
    expect((await harness().engine.getInstance(key)).state).to.equal('TERMINATED');
    expect((await harness().engine.getInstance(job.processInstanceKey)).state).to.equal(
      'TERMINATED',
    );
  });

  it('unknown called process raises an incident', async function () {
    // given a call activity whose process id comes from the variable childProcessId
    const key = await harness().start('call-dynamic', { childProcessId: 'no-such-process' });

    // when the variable names a process that was never deployed
    const incidents = await harness().engine.listIncidents({ processInstanceKey: key });

    // then a CALLED_ELEMENT_ERROR incident names the process id
    expect(incidents).to.have.length(1);
    expect(incidents[0]).to.include({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'call' });
    expect(incidents[0]!.errorMessage).to.contain('no-such-process');

    // when the variable is corrected and the incident resolved
    await harness().engine.setVariables(key, { childProcessId: 'call-child' });
    await harness().engine.resolveIncident({ incidentKey: incidents[0]!.key });

    // then the child process runs and its completion ends the parent
    const job = await harness().completeOne('call-child.apply', { signedBy: 'Hoàng Minh' });
    expect(job.variables).to.include({ childProcessId: 'call-child' });
    const parent = await harness().engine.getInstance(key);
    expect(parent.state).to.equal('COMPLETED');
    expect(parent.variables).to.include({ signedBy: 'Hoàng Minh' });
  });

  it('child error caught at the call activity', async function () {
    // given a call activity with an error boundary, whose child has no error handling
    const key = await harness().start('call-error');
    const job = await harness().activateOne('call-child.apply');

    // when the child's job throws SIGNATURE_REJECTED
    await harness().engine.throwError({
      jobKey: job.key,
      activation: job.activation,
      errorCode: 'SIGNATURE_REJECTED',
    });

    // then the parent's boundary caught it, and the child was terminated without an incident
    const parent = await harness().engine.getInstance(key);
    expect(parent.state).to.equal('COMPLETED');
    expect(await harness().elementIds(key, 'COMPLETED')).to.include('end-rejected');
    expect((await harness().engine.getInstance(job.processInstanceKey)).state).to.equal(
      'TERMINATED',
    );
    expect(
      await harness().engine.listIncidents({ processInstanceKey: job.processInstanceKey }),
    ).to.have.length(0);
  });
});
