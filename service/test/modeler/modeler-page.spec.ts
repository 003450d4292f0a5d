import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import {
  artifactsDir,
  elementIds,
  launchChromium,
  lintError,
  openModeler,
  type PageHandle,
  selectedId,
  selectedIds,
  shape,
} from './browser.js';
import { startModelerTestApp, type ModelerTestApp } from './modeler-harness.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

describe('modeler page', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let t: ModelerTestApp;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    t = await startModelerTestApp(database.url);
    baseUrl = await t.listen();
    browser = await launchChromium();
    page = await openModeler(browser, baseUrl, pageErrors);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
  });

  const screenshot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`) });

  /** Appends an element from `id`'s context pad; `id` is clicked first unless it is selected. */
  async function appendFrom(id: string, action: string): Promise<string> {
    if ((await selectedIds(page)).join() !== id) await page.click(shape(id));
    await page.click(`.djs-context-pad .entry[data-action="${action}"]`);
    return selectedId(page);
  }

  async function propertiesInput(id: string) {
    return page.locator(`#bio-properties-panel-${id}`);
  }

  it('draws, lints, deploys and runs a route', async () => {
    // given an empty diagram with a start event
    const [start] = await elementIds(page, 'bpmn:StartEvent');
    expect(start).to.be.a('string');

    // when the analyst appends a task and changes it into a user task
    const approval = await appendFrom(start!, 'append.append-task');
    await page.click('.djs-context-pad .entry[data-action="replace"]');
    await page.click('.djs-popup .entry[data-id="replace-with-user-task"]');
    // then a lint error appears on it: no candidate group and no due date
    await page.waitForSelector(lintError(approval));
    expect(await page.locator('.bjsl-button').textContent()).to.include('2 lỗi');
    await screenshot('01-lint-error');

    // when the candidate group and the due date are set in the properties panel
    await page.click('[data-group-id="group-general"] .bio-properties-panel-group-header');
    await (await propertiesInput('name')).fill('Lãnh đạo phòng duyệt');
    await page.click(
      '[data-group-id="group-assignmentDefinition"] .bio-properties-panel-group-header',
    );
    await (await propertiesInput('assignmentDefinitionCandidateGroups')).fill('unit_leader');
    await (await propertiesInput('taskScheduleDueDate')).fill('2030-01-31T17:00:00+07:00');
    await page.keyboard.press('Tab');
    // then the lint error goes away
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
    const definitions = await t.engine.listDefinitions();
    // then the engine has version 1 and the modeler records who deployed it
    expect(definitions).to.have.length(1);
    expect(definitions[0]!.version).to.equal(1);
    const versions = await fetch(
      `${baseUrl}/api/modeler/processes/${definitions[0]!.bpmnProcessId}/versions`,
    ).then((response) => response.json() as Promise<Array<{ deployedBy: string }>>);
    expect(versions[0]!.deployedBy).to.equal('analyst');

    // when a test instance is started
    await page.click('[data-action="start-instance"]');
    // then the user task is highlighted as active
    await page.waitForSelector(`${shape(approval)}.dr-active`);
    expect(await page.locator(`${shape(start!)}.dr-completed`).count()).to.equal(1);
    await screenshot('03-instance-at-approval');

    // when the user task is completed
    const [task] = await t.engine.listUserTasks({ elementId: approval, state: 'CREATED' });
    await t.engine.completeUserTask(task!.key);
    // then the signing step is active and the approval is completed
    await page.waitForSelector(`${shape(signing)}.dr-active`);
    expect(await page.locator(`${shape(approval)}.dr-completed`).count()).to.equal(1);
    expect(await page.locator('.dr-active').count()).to.equal(1);
    await screenshot('04-instance-at-signing');

    // when the signing job is completed
    const jobs = await t.engine.activateJobs({
      type: 'signature.apply',
      worker: 'modeler-test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    await t.engine.completeJob({ jobKey: jobs[0]!.key, activation: jobs[0]!.activation });
    // then the instance is completed with the end event marked
    await page.waitForSelector('#instance-status[data-state="COMPLETED"]');
    expect(await page.locator(`${shape(end)}.dr-completed`).count()).to.equal(1);
    expect(await page.locator('.dr-active').count()).to.equal(0);
    await screenshot('05-instance-completed');
    expect(pageErrors).to.deep.equal([]);
  });

  it('switches the labels to English', async () => {
    // given the page in Vietnamese
    expect(await page.locator('[data-action="deploy"]').textContent()).to.equal('Triển khai');
    // when English is chosen
    await page.selectOption('#language', 'en');
    await page.waitForSelector('html[lang="en"] body[data-ready="true"]');
    // then the page and the diagram tools are in English, and the diagram is kept
    expect(await page.locator('[data-action="deploy"]').textContent()).to.equal('Deploy');
    await page.waitForSelector('.djs-palette .entry[aria-label="Create start event"]');
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
    writeFileSync(first, approvalRoute);
    writeFileSync(second, editRoute('name="Sign"', 'name="Sign and seal"'));
    await page.selectOption('#language', 'en');
    await page.waitForSelector('html[lang="en"] body[data-ready="true"]');
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
      await screenshot('06-version-diff');
      // then both versions show the deployer, and the diff lists the renamed task alone
      expect(deployers).to.deep.equal(['analyst', 'analyst']);
      const changed = await page
        .locator('.dr-diff-changed li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-element-id')));
      expect(changed).to.deep.equal(['sign']);
      expect(await page.locator('.dr-diff-added li').count()).to.equal(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('downloads BPMN and SVG', async () => {
    // given the route opened from disk
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

  it('shows an incident on its element', async () => {
    // given an instance of the open route, watched from the page, past its approval step
    await page.click('[data-action="start-instance"]');
    await page.waitForSelector(`${shape('approve')}.dr-active`);
    const [task] = await t.engine.listUserTasks({ elementId: 'approve', state: 'CREATED' });
    await t.engine.completeUserTask(task!.key);
    // when the signing job fails with no retries left
    const [job] = await t.engine.activateJobs({
      type: 'signature.apply',
      worker: 'modeler-test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    await t.engine.failJob({
      jobKey: job!.key,
      activation: job!.activation,
      retries: 0,
      errorMessage: 'signing key store timed out',
    });
    // then the signing step is marked with the incident and its message
    await page.waitForSelector(`${shape('sign')}.dr-incident`);
    await screenshot('07-incident');
    expect(await page.locator('.dr-incident-badge').textContent()).to.equal(
      'signing key store timed out',
    );
    expect(await page.locator('#incidents li').allTextContents()).to.deep.equal([
      'sign: signing key store timed out',
    ]);
    expect(pageErrors).to.deep.equal([]);
  });
});
