import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { createNssDatabase, hasPdfsig, runPdfsig } from '../signing/pdfsig.js';
import { signatureAppearanceTexts } from './appearance-text.js';
import { RouteClient } from './route-client.js';
import {
  approveDraft,
  corpusPdf,
  decide,
  latestFile,
  revisedPdf,
  signAndIssue,
  snv,
  SNV,
  startOutgoing,
  submitDraft,
} from './route-steps.js';

/** The outgoing-document route driven through the task API by the seeded users of SNV. */
describeEachDatabase('outgoing route over HTTP', (database) => {
  let service: TestService;
  let client: RouteClient;
  let pdf: Buffer;

  before(async function () {
    this.timeout(180_000);
    pdf = corpusPdf(this);
    service = await startTestService(database());
    client = new RouteClient(service);
  });

  after(async () => {
    await service?.stop();
  });

  it('returned for revision twice', async function () {
    this.timeout(180_000);
    // given a draft that a deputy director without a delegation will sign
    const started = await startOutgoing(client, {
      subject: 'Quyết định về việc điều động công chức',
      pdf,
      signer: snv.otherDeputy,
    });
    const key = started.processInstanceKey;

    // when the unit leader returns the first draft and the director returns the second
    await submitDraft(client, key, started.fileId);
    await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'return', 'Bổ sung căn cứ');
    const second = await client.uploadPdf(snv.drafter, await revisedPdf(pdf, 'Lần 2'), 'v2.pdf');
    await submitDraft(client, key, second, 'Đã bổ sung căn cứ');
    await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'approve', 'Đạt');
    await decide(client, snv.director, key, 'approve-by-agency-leader', 'return', 'Sửa trích yếu');
    const third = await client.uploadPdf(snv.drafter, await revisedPdf(pdf, 'Lần 3'), 'v3.pdf');
    const thirdDraft = await client.waitForTask(snv.drafter, {
      processInstanceKey: key,
      elementId: 'draft',
    });
    const detail = await client.send(
      snv.drafter,
      'get',
      `/api/tasks/${thirdDraft.key}`,
      undefined,
      200,
    );
    await approveDraft(client, key, third, 'Đã sửa trích yếu');
    const instance = await signAndIssue(client, key, snv.otherDeputy);

    // then the third drafting task showed both earlier return comments
    const comments = (detail.body.comments as Array<{ comment: string | null }>).map(
      (entry) => entry.comment,
    );
    expect(comments).to.include('Bổ sung căn cứ');
    expect(comments).to.include('Sửa trích yếu');

    // and reviewHistory keeps every decision in order
    const history = instance.variables.reviewHistory as Array<Record<string, unknown>>;
    expect(history.map(({ step, decision }) => `${step}:${decision}`)).to.deep.equal([
      'unit-review:return',
      'unit-review:approve',
      'agency-approval:return',
      'unit-review:approve',
      'agency-approval:approve',
      'signing:approve',
    ]);

    // and the document kept three drafts and two signed versions, and was issued
    const versions = await client.send(
      snv.drafter,
      'get',
      `/api/documents/${started.documentId}/versions`,
      undefined,
      200,
    );
    expect((versions.body as unknown[]).length).to.equal(5);
    const { document, content } = await latestFile(client, snv.clerk, started.documentId);
    expect(document.status).to.equal('issued');
    expect(document.codeNotation).to.equal('QĐ-SNV');
    expect(instance.variables.notation).to.equal(`${String(document.codeNumber)}/QĐ-SNV`);

    // and the deputy signed in their own name, without "KT."
    const [personal] = await signatureAppearanceTexts(content);
    expect(personal).to.include('Ký bởi: Lê Minh Tuấn');
    expect(personal).to.include('Chức vụ: Phó Giám đốc');
  });

  it('rejected by the director', async function () {
    this.timeout(180_000);
    // given a draft approved by the unit leader
    const started = await startOutgoing(client, {
      subject: 'Quyết định về việc cử công chức đi học',
      pdf,
      signer: snv.director,
    });
    const key = started.processInstanceKey;
    await submitDraft(client, key, started.fileId);
    await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'approve', 'Đạt');

    // when the director rejects it
    await decide(
      client,
      snv.director,
      key,
      'approve-by-agency-leader',
      'reject',
      'Không cần thiết',
    );
    const instance = await client.waitForEnd(key);

    // then the route ended without a signature and the document stays an unsigned draft
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.decision).to.equal('reject');
    expect(instance.variables).not.to.have.property('signedFileId');
    const { version, document } = await latestFile(client, snv.drafter, started.documentId);
    expect(version).to.equal(1);
    expect(document.status).to.equal('draft');
    const history = await service.service.engine.getInstanceHistory(key);
    const reached = history.map((entry) => entry.elementId);
    expect(reached).to.include('rejected');
    expect(reached).not.to.include('sign');
  });

  it('signer returns the draft', async function () {
    this.timeout(180_000);
    // given a draft approved by both leaders, for the deputy without a delegation to sign
    const started = await startOutgoing(client, {
      subject: 'Quyết định về việc thành lập tổ công tác',
      pdf,
      signer: snv.otherDeputy,
    });
    const key = started.processInstanceKey;
    await approveDraft(client, key, started.fileId);

    // when the signer returns it without a comment, then with one
    const signing = await client.waitForTask(snv.otherDeputy, {
      processInstanceKey: key,
      elementId: 'sign',
    });
    const bare = await client.send(
      snv.otherDeputy,
      'post',
      `/api/tasks/${signing.key}/completion`,
      {
        decision: 'return',
      },
    );
    await decide(client, snv.otherDeputy, key, 'sign', 'return', 'Ghi rõ thành phần tổ công tác');

    // then a return without a comment is rejected, and the draft goes back to the drafter
    expect(bare.status).to.equal(400);
    const redraft = await client.waitForTask(snv.drafter, {
      processInstanceKey: key,
      elementId: 'draft',
    });
    expect(redraft.documentId).to.equal(started.documentId);
    const { version } = await latestFile(client, snv.drafter, started.documentId);
    expect(version).to.equal(1);

    // and the revised draft goes through review and approval again before it is signed
    const revised = await client.uploadPdf(snv.drafter, await revisedPdf(pdf, 'Lần 2'), 'v2.pdf');
    await approveDraft(client, key, revised, 'Đã ghi rõ thành phần');
    const instance = await signAndIssue(client, key, snv.otherDeputy);
    const history = instance.variables.reviewHistory as Array<Record<string, unknown>>;
    const signingSteps = history.filter((entry) => entry.step === 'signing');
    expect(signingSteps.map((entry) => entry.decision)).to.deep.equal(['return', 'approve']);
    expect(signingSteps[0]?.comment).to.equal('Ghi rõ thành phần tổ công tác');
  });

  it('deputy signs on behalf (KT)', async function () {
    this.timeout(180_000);
    // given the seeded KT delegation from the director to a deputy, and a draft for the director
    const deputy = await client.user(snv.deputy);
    const started = await startOutgoing(client, {
      subject: 'Quyết định về việc khen thưởng công chức',
      pdf,
      signer: snv.director,
    });
    const key = started.processInstanceKey;
    await approveDraft(client, key, started.fileId);

    // when the deputy signs and the clerk issues
    const signing = await client.waitForTask(snv.deputy, {
      processInstanceKey: key,
      elementId: 'sign',
    });
    const directorsTasks = await client.openTasks(snv.director);
    await signAndIssue(client, key, snv.deputy);

    // then the signing task went to the deputy, and the director never held it
    expect(signing.assignee?.id).to.equal(deputy.id);
    expect(directorsTasks.filter((task) => task.processInstanceKey === key)).to.deep.equal([]);

    // and the signed PDF shows the deputy signing "KT." for the director, then the agency's seal
    const { content } = await latestFile(client, snv.clerk, started.documentId);
    const [personal, organisation] = await signatureAppearanceTexts(content);
    expect(personal).to.include('Ký bởi: Trần Thị Thu Hà');
    const position = personal?.find((line) => line.startsWith('Chức vụ: '));
    expect(position).to.match(/^Chức vụ: KT\. Giám đốc/);
    expect(position).to.include('Phó Giám đốc');
    expect(organisation).to.include('Ký bởi: Sở Nội vụ tỉnh Hòa Bình');
  });

  it('three units consulted', async function () {
    this.timeout(180_000);
    // given a new inspection unit with its own leader, beside the VP and CCVC units
    const leadership = await client.unit(SNV, 'BGĐ');
    const { unit: inspection } = await client.createUnitWithLeader(
      snv.administrator,
      { organId: SNV, code: 'TTRA', name: 'Thanh tra Sở', parentUnitId: leadership.id },
      { username: 'snv.thanhtra', fullName: 'Nông Văn Thanh', password: 'thanh-tra-2026!' },
    );
    const consulted = [
      { unit: await client.unit(SNV, 'VP'), leader: 'snv.lanpt' },
      { unit: await client.unit(SNV, 'CCVC'), leader: 'snv.phuongdt' },
      { unit: inspection, leader: 'snv.thanhtra' },
    ];

    // when a draft is sent to all three for their opinion, and each gives one
    const started = await startOutgoing(client, {
      subject: 'Quyết định ban hành quy chế làm việc',
      pdf,
      signer: snv.director,
      consultUnitIds: consulted.map(({ unit }) => unit.id),
    });
    const key = started.processInstanceKey;
    await submitDraft(client, key, started.fileId);
    await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'approve', 'Đạt');
    const tasks = [];
    for (const { unit, leader } of [...consulted].reverse()) {
      tasks.push(
        await client.complete(
          leader,
          {
            processInstanceKey: key,
            elementId: 'consult-unit',
            candidateGroup: `unit-leader:${unit.id}`,
          },
          { variables: { opinion: `Thống nhất (${unit.code})` } },
        ),
      );
    }
    await decide(client, snv.director, key, 'approve-by-agency-leader', 'approve', 'Đồng ý');
    const instance = await signAndIssue(client, key, snv.deputy);

    // then each consultation had a deadline and the opinions are in the order of the units
    for (const task of tasks) expect(task.dueAt, `due date of ${task.key}`).to.be.a('string');
    expect(instance.variables.consultOpinions).to.deep.equal(
      consulted.map(({ unit }) => ({ unitId: unit.id, opinion: `Thống nhất (${unit.code})` })),
    );

    // and a unit leader who was not consulted never saw a consultation task
    const outsider = await client.openTasks(snv.unitLeader);
    expect(outsider.filter((task) => task.elementId === 'consult-unit')).to.deep.equal([]);
  });

  it('signed PDF passes pdfsig', async function () {
    this.timeout(180_000);
    if (!hasPdfsig()) {
      console.warn(
        'Skipping: pdfsig (poppler-utils) or certutil (libnss3-tools) is not installed.',
      );
      this.skip();
    }
    // given a document taken through the whole route by the seeded users
    const started = await startOutgoing(client, {
      subject: 'Quyết định về việc nâng bậc lương',
      pdf,
      signer: snv.director,
    });
    const key = started.processInstanceKey;
    await approveDraft(client, key, started.fileId);
    await signAndIssue(client, key, snv.deputy);

    // when poppler's pdfsig checks the issued PDF against the development CA
    const { content } = await latestFile(client, snv.clerk, started.documentId);
    const ca = JSON.parse(
      readFileSync(join(service.dataDir, 'keys', 'development-ca.json'), 'utf8'),
    ) as { certificatePem: string };
    const output = runPdfsig(content, createNssDatabase(ca.certificatePem));

    // then both signatures, the deputy's for the director and the agency's, are valid and trusted
    expect(output).to.include('Signer Certificate Common Name: Trần Thị Thu Hà');
    expect(output).to.include('Signer Certificate Common Name: Sở Nội vụ tỉnh Hòa Bình');
    expect(output.match(/Signature Validation: Signature is Valid\./g)).to.have.length(2);
    expect(output.match(/Certificate Validation: Certificate is Trusted\./g)).to.have.length(2);
    expect(output).not.to.include('Signature Validation: Signature is Invalid');
  });
});
