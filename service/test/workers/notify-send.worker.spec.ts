import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/index.js';
import type { Job, ProcessInstance, Variables } from '../../src/engine/index.js';
import { createLogger } from '../../src/log/index.js';
import { OutboxReader } from '../../src/mail/index.js';
import {
  OrganisationEntity,
  orgStructureEntities,
  UnitService,
  UserService,
} from '../../src/org/index.js';
import { createNotifyServices, documentJobDefinitions } from '../../src/workers/index.js';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.js';
import { describeEachDatabase } from '../support/databases.js';
import { MINISTRY, openWorkerFixture, type WorkerFixture } from './worker-fixture.js';

const processId = 'report-with-reminder';
const publicUrl = 'https://docroute.example.gov.vn';

/**
 * A user task for the unit, due at taskDueDate, and in parallel a notify.send task that reminds
 * the unit with the template of the `template` header.
 */
function reminderProcess(template: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="${processId}-definitions" targetNamespace="http://docroute.test/workers">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-fork" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="to-report" sourceRef="fork" targetRef="report" />
    <bpmn:userTask id="report" name="Báo cáo tiến độ">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="=&#34;unit:&#34; + unitId" />
        <zeebe:taskSchedule dueDate="=taskDueDate" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to-reported" sourceRef="report" targetRef="reported" />
    <bpmn:endEvent id="reported" />
    <bpmn:sequenceFlow id="to-notify" sourceRef="fork" targetRef="notify" />
    <bpmn:sendTask id="notify">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="notify.send" retries="1" />
        <zeebe:taskHeaders>
          <zeebe:header key="template" value="${template}" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:sendTask>
    <bpmn:sequenceFlow id="to-notified" sourceRef="notify" targetRef="notified" />
    <bpmn:endEvent id="notified" />
  </bpmn:process>
</bpmn:definitions>`;
}

describeEachDatabase('notify.send worker', (database) => {
  let fixture: WorkerFixture;
  let orgDataSource: DataSource;
  let smtp: TestSmtpServer;
  let dataDir: string;
  let unitId: string;
  let specialistId: string;
  const logger = createLogger({ level: 'silent' });

  before(async function () {
    fixture = await openWorkerFixture(database().url);
    orgDataSource = createDataSource(database().url, {
      entities: [OrganisationEntity, ...orgStructureEntities],
    });
    await orgDataSource.initialize();
    const unit = await new UnitService(orgDataSource).create({
      organId: MINISTRY.organId,
      code: 'VP',
      name: 'Văn phòng Bộ',
    });
    unitId = unit.id;
    const users = new UserService(orgDataSource);
    await users.create({
      username: 'lan.tt',
      fullName: 'Trần Thị Lan',
      email: 'lan.tt@example.gov.vn',
      unitId,
      position: 'truong_phong',
      roles: ['unit_leader'],
    });
    const specialist = await users.create({
      username: 'minh.nv',
      fullName: 'Nguyễn Văn Minh',
      email: 'minh.nv@example.gov.vn',
      unitId,
      position: 'chuyen_vien',
      roles: ['specialist'],
    });
    specialistId = specialist.id;
    smtp = await startSmtpServer();
  });

  beforeEach(function () {
    dataDir = mkdtempSync(join(tmpdir(), 'docroute-notify-'));
    smtp.received.length = 0;
  });

  afterEach(async () => {
    await fixture.stopWorkers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  after(async () => {
    await smtp?.close();
    await orgDataSource?.destroy();
    await fixture?.close();
  });

  /** Routes notify.send to the loopback SMTP server, or to the outbox under dataDir. */
  function useMail(target: 'smtp' | 'outbox' | { smtpUrl: string }) {
    const smtpUrl =
      target === 'smtp'
        ? `smtp://127.0.0.1:${smtp.port}?starttls=never`
        : target === 'outbox'
          ? undefined
          : target.smtpUrl;
    fixture.services.notify = createNotifyServices({
      config: {
        mail: { ...(smtpUrl ? { smtpUrl } : {}), outboxDir: join(dataDir, 'outbox') },
        dataDir,
        publicUrl,
      },
      dataSource: fixture.dataSource,
      logger,
    });
    fixture.services.now = () => new Date('2026-03-04T09:00:00+07:00');
  }

  async function run(template: string, variables: Variables) {
    await fixture.engine.deploy([
      { name: `${processId}.bpmn`, content: reminderProcess(template) },
    ]);
    fixture.startWorkers();
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { unitId, taskDueDate: '2026-03-02T16:30:00+07:00', ...variables },
    });
    const instance = await waitForNotifyDone(processInstanceKey);
    const [task] = await fixture.engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
    return { instance, task };
  }

  /** Waits until the notify task has completed or has an incident. */
  async function waitForNotifyDone(processInstanceKey: string): Promise<ProcessInstance> {
    return settledWhen(processInstanceKey, (instance) => {
      const notifying = instance.activeElements.some((element) => element.elementId === 'notify');
      return !notifying || instance.incidents.length > 0;
    });
  }

  async function settledWhen(
    processInstanceKey: string,
    done: (instance: ProcessInstance) => boolean,
  ): Promise<ProcessInstance> {
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const instance = await fixture.engine.getInstance(processInstanceKey);
      if (done(instance)) return instance;
      if (Date.now() > giveUpAt) expect.fail(`instance ${processInstanceKey} did not settle`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('overdue reminder reaches unit leaders over SMTP', async () => {
    // given mail through a loopback SMTP server and a unit with one leader
    useMail('smtp');

    // when a task-overdue notification runs for the unit
    const { instance, task } = await run('task-overdue', { taskTitle: 'Báo cáo công tác quý I' });

    // then the unit leader receives one Vietnamese escalation e-mail linking to the open task
    expect(instance.incidents).to.deep.equal([]);
    expect(instance.variables.notified).to.equal(true);
    expect(smtp.received).to.have.length(1);
    const mail = smtp.received[0]!;
    const to = [mail.to ?? []].flat().map((address) => address.text);
    expect(to).to.deep.equal(['lan.tt@example.gov.vn']);
    expect(mail.subject).to.match(/^\[Cảnh báo cấp 1\] Báo cáo công tác quý I quá hạn/);
    expect(mail.text).to.contain('Người xử lý: Văn phòng Bộ');
    expect(task).to.not.equal(undefined);
    expect(mail.text).to.contain(`${publicUrl}/tasklist/#/tasks/${task!.key}`);
  });

  it('reminder to a user id goes to the outbox', async () => {
    // given no SMTP server, so e-mail goes to the outbox
    useMail('outbox');

    // when a reminder names the specialist by user id
    const { instance } = await run('reminder', { recipient: specialistId, notation: '15/BNV-VP' });

    // then one .eml file addressed to the specialist is in the outbox
    expect(instance.variables.notified).to.equal(true);
    const messages = await new OutboxReader({ dataDir }).list();
    expect(messages).to.have.length(1);
    expect(messages[0]!.to).to.deep.equal(['minh.nv@example.gov.vn']);
    expect(messages[0]!.subject).to.match(/^Nhắc việc: 15\/BNV-VP/);
    expect(messages[0]!.text).to.contain('Kính gửi Nguyễn Văn Minh');
  });

  it('redelivered job sends once', async () => {
    // given the notify.send handler and one job, as a redelivery after a lost completion repeats it
    useMail('smtp');
    const handler = documentJobDefinitions(fixture.services).find(
      (definition) => definition.type === 'notify.send',
    )!.handler;
    const job = notifyJob({
      recipient: 'hang.nt@example.gov.vn',
      dueDate: '2026-03-02T16:30:00+07:00',
    });

    // when the job is handled twice
    const first = await handler(job);
    const second = await handler(job);

    // then one e-mail went out, and both runs report the same message
    expect(smtp.received).to.have.length(1);
    expect(first.notified).to.equal(true);
    expect(second.notificationMessageId).to.equal(first.notificationMessageId);
  });

  it('unknown recipient completes unnotified', async () => {
    // given a recipient user id that names no user
    useMail('smtp');

    // when the notification runs
    const { instance } = await run('reminder', { recipient: 'no-such-user' });

    // then the task completes with notified false and sends nothing
    expect(instance.incidents).to.deep.equal([]);
    expect(instance.variables.notified).to.equal(false);
    expect(smtp.received).to.have.length(0);
  });

  it('unknown template is an incident', async () => {
    // given a template header that names no template
    useMail('smtp');

    // when the notification runs
    const { instance } = await run('birthday', { recipient: specialistId });

    // then the incident names the template
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0]!.errorMessage).to.contain("template 'birthday' is unknown");
  });

  it('refused SMTP connection fails the job', async () => {
    // given an SMTP URL whose port has no server, and one retry on the task
    const closed = await startSmtpServer();
    await closed.close();
    useMail({ smtpUrl: `smtp://127.0.0.1:${closed.port}?starttls=never` });

    // when the notification runs
    const { instance } = await run('reminder', { recipient: specialistId });

    // then the only attempt fails and, with no retries left, the task has an incident
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0]!.errorType).to.equal('JOB_NO_RETRIES');
    expect(instance.incidents[0]!.errorMessage).to.contain('sending e-mail failed');
    expect(instance.variables.notified).to.equal(undefined);
  });
});

/** A notify.send job as the engine activates it, for calling the handler directly. */
function notifyJob(variables: Variables): Job {
  return {
    key: '2251799813685301',
    type: 'notify.send',
    processInstanceKey: '2251799813685299',
    processDefinitionKey: '2251799813685290',
    bpmnProcessId: processId,
    processDefinitionVersion: 1,
    elementId: 'notify',
    elementInstanceKey: '2251799813685300',
    customHeaders: { template: 'reminder' },
    variables,
    retries: 1,
    worker: 'test',
    deadline: new Date('2026-03-04T09:05:00+07:00'),
  };
}
