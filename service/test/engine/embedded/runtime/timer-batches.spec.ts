import { expect } from 'chai';
import type { ManualClock } from '../../../../src/engine/embedded/index.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { bpmn, flow, hour, openEngine, serviceTask, type OpenEngine } from './engine-fixture.js';

/** A user task with a reminder and a timeout that fall due at the same moment, one hour in. */
const deadlineRoute = bpmn(
  'deadline-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask />' +
    '<zeebe:assignmentDefinition assignee="=approver" /></bpmn:extensionElements></bpmn:userTask>' +
    '<bpmn:boundaryEvent id="remind-at" cancelActivity="false" attachedToRef="approve">' +
    '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H' +
    '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>' +
    '<bpmn:boundaryEvent id="timeout" attachedToRef="approve">' +
    '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H' +
    '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>' +
    serviceTask('remind', 'deadline.remind') +
    serviceTask('escalate', 'deadline.escalate') +
    '<bpmn:endEvent id="reminded" />' +
    '<bpmn:endEvent id="approved" />' +
    '<bpmn:endEvent id="escalated" />' +
    flow('f1', 'start', 'approve') +
    flow('f2', 'approve', 'approved') +
    flow('f3', 'remind-at', 'remind') +
    flow('f4', 'remind', 'reminded') +
    flow('f5', 'timeout', 'escalate') +
    flow('f6', 'escalate', 'escalated'),
);

describeEachDatabase('embedded runtime: timer batches', (database) => {
  let opened: OpenEngine;

  before(async function () {
    this.timeout(60_000);
    opened = await openEngine(database().url);
    await opened.engine.deploy([{ name: 'deadline-route.bpmn', content: deadlineRoute }]);
  });

  after(async function () {
    await opened?.close();
  });

  async function jobsOfType(type: string): Promise<number> {
    const jobs = await opened.engine.activateJobs({
      type,
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 1000,
    });
    return jobs.length;
  }

  it('fires the due timers of many instances', async function () {
    this.timeout(120_000);
    // given 60 instances whose two timers fall due at the same moment
    const { engine } = opened;
    const clock = opened.clock as ManualClock;
    const keys: string[] = [];
    for (let i = 0; i < 60; i++) {
      const created = await engine.createInstance({
        bpmnProcessId: 'deadline-route',
        variables: { approver: `user-${i}` },
      });
      keys.push(created.processInstanceKey);
    }

    // when the hour passes and the scheduler runs until nothing is due
    clock.advance(hour);
    let fired = 0;
    for (let round = await engine.runDueWork(); round > 0; round = await engine.runDueWork()) {
      fired += round;
    }

    // then every timeout fired once and ended its task, as firing them one by one would
    const reminders = await jobsOfType('deadline.remind');
    expect(await jobsOfType('deadline.escalate')).to.equal(60);
    expect(fired).to.equal(60 + reminders);
    const open = await engine.listUserTasks({ bpmnProcessId: 'deadline-route', state: 'CREATED' });
    expect(open).to.deep.equal([]);
    for (const key of keys) {
      const instance = await engine.getInstance(key);
      expect(instance.incidents, key).to.deep.equal([]);
      expect(instance.activeElements.map((element) => element.elementId)).to.include('escalate');
    }
  });
});
