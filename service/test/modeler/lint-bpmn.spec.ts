import { expect } from 'chai';
import { ValidationError } from '../../src/errors/index.js';
import { lintBpmn } from '../../src/modeler/index.js';
import { testJobTypes } from './modeler-harness.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

const options = { registeredJobTypes: testJobTypes };

describe('lintBpmn', () => {
  it('accepts a complete route', async () => {
    // given a route whose user task has a group and a due date, and whose job type has a worker
    // when it is linted
    const result = await lintBpmn(approvalRoute, options);
    // then no rule reports an error
    expect(result.errors).to.deep.equal([]);
  });

  it('reports a user task without assignment', async () => {
    // given a user task with neither assignee nor candidate group
    const xml = editRoute('<zeebe:assignmentDefinition candidateGroups="unit_leader" />', '');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then the assignment rule names the task
    expect(errors).to.deep.equal([
      {
        rule: 'docroute/user-task-assignment',
        elementId: 'approve',
        message: 'User task has no assignee and no candidate group',
        category: 'error',
      },
    ]);
  });

  it('accepts an assignee in place of a group', async () => {
    // given a user task with an assignee and no candidate group
    const xml = editRoute('candidateGroups="unit_leader"', 'assignee="nguyen.van.a"');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then nothing is reported
    expect(errors).to.deep.equal([]);
  });

  it('reports a user task without due date', async () => {
    // given a user task without a task schedule
    const xml = editRoute('<zeebe:taskSchedule dueDate="2030-01-31T17:00:00+07:00" />', '');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then the due date rule names the task
    expect(errors.map((e) => [e.rule, e.elementId])).to.deep.equal([
      ['docroute/user-task-due-date', 'approve'],
    ]);
  });

  it('reports a job type without worker', async () => {
    // given a service task whose job type no worker handles
    const xml = editRoute('type="signature.apply"', 'type="signature.stamp"');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then the job type rule names the task and the type
    expect(errors).to.have.length(1);
    expect(errors[0]!.rule).to.equal('docroute/job-type-registered');
    expect(errors[0]!.elementId).to.equal('sign');
    expect(errors[0]!.message).to.include('"signature.stamp"');
  });

  it('skips a FEEL job type', async () => {
    // given a job type computed at run time
    const xml = editRoute('type="signature.apply"', 'type="=signingJobType"');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then the job type rule does not report it
    expect(errors).to.deep.equal([]);
  });

  it('applies the Camunda 8.8 rules', async () => {
    // given a service task without a task definition
    const xml = editRoute('<zeebe:taskDefinition type="signature.apply" retries="3" />', '');
    // when it is linted
    const { errors } = await lintBpmn(xml, options);
    // then the compatibility rule reports the missing job type
    expect(errors.map((e) => [e.rule, e.elementId])).to.deep.equal([
      ['camunda-compat/implementation', 'sign'],
    ]);
  });

  it('rejects XML that does not parse', async () => {
    // given text that is not BPMN XML
    // when it is linted
    const failure = await lintBpmn('<bpmn:definitions', options).catch((error) => error);
    // then a validation error names the field
    expect(failure).to.be.instanceOf(ValidationError);
    expect(failure.details.field).to.equal('xml');
  });
});
