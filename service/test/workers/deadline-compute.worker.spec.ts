import { expect } from 'chai';
import type { Variables } from '../../src/engine/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { openWorkerFixture, type WorkerFixture } from './worker-fixture.js';

const processId = 'deadline-then-review';

/** A deadline.compute task for the outgoing route, then a user task due at reviewDueDate. */
const deadlineProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="${processId}-definitions" targetNamespace="http://docroute.test/workers">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-deadlines" sourceRef="start" targetRef="deadlines" />
    <bpmn:serviceTask id="deadlines">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="deadline.compute" retries="1" />
        <zeebe:taskHeaders>
          <zeebe:header key="route" value="outgoing-document" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-review" sourceRef="deadlines" targetRef="review" />
    <bpmn:userTask id="review">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:taskSchedule dueDate="=reviewDueDate" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to-done" sourceRef="review" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`;

/** Monday 2 March 2026, 08:00 in Vietnam, a working day with no holiday in the next weeks. */
const mondayMorning = '2026-03-02T08:00:00+07:00';

describeEachDatabase('deadline.compute worker', (database) => {
  let fixture: WorkerFixture;

  before(async function () {
    fixture = await openWorkerFixture(database().url);
    await fixture.engine.deploy([{ name: `${processId}.bpmn`, content: deadlineProcess }]);
  });

  afterEach(async () => {
    await fixture.stopWorkers();
  });

  after(async () => {
    await fixture?.close();
  });

  /** Starts the process with `variables` and waits for the review task or an incident. */
  async function run(variables: Variables) {
    fixture.startWorkers();
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables,
    });
    const instance = await waitForReviewOrIncident(processInstanceKey);
    const [task] = await fixture.engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
    return { instance, task };
  }

  async function waitForReviewOrIncident(processInstanceKey: string) {
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const instance = await fixture.engine.getInstance(processInstanceKey);
      const waiting = instance.activeElements.some((element) => element.elementId === 'review');
      if (waiting || instance.incidents.length > 0 || instance.state !== 'ACTIVE') return instance;
      if (Date.now() > giveUpAt) expect.fail(`instance ${processInstanceKey} did not settle`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('ordinary document chains working days', async () => {
    // given an ordinary (urgency 0) document received on a Monday morning, with no consultation
    // when the process runs
    const { instance, task } = await run({ urgency: 0, receivedAt: mondayMorning });

    // then each step ends at close of office on its last working day, counted from the step before
    expect(instance.incidents).to.deep.equal([]);
    expect(instance.variables.draftDueDate).to.equal('2026-03-16T16:30:00+07:00');
    expect(instance.variables.reviewDueDate).to.equal('2026-03-18T16:30:00+07:00');
    expect(instance.variables.consultDueDate).to.equal('2026-03-20T16:30:00+07:00');
    expect(instance.variables.approvalDueDate).to.equal('2026-03-19T16:30:00+07:00');
    expect(instance.variables.signDueDate).to.equal('2026-03-20T16:30:00+07:00');
    expect(instance.variables.issueDueDate).to.equal('2026-03-23T16:30:00+07:00');

    // and the user task is due at reviewDueDate
    expect(task?.dueDate?.toISOString()).to.equal('2026-03-18T09:30:00.000Z');
  });

  it('consultation delays approval', async () => {
    // given a document that two units are consulted on
    // when the process runs
    const { instance } = await run({
      urgency: 0,
      receivedAt: mondayMorning,
      consultUnitIds: ['unit-a', 'unit-b'],
    });

    // then approval starts after the consultation's two working days
    expect(instance.variables.consultDueDate).to.equal('2026-03-20T16:30:00+07:00');
    expect(instance.variables.approvalDueDate).to.equal('2026-03-23T16:30:00+07:00');
  });

  it('Hỏa tốc shortens steps to hours', async () => {
    // given a Hỏa tốc (urgency 3) document, allowed 2 office hours per step
    // when the process runs
    const { instance } = await run({ urgency: 3, receivedAt: mondayMorning });

    // then the steps follow in office hours, skipping the 11:30 to 13:00 break
    expect(instance.variables.draftDueDate).to.equal('2026-03-02T10:00:00+07:00');
    expect(instance.variables.reviewDueDate).to.equal('2026-03-02T13:30:00+07:00');
    expect(instance.variables.issueDueDate).to.equal('2026-03-03T10:30:00+07:00');
  });

  it('leader deadline caps later steps', async () => {
    // given a leader's deadline at the end of the review step
    const leaderDeadline = '2026-03-18T16:30:00+07:00';

    // when the process runs
    const { instance } = await run({ urgency: 0, receivedAt: mondayMorning, leaderDeadline });

    // then no step is due after the leader's deadline
    expect(instance.variables.draftDueDate).to.equal('2026-03-16T16:30:00+07:00');
    for (const name of ['reviewDueDate', 'approvalDueDate', 'signDueDate', 'issueDueDate']) {
      expect(instance.variables[name], name).to.equal(leaderDeadline);
    }
  });

  it('receivedAt defaults to the clock', async () => {
    // given a worker clock at Monday morning and no receivedAt variable
    fixture.services.now = () => new Date(mondayMorning);

    // when the process runs
    const { instance } = await run({ urgency: 0 });
    delete fixture.services.now;

    // then the due dates count from the clock
    expect(instance.variables.draftDueDate).to.equal('2026-03-16T16:30:00+07:00');
  });

  it('unknown urgency is an incident', async () => {
    // given an urgency outside the edXML priorities 0 to 4
    // when the process runs
    const { instance } = await run({ urgency: 7, receivedAt: mondayMorning });

    // then the task has an incident naming the variable and its value
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0]?.errorMessage).to.contain('urgency is 7');
    expect(instance.variables.draftDueDate).to.equal(undefined);
  });

  it('unparsable receivedAt is an incident', async () => {
    // given a receivedAt without a time zone offset
    // when the process runs
    const { instance } = await run({ urgency: 0, receivedAt: '02/03/2026 08:00' });

    // then the incident names the variable and its value
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0]?.errorMessage).to.contain('receivedAt is "02/03/2026 08:00"');
  });

  it('leader deadline before receipt is an incident', async () => {
    // given a leader's deadline earlier than the time of receipt
    // when the process runs
    const { instance } = await run({
      urgency: 0,
      receivedAt: mondayMorning,
      leaderDeadline: '2026-03-01T08:00:00+07:00',
    });

    // then the incident names leaderDeadline
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0]?.errorMessage).to.contain('leaderDeadline');
  });

  it('Khẩn allows one working day per step', async () => {
    // given a Khẩn (urgency 1) document
    // when the process runs
    const { instance } = await run({ urgency: 1, receivedAt: mondayMorning });

    // then each step ends at close of office on the next working day
    expect(instance.variables.draftDueDate).to.equal('2026-03-03T16:30:00+07:00');
    expect(instance.variables.reviewDueDate).to.equal('2026-03-04T16:30:00+07:00');
  });
});
