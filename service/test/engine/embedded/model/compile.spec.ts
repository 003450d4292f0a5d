import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  compileBpmn,
  type CompiledResource,
  type Element,
  type ProcessModel,
} from '../../../../src/engine/embedded/model/index.js';

const fixture = join(import.meta.dirname, 'fixtures', 'document-approval.bpmn');

describe('compileBpmn elements', () => {
  let resource: CompiledResource;
  let model: ProcessModel;
  const element = (id: string): Element => {
    const found = model.elements[id];
    expect(found, `element ${id}`).to.not.equal(undefined);
    return found!;
  };

  before(async () => {
    resource = await compileBpmn('document-approval.bpmn', readFileSync(fixture));
    model = resource.processes[0]!;
  });

  it('compiles the executable process only', () => {
    // then
    expect(resource.problems).to.deep.equal([]);
    expect(resource.processes.map((process) => process.bpmnProcessId)).to.deep.equal([
      'document-approval',
    ]);
    expect(model.name).to.equal('Phê duyệt tờ trình');
  });

  it('process scope lists its start events', () => {
    // when
    const scope = model.scopes['document-approval']!;

    // then
    expect(scope.noneStartEventId).to.equal('start');
    expect(scope.messageStartEventIds).to.deep.equal(['start-by-message']);
    expect(scope.timerStartEventIds).to.deep.equal(['start-daily']);
    expect(scope.eventSubProcessIds).to.deep.equal(['on-deadline']);
    expect(scope.elementIds).to.include.members(['store', 'sign', 'review-reminder']);
    expect(scope.elementIds).to.not.include('apply-signature');
    expect(scope.elementIds).to.not.include('document-ref');
  });

  it('start events', () => {
    // then
    expect(element('start').event).to.deep.equal({ kind: 'none' });
    expect(element('start').name).to.equal('Tờ trình mới');
    expect(element('start-by-message').event).to.deep.equal({
      kind: 'message',
      messageName: { kind: 'static', value: 'document.submitted' },
    });
    expect(element('start-daily').event).to.deep.equal({
      kind: 'timer',
      timer: { type: 'cycle', expression: { kind: 'static', value: 'R/P1D' } },
    });
  });

  it('service task job, headers and mappings', () => {
    // when
    const store = element('store');

    // then
    expect(store.kind).to.equal('serviceTask');
    expect(store.job).to.deep.equal({
      type: { kind: 'static', value: 'document.store' },
      retries: { kind: 'static', value: '5' },
      headers: { folder: 'Quyết định' },
    });
    expect(store.inputs).to.deep.equal([
      { source: { kind: 'feel', feel: 'document.id' }, target: 'documentId' },
      { source: { kind: 'static', value: 'incoming' }, target: 'box' },
    ]);
    expect(store.outputs).to.deep.equal([
      { source: { kind: 'feel', feel: 'storedAt' }, target: 'storedAt' },
    ]);
    expect(store.incoming).to.have.members(['f-start', 'f-message', 'f-daily', 'f-revised']);
    expect(store.outgoing).to.deep.equal(['f-store']);
  });

  it('send and business rule tasks are jobs', () => {
    // then
    expect(element('notify').job).to.deep.equal({
      type: { kind: 'feel', feel: '"mail." + channel' },
      retries: { kind: 'static', value: '3' },
      headers: {},
    });
    expect(element('classify').job?.retries).to.deep.equal({ kind: 'feel', feel: 'retries' });
    expect(element('classify').kind).to.equal('businessRuleTask');
  });

  it('script task', () => {
    // then
    expect(element('title').script).to.deep.equal({
      expression: { kind: 'feel', feel: 'upper case(title)' },
      resultVariable: 'upperTitle',
    });
  });

  it('Camunda user task', () => {
    // when
    const review = element('review');

    // then
    expect(review.userTask).to.deep.equal({
      camundaUserTask: true,
      assignee: { kind: 'feel', feel: 'leader' },
      candidateUsers: { kind: 'feel', feel: 'reviewers' },
      candidateGroups: { kind: 'static', value: 'van-thu, lanh-dao' },
      dueDate: { kind: 'feel', feel: 'now() + duration("P3D")' },
      followUpDate: { kind: 'static', value: '2026-12-10T08:00:00+07:00' },
      priority: { kind: 'feel', feel: 'if urgent then 80 else 50' },
      formId: 'review-form',
      headers: { kind: 'review' },
    });
    expect(review.boundaryEventIds).to.have.members(['review-reminder', 'review-recalled']);
  });

  it('job-based user task with form key', () => {
    // then
    expect(element('manual-check').userTask).to.deep.equal({
      camundaUserTask: false,
      formKey: 'camunda-forms:bpmn:check-form',
      headers: {},
    });
  });

  it('gateways and conditions', () => {
    // then
    expect(element('route').defaultFlow).to.equal('to-manual');
    expect(model.flows['to-review']).to.deep.equal({
      id: 'to-review',
      sourceId: 'route',
      targetId: 'review',
      condition: { kind: 'feel', feel: 'loai = "Tờ trình"' },
    });
    expect(model.flows['to-manual']!.condition).to.equal(undefined);
    expect(element('split').kind).to.equal('parallelGateway');
    expect(element('split').outgoing).to.have.members(['f-notify', 'f-classify', 'f-title']);
    expect(element('join').incoming).to.have.members(['f-join-1', 'f-join-2', 'f-join-3']);
    expect(element('copies').kind).to.equal('inclusiveGateway');
    expect(element('wait').kind).to.equal('eventBasedGateway');
  });

  it('catch events and receive task', () => {
    // given
    const revised = {
      kind: 'message',
      messageName: { kind: 'static', value: 'document.revised' },
      correlationKey: { kind: 'feel', feel: 'documentId' },
    };

    // then
    expect(element('revised').event).to.deep.equal(revised);
    expect(element('wait-revision').kind).to.equal('receiveTask');
    expect(element('wait-revision').event).to.deep.equal(revised);
    expect(element('timeout').event).to.deep.equal({
      kind: 'timer',
      timer: { type: 'duration', expression: { kind: 'static', value: 'PT72H' } },
    });
  });

  it('throw events', () => {
    // then
    expect(element('late').event).to.deep.equal({
      kind: 'escalation',
      escalationCode: 'DEADLINE_PASSED',
    });
    expect(element('milestone').event).to.deep.equal({ kind: 'none' });
  });

  it('boundary events', () => {
    // then
    expect(element('review-reminder')).to.include({ attachedTo: 'review', interrupting: false });
    expect(element('review-reminder').event).to.deep.equal({
      kind: 'timer',
      timer: { type: 'cycle', expression: { kind: 'static', value: 'R3/PT4H' } },
    });
    expect(element('review-recalled')).to.include({ attachedTo: 'review', interrupting: true });
    expect(element('sign-rejected').event).to.deep.equal({
      kind: 'error',
      errorCode: 'SIGNATURE_REJECTED',
    });
    expect(element('sign-escalated').event).to.deep.equal({ kind: 'escalation' });
    expect(element('sign').boundaryEventIds).to.have.members(['sign-rejected', 'sign-escalated']);
  });

  it('embedded sub-process with parallel multi-instance', () => {
    // when
    const sign = element('sign');

    // then
    expect(sign.triggeredByEvent).to.equal(false);
    expect(sign.multiInstance).to.deep.equal({
      sequential: false,
      inputCollection: { kind: 'feel', feel: 'signers' },
      inputElement: 'signer',
      outputCollection: 'signatures',
      outputElement: { kind: 'feel', feel: 'signature' },
    });
    expect(model.scopes['sign']).to.deep.equal({
      id: 'sign',
      noneStartEventId: 'sign-start',
      messageStartEventIds: [],
      timerStartEventIds: [],
      eventSubProcessIds: [],
      elementIds: ['sign-start', 'apply-signature', 'sign-end'],
    });
    expect(element('apply-signature').scopeId).to.equal('sign');
  });

  it('sequential multi-instance with completion condition', () => {
    // then
    expect(element('archive').multiInstance).to.deep.equal({
      sequential: true,
      inputCollection: { kind: 'feel', feel: 'copies' },
      inputElement: 'copy',
      completionCondition: { kind: 'feel', feel: 'numberOfCompletedInstances >= 2' },
    });
  });

  it('call activity', () => {
    // then
    expect(element('register').calledElement).to.deep.equal({
      processId: { kind: 'static', value: 'register-number' },
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
  });

  it('end events', () => {
    // then
    expect(element('done').event).to.deep.equal({ kind: 'none' });
    expect(element('rejected').event).to.deep.equal({
      kind: 'error',
      errorCode: 'SIGNATURE_REJECTED',
    });
    expect(element('escalated').event).to.deep.equal({
      kind: 'escalation',
      escalationCode: 'DEADLINE_PASSED',
    });
    expect(element('recalled').event).to.deep.equal({ kind: 'terminate' });
    expect(element('reply').job?.type).to.deep.equal({ kind: 'static', value: 'message.reply' });
  });

  it('event sub-process with non-interrupting timer start', () => {
    // then
    expect(element('on-deadline').triggeredByEvent).to.equal(true);
    expect(element('deadline-start')).to.include({
      scopeId: 'on-deadline',
      interrupting: false,
    });
    expect(element('deadline-start').event).to.deep.equal({
      kind: 'timer',
      timer: { type: 'date', expression: { kind: 'feel', feel: 'deadline' } },
    });
    expect(model.scopes['on-deadline']!.noneStartEventId).to.equal(undefined);
    expect(model.scopes['on-deadline']!.timerStartEventIds).to.deep.equal([]);
    expect(model.scopes['on-deadline']!.elementIds).to.deep.equal([
      'deadline-start',
      'deadline-end',
    ]);
  });

  it('manual task and plain task', () => {
    // then
    expect(element('print').kind).to.equal('manualTask');
    expect(element('file').kind).to.equal('task');
    expect(element('file').incoming).to.deep.equal(['to-file']);
  });
});
