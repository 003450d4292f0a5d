import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { demoPassword, type TestService } from '../support/service.js';
import { artifactsDir, logIn, openTasklist, type viewports } from './browser.js';
import { openTaskOf } from './route-setup.js';

/** What a step does on the task page before it presses the decision button. */
export type FillForm = (page: Page) => Promise<unknown>;

/**
 * Drives the task list as the seeded users. Each step logs one user in, in a browser context of
 * their own, and acts only through the page. The service's task API is read only to wait until a
 * worker has created the next task, because the inbox lists the tasks present when it loads.
 */
export class TasklistDriver {
  private readonly pages: Page[] = [];

  constructor(
    private readonly service: TestService,
    private readonly browser: Browser,
    private readonly problems: string[],
    private readonly prefix: string,
  ) {}

  /** Opens the task list, logs `username` in and waits for the inbox. */
  async logIn(username: string, size: keyof typeof viewports = 'desktop'): Promise<Page> {
    const page = await openTasklist(this.browser, this.service.url, size, this.problems);
    this.pages.push(page);
    await logIn(page, username, demoPassword(username));
    await page.waitForSelector('[data-testid="user-name"]');
    return page;
  }

  /** Saves a full-page screenshot under test-artifacts/tasklist. */
  async screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({
      path: join(artifactsDir, `${this.prefix}-${name}.png`),
      fullPage: true,
    });
  }

  /**
   * Waits for the `elementId` task of the document in the list of `username`, logs them in, opens
   * the task from the inbox, fills its form and presses `decision` (the empty string is the
   * Complete button of a task without decisions). Returns the task key once the page confirms.
   */
  async completeTask(
    username: string,
    documentId: string,
    elementId: string,
    decision: string,
    fill?: FillForm,
  ): Promise<string> {
    const { key } = await openTaskOf(this.service, username, documentId, elementId);
    const page = await this.logIn(username);
    await page.click(`.task-card[data-task-key="${key}"] a`);
    await page.waitForSelector(`.task-detail[data-task-key="${key}"] .action-bar`);
    if (fill) await fill(page);
    await page.click(`.action-bar [data-decision="${decision}"]`);
    await page.waitForSelector('.task-detail[data-state="completed"]');
    const feedback = await page.textContent('[data-testid="action-feedback"]');
    expect(feedback, `feedback of ${elementId}`).to.match(/^Đã gửi: /);
    await this.screenshot(page, `${elementId}-done`);
    await this.closeAll();
    return key;
  }

  /** Closes every browser context that this driver opened. */
  async closeAll(): Promise<void> {
    for (const page of this.pages.splice(0)) await page.context().close();
  }
}

/** Chooses `content` as the form's file and waits until the page shows it uploaded. */
export async function uploadPdf(page: Page, name: string, content: Buffer): Promise<void> {
  await page.setInputFiles('input[name="file"]', {
    name,
    mimeType: 'application/pdf',
    buffer: content,
  });
  await page.waitForSelector(`[data-testid="upload-state"]:has-text("${name}")`);
}

/** The fields of the drafting page that the tests fill. */
export interface DraftFields {
  fileName: string;
  pdf: Buffer;
  typeCode: string;
  subject: string;
  priority: string;
  /** Full name of the signer, as the signer list shows it. */
  signer: string;
}

/** Opens the drafting page from the inbox button and fills it, without submitting it. */
export async function fillDraft(page: Page, draft: DraftFields): Promise<void> {
  await page.click('[data-testid="new-outgoing-link"]');
  await page.waitForSelector(`select[name="signerId"] option:text-is("${draft.signer}")`, {
    state: 'attached',
  });
  await uploadPdf(page, draft.fileName, draft.pdf);
  await page.selectOption('select[name="typeCode"]', draft.typeCode);
  await page.fill('textarea[name="subject"]', draft.subject);
  await page.selectOption('select[name="priority"]', draft.priority);
  await page.selectOption('select[name="signerId"]', { label: draft.signer });
}

/** Returns `YYYY-MM-DDTHH:mm` in the browser's zone `days` from now, for datetime-local inputs. */
export function localDateTimeIn(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
