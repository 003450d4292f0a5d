import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { RouteClient } from '../routes/route-client.js';
import { corpusPdf, decide, latestFile, signAndIssue, SNV, snv } from '../routes/route-steps.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { horizontalOverflow, launchChromium, smallTapTargets, TAP_TARGETS } from './browser.js';
import { fillDraft, localDateTimeIn, TasklistDriver, uploadPdf } from './browser-steps.js';

/** The signer chosen on the drafting page: a deputy director who delegated nothing. */
const SIGNER = { username: snv.otherDeputy, fullName: 'Lê Minh Tuấn' };
/** Sở Tài chính users of the incoming route. */
const stc = {
  clerk: 'stc.nhungtt',
  director: 'stc.sonhv',
  unitLeader: 'stc.binhkv',
  specialist: { username: 'stc.longhn', fullName: 'Hồ Ngọc Long' },
} as const;

/**
 * Issues a Quyết định of SNV through the task API, addressed to an agency outside docroute, and
 * returns its signed and sealed PDF with its number: a real signed document for STC to receive.
 */
async function issuedElsewhere(client: RouteClient, pdf: Buffer) {
  const fileId = await client.uploadPdf(snv.drafter, pdf, 'du-thao.pdf');
  const documentId = await client.createDraft(snv.drafter, {
    organId: SNV,
    typeCode: 'QĐ',
    subject: 'Quyết định về việc phân bổ chỉ tiêu biên chế năm 2027',
    recipients: [{ organName: 'Sở Tài chính tỉnh Hòa Bình' }],
    fileId,
  });
  const signer = await client.user(SIGNER.username);
  const key = await client.startRoute(snv.drafter, 'outgoing', { documentId, signerId: signer.id });
  await client.complete(
    snv.drafter,
    { processInstanceKey: key, elementId: 'draft' },
    { variables: { fileId } },
  );
  await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'approve');
  await decide(client, snv.director, key, 'approve-by-agency-leader', 'approve');
  await signAndIssue(client, key, SIGNER.username);
  return latestFile(client, snv.clerk, documentId);
}

