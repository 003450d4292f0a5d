import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  openModeler,
  shape,
} from './browser.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

const analyst = { username: 'snv.trangdt', password: 'demo-phantich' };

/** The approval route without its bpmndi:BPMNDiagram, as some tools export it. */
const withoutLayout = approvalRoute.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');

/** The approval route whose user task has lost its Zeebe settings, assignment among them. */
const unassigned = editRoute(
  `<bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="unit_leader" />
        <zeebe:taskSchedule dueDate="2030-01-31T17:00:00+07:00" />
      </bpmn:extensionElements>`,
  '',
  approvalRoute.replaceAll('approval-route"', 'unassigned-route"'),
);

describe('modeler page opening files', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let t: TestService;
  let browser: Browser;
  let page: Page;
  let folder: string;
  const pageErrors: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite', { migrated: true });
    t = await startTestService(database);
    browser = await launchChromium();
    page = await openModeler(browser, t.url, pageErrors, analyst);
    folder = mkdtempSync(join(tmpdir(), 'docroute-modeler-open-'));
  });

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await browser?.close();
    await t?.stop();
    await database?.drop();
  });

  /** Writes `xml` to a file named `name` and opens it with the page's file input. */
  async function openFile(name: string, xml: string): Promise<void> {
    const file = join(folder, name);
    writeFileSync(file, xml);
    await page.setInputFiles('#open-file', file);
  }

  const screenshot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`) });

  it('rejects a file without layout', async () => {
    // given the page in Vietnamese with a new diagram
    expect(await page.locator('html').getAttribute('lang')).to.equal('vi');
    const before = await elementIds(page, 'bpmn:StartEvent');
    // when a file without bpmndi is opened
    await openFile('no-layout.bpmn', withoutLayout);
    const status = page.locator('#status.dr-error', { hasText: 'không có bố cục sơ đồ' });
    await status.waitFor();
    await screenshot('10-no-layout');
    // then the message names the file and the earlier diagram is still drawn
    expect(await status.textContent()).to.include('no-layout.bpmn');
    expect(await elementIds(page, 'bpmn:StartEvent')).to.deep.equal(before);
    await page.locator(shape(before[0]!)).waitFor();
    // and deploying afterwards shows the server's response, not a script error
    await page.click('[data-action="deploy"]');
    await page.locator('#status', { hasText: /Triển khai bị từ chối|Đã triển khai/ }).waitFor();
    expect(await page.locator('#status').textContent()).not.to.include('Cannot read');
    expect(pageErrors).to.deep.equal([]);
  });

  it('marks lint problems of an opened file', async () => {
    // given an error in the status line
    await openFile('no-layout.bpmn', withoutLayout);
    await page.locator('#status.dr-error').waitFor();
    // when a laid-out file whose user task has no assignment is opened
    await openFile('unassigned.bpmn', unassigned);
    await page.locator(shape('approve')).waitFor();
    // then the error is gone and the lint marker sits on the user task
    await page.locator(lintError('approve')).waitFor();
    await screenshot('11-lint-on-opened-file');
    expect(await page.locator('#status').textContent()).to.equal('');
    // and the marker and the lint button are drawn in the error colour, not transparent
    type StyleOf = (element: unknown) => { backgroundColor: string };
    const background = (selector: string) =>
      page.locator(selector).evaluate((element) => {
        const styleOf = (globalThis as unknown as { getComputedStyle: StyleOf }).getComputedStyle;
        return styleOf(element).backgroundColor;
      });
    expect(await background(lintError('approve'))).to.equal('rgb(204, 0, 0)');
    expect(await background('.bjsl-button-error')).to.equal('rgb(204, 0, 0)');
    expect(pageErrors).to.deep.equal([]);
  });

  it('shows a rejected deployment in Vietnamese', async () => {
    // given the opened route with an unassigned user task
    await page.locator(shape('approve')).waitFor();
    // when it is deployed
    await page.click('[data-action="deploy"]');
    // then the status line reports in Vietnamese that the deployment was rejected, naming the task
    const status = page.locator('#status.dr-error', { hasText: 'Triển khai bị từ chối' });
    await status.waitFor();
    await screenshot('12-deploy-refused');
    expect(await status.textContent()).to.include('approve');
    expect(pageErrors).to.deep.equal([]);
  });
});
