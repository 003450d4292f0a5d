import { expect } from 'chai';
import { jobResult } from '../../src/engine/job-worker.js';
import type { Job, Variables } from '../../src/engine/port.js';
import { describeEachDatabase } from '../support/databases.js';
import { hour, useHarness } from '../engine/conformance/harness.js';
import {
  completedElements,
  completeTask,
  countOf,
  routeResources,
  TestWorkers,
  waitForEnd,
  waitForTask,
} from './route-harness.js';

const organisationId = 'ubnd-tinh-b';
/** The document id that the test signature.verify worker treats as carrying a bad signature. */
const badlySignedDocumentId = 'den-chu-ky-sai';
const invalidReason = 'Chứng thư số của người ký đã hết hạn';

describeEachDatabase('incoming-document route', (database) => {
  const harness = useHarness(database);
  let workers: TestWorkers;

  function at(hours: number): string {
    return new Date(harness().clock.now().getTime() + hours * hour).toISOString();
  }

  before(async function () {
    await harness().engine.deploy(routeResources());
    let arrivalNumber = 0;
    workers = new TestWorkers(harness().engine, {
      'deadline.compute': async () => ({ directionDueDate: at(8) }),
      'signature.verify': async (job: Job) => {
        if (job.variables.documentId !== badlySignedDocumentId) return { signaturesValid: true };
        return jobResult.error('SIGNATURE_INVALID', invalidReason, {
          signatureReasons: [invalidReason],
        });
      },
      'document.register': async () => ({ registerNumber: ++arrivalNumber }),
      'document.reply': async (job: Job) => ({
        replyDocumentId: `tra-loi-${String(job.variables.documentId)}`,
        replyProcessInstanceKey: '42',
      }),
    });
  });

  after(async function () {
    await workers.close();
  });

  /** Runs one unit's branch: its leader assigns a specialist, who reports. */
  async function handleInUnit(key: string, unitId: string, report: Variables): Promise<void> {
    const engine = harness().engine;
    const specialistId = `chuyen-vien.${unitId}`;
    await completeTask(
      engine,
      key,
      { elementId: 'assign-specialist', candidateGroup: `unit-leader:${unitId}` },
      { specialistId },
    );
    await completeTask(
      engine,
      key,
      { elementId: 'handle-and-report', assignee: specialistId },
      report,
    );
  }

  async function direct(
    key: string,
    leadUnitId: string,
    supportUnitIds: string[],
    deadlines: Variables = {},
  ): Promise<void> {
    await completeTask(
      harness().engine,
      key,
      { elementId: 'direct', candidateGroup: `agency-leader:${organisationId}` },
      { leadUnitId, supportUnitIds, handlingDueDate: at(72), ...deadlines },
    );
  }

  it('lead unit and two supporting units', async function () {
    // given a registered document that the leader directs to one lead and two supporting units
    const engine = harness().engine;
    const key = await harness().start('incoming-document', { documentId: 'den-1', organisationId });
    const direction = await waitForTask(engine, key, { elementId: 'direct' });
    await direct(key, 'phong-kinh-te', ['phong-tai-chinh', 'phong-tu-phap'], {
      supportDueDate: at(48),
      unitDueDates: { 'phong-tu-phap': at(24) },
    });

    // when the supporting units report first and the lead unit proposes a reply
    const handling = await waitForTask(engine, key, {
      elementId: 'assign-specialist',
      candidateGroup: 'unit-leader:phong-kinh-te',
    });
    const supporting = await waitForTask(engine, key, {
      elementId: 'assign-specialist',
      candidateGroup: 'unit-leader:phong-tai-chinh',
    });
    const overridden = await waitForTask(engine, key, {
      elementId: 'assign-specialist',
      candidateGroup: 'unit-leader:phong-tu-phap',
    });
    await handleInUnit(key, 'phong-tu-phap', { report: 'Thống nhất', proposeReply: false });
    await handleInUnit(key, 'phong-tai-chinh', { report: 'Có ý kiến', proposeReply: false });
    await handleInUnit(key, 'phong-kinh-te', { report: 'Đề xuất trả lời', proposeReply: true });
    const closing = await waitForTask(engine, key, {
      elementId: 'close',
      candidateGroup: `agency-leader:${organisationId}`,
    });
    const beforeClosing = await engine.getInstance(key);
    await engine.completeUserTask(closing.key);
    const instance = await waitForEnd(engine, key);

    // then the reply was drafted before the leader's closing task
    expect(beforeClosing.variables.replyRequested).to.equal(true);
    expect(beforeClosing.variables.replyDocumentId).to.equal('tra-loi-den-1');
    const [reply] = workers.jobsOf(key, 'document.reply');
    expect(reply?.elementId).to.equal('start-reply');
    expect(workers.jobsOf(key, 'document.reply')).to.have.length(1);

    // and every unit's report is collected, lead unit first, with its own deadline
    expect(instance.variables.unitReports).to.deep.equal([
      unitReport('phong-kinh-te', true, 'Đề xuất trả lời', true, at(72)),
      unitReport('phong-tai-chinh', false, 'Có ý kiến', false, at(48)),
      unitReport('phong-tu-phap', false, 'Thống nhất', false, at(24)),
    ]);
    expect(instance.variables).not.to.have.property('specialistId');

    // and the route verified, registered, handled in three units and closed
    expect(instance.state).to.equal('COMPLETED');
    const completed = await completedElements(engine, key);
    expect(completed).to.include.members(['verify-signature', 'register-incoming', 'closed']);
    expect(completed).not.to.include('returned');
    expect(countOf(completed, 'handle-and-report')).to.equal(3);
    const [registration] = workers.jobsOf(key, 'document.register');
    expect(registration?.customHeaders.registerKind).to.equal('incoming');
    expect(instance.variables.registerNumber).to.be.a('number');

    // and the tasks carried the computed due dates
    expect(direction.dueDate?.getTime()).to.equal(harness().clock.now().getTime() + 8 * hour);
    expect(handling.dueDate?.getTime()).to.equal(harness().clock.now().getTime() + 72 * hour);
    expect(supporting.dueDate?.getTime()).to.equal(harness().clock.now().getTime() + 48 * hour);
    expect(overridden.dueDate?.getTime()).to.equal(harness().clock.now().getTime() + 24 * hour);
  });

  it('reply proposed by a supporting unit only', async function () {
    // given a document directed to a lead unit and one supporting unit
    const engine = harness().engine;
    const key = await harness().start('incoming-document', { documentId: 'den-2', organisationId });
    await direct(key, 'phong-kinh-te', ['phong-tai-chinh']);
    const supporting = await waitForTask(engine, key, {
      elementId: 'assign-specialist',
      candidateGroup: 'unit-leader:phong-tai-chinh',
    });

    // when only the supporting unit proposes a reply
    await handleInUnit(key, 'phong-kinh-te', { report: 'Đã xử lý', proposeReply: false });
    await handleInUnit(key, 'phong-tai-chinh', { report: 'Nên trả lời', proposeReply: true });
    await waitForTask(engine, key, { elementId: 'close' });

    // then no reply is requested, because only the lead unit decides on a reply
    const instance = await engine.getInstance(key);
    expect(instance.variables.replyRequested).to.equal(false);
    expect(workers.jobsOf(key, 'document.reply')).to.have.length(0);

    // and without a supporting deadline the supporting unit had the lead unit's
    expect(supporting.dueDate?.getTime()).to.equal(harness().clock.now().getTime() + 72 * hour);
    expect(instance.variables).not.to.have.property('unitDueDate');
  });

  it('invalid signature is returned', async function () {
    // given a document whose signature fails verification
    const engine = harness().engine;
    const key = await harness().start('incoming-document', {
      documentId: badlySignedDocumentId,
      organisationId,
    });

    // when the clerk records the return with a reason for the sender
    const returnTask = await completeTask(
      engine,
      key,
      { elementId: 'record-return', candidateGroup: `clerk:${organisationId}` },
      { comment: 'Đề nghị ký lại bằng chứng thư còn hiệu lực' },
    );
    const instance = await waitForEnd(engine, key);

    // then the route ended at "returned" with the reasons and without registering the document
    expect(returnTask.name).to.equal('Văn thư ghi nhận trả lại văn bản');
    expect(instance.state).to.equal('COMPLETED');
    const completed = await completedElements(engine, key);
    expect(completed).to.include.members(['signature-invalid', 'record-return', 'returned']);
    expect(completed).not.to.include('register-incoming');
    expect(completed).not.to.include('direct');
    expect(workers.jobsOf(key, 'document.register')).to.have.length(0);
    expect(instance.variables.signatureReasons).to.deep.equal([invalidReason]);
    expect(instance.variables.returnReason).to.equal('Đề nghị ký lại bằng chứng thư còn hiệu lực');
  });

  it('return without a comment gives the reasons', async function () {
    // given a document whose signature fails verification
    const engine = harness().engine;
    const key = await harness().start('incoming-document', {
      documentId: badlySignedDocumentId,
      organisationId,
    });

    // when the clerk records the return without a comment
    await completeTask(engine, key, { elementId: 'record-return' });
    const instance = await waitForEnd(engine, key);

    // then the verification reasons are the reason given to the sender
    expect(instance.variables.returnReason).to.equal(invalidReason);
  });
});

function unitReport(
  unitId: string,
  lead: boolean,
  report: string,
  proposeReply: boolean,
  dueDate: string,
): Variables {
  return {
    unitId,
    lead,
    dueDate,
    specialistId: `chuyen-vien.${unitId}`,
    proposeReply,
    report,
  };
}
