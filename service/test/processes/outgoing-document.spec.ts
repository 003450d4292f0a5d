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

const unitId = 'phong-tong-hop';
const organisationId = 'ubnd-tinh-a';

function routeStart(overrides: Variables = {}): Variables {
  return {
    documentId: 'doc-1',
    drafterId: 'chuyen-vien.an',
    unitId,
    organisationId,
    signerId: 'chu-tich',
    urgency: 1,
    ...overrides,
  };
}

describeEachDatabase('outgoing-document route', (database) => {
  const harness = useHarness(database);
  let workers: TestWorkers;
  /** How many signature.apply jobs still throw SIGNATURE_FAILED before one succeeds. */
  let signatureFailures = 0;

  /** Due dates a few hours after the clock's current time, one per step of the route. */
  function dueDates(): Variables {
    const at = (hours: number) =>
      new Date(harness().clock.now().getTime() + hours * hour).toISOString();
    return {
      draftDueDate: at(8),
      reviewDueDate: at(16),
      consultDueDate: at(24),
      approvalDueDate: at(32),
      signDueDate: at(40),
      issueDueDate: at(48),
    };
  }

  before(async function () {
    await harness().engine.deploy(routeResources());
    let version = 0;
    workers = new TestWorkers(harness().engine, {
      'deadline.compute': async () => dueDates(),
      'document.store': async () => ({ version: ++version }),
      'signature.apply': async (job: Job) => {
        if (signatureFailures > 0) {
          signatureFailures -= 1;
          return jobResult.error('SIGNATURE_FAILED', 'the PDF is encrypted');
        }
        return { signedVersion: 7, signedFileId: `signed-by-${String(job.variables.signerId)}` };
      },
      'signature.apply-organisation': async () => ({ sealedVersion: 8, sealedFileId: 'sealed' }),
      'document.register': async () => ({ registerNumber: 15, notation: '15/UBND-VP' }),
      'document.issue': async () => ({ distribution: [] }),
    });
  });

  afterEach(function () {
    signatureFailures = 0;
  });

  after(async function () {
    await workers.close();
  });

  async function draftAndReview(key: string, fileId: string, decision: Variables): Promise<void> {
    const engine = harness().engine;
    await completeTask(engine, key, { elementId: 'draft', assignee: 'chuyen-vien.an' }, { fileId });
    await completeTask(
      engine,
      key,
      { elementId: 'review-by-unit-leader', candidateGroup: `unit-leader:${unitId}` },
      decision,
    );
  }

  async function approve(key: string, decision: Variables): Promise<void> {
    await completeTask(
      harness().engine,
      key,
      { elementId: 'approve-by-agency-leader', candidateGroup: `agency-leader:${organisationId}` },
      decision,
    );
  }

  async function signAndIssue(key: string, signerId: string): Promise<void> {
    const engine = harness().engine;
    await completeTask(engine, key, { elementId: 'sign', assignee: signerId });
    await completeTask(engine, key, {
      elementId: 'confirm-issue',
      candidateGroup: `clerk:${organisationId}`,
    });
  }

  it('returned twice, then issued', async function () {
    // given a draft that the unit leader returns once and the agency leader returns once
    const engine = harness().engine;
    const key = await harness().start('outgoing-document', routeStart());
    const expectedDue = dueDates();
    const firstDraft = await waitForTask(engine, key, {
      elementId: 'draft',
      candidateGroup: `unit:${unitId}`,
    });
    expect(firstDraft.dueDate?.toISOString()).to.equal(expectedDue.draftDueDate);

    // when the draft goes round the review and approval loops and is then approved and signed
    await draftAndReview(key, 'file-1', { decision: 'return', comment: 'Bổ sung căn cứ' });
    await draftAndReview(key, 'file-2', { decision: 'approve', comment: 'Đạt' });
    await approve(key, { decision: 'return', comment: 'Sửa trích yếu' });
    await draftAndReview(key, 'file-3', { decision: 'approve', comment: 'Đạt' });
    const approval = await waitForTask(engine, key, { elementId: 'approve-by-agency-leader' });
    await approve(key, { decision: 'approve', comment: 'Đồng ý ban hành' });
    await signAndIssue(key, 'chu-tich');
    const instance = await waitForEnd(engine, key);

    // then the route ended at "issued" after three drafts
    expect(instance.state).to.equal('COMPLETED');
    const completed = await completedElements(engine, key);
    expect(completed).to.include('issued');
    expect(completed).not.to.include('rejected');
    expect(countOf(completed, 'draft')).to.equal(3);
    expect(countOf(completed, 'store-draft')).to.equal(3);
    expect(countOf(completed, 'review-by-unit-leader')).to.equal(3);
    expect(countOf(completed, 'approve-by-agency-leader')).to.equal(2);
    expect(completed).not.to.include('consult-unit');

    // and every decision is in reviewHistory in order, with its comment
    const history = instance.variables.reviewHistory as Array<Record<string, unknown>>;
    expect(history.map(({ step, decision, comment }) => ({ step, decision, comment }))).to.deep.equal([
      { step: 'unit-review', decision: 'return', comment: 'Bổ sung căn cứ' },
      { step: 'unit-review', decision: 'approve', comment: 'Đạt' },
      { step: 'agency-approval', decision: 'return', comment: 'Sửa trích yếu' },
      { step: 'unit-review', decision: 'approve', comment: 'Đạt' },
      { step: 'agency-approval', decision: 'approve', comment: 'Đồng ý ban hành' },
      { step: 'signing', decision: 'approve', comment: null },
    ]);

    // and each stored draft was the file the specialist submitted
    const stored = workers.jobsOf(key, 'document.store').map((job) => job.variables.fileId);
    expect(stored).to.deep.equal(['file-1', 'file-2', 'file-3']);

    // and the approval task carried its due date and the priority of a "Khẩn" document
    expect(approval.dueDate?.toISOString()).to.equal(expectedDue.approvalDueDate);
    expect(approval.priority).to.equal(60);

    // and the issue steps ran in order with the outgoing register
    const issueSteps = completed.filter((id) =>
      ['apply-personal-signature', 'apply-organisation-signature', 'register-outgoing', 'issue-document'].includes(id),
    );
    expect(issueSteps).to.deep.equal([
      'apply-personal-signature',
      'apply-organisation-signature',
      'register-outgoing',
      'issue-document',
    ]);
    const [registration] = workers.jobsOf(key, 'document.register');
    expect(registration?.customHeaders.registerKind).to.equal('outgoing');
    expect(registration?.variables.registerKind).to.equal('outgoing');
    expect(instance.variables.notation).to.equal('15/UBND-VP');
    expect(instance.variables.sealedFileId).to.equal('sealed');
  });

  it('rejected by the unit leader', async function () {
    // given a draft submitted for review
    const engine = harness().engine;
    const key = await harness().start('outgoing-document', routeStart());

    // when the unit leader rejects it
    await draftAndReview(key, 'file-1', { decision: 'reject', comment: 'Không thuộc thẩm quyền' });
    const instance = await waitForEnd(engine, key);

    // then the route ended at "rejected" without any approval, signature or issue
    expect(instance.state).to.equal('COMPLETED');
    const completed = await completedElements(engine, key);
    expect(completed).to.include('rejected');
    expect(completed).not.to.include('issued');
    expect(completed).not.to.include('approve-by-agency-leader');
    expect(workers.jobsOf(key, 'signature.apply')).to.have.length(0);
    expect(workers.jobsOf(key, 'document.issue')).to.have.length(0);
    expect(instance.variables.decision).to.equal('reject');
    expect(instance.variables.reviewHistory).to.have.length(1);
  });

  it('deputy signs on behalf (KT)', async function () {
    // given a document whose leader delegated the signature to a deputy
    const engine = harness().engine;
    const key = await harness().start(
      'outgoing-document',
      routeStart({ signerId: 'pho-chu-tich', delegationForm: 'KT', onBehalfOf: 'Chủ tịch' }),
    );

    // when it is approved and the deputy signs
    await draftAndReview(key, 'file-1', { decision: 'approve', comment: 'Đạt' });
    await approve(key, { decision: 'approve', comment: 'Đồng ý' });
    const signing = await waitForTask(engine, key, { elementId: 'sign' });
    await signAndIssue(key, 'pho-chu-tich');
    const instance = await waitForEnd(engine, key);

    // then the signing task was the deputy's and signature.apply saw the delegation form
    expect(signing.assignee).to.equal('pho-chu-tich');
    const [signature] = workers.jobsOf(key, 'signature.apply');
    expect(signature?.variables.signerId).to.equal('pho-chu-tich');
    expect(signature?.variables.delegationForm).to.equal('KT');
    expect(signature?.variables.signingCapacity).to.equal('KT');
    expect(signature?.variables.onBehalfOf).to.equal('Chủ tịch');

    // and the document was issued with the deputy's signature
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signedFileId).to.equal('signed-by-pho-chu-tich');
    expect(await completedElements(engine, key)).to.include('issued');
  });

  it('signer returns the draft', async function () {
    // given a draft approved by both leaders
    const engine = harness().engine;
    const key = await harness().start('outgoing-document', routeStart());
    await draftAndReview(key, 'file-1', { decision: 'approve', comment: 'Đạt' });
    await approve(key, { decision: 'approve', comment: 'Đồng ý' });

    // when the signer returns it with a comment, and signs the revised draft
    await completeTask(
      engine,
      key,
      { elementId: 'sign', assignee: 'chu-tich' },
      { decision: 'return', comment: 'Sửa căn cứ pháp lý' },
    );
    await draftAndReview(key, 'file-2', { decision: 'approve', comment: 'Đạt' });
    await approve(key, { decision: 'approve', comment: 'Đồng ý' });
    await signAndIssue(key, 'chu-tich');
    const instance = await waitForEnd(engine, key);

    // then the draft went round once more and was signed once
    const completed = await completedElements(engine, key);
    expect(countOf(completed, 'draft')).to.equal(2);
    expect(countOf(completed, 'sign')).to.equal(2);
    expect(workers.jobsOf(key, 'signature.apply')).to.have.length(1);
    expect(instance.state).to.equal('COMPLETED');
    expect(completed).to.include('issued');

    // and the signer's decisions are in reviewHistory
    const history = instance.variables.reviewHistory as Array<Record<string, unknown>>;
    const signing = history.filter((entry) => entry.step === 'signing');
    expect(signing.map(({ decision, comment }) => ({ decision, comment }))).to.deep.equal([
      { decision: 'return', comment: 'Sửa căn cứ pháp lý' },
      { decision: 'approve', comment: null },
    ]);
  });

  it('failed signature returns to the signer', async function () {
    // given a signature service that fails once with SIGNATURE_FAILED
    const engine = harness().engine;
    signatureFailures = 1;
    const key = await harness().start('outgoing-document', routeStart());
    await draftAndReview(key, 'file-1', { decision: 'approve', comment: 'Đạt' });
    await approve(key, { decision: 'approve', comment: 'Đồng ý' });

    // when the leader signs, the signature fails, and the leader signs again
    await completeTask(engine, key, { elementId: 'sign', assignee: 'chu-tich' });
    await signAndIssue(key, 'chu-tich');
    const instance = await waitForEnd(engine, key);

    // then the error boundary led back to the signing task once
    const completed = await completedElements(engine, key);
    expect(countOf(completed, 'signature-failed')).to.equal(1);
    expect(countOf(completed, 'sign')).to.equal(2);
    expect(workers.jobsOf(key, 'signature.apply')).to.have.length(2);
    expect(instance.state).to.equal('COMPLETED');
    expect(completed).to.include('issued');
  });

  it('three units consulted in parallel', async function () {
    // given a draft on which three other units must give an opinion
    const engine = harness().engine;
    const consultUnitIds = ['phong-tai-chinh', 'phong-phap-che', 'phong-noi-vu'];
    const key = await harness().start('outgoing-document', routeStart({ consultUnitIds }));
    const expectedDue = dueDates();
    await draftAndReview(key, 'file-1', { decision: 'approve', comment: 'Đạt' });

    // when each unit gives its opinion, the last one first
    const tasks = [];
    for (const consulted of [...consultUnitIds].reverse()) {
      const task = await waitForTask(engine, key, {
        elementId: 'consult-unit',
        candidateGroup: `unit-leader:${consulted}`,
      });
      tasks.push(task);
      await engine.completeUserTask(task.key, { opinion: `Ý kiến của ${consulted}` });
    }
    await approve(key, { decision: 'approve', comment: 'Đồng ý' });
    await signAndIssue(key, 'chu-tich');
    const instance = await waitForEnd(engine, key);

    // then each consultation task had the consultation due date
    for (const task of tasks) {
      expect(task.dueDate?.toISOString()).to.equal(expectedDue.consultDueDate);
    }

    // and the opinions are collected in the order of consultUnitIds
    expect(instance.variables.consultOpinions).to.deep.equal(
      consultUnitIds.map((consulted) => ({ unitId: consulted, opinion: `Ý kiến của ${consulted}` })),
    );
    expect(instance.variables).not.to.have.property('opinion');
    expect(countOf(await completedElements(engine, key), 'consult-unit')).to.equal(3);
    expect(instance.state).to.equal('COMPLETED');
  });
});