describeEachDatabase('whole routes in the task list', (database) => {
  let service: TestService;
  let client: RouteClient;
  let browser: Browser;
  let pdf: Buffer;
  let problems: string[];
  let driver: TasklistDriver;

  before(async function () {
    this.timeout(120_000);
    pdf = corpusPdf(this);
    service = await startTestService(database());
    client = new RouteClient(service);
    browser = await launchChromium();
  });

  beforeEach(() => {
    problems = [];
    driver = new TasklistDriver(service, browser, problems, `${database().kind}-route`);
  });

  afterEach(async () => {
    await driver.closeAll();
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** Drafts and submits an outgoing document on the page as the specialist and returns its id. */
  async function draftInBrowser(subject: string): Promise<string> {
    const page = await driver.logIn(snv.drafter);
    await fillDraft(page, {
      fileName: 'quyet-dinh.pdf',
      pdf,
      typeCode: 'QĐ',
      subject,
      priority: '2',
      signer: SIGNER.fullName,
    });
    await driver.screenshot(page, 'outgoing-form');
    await page.click('button[type="submit"]');
    const result = await page.waitForSelector('[data-testid="create-result"]');
    const documentId = (await result.getAttribute('data-document-id'))!;
    await driver.closeAll();
    return documentId;
  }

  it('outgoing document from draft to issued', async function () {
    this.timeout(240_000);
    const subject = 'Quyết định về việc cử công chức tham gia lớp bồi dưỡng năm 2027';
    // given a draft that the specialist created and submitted on the page
    const documentId = await draftInBrowser(subject);

    // when the unit leader and the director approve, the signer signs and the clerk confirms,
    // each on their own task page
    await driver.completeTask(snv.unitLeader, documentId, 'review-by-unit-leader', 'approve');
    await driver.completeTask(snv.director, documentId, 'approve-by-agency-leader', 'approve');
    await driver.completeTask(SIGNER.username, documentId, 'sign', 'approve');
    const confirmKey = await driver.completeTask(snv.clerk, documentId, 'confirm-issue', '');

    // then the route ends and the document is issued with a number from the outgoing register
    const confirm = await client.send(snv.clerk, 'get', `/api/tasks/${confirmKey}`, undefined, 200);
    const instance = await client.waitForEnd(confirm.body.processInstanceKey as string);
    expect(instance.state).to.equal('COMPLETED');
    const issued = await latestFile(client, snv.clerk, documentId);
    expect(issued.document).to.include({ status: 'issued', subject, codeNotation: 'QĐ-SNV' });
    expect(issued.document.codeNumber).to.match(/^\d{2,}$/);
    expect(issued.document.registerNumber).to.be.a('number');
    expect(instance.variables.notation).to.equal(
      `${issued.document.codeNumber}/${issued.document.codeNotation}`,
    );
    // and the issued file carries the signer's and the agency's signatures
    const verified = await service
      .api()
      .post('/api/signatures/verify')
      .set('Authorization', await client.bearer(snv.clerk))
      .attach('file', issued.content, { filename: 'issued.pdf', contentType: 'application/pdf' });
    expect(verified.status, verified.text).to.equal(200);
    const signers = (verified.body.signatures as { signerCommonName: string }[]).map(
      (signature) => signature.signerCommonName,
    );
    expect(signers).to.deep.equal([SIGNER.fullName, 'Sở Nội vụ tỉnh Hòa Bình']);
    expect(verified.body.valid).to.equal(true);
    expect(problems).to.deep.equal([]);
  });

  it('incoming document from receipt to closing', async function () {
    this.timeout(300_000);
    // given a signed decision of SNV that reached STC outside docroute
    const received = await issuedElsewhere(client, pdf);
    const subject = 'Quyết định về việc phân bổ chỉ tiêu biên chế năm 2027';

    // when the STC clerk receives it on the page
    const page = await driver.logIn(stc.clerk, 'phone');
    await page.click('[data-testid="receive-incoming-link"]');
    await fillIncoming(page, received, subject);
    const check = page.locator('[data-testid="signature-check"][data-state="done"]');
    expect(await check.textContent()).to.equal(
      'Tệp PDF có 2 chữ ký số hợp lệ. Sau khi vào sổ, văn bản được trình lãnh đạo.',
    );
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    await driver.screenshot(page, 'incoming-form');
    await page.tap('button[type="submit"]');
    const result = await page.waitForSelector('[data-testid="receive-result"]');
    const documentId = (await result.getAttribute('data-document-id'))!;
    expect(await result.textContent()).to.match(/^Đã vào sổ văn bản đến, số đến \d+\./);
    expect(await result.getAttribute('data-returned')).to.equal('false');
    await driver.screenshot(page, 'incoming-received');
    await driver.closeAll();

    // and the director directs it to QLNS, whose leader assigns a specialist, who reports
    await driver.completeTask(stc.director, documentId, 'direct', '', async (task) => {
      await task.selectOption('select[name="leadUnitId"]', { label: 'Phòng Quản lý ngân sách' });
      await task.fill('input[name="handlingDueDate"]', localDateTimeIn(10));
    });
    await driver.completeTask(stc.unitLeader, documentId, 'assign-specialist', '', (task) =>
      task.selectOption('select[name="specialistId"]', { label: stc.specialist.fullName }),
    );
    await driver.completeTask(
      stc.specialist.username,
      documentId,
      'handle-and-report',
      '',
      (task) =>
        task.fill('textarea[name="report"]', 'Đã rà soát, đề nghị giao Phòng QLNS theo dõi'),
    );
    // and the director closes it
    const closeKey = await driver.completeTask(stc.director, documentId, 'close', '');

    // then the route ended after a valid signature check, with the registered document and report
    const close = await client.send(stc.director, 'get', `/api/tasks/${closeKey}`, undefined, 200);
    const instance = await client.waitForEnd(close.body.processInstanceKey as string);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signaturesValid).to.equal(true);
    const reports = instance.variables.unitReports as { report: string; lead: boolean }[];
    expect(reports.map((report) => [report.lead, report.report])).to.deep.equal([
      [true, 'Đã rà soát, đề nghị giao Phòng QLNS theo dõi'],
    ]);
    const document = await client.send(
      stc.clerk,
      'get',
      `/api/documents/${documentId}`,
      undefined,
      200,
    );
    expect(document.body.document).to.include({
      status: 'registered',
      direction: 'incoming',
      subject,
      codeNumber: received.document.codeNumber,
      codeNotation: 'QĐ-SNV',
      issuingOrganId: SNV,
      priority: 1,
    });
    expect(problems).to.deep.equal([]);
  });
});

/** Fills the receiving page with the signed PDF and the metadata printed on it. */
async function fillIncoming(
  page: Page,
  received: { content: Buffer; document: Record<string, unknown> },
  subject: string,
): Promise<void> {
  await uploadPdf(page, 'van-ban-den.pdf', received.content);
  await page.fill('input[name="organName"]', 'Sở Nội vụ tỉnh Hòa Bình');
  await page.fill('input[name="codeNumber"]', String(received.document.codeNumber));
  await page.fill('input[name="codeNotation"]', String(received.document.codeNotation));
  await page.fill('input[name="issuedDate"]', String(received.document.issuedDate));
  await page.selectOption('select[name="typeCode"]', 'QĐ');
  await page.fill('textarea[name="subject"]', subject);
  await page.selectOption('select[name="priority"]', '1');
}
