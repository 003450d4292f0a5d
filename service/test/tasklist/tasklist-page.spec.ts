import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { corpusFiles } from '../support/corpus.js';
import { describeEachDatabase } from '../support/databases.js';
import { demoPassword, startTestService, type TestService } from '../support/service.js';
import {
  artifactsDir,
  horizontalOverflow,
  inkedPixels,
  launchChromium,
  logIn,
  openTasklist,
  placement,
  sessionItem,
  sessionSize,
  smallTapTargets,
  TAP_TARGETS,
} from './browser.js';
import { draftAwaitingReview, openTaskOf, userId } from './route-setup.js';

const LEADER = 'snv.thangnd';

describeEachDatabase('task list in the browser', (database) => {
  let service: TestService;
  let browser: Browser;
  let pdf: string;
  let problems: string[];
  const pages: Page[] = [];

  before(async function () {
    this.timeout(120_000);
    pdf = corpusFiles(this, 'pdf', '.pdf').find((file) => file.endsWith('normal.pdf'))!;
    service = await startTestService(database());
    browser = await launchChromium();
  });

  beforeEach(() => {
    problems = [];
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close();
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function open(size: 'desktop' | 'phone'): Promise<Page> {
    const page = await openTasklist(browser, service.url, size, problems);
    pages.push(page);
    return page;
  }

  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(artifactsDir, `${database().kind}-${name}.png`), fullPage: true });

  async function openReviewTask(page: Page, taskKey: string): Promise<void> {
    await page.waitForSelector(`.task-card[data-task-key="${taskKey}"]`);
    await page.click(`.task-card[data-task-key="${taskKey}"] a`);
    await page.waitForSelector('[data-testid="pdf-canvas"][data-rendered-page="1"]');
  }

  it('approves a task at desktop width', async function () {
    this.timeout(90_000);
    // given a draft waiting for the unit leader's review
    const { documentId, reviewTaskKey } = await draftAwaitingReview(
      service,
      pdf,
      'Thông báo lịch trực cơ quan dịp Tết',
    );

    // when the leader logs in and opens the task from the inbox
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await page.waitForSelector(`.task-card[data-task-key="${reviewTaskKey}"]`);
    await screenshot(page, 'desktop-inbox');
    // and a leader who is no administrator has no outbox link
    expect(await page.isVisible('a[href="#/outbox"]')).to.equal(false);
    await openReviewTask(page, reviewTaskKey);

    // then the PDF is drawn on the canvas and the badges and metadata show
    expect(await inkedPixels(page)).to.be.greaterThan(500);
    expect(await page.textContent('[data-testid="urgency-badge"]')).to.equal('Thượng khẩn');
    expect(await page.textContent('[data-testid="document-metadata"]')).to.include('Thông báo');
    await screenshot(page, 'desktop-task');

    // when the leader approves
    await page.click('.action-bar [data-decision="approve"]');

    // then the timeline shows the approval and the agency leader's open step
    await page.waitForSelector(
      `.timeline .step[data-task-key="${reviewTaskKey}"][data-decision="approve"]`,
    );
    await page.waitForSelector('.timeline .step-open');
    expect(await page.textContent('[data-testid="action-feedback"]')).to.equal('Đã gửi: Duyệt.');
    expect(await page.textContent('.timeline .step-open')).to.include('Lãnh đạo cơ quan phê duyệt');
    await screenshot(page, 'desktop-approved');
    // and the service has the review completed and the next step open
    const next = await openTaskOf(service, 'snv.hungnv', documentId, 'approve-by-agency-leader');
    expect(next.documentId).to.equal(documentId);
    expect(problems).to.deep.equal([]);
  });

  it('approves a task on a 375 px phone', async function () {
    this.timeout(90_000);
    // given a draft waiting for review, opened on a phone
    const { reviewTaskKey } = await draftAwaitingReview(
      service,
      pdf,
      'Kế hoạch tổ chức hội nghị cán bộ, công chức, viên chức năm 2027 của Sở Nội vụ',
    );
    const page = await open('phone');
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await logIn(page, LEADER, demoPassword(LEADER));
    await page.waitForSelector(`.task-card[data-task-key="${reviewTaskKey}"]`);

    // then the inbox fits the width and every control is big enough to tap
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    await screenshot(page, 'phone-inbox');

    // when the task is opened
    await openReviewTask(page, reviewTaskKey);

    // then the PDF fits the width, the page does not scroll sideways, and the bar stays fixed
    expect(await inkedPixels(page)).to.be.greaterThan(500);
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await smallTapTargets(page, TAP_TARGETS)).to.deep.equal([]);
    const bar = await placement(page, '[data-testid="action-bar"]');
    expect(bar.position).to.equal('fixed');
    expect(bar.bottom).to.equal(740);
    await screenshot(page, 'phone-task');

    // when the leader taps approve once
    await page.tap('.action-bar [data-decision="approve"]');

    // then the step is approved on the timeline
    await page.waitForSelector(
      `.timeline .step[data-task-key="${reviewTaskKey}"][data-decision="approve"]`,
    );
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await screenshot(page, 'phone-approved');
    expect(problems).to.deep.equal([]);
  });

  it('requires a comment to return', async function () {
    this.timeout(90_000);
    // given a draft waiting for review, opened by the leader
    const { documentId, reviewTaskKey } = await draftAwaitingReview(
      service,
      pdf,
      'Báo cáo kết quả thi đua khen thưởng',
    );
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await openReviewTask(page, reviewTaskKey);

    // when return is pressed without a comment
    await page.click('.action-bar [data-decision="return"]');

    // then the page shows that a comment is required and the task stays open
    expect(await page.textContent('[data-testid="action-feedback"]')).to.equal(
      'Cần nhập ý kiến để Trả lại.',
    );
    const reviewing = await service
      .api()
      .get(`/api/tasks/${reviewTaskKey}`)
      .set('Authorization', await service.bearer(LEADER));
    expect(reviewing.body.state).to.equal('open');

    // when a comment is given and return is pressed again
    await page.fill('#task-comment', 'Bổ sung số liệu quý IV');
    await page.click('.action-bar [data-decision="return"]');

    // then the timeline shows the return with its comment, and the drafter has the draft again
    await page.waitForSelector(
      `.timeline .step[data-task-key="${reviewTaskKey}"][data-decision="return"]`,
    );
    expect(await page.textContent(`.timeline .step[data-task-key="${reviewTaskKey}"]`)).to.include(
      'Bổ sung số liệu quý IV',
    );
    const redraft = await openTaskOf(service, 'snv.anhdtn', documentId, 'draft');
    expect(redraft.key).to.not.equal(reviewTaskKey);
    expect(problems).to.deep.equal([]);
  });

  it('filters the inbox by subject and overdue', async function () {
    this.timeout(90_000);
    // given two drafts waiting for the leader's review
    const matching = await draftAwaitingReview(service, pdf, 'Quyết định điều động công chức');
    const other = await draftAwaitingReview(service, pdf, 'Công văn góp ý dự thảo quy chế');
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await page.waitForSelector(`.task-card[data-task-key="${other.reviewTaskKey}"]`);

    // when the subject is searched for without diacritics
    await page.fill('input[name="text"]', 'dieu dong');
    await page.click('.search-row button[type="submit"]');
    await page.waitForSelector(`.task-card[data-task-key="${other.reviewTaskKey}"]`, {
      state: 'detached',
    });

    // then only the matching task is listed
    const keys = await page.$$eval('.task-card', (cards) =>
      cards.map((card) => card.getAttribute('data-task-key')),
    );
    expect(keys).to.deep.equal([matching.reviewTaskKey]);

    // when only overdue tasks are asked for, although none is overdue
    await page.check('input[name="overdue"]');
    await page.waitForSelector('.task-card', { state: 'detached' });

    // then the list is empty and shows the empty message
    expect(await page.textContent('.inbox .status')).to.equal('Không có việc nào.');
    expect(problems).to.deep.equal([]);
  });

  it('delegates a task and takes it back', async function () {
    this.timeout(90_000);
    // given a review task opened by the leader
    const { reviewTaskKey } = await draftAwaitingReview(service, pdf, 'Tờ trình nâng bậc lương');
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await openReviewTask(page, reviewTaskKey);
    const deputy = await userId(service, 'snv.phuongdt');

    // when the leader delegates it with a comment
    await page.click('.secondary-actions button:has-text("Ủy quyền")');
    await page.selectOption('[data-testid="delegate-panel"] select[name="toUserId"]', deputy);
    await page.fill('[data-testid="delegate-panel"] textarea', 'Nhờ chị xem giúp');
    await page.click('[data-testid="delegate-panel"] button[type="submit"]');

    // then the task belongs to the delegate and the leader can take it back
    await page.waitForSelector('.secondary-actions button:has-text("Lấy lại")');
    const leader = await service.bearer(LEADER);
    const delegated = await service
      .api()
      .get(`/api/tasks/${reviewTaskKey}`)
      .set('Authorization', leader);
    expect(delegated.body.assignee.id).to.equal(deputy);

    // when the leader takes it back
    await page.click('.secondary-actions button:has-text("Lấy lại")');

    // then the leader is the assignee again and may decide
    await page.waitForSelector('.action-bar [data-decision="approve"]');
    const takenBack = await service
      .api()
      .get(`/api/tasks/${reviewTaskKey}`)
      .set('Authorization', leader);
    expect(takenBack.body.assignee.id).to.equal(await userId(service, LEADER));
    expect(problems).to.deep.equal([]);
  });

  it('shows the server message for a wrong password', async function () {
    this.timeout(60_000);
    // given the message the service gives for a wrong password
    const rejected = await service
      .api()
      .post('/api/auth/login')
      .send({ username: 'snv.loipv', password: 'wrong-password' });
    expect(rejected.status).to.equal(401);

    // when a wrong password is typed into the login form
    const page = await open('desktop');
    await logIn(page, 'snv.yentt', 'wrong-password');

    // then the form shows that message and no session starts
    await page.waitForSelector('[data-testid="login-error"]');
    expect(await page.textContent('[data-testid="login-error"]')).to.equal(rejected.body.detail);
    expect(await sessionSize(page)).to.equal(0);
    problems.splice(0); // the browser logs the 401 response as a console error
  });

  it('shows the login limit in Vietnamese', async function () {
    this.timeout(60_000);
    // given a user name that has failed to log in until the service rejects it with 429
    let refused: { status: number; body: { retryAfterSeconds?: number } } | undefined;
    for (let attempt = 0; attempt < 20 && refused?.status !== 429; attempt += 1) {
      refused = await service
        .api()
        .post('/api/auth/login')
        .send({ username: 'snv.khongco', password: 'wrong-password' });
    }
    expect(refused?.status).to.equal(429);
    const minutes = Math.ceil(refused!.body.retryAfterSeconds! / 60);

    // when the same name is tried on the Vietnamese login form
    const page = await open('phone');
    await logIn(page, 'snv.khongco', 'wrong-password');

    // then the form gives the wait in minutes in Vietnamese
    await page.waitForSelector('[data-testid="login-error"]');
    expect(await page.textContent('[data-testid="login-error"]')).to.equal(
      `Đăng nhập sai quá nhiều lần. Hãy chờ ${minutes} phút rồi đăng nhập lại với mật khẩu đúng.`,
    );
    problems.splice(0); // the browser logs the 429 response as a console error
  });

  it('refreshes a rejected access token', async function () {
    this.timeout(60_000);
    // given a logged-in user whose access token the service rejects
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await page.waitForSelector('[data-testid="user-name"]');
    await sessionItem(page, 'docroute.accessToken', 'not-a-token');

    // when the dashboard is opened
    await page.click('a[href="#/dashboard"]');

    // then the page refreshed the token pair and shows the units
    await page.waitForSelector('[data-testid="unit-list"] .unit-card');
    const token = await sessionItem(page, 'docroute.accessToken');
    expect(token).to.not.equal('not-a-token');
    expect(await page.textContent('[data-testid="unit-list"]')).to.include(
      'Phòng Tổ chức, biên chế',
    );
    await screenshot(page, 'desktop-dashboard');
    problems.splice(0); // the browser logs the 401 response as a console error
  });

  it('returns to login when the session ends', async function () {
    this.timeout(60_000);
    // given a logged-in user whose session the service then ends
    const page = await open('desktop');
    await logIn(page, LEADER, demoPassword(LEADER));
    await page.waitForSelector('[data-testid="user-name"]');
    const token = await sessionItem(page, 'docroute.accessToken');
    const ended = await service
      .api()
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${token}`);
    expect(ended.status).to.equal(204);

    // when the next request goes out
    await page.click('a[href="#/dashboard"]');

    // then the login form is back with the expiry notice and the tokens are gone
    await page.waitForSelector('[data-testid="session-expired"]');
    expect(await page.isVisible('input[name="password"]')).to.equal(true);
    expect(await sessionSize(page)).to.equal(0);
    problems.splice(0); // the browser logs the 401 responses as console errors
  });

  it('lists the outbox for administrators', async function () {
    this.timeout(60_000);
    // given the e-mails that the outbox endpoint lists
    const listed = await service
      .api()
      .get('/api/outbox')
      .query({ limit: 100 })
      .set('Authorization', await service.bearer('snv.huybq'));
    expect(listed.status, listed.text).to.equal(200);

    // when an administrator logs in and opens the outbox
    const page = await open('desktop');
    await logIn(page, 'snv.huybq', demoPassword('snv.huybq'));
    await page.click('a[href="#/outbox"]');
    await page.waitForSelector('.outbox h1');

    // then the page lists the same e-mails
    const files = await page.$$eval('[data-testid="mail-list"] li', (items) =>
      items.map((item) => item.getAttribute('data-file')),
    );
    expect(files).to.deep.equal(listed.body.items.map((item: { file: string }) => item.file));
    await screenshot(page, 'desktop-outbox');
    expect(problems).to.deep.equal([]);
  });

  it('switches to English', async function () {
    this.timeout(60_000);
    // given the login page in Vietnamese
    const page = await open('phone');
    expect(await page.textContent('button[type="submit"]')).to.equal('Đăng nhập');

    // when English is chosen
    await page.selectOption('[data-testid="language"]', 'en');

    // then the form and the document language change
    expect(await page.textContent('button[type="submit"]')).to.equal('Log in');
    // The page sets the document language in an effect that runs after the render.
    await page.waitForSelector('html[lang="en"]', { state: 'attached', timeout: 5_000 });
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    expect(problems).to.deep.equal([]);
  });

  it('root redirects to the task list', async () => {
    // when the root of the service is requested
    const root = await service.api().get('/');

    // then it redirects to the task list
    expect(root.status).to.equal(302);
    expect(root.headers.location).to.equal('/tasklist/');
  });
});
