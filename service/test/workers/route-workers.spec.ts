import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { ProcessInstance, UserTask } from '../../src/engine/index.js';
import { createLogger } from '../../src/log/index.js';
import { processesFolder } from '../processes/route-harness.js';
import { describeEachDatabase } from '../support/databases.js';

// NOTE: the service computes due dates from the system clock, so these tests fail with an
// incident once the date passes the last year listed in VIETNAM_HOLIDAY_YEARS.
describeEachDatabase('shipped routes with the service workers', (database) => {
  let service: RunningService;
  let dataDir: string;

  before(async function () {
    dataDir = mkdtempSync(join(tmpdir(), 'docroute-routes-'));
    const config = loadConfig({
      DATABASE_URL: database().url,
      DOCROUTE_DATA_DIR: dataDir,
      DOCROUTE_PROCESSES_DIR: processesFolder,
      DOCROUTE_ENGINE_POLL_MS: '20',
      PORT: '0',
    });
    service = await startService(config, createLogger({ level: 'silent' }));
  });

  after(async () => {
    await service?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits for the open user task `elementId` of the instance, failing on an incident. */
  async function waitForTask(processInstanceKey: string, elementId: string): Promise<UserTask> {
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const [task] = await service.engine.listUserTasks({
        processInstanceKey,
        elementId,
        state: 'CREATED',
      });
      if (task) return task;
      const instance: ProcessInstance = await service.engine.getInstance(processInstanceKey);
      expect(instance.incidents.map((incident) => incident.errorMessage)).to.deep.equal([]);
      if (Date.now() > giveUpAt) expect.fail(`user task ${elementId} did not appear`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('outgoing document reaches drafting with a due date', async () => {
    // given the running service with the shipped routes deployed
    // when an urgent (Khẩn) outgoing document is started
    const { processInstanceKey } = await service.engine.createInstance({
      bpmnProcessId: 'outgoing-document',
      variables: {
        documentId: 'document-1',
        drafterId: 'drafter-1',
        unitId: 'unit-1',
        organisationId: '000.00.00.G22',
        signerId: 'signer-1',
        urgency: 1,
      },
    });

    // then deadline.compute sets every due date and the draft task is due at draftDueDate
    const task = await waitForTask(processInstanceKey, 'draft');
    const instance = await service.engine.getInstance(processInstanceKey);
    for (const name of [
      'draftDueDate',
      'reviewDueDate',
      'consultDueDate',
      'approvalDueDate',
      'signDueDate',
      'issueDueDate',
    ]) {
      expect(instance.variables[name], name).to.match(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/,
      );
    }
    expect(task.dueDate?.getTime()).to.equal(
      new Date(instance.variables.draftDueDate as string).getTime(),
    );
    expect(task.assignee).to.equal('drafter-1');
  });

  it('incoming document gets a direction due date', async () => {
    // given the running service
    // when an incoming document is started without an urgency
    const { processInstanceKey } = await service.engine.createInstance({
      bpmnProcessId: 'incoming-document',
      variables: { documentId: 'document-2', organisationId: '000.00.00.G22' },
    });

    // then the route passes deadline.compute with directionDueDate set
    const instance = await waitForDeadline(processInstanceKey);
    expect(instance.variables.directionDueDate).to.match(/\+07:00$/);
  });

  it('overdue task tracking passes notify.send', async () => {
    // given a task for a unit with no users, due an hour ago
    const taskDueDate = new Date(Date.now() - 3_600_000).toISOString();

    // when task tracking starts, so the overdue timer fires at once
    const { processInstanceKey } = await service.engine.createInstance({
      bpmnProcessId: 'task-tracking',
      variables: { unitIds: ['unit-without-users'], taskDueDate },
    });

    // then notify.send completes without an address and the unit's report task stays open
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const history = await service.engine.getInstanceHistory(processInstanceKey);
      const noted = history.some(
        (entry) => entry.elementId === 'overdue-noted' && entry.state === 'COMPLETED',
      );
      if (noted) break;
      const instance = await service.engine.getInstance(processInstanceKey);
      expect(instance.incidents.map((incident) => incident.errorMessage)).to.deep.equal([]);
      if (Date.now() > giveUpAt) expect.fail('the overdue reminder did not complete');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const tasks = await service.engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
    expect(tasks.map((task) => task.elementId)).to.deep.equal(['report-progress']);
  });

  async function waitForDeadline(processInstanceKey: string): Promise<ProcessInstance> {
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const instance = await service.engine.getInstance(processInstanceKey);
      if (instance.variables.directionDueDate !== undefined) return instance;
      const deadlineIncidents = instance.incidents.filter(
        (incident) => incident.elementId === 'compute-deadlines',
      );
      expect(deadlineIncidents.map((incident) => incident.errorMessage)).to.deep.equal([]);
      if (Date.now() > giveUpAt) expect.fail('directionDueDate was not set');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
});
