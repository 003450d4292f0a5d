import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { corpusFiles } from '../support/corpus.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { horizontalOverflow, launchChromium, smallTapTargets, TAP_TARGETS } from './browser.js';
import { fillDraft, TasklistDriver, uploadPdf } from './browser-steps.js';
import { openTaskOf } from './route-setup.js';

const SPECIALIST = 'snv.anhdtn';
const UNIT_LEADER = 'snv.thangnd';
const CLERK = 'snv.maiht';

/** Reads a document through the API as `username`. */
async function documentOf(service: TestService, username: string, documentId: string) {
  const response = await service
    .api()
    .get(`/api/documents/${documentId}`)
    .set('Authorization', await service.bearer(username));
  expect(response.status, response.text).to.equal(200);
  return response.body as {
    document: Record<string, unknown>;
    versions: { version: number; fileId: string }[];
  };
}

describeEachDatabase('document creation in the task list', (database) => {
  let service: TestService;
  let browser: Browser;
  let pdf: Buffer;
  let problems: string[];
  let driver: TasklistDriver;

  before(async function () {
    this.timeout(120_000);
    const normal = corpusFiles(this, 'pdf', '.pdf').find((file) => file.endsWith('normal.pdf'));
    if (!normal) return this.skip();
    pdf = readFileSync(normal);
    service = await startTestService(database());
    browser = await launchChromium();
  });

  beforeEach(() => {
    problems = [];
    driver = new TasklistDriver(service, browser, problems, `${database().kind}-create`);
  });

  afterEach(async () => {
    await driver.closeAll();
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** Opens the drafting page from the inbox button and fills it with the corpus PDF. */
  async function fillDraftPage(page: Page, subject: string): Promise<void> {
    await fillDraft(page, {
      fileName: 'du-thao.pdf',
      pdf,
      typeCode: 'TB',
      subject,
      priority: '1',
      signer: 'Lê Minh Tuấn',
    });
  }

  it('specialist drafts on a phone', async function () {
    this.timeout(120_000);
    const subject = 'Thông báo kế hoạch tập huấn công tác văn thư năm 2027';
    // given a specialist on a 375 px phone with the drafting page open
    const page = await driver.logIn(SPECIALIST, 'phone');
    expect(await page.isVisible('[data-testid="receive-incoming-link"]')).to.equal(false);
    // and the log-out button shares the row of the user name in the top bar
    const name = (await page.locator('[data-testid="user-name"]').boundingBox())!;
    const logOut = (await page.locator('.account > button').boundingBox())!;
    expect(logOut.y).to.be.below(name.y + name.height);
    expect(name.y).to.be.below(logOut.y + logOut.height);
    expect(await page.textContent('[data-testid="new-outgoing-link"]')).to.equal('+ Soạn văn bản');
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    await driver.screenshot(page, 'phone-inbox');
    await fillDraftPage(page, subject);

    // then the form fits the width and every control is big enough to tap
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    const secrecy = await page.$$eval('select[name="secrecy"] option', (options) =>
      options.map((option) => option.getAttribute('value')),
    );
    expect(secrecy, 'levels above the clearance none').to.deep.equal(['none']);
    await driver.screenshot(page, 'phone-form');

    // when the draft is created and submitted
    await page.tap('button[type="submit"]');
    const result = await page.waitForSelector('[data-testid="create-result"]');
    const documentId = (await result.getAttribute('data-document-id'))!;
    expect(await result.textContent()).to.equal('Đã tạo dự thảo và trình lãnh đạo đơn vị.');
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await driver.screenshot(page, 'phone-created');

    // then the document is a draft with the uploaded PDF and the chosen metadata
    const created = await documentOf(service, SPECIALIST, documentId);
    expect(created.document).to.include({
      status: 'draft',
      typeCode: 'TB',
      subject,
      priority: 1,
      secrecy: 'none',
    });
    expect(created.versions).to.have.length(1);

    // and the unit leader finds the review task in the inbox
    const review = await openTaskOf(service, UNIT_LEADER, documentId, 'review-by-unit-leader');
    const leader = await driver.logIn(UNIT_LEADER);
    const card = await leader.waitForSelector(`.task-card[data-task-key="${review.key}"]`);
    expect(await card.textContent()).to.include(subject);
    expect(await leader.isVisible('[data-testid="new-outgoing-link"]')).to.equal(false);
    await driver.screenshot(leader, 'leader-inbox');
    expect(problems).to.deep.equal([]);
  });

  it('draft kept in the drafter list', async function () {
    this.timeout(120_000);
    const subject = 'Báo cáo tình hình thực hiện nhiệm vụ quý IV';
    // given a filled drafting page
    const page = await driver.logIn(SPECIALIST);
    await fillDraftPage(page, subject);

    // when the specialist saves the draft without submitting it
    await page.click('button:has-text("Chỉ lưu dự thảo")');
    const result = await page.waitForSelector('[data-testid="create-result"]');
    const documentId = (await result.getAttribute('data-document-id'))!;

    // then the drafting task waits in the specialist's own list, with the PDF as version 1
    expect(await result.textContent()).to.include('nằm trong danh sách việc của bạn');
    const drafting = await openTaskOf(service, SPECIALIST, documentId, 'draft');
    await page.click('a:has-text("Về danh sách việc")');
    await page.waitForSelector(`.task-card[data-task-key="${drafting.key}"]`);
    expect((await documentOf(service, SPECIALIST, documentId)).versions).to.have.length(1);
    expect(problems).to.deep.equal([]);
  });

  it('shows the service messages for files that are no PDF', async function () {
    this.timeout(120_000);
    // given a drafting page whose file is a plain text file
    const page = await driver.logIn(SPECIALIST);
    await fillDraftPage(page, 'Công văn đề nghị cung cấp số liệu');
    await page.setInputFiles('input[name="file"]', {
      name: 'ghi-chu.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Ghi chú, không phải tệp PDF\n'),
    });
    await page.waitForSelector('[data-testid="upload-state"]:has-text("ghi-chu.txt")');

    // when the draft is submitted
    await page.click('button[type="submit"]');

    // then the service's problem about the draft's file is shown at the file input
    const message = await page.waitForSelector('[data-testid="error-fileId"]');
    const text = (await message.textContent())!;
    expect(text).to.match(/^fileId [0-9a-f]{64} .*PDF/);
    expect(await page.textContent('[data-testid="form-error"]')).to.equal(text);
    expect(await page.isVisible('[data-testid="create-result"]')).to.equal(false);
    await driver.screenshot(page, 'not-pdf');

    // when a text file named and declared as a PDF is chosen instead
    await page.setInputFiles('input[name="file"]', {
      name: 'ghi-chu.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Ghi chú, không phải tệp PDF\n'),
    });

    // then the file store's rejection is shown at the file input
    await page.waitForSelector('[data-testid="error-fileId"]:has-text("%PDF-")');
    expect(await page.isVisible('[data-testid="upload-state"]')).to.equal(false);
    // the browser logs each 400 response as a console error
    expect(problems.filter((problem) => !/status of 400/.test(problem))).to.deep.equal([]);
    expect(problems).to.have.length(2);
  });

  it('requires a signer before sending', async function () {
    this.timeout(60_000);
    // given a drafting page without a signer
    const page = await driver.logIn(SPECIALIST);
    await fillDraftPage(page, 'Giấy mời họp giao ban tháng 12');
    await page.selectOption('select[name="signerId"]', '');

    // when it is submitted
    await page.click('button[type="submit"]');

    // then the signer field says what is missing
    expect(await page.textContent('[data-testid="error-signerId"]')).to.equal('Chọn người ký.');
    expect(problems).to.deep.equal([]);
  });

  it('shows the service message for an incoming number', async function () {
    this.timeout(60_000);
    // given a clerk on the receiving page with a number longer than the metadata standard allows
    const page = await driver.logIn(CLERK);
    await page.click('[data-testid="receive-incoming-link"]');
    await uploadPdf(page, 'cong-van-den.pdf', pdf);
    await page.fill('input[name="organName"]', 'Ủy ban nhân dân huyện Lạc Sơn');
    await page.fill('input[name="codeNumber"]', '123456789012');
    await page.fill('textarea[name="subject"]', 'V/v báo cáo tình hình thực hiện dự toán');
    const secrecy = await page.$$eval('select[name="secrecy"] option', (options) =>
      options.map((option) => option.getAttribute('value')),
    );

    // when it is submitted
    await page.click('button[type="submit"]');

    // then the service's message is shown at the number, and nothing was registered
    const message = await page.waitForSelector('[data-testid="error-codeNumber"]');
    expect(await message.textContent()).to.include('codeNumber');
    expect(await page.isVisible('[data-testid="receive-result"]')).to.equal(false);
    expect(secrecy, 'levels up to the clearance toi_mat').to.deep.equal(['none', 'mat', 'toi-mat']);
    const registered = await service
      .api()
      .get('/api/documents')
      .query({ direction: 'incoming', codeNumber: '123456789012' })
      .set('Authorization', await service.bearer(CLERK));
    expect(registered.status, registered.text).to.equal(200);
    expect(registered.body.items).to.deep.equal([]);
    await driver.screenshot(page, 'incoming-invalid');
    expect(problems.filter((problem) => !/status of 400/.test(problem))).to.deep.equal([]);
  });

  it('warns about an unsigned incoming PDF', async function () {
    this.timeout(60_000);
    // given a clerk on the receiving page
    const page = await driver.logIn(CLERK, 'phone');
    await page.click('[data-testid="receive-incoming-link"]');
    // when a PDF without digital signature is chosen
    await uploadPdf(page, 'cong-van-khong-ky.pdf', pdf);
    // then the page warns before registration that the route will return it
    const check = page.locator('[data-testid="signature-check"][data-state="done"]');
    expect(await check.textContent()).to.equal(
      'Tệp PDF không có chữ ký số. Nếu vào sổ, văn bản sẽ được trả lại nơi gửi thay vì trình lãnh đạo.',
    );
    await driver.screenshot(page, 'incoming-unsigned-warning');
    // and when it is registered anyway
    await page.fill('input[name="organName"]', 'Ủy ban nhân dân huyện Lạc Sơn');
    await page.fill('textarea[name="subject"]', 'V/v báo cáo tình hình thực hiện dự toán quý IV');
    await page.click('button[type="submit"]');
    // then the result reports that it goes back to the sender, as the route then does
    const result = page.locator('[data-testid="receive-result"]');
    expect(await result.getAttribute('data-returned')).to.equal('true');
    expect(await result.textContent()).to.include('được trả lại nơi gửi');
    await driver.screenshot(page, 'incoming-unsigned-received');
    const documentId = (await result.getAttribute('data-document-id'))!;
    const task = await openTaskOf(service, CLERK, documentId, 'record-return');
    expect(task.documentId).to.equal(documentId);
    expect(problems).to.deep.equal([]);
  });

  it('clerk sees only the receive link', async function () {
    this.timeout(60_000);
    // given a clerk in English
    const page = await driver.logIn(CLERK, 'phone');
    await page.selectOption('[data-testid="language"]', 'en');

    // then the inbox offers receiving in English and no drafting
    expect(await page.textContent('[data-testid="receive-incoming-link"]')).to.equal(
      'Receive incoming document',
    );
    expect(await page.isVisible('[data-testid="new-outgoing-link"]')).to.equal(false);
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });
});
