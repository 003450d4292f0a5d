import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ZeebeEngine } from '../../src/engine/zeebe/index.js';
import { startFakeCamunda, type FakeCamunda } from '../engine/zeebe/fakes/fake-camunda.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { artifactsDir, launchChromium, shape } from './browser.js';
import { startModelerTestApp, type ModelerTestApp } from './modeler-harness.js';
import { approvalRoute } from './route-fixtures.js';

/**
 * The instance view on the Zeebe adapter, against the loopback fake of a Camunda 8 cluster. The
 * fake runs no BPMN: each new instance gets the user tasks and jobs that the test offers.
 */
describe('modeler instance view on Zeebe', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let fake: FakeCamunda;
  let engine: ZeebeEngine;
  let t: ModelerTestApp;
  let browser: Browser;
  let page: Page;
  let folder: string;
  const pageErrors: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite', { migrated: true });
    fake = await startFakeCamunda();
    engine = await fake.startEngine();
    t = await startModelerTestApp(database.url, { engine });
    const baseUrl = await t.listen();
    browser = await launchChromium();
    // The app has no login here, so the page gets a stored session and an analyst profile.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      const storage = (
        globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
      ).sessionStorage;
      storage.setItem('docroute.accessToken', 'unused');
      storage.setItem('docroute.refreshToken', 'unused');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**/api/auth/me', (route) =>
      route.fulfill({
        json: { username: 'analyst', fullName: 'Analyst', roles: ['analyst'] },
      }),
    );
    await page.goto(`${baseUrl}/modeler/`);
    await page.waitForSelector('body[data-view="workspace"][data-ready="true"]');
    folder = mkdtempSync(join(tmpdir(), 'docroute-modeler-zeebe-'));
    const file = join(folder, 'approval-route.bpmn');
    writeFileSync(file, approvalRoute);
    await engine.deploy([{ name: 'approval-route.bpmn', content: approvalRoute }]);
    await page.setInputFiles('#open-file', file);
    await page.waitForSelector(shape('approve'));
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await fake?.stop();
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('follows an instance from task to completion', async () => {
    // given instances that start at the approval task
    fake.cluster.offerUserTask('approval-route', { elementId: 'approve', name: 'Approve' });
    // when a test instance is started from the page
    await page.click('[data-action="start-instance"]');
    // then the approval task alone is highlighted as active
    await page.waitForSelector(`${shape('approve')}.dr-active`);
    expect(await page.locator('.djs-element.dr-active').count()).to.equal(1);
    await page.screenshot({ path: join(artifactsDir, 'zeebe-01-active.png') });

    // when the task is completed in the cluster
    const [task] = await engine.listUserTasks({ elementId: 'approve', state: 'CREATED' });
    await engine.completeUserTask(task!.key);
    // then the instance is completed with the task marked as completed
    await page.waitForSelector('#instance-status[data-state="COMPLETED"]');
    expect(await page.locator(`${shape('approve')}.dr-completed`).count()).to.equal(1);
    expect(await page.locator('.djs-element.dr-active').count()).to.equal(0);
    expect(pageErrors).to.deep.equal([]);
  });

  it('shows an incident on its element', async () => {
    // given instances that also get a signing job
    fake.cluster.offerJob('approval-route', { type: 'signature.apply', elementId: 'sign' });
    await page.click('[data-action="start-instance"]');
    await page.waitForSelector(`${shape('sign')}.dr-active`);
    // when the signing job fails with no retries left
    const [job] = await engine.activateJobs({
      type: 'signature.apply',
      worker: 'modeler-test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    await engine.failJob({
      jobKey: job!.key,
      activation: job!.activation,
      retries: 0,
      errorMessage: 'signing key store timed out',
    });
    // then the signing step is marked with the incident and its message
    await page.waitForSelector(`${shape('sign')}.dr-incident`);
    await page.screenshot({ path: join(artifactsDir, 'zeebe-02-incident.png') });
    expect(await page.locator('.dr-incident-badge').textContent()).to.equal(
      'signing key store timed out',
    );
    expect(await page.locator('#incidents li').allTextContents()).to.deep.equal([
      'sign: signing key store timed out',
    ]);
    expect(pageErrors).to.deep.equal([]);
  });
});
