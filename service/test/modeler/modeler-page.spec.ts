import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import {
  artifactsDir,
  elementIds,
  launchChromium,
  lintError,
  logInThroughForm,
  openModeler,
  pageView,
  replaceStoredTokens,
  storedAccessToken,
  type PageHandle,
  selectedId,
  selectedIds,
  shape,
} from './browser.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

const analyst = { username: 'snv.trangdt', password: 'demo-phantich' };
const clerk = 'snv.maiht';
const clerkGroup = 'clerk:000.00.12.H26';

/** The CSS selector of an element template's property input, by its index in the template. */
const templateInput = (templateId: string, index: number): string =>
  `[id="bio-properties-panel-custom-entry-${templateId}-fields-${index}"]`;

describe('modeler page', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let t: TestService;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite', { migrated: true });
    t = await startTestService(database);
    browser = await launchChromium();
    page = await openModeler(browser, t.url, pageErrors, analyst);
  });

  after(async () => {
    await browser?.close();
    await t?.stop();
    await database?.drop();
  });

  const screenshot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`) });

  /** Appends an element from `id`'s context pad; `id` is clicked first unless it is selected. */
  async function appendFrom(id: string, action: string): Promise<string> {
    if ((await selectedIds(page)).join() !== id) await page.click(shape(id));
    await page.click(`.djs-context-pad .entry[data-action="${action}"]`);
    return selectedId(page);
  }

  /** Returns the open tasks in the clerk's task list that stem from element `elementId`. */
  async function clerkTasks(elementId: string): Promise<Array<{ key: string }>> {
    const response = await t
      .api()
      .get('/api/tasks?state=open')
      .set('Authorization', await t.bearer(clerk));
    expect(response.status, response.text).to.equal(200);
    return response.body.items.filter(
      (task: { elementId: string }) => task.elementId === elementId,
    );
  }

  /** Logs the clerk in to the task list page in a separate browser context and finds the task. */
  async function expectTaskInTasklistPage(taskKey: string): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const tasklist = await context.newPage();
      await tasklist.goto(`${t.url}/tasklist/`);
      await tasklist.fill('input[name="username"]', clerk);
      await tasklist.fill('input[name="password"]', 'demo-vanthu');
      await tasklist.click('form button[type="submit"]');
      await tasklist.waitForSelector(`.task-card[data-task-key="${taskKey}"]`);
      await tasklist.screenshot({ path: join(artifactsDir, '03b-clerk-tasklist.png') });
    } finally {
      await context.close();
    }
  }

  it('rejects a non-analyst at login', async () => {
    // given the login form in a second tab
    const other = await browser.newPage();
    try {
      await other.goto(`${t.url}/modeler/`);
      // when a clerk logs in
      await logInThroughForm(other, clerk, 'demo-vanthu', 'refused');
      // then the page names the missing role and shows no workspace
      expect(await other.locator('#refused-message').textContent()).to.include('(analyst)');
      expect(await other.locator('#workspace').isVisible()).to.equal(false);
      await other.screenshot({ path: join(artifactsDir, '00-refused.png') });
    } finally {
      await other.close();
    }
  });

  it('rejects a wrong password on the form', async () => {
    // given the login form in a second tab
    const other = await browser.newPage();
    try {
      await other.goto(`${t.url}/modeler/`);
      await other.waitForSelector('body[data-view="login"]');
      // when the analyst types a wrong password
      await other.fill('#login-username', analyst.username);
      await other.fill('#login-password', 'not-the-password');
      await other.click('#login-form button[type="submit"]');
      // then the form stays and shows the server's reason
      await other.locator('#login-error', { hasText: 'invalid username or password' }).waitFor();
      expect(await pageView(other)).to.equal('login');
    } finally {
      await other.close();
    }
  });

  it('draws, lints, deploys and runs a route', async () => {
    // given an empty diagram with a start event
    const [start] = await elementIds(page, 'bpmn:StartEvent');
    expect(start).to.be.a('string');

    // when the analyst appends a task and applies the approval step template
    const approval = await appendFrom(start!, 'append.append-task');
    await page.selectOption('#template-select', 'docroute.approval-step');
    // then a lint error appears on it, because the template leaves the candidate group empty
    await page.waitForSelector(lintError(approval));
    await screenshot('01-lint-error');

    // when the name, a candidate group from the organisation and a due date are set
    await page.click('[data-group-id="group-general"] .bio-properties-panel-group-header');
    await page.locator('#bio-properties-panel-name').fill('Văn thư tiếp nhận');
    const fields = '[data-group-id="group-ElementTemplates__CustomProperties-fields"]';
    await page.click(`${fields} .bio-properties-panel-group-header`);
    const groupSelect = page.locator(templateInput('docroute.approval-step', 0));
    const clerkLabel = await groupSelect.locator(`option[value="${clerkGroup}"]`).textContent();
    await groupSelect.selectOption(clerkGroup);
    // The due date field contains a FEEL expression (`=deadline` by default), so a fixed date is
    // written as a FEEL call.
    await page
      .locator(templateInput('docroute.approval-step', 1))
      .fill('date and time("2030-01-31T17:00:00+07:00")');
    await page.keyboard.press('Tab');
    // then the dropdown offered the group by its Vietnamese name and the lint error goes away
    expect(clerkLabel).to.equal('Văn thư (SNV)');
    await page.waitForSelector(lintError(approval), { state: 'detached' });

    // when a signing step from the templates and an end event are appended
    const signing = await appendFrom(approval, 'append.append-task');
    await page.selectOption('#template-select', 'docroute.signature.apply');
    const signingType = await page.evaluate(
      () =>
        (globalThis as unknown as { docroute: PageHandle }).docroute.modeler
          .get('selection')
          .get()[0]!.type,
    );
    const end = await appendFrom(signing, 'append.end-event');
    await screenshot('02-route-drawn');
    // then the signing step is a service task, and no element has a lint error
    expect(signingType).to.equal('bpmn:ServiceTask');
    expect(end).to.be.a('string');
    expect(await page.locator('.bjsl-icon-error').count()).to.equal(0);

    // when the route is deployed
    await page.click('[data-action="deploy"]');
    await page.locator('#status').filter({ hasText: 'phiên bản 1' }).waitFor();
    const { xml } = await page.evaluate(() =>
      (globalThis as unknown as { docroute: PageHandle }).docroute.modeler.saveXML({
        format: true,
      }),
    );
    const bpmnProcessId = /<bpmn:process id="([^"]+)"/.exec(xml)![1]!;
    const versions = await t
      .api()
      .get(`/api/modeler/processes/${bpmnProcessId}/versions`)
      .set('Authorization', await t.bearer(analyst.username))
      .expect(200);
    // then the engine has version 1, deployed by the logged-in analyst
    expect(versions.body.map((v: { version: number }) => v.version)).to.deep.equal([1]);
    expect(versions.body[0].deployedBy).to.equal(analyst.username);

    // when a test instance is started
    await page.click('[data-action="start-instance"]');
    // then the user task is highlighted as active and the path to it as completed
    await page.waitForSelector(`${shape(approval)}.dr-active`);
    expect(await page.locator(`${shape(start!)}.dr-completed`).count()).to.equal(1);
    expect(await page.locator('.djs-connection.dr-taken').count()).to.equal(1);
    expect(await page.locator('.djs-element.dr-active').count()).to.equal(1);
    await screenshot('03-instance-at-approval');

    // when the clerk looks at their task list, through the API and in the task list page
    const [task] = await clerkTasks(approval);
    expect(task, 'task in the clerk task list').to.not.equal(undefined);
    await expectTaskInTasklistPage(task!.key);
    // then the task is there, and the clerk completes it
    await t
      .api()
      .post(`/api/tasks/${task!.key}/completion`)
      .set('Authorization', await t.bearer(clerk))
      .send({})
      .expect((response) => expect(response.status, response.text).to.be.oneOf([200, 204]));

    // then the signing step is active and the approval completed. The signing job fails because
    // the instance has no document, so the page shows that incident on the signing step.
    await page.waitForSelector(`${shape(signing)}.dr-active`);
    expect(await page.locator(`${shape(approval)}.dr-completed`).count()).to.equal(1);
    expect(await page.locator('.djs-element.dr-active').count()).to.equal(1);
    await page.waitForSelector(`${shape(signing)}.dr-incident`);
    const incidents = await page.locator('#incidents li').allTextContents();
    expect(incidents).to.have.length(1);
    expect(incidents[0]).to.match(new RegExp(`^${signing}: `));
    await screenshot('04-instance-incident-at-signing');
    expect(pageErrors).to.deep.equal([]);
  });

  it('switches the labels to English', async () => {
    // given the page in Vietnamese
    expect(await page.locator('[data-action="deploy"]').textContent()).to.equal('Triển khai');
    // when English is chosen
    await page.selectOption('#language', 'en');
    await page.waitForSelector('html[lang="en"] body[data-ready="true"]');
    // then the page, the diagram tools and the template names are in English
    expect(await page.locator('[data-action="deploy"]').textContent()).to.equal('Deploy');
    expect(await page.locator('[data-action="log-out"]').textContent()).to.equal('Log out');
    await page.waitForSelector('.djs-palette .entry[aria-label="Create start event"]');
    const templateNames = await page.locator('#template-select option').allTextContents();
    expect(templateNames).to.include('Apply personal signature');
    // and the diagram is kept
    expect((await elementIds(page, 'bpmn:UserTask')).length).to.equal(1);
    expect(pageErrors).to.deep.equal([]);
  });

  it('keeps the bpmn.io watermark visible', async () => {
    // given the modeler page
    // when it has loaded
    // then the bpmn.io link that the bpmn-js licence requires is visible
    expect(await page.locator('.bjs-powered-by').isVisible()).to.equal(true);
  });

  it('opens files and compares deployed versions', async () => {
    // given two versions of a route on disk
    const folder = mkdtempSync(join(tmpdir(), 'docroute-modeler-files-'));
    const first = join(folder, 'approval-route.bpmn');
    const second = join(folder, 'approval-route-v2.bpmn');
    const route = approvalRoute.replace(
      'candidateGroups="unit_leader"',
      `candidateGroups="${clerkGroup}"`,
    );
    writeFileSync(first, route);
    writeFileSync(second, editRoute('name="Sign"', 'name="Sign and seal"', route));
    try {
      // when each is opened from disk and deployed
      for (const [file, version, signName] of [
        [first, 1, 'Sign'],
        [second, 2, 'Sign and seal'],
      ] as const) {
        await page.setInputFiles('#open-file', file);
        await page.locator(`${shape('sign')} text`, { hasText: signName }).waitFor();
        await page.click('[data-action="deploy"]');
        await page.locator('#status', { hasText: `Deployed as version ${version}` }).waitFor();
      }
      // and the versions are listed and the two are compared
      await page.click('[data-action="versions"]');
      await page.waitForSelector('.dr-versions tr[data-version="2"]');
      const deployers = await page
        .locator('.dr-versions tr[data-version] td:nth-child(3)')
        .allTextContents();
      await page.locator('.dr-versions input[type="checkbox"]').nth(0).check();
      await page.locator('.dr-versions input[type="checkbox"]').nth(1).check();
      await page.click('[data-action="compare"]');
      await page.waitForSelector('.dr-diff-changed li');
      await screenshot('05-version-diff');
      // then both versions show the deployer, and the diff lists the renamed task alone
      expect(deployers).to.deep.equal([analyst.username, analyst.username]);
      const changed = await page
        .locator('.dr-diff-changed li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-element-id')));
      expect(changed).to.deep.equal(['sign']);
      expect(await page.locator('.dr-diff-added li').count()).to.equal(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('opens a saved draft from the server', async () => {
    // given the open route saved as a draft
    await page.click('[data-action="save"]');
    await page.locator('#status', { hasText: 'Draft saved' }).waitFor();
    // when a new diagram replaces it and the draft is chosen from the server list
    await page.click('[data-action="new"]');
    await page.locator(shape('sign')).waitFor({ state: 'detached' });
    await page.focus('#open-server');
    const option = page.locator('#open-server option', { hasText: 'Approval route' }).first();
    await option.waitFor({ state: 'attached' });
    await page.selectOption('#open-server', (await option.getAttribute('value'))!);
    // then the route is back on the canvas
    await page.locator(`${shape('sign')} text`, { hasText: 'Sign and seal' }).waitFor();
    expect(pageErrors).to.deep.equal([]);
  });

  it('downloads BPMN and SVG', async () => {
    // given the route opened from the server
    // when both downloads are requested
    const [bpmn] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-action="download-bpmn"]'),
    ]);
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-action="download-svg"]'),
    ]);
    // then the files are named after the process and hold the diagram
    expect(bpmn.suggestedFilename()).to.equal('approval-route.bpmn');
    expect(svg.suggestedFilename()).to.equal('approval-route.svg');
    expect(readFileSync(await bpmn.path(), 'utf8')).to.include('name="Sign and seal"');
    expect(readFileSync(await svg.path(), 'utf8')).to.include('<svg');
    expect(pageErrors).to.deep.equal([]);
  });

  it('refreshes a rejected access token', async () => {
    // given a session whose access token the server rejects but whose refresh token is valid
    await replaceStoredTokens(page, { access: 'rejected.token' });
    // when the analyst opens the versions list, which calls the API
    await page.click('[data-action="versions"]');
    // then the list loads with a new access token. The list may still show from an earlier
    // test, so the test waits for the token itself.
    await page.waitForSelector('.dr-versions tr[data-version="2"]');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
        ).sessionStorage.getItem('docroute.accessToken') !== 'rejected.token',
      undefined,
      { timeout: 10_000 },
    );
    const stored = await storedAccessToken(page);
    expect(stored).to.not.equal('rejected.token');
    expect(stored).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('returns to the login form when the session cannot be refreshed', async () => {
    // given a session whose tokens the server no longer accepts
    await replaceStoredTokens(page, {
      access: 'expired.access.token',
      refresh: 'revoked-refresh-token',
    });
    // when the analyst opens the versions list, which calls the API
    await page.click('[data-action="versions"]');
    // then the login form is shown and the tokens are gone
    await page.waitForSelector('body[data-view="login"]');
    const stored = await storedAccessToken(page);
    expect(stored).to.equal(null);
    // and logging in again returns to the workspace with the diagram kept
    await logInThroughForm(page, analyst.username, analyst.password);
    expect(await page.locator(shape('sign')).count()).to.equal(1);
  });
});
