import { expect } from 'chai';
import { ValidationError } from '../../src/errors/index.js';
import { diffBpmn } from '../../src/modeler/index.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

describe('diffBpmn', () => {
  it('finds no change between equal versions', async () => {
    // given the same route twice
    // when they are compared
    const diff = await diffBpmn(approvalRoute, approvalRoute);
    // then nothing is added, removed or changed
    expect(diff).to.deep.equal({ added: [], removed: [], changed: [] });
  });

  it('lists added and removed elements', async () => {
    // given a version where the end event has a new id
    const changed = editRoute('<bpmn:endEvent id="done" />', '<bpmn:endEvent id="closed" />')
      .replace('targetRef="done"', 'targetRef="closed"')
      .replace('bpmnElement="done"', 'bpmnElement="closed"');
    // when the versions are compared
    const diff = await diffBpmn(approvalRoute, changed);
    // then the new end event is added, the old one removed, and the flow retargeted
    expect(diff.added).to.deep.equal([{ id: 'closed', type: 'bpmn:EndEvent' }]);
    expect(diff.removed).to.deep.equal([{ id: 'done', type: 'bpmn:EndEvent' }]);
    expect(diff.changed).to.deep.equal([
      {
        id: 'to-done',
        type: 'bpmn:SequenceFlow',
        changes: [{ attribute: 'targetRef', from: '["#done"]', to: '["#closed"]' }],
      },
    ]);
  });

  it('lists changed attributes and extensions', async () => {
    // given a version with a renamed task and another candidate group
    const renamed = editRoute('name="Sign"', 'name="Sign and seal"');
    const changed = editRoute('unit_leader', 'agency_leader', renamed);
    // when the versions are compared
    const diff = await diffBpmn(approvalRoute, changed);
    // then each element lists the attribute that changed
    expect(diff.added).to.deep.equal([]);
    expect(diff.removed).to.deep.equal([]);
    const byId = new Map(diff.changed.map((element) => [element.id, element]));
    expect([...byId.keys()].sort()).to.deep.equal(['approve', 'sign']);
    expect(byId.get('sign')!.changes).to.deep.equal([
      { attribute: 'name', from: 'Sign', to: 'Sign and seal' },
    ]);
    const [extension] = byId.get('approve')!.changes;
    expect(extension!.attribute).to.equal('extensionElements');
    expect(extension!.from).to.include('unit_leader');
    expect(extension!.to).to.include('agency_leader');
  });

  it('ignores layout changes', async () => {
    // given a version where a shape moved
    const moved = editRoute('<dc:Bounds x="520" y="100"', '<dc:Bounds x="620" y="140"');
    // when the versions are compared
    const diff = await diffBpmn(approvalRoute, moved);
    // then nothing is reported
    expect(diff).to.deep.equal({ added: [], removed: [], changed: [] });
  });

  it('reports a type change', async () => {
    // given a version where the signing step is a send task
    const changed = editRoute('<bpmn:serviceTask id="sign"', '<bpmn:sendTask id="sign"').replace(
      '</bpmn:serviceTask>',
      '</bpmn:sendTask>',
    );
    // when the versions are compared
    const diff = await diffBpmn(approvalRoute, changed);
    // then the type change is listed
    expect(diff.changed).to.have.length(1);
    expect(diff.changed[0]!.changes[0]).to.deep.equal({
      attribute: '$type',
      from: 'bpmn:ServiceTask',
      to: 'bpmn:SendTask',
    });
  });

  it('rejects XML that does not parse', async () => {
    // given a broken second document
    // when it is compared
    const failure = await diffBpmn(approvalRoute, 'not xml').catch((error) => error);
    // then a validation error names it
    expect(failure).to.be.instanceOf(ValidationError);
    expect(failure.details.field).to.equal('to');
  });
});
