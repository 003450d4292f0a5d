import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { ManualClock, type UserTask } from '../../src/engine/index.js';
import { seedDemoOrganisation, UnitEntity } from '../../src/org/index.js';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.js';
import { describeEachDatabase } from '../support/databases.js';
import { waitFor } from '../processes/route-harness.js';
import {
  deployOutgoingRoute,
  PUBLIC_URL,
  seededUser,
  startEscalationStack,
  type EscalationStack,
} from './escalation-stack.js';

/** Monday 2 March 2026, 08:00 in Vietnam: a working week with no holiday. */
const mondayMorning = new Date('2026-03-02T08:00:00+07:00');
const subject = 'Về việc tăng cường kỷ luật, kỷ cương hành chính';

function recipientsOf(mail: ParsedMail): string[] {
  return [mail.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address ?? ''));
}

describeEachDatabase('deadline.escalate on the outgoing route', (database) => {
  let clock: ManualClock;
  let smtp: TestSmtpServer;
  let stack: EscalationStack;
  const started: string[] = [];

  beforeEach(async function () {
    this.timeout(60_000);
    clock = new ManualClock(mondayMorning);
    smtp = await startSmtpServer();
    stack = await startEscalationStack({ url: database().url, clock, smtpPort: smtp.port });
    const seeded = await stack.dataSource.query('SELECT COUNT(*) AS n FROM org_users');
    if (Number(seeded[0].n) === 0) {
      await seedDemoOrganisation(stack.dataSource, { now: () => clock.now() });
      await deployOutgoingRoute(stack.engine);
    }
  });

  afterEach(async function () {
    // Cancelling keeps one test's timers from firing in the next.
    for (const key of started.splice(0)) await stack.engine.cancelInstance(key).catch(() => {});
    await stack?.stop();
    await smtp?.close();
  });

  async function restart(): Promise<void> {
    await stack.stop();
    stack = await startEscalationStack({ url: database().url, clock, smtpPort: smtp.port });
  }

  /**
   * Moves the clock to `instant`, fires due timers and waits for `count` e-mails in all. It first
   * waits for running notice jobs, so that each one has finished before the clock moves on.
   */
  async function advanceTo(instant: Date, count: number): Promise<ParsedMail[]> {
    await waitForNoEscalateJobs(startedKey());
    clock.set(instant);
    await stack.engine.runDueWork();
    return waitFor(`${count} e-mails`, async () =>
      smtp.received.length >= count ? smtp.received : undefined,
    );
  }

  /** Starts the route as a VP specialist and has the deputy head of VP claim the review. */
  async function emailOf(username: string): Promise<string> {
    return (await seededUser(stack.dataSource, username)).email;
  }

  async function startReviewHeldByDeputy(): Promise<{ review: UserTask; key: string }> {
    const drafter = await seededUser(stack.dataSource, 'snv.trangdt');
    const deputy = await seededUser(stack.dataSource, 'snv.namdv');
    const director = await seededUser(stack.dataSource, 'snv.hungnv');
    const unit = await stack.dataSource.getRepository(UnitEntity).findOneByOrFail({
      id: drafter.unitId,
    });
    const { processInstanceKey } = await stack.engine.createInstance({
      bpmnProcessId: 'outgoing-document',
      variables: {
        drafterId: drafter.id,
        unitId: unit.id,
        organisationId: drafter.organId,
        signerId: director.id,
        urgency: 0,
        documentType: 'CV',
        fileId: 'draft-file',
        subject,
      },
    });
    started.push(processInstanceKey);
    const draft = await openTask(processInstanceKey, 'draft');
    await stack.engine.completeUserTask(draft.key, {});
    const review = await openTask(processInstanceKey, 'review-by-unit-leader');
    await stack.engine.assignUserTask(review.key, deputy.id);
    return { review, key: processInstanceKey };
  }

  function openTask(processInstanceKey: string, elementId: string): Promise<UserTask> {
    return waitFor(`open task ${elementId}`, async () => {
      const tasks = await stack.engine.listUserTasks({
        processInstanceKey,
        elementId,
        state: 'CREATED',
      });
      return tasks[0];
    });
  }

  async function mailLogKeys(dataSource: DataSource, processInstanceKey: string) {
    const rows: { idempotency_key: string; status: string }[] = await dataSource.query(
      'SELECT idempotency_key, status FROM mail_log WHERE idempotency_key LIKE ? ' +
        'ORDER BY idempotency_key',
      [`deadline.escalate:${processInstanceKey}:%`],
    );
    return rows;
  }

  it('reminds and escalates across a restart', async function () {
    this.timeout(60_000);
    // given a review held by the deputy head of VP, due one working day after the draft
    const { review, key } = await startReviewHeldByDeputy();
    const variables = (await stack.engine.getInstance(key)).variables;
    const dueAt = new Date(String(variables.reviewDueDate));
    const reminderAt = new Date(String(variables.reviewReminderAt));
    expect(variables.reviewDueDate).to.equal('2026-03-04T16:30:00+07:00');
    expect(reminderAt.getTime()).to.be.lessThan(dueAt.getTime());

    // when the reminder instant passes
    const [reminder] = await advanceTo(reminderAt, 1);

    // then the deputy receives a Vietnamese reminder with the task link
    expect(recipientsOf(reminder!)).to.deep.equal([await emailOf('snv.namdv')]);
    expect(reminder!.subject).to.equal(`Nhắc việc: Lãnh đạo đơn vị xem xét – ${subject}`);
    expect(reminder!.text).to.contain(`${PUBLIC_URL}/tasklist/#/tasks/${review.key}`);

    // when the due instant passes
    const level1 = (await advanceTo(dueAt, 2))[1]!;

    // then the head of VP, the deputy's overseer, receives escalation level 1
    expect(recipientsOf(level1)).to.deep.equal([await emailOf('snv.lanpt')]);
    expect(level1.subject).to.equal('[Cảnh báo cấp 1] Lãnh đạo đơn vị xem xét đã đến hạn');
    expect(level1.html).to.contain(`${PUBLIC_URL}/tasklist/#/tasks/${review.key}`);

    // when the service restarts and the escalation interval passes
    await restart();
    const level2 = (await advanceTo(new Date(dueAt.getTime() + 24 * 3_600_000), 3))[2]!;

    // then the director receives level 2, and nothing was sent twice
    expect(recipientsOf(level2)).to.deep.equal([await emailOf('snv.hungnv')]);
    expect(level2.subject).to.equal(
      '[Cảnh báo cấp 2] Lãnh đạo đơn vị xem xét quá hạn 1 ngày làm việc',
    );
    await waitForNoEscalateJobs(key);
    const keys = await mailLogKeys(stack.dataSource, key);
    expect(keys.map((row) => row.idempotency_key.split(':').at(-1))).to.deep.equal(['0', '1', '2']);
    expect(keys.every((row) => row.status === 'sent')).to.equal(true);
    const events: { kind: string; target_id: string; comment: string | null }[] =
      await stack.dataSource.query(
        'SELECT kind, target_id, comment FROM task_events WHERE task_key = ? ORDER BY id',
        [review.key],
      );
    expect(events.map((event) => event.kind)).to.deep.equal(['reminded', 'escalated', 'escalated']);
    const targets = await Promise.all(
      ['snv.namdv', 'snv.lanpt', 'snv.hungnv'].map((name) => seededUser(stack.dataSource, name)),
    );
    expect(events.map((event) => event.target_id)).to.deep.equal(targets.map((user) => user.id));
    expect(events.map((event) => event.comment)).to.deep.equal([null, 'level 1', 'level 2']);

    // when the next firing finds no leader above the director
    clock.set(new Date(dueAt.getTime() + 48 * 3_600_000 + 60_000));
    await stack.engine.runDueWork();
    await waitForNoEscalateJobs(key);

    // then no further e-mail is sent
    expect(smtp.received).to.have.length(3);
  });

  it('sends once after the SMTP server is back', async function () {
    this.timeout(60_000);
    // given a review held by the deputy, and the SMTP server down at its due instant
    const { key } = await startReviewHeldByDeputy();
    const variables = (await stack.engine.getInstance(key)).variables;
    const dueAt = new Date(String(variables.reviewDueDate));
    const port = smtp.port;
    await smtp.close();

    // when the due instant passes and the first sends fail
    clock.set(dueAt);
    await stack.engine.runDueWork();
    await waitFor('a failed send', async () => {
      const rows = await mailLogKeys(stack.dataSource, key);
      return rows.some((row) => row.status === 'failed') ? rows : undefined;
    });

    // and the server comes back on the same port while the retries back off
    smtp = await startSmtpServer({ port });
    const received = await stepUntilReceived(2);

    // then the reminder and level 1 arrive once each
    const subjects = received.map((mail) => mail.subject ?? '');
    expect(subjects.filter((text) => text.startsWith('Nhắc việc'))).to.have.length(1);
    expect(subjects.filter((text) => text.startsWith('[Cảnh báo cấp 1]'))).to.have.length(1);
    await waitForNoEscalateJobs(key);
    expect(smtp.received).to.have.length(2);
  });

  it('exhausted retries become an incident', async function () {
    this.timeout(120_000);
    // given a review held by the deputy, and the SMTP server down from its due instant on
    const { key } = await startReviewHeldByDeputy();
    const variables = (await stack.engine.getInstance(key)).variables;
    const port = smtp.port;
    await smtp.close();
    clock.set(new Date(String(variables.reviewDueDate)));
    await stack.engine.runDueWork();

    // when every retry of the escalation fails
    const incident = await stepUntil('an escalation incident', async () => {
      const incidents = await stack.engine.listIncidents({ processInstanceKey: key });
      return incidents.find(
        (candidate) => candidate.elementId === 'review-by-unit-leader-escalate',
      );
    });

    // then the job is an incident and its e-mail is recorded as failed, not lost
    expect(incident.state).to.equal('ACTIVE');
    const failed = await mailLogKeys(stack.dataSource, key);
    expect(failed.find((row) => row.idempotency_key.endsWith(':1'))?.status).to.equal('failed');

    // when the server is back and the incidents (the reminder's too) are resolved
    smtp = await startSmtpServer({ port });
    await stepUntil('the reminder incident', async () => {
      const incidents = await stack.engine.listIncidents({ processInstanceKey: key });
      return incidents.length === 2 ? incidents : undefined;
    });
    for (const open of await stack.engine.listIncidents({
      processInstanceKey: key,
      state: 'ACTIVE',
    })) {
      await stack.engine.resolveIncident({ incidentKey: open.key, retries: 1 });
    }
    const received = await stepUntilReceived(2);

    // then the reminder and the escalation arrive once each
    const subjects = received.map((mail) => mail.subject ?? '');
    expect(subjects.filter((text) => text.startsWith('Nhắc việc'))).to.have.length(1);
    expect(subjects.filter((text) => text.startsWith('[Cảnh báo cấp 1]'))).to.have.length(1);
    await waitForNoEscalateJobs(key);
    expect(smtp.received).to.have.length(2);
  });

  /** Moves the clock 5 seconds at a time until `probe` returns a value. */
  async function stepUntil<T>(description: string, probe: () => Promise<T | undefined>) {
    for (let step = 0; step < 400; step += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      clock.advance(5_000);
      await stack.engine.runDueWork();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return expect.fail(`${description} did not happen within 2000 seconds on the clock`);
  }

  /** Moves the clock 5 seconds at a time until `count` e-mails have arrived. */
  async function stepUntilReceived(count: number): Promise<ParsedMail[]> {
    for (let step = 0; step < 120; step += 1) {
      clock.advance(5_000);
      await stack.engine.runDueWork();
      const giveUpAt = Date.now() + 500;
      while (Date.now() < giveUpAt) {
        if (smtp.received.length >= count) return smtp.received;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return expect.fail(`${count} e-mails did not arrive after 10 minutes on the clock`);
  }

  function startedKey(): string {
    return started[started.length - 1]!;
  }

  async function waitForNoEscalateJobs(processInstanceKey: string): Promise<void> {
    await waitFor('escalation jobs to finish', async () => {
      const instance = await stack.engine.getInstance(processInstanceKey);
      const busy = instance.activeElements.some(
        (element) =>
          element.elementId.endsWith('-escalate') || element.elementId.endsWith('-remind'),
      );
      return busy ? undefined : true;
    });
  }
});
