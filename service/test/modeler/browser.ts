import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium as launchSharedChromium } from '../support/browser.js';

/** Where browser tests write their screenshots; the folder is ignored by git. */
export const artifactsDir = join(import.meta.dirname, '../../../test-artifacts/modeler');

/** Launches the system Chromium for the modeler tests. */
export function launchChromium(): Promise<Browser> {
  return launchSharedChromium(artifactsDir);
}

/** Logs in through the page's login form and waits for the view that follows. */
export async function logInThroughForm(
  page: Page,
  username: string,
  password: string,
  view: 'workspace' | 'refused' = 'workspace',
): Promise<void> {
  await page.waitForSelector('body[data-view="login"]');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector(
    view === 'workspace'
      ? 'body[data-view="workspace"][data-ready="true"]'
      : 'body[data-view="refused"]',
  );
}

/**
 * Opens the modeler page, logs in as `username` and waits until it has loaded its templates
 * and diagram. Page errors are collected in `errors` so that a test can assert there were none.
 */
export async function openModeler(
  browser: Browser,
  baseUrl: string,
  errors: string[],
  credentials: { username: string; password: string },
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/modeler/`);
  await logInThroughForm(page, credentials.username, credentials.password);
  return page;
}

/** An element on the canvas, as stored in bpmn-js's element registry. */
export interface CanvasElement {
  id: string;
  type: string;
  businessObject?: { id?: string };
}

/** The page's `window.docroute` handle, as callbacks that run in the page see it. */
export interface PageHandle {
  modeler: {
    get(service: 'elementRegistry'): {
      filter(match: (e: CanvasElement) => boolean): CanvasElement[];
    };
    get(service: 'selection'): { get(): CanvasElement[] };
    saveXML(options: { format: boolean }): Promise<{ xml: string }>;
  };
  importXml(xml: string): Promise<unknown>;
}

/** Returns the ids of the canvas elements of a BPMN type, from the modeler's element registry. */
export function elementIds(page: Page, type: string): Promise<string[]> {
  return page.evaluate((bpmnType) => {
    const modeler = (globalThis as unknown as { docroute: PageHandle }).docroute.modeler;
    return modeler
      .get('elementRegistry')
      .filter((element) => element.type === bpmnType)
      .map((element) => element.id);
  }, type);
}

/** Returns the ids of the selected elements. */
export function selectedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const modeler = (globalThis as unknown as { docroute: PageHandle }).docroute.modeler;
    return modeler
      .get('selection')
      .get()
      .map((element: { id: string }) => element.id);
  });
}

/** Returns the id of the single selected element. */
export function selectedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const modeler = (globalThis as unknown as { docroute: PageHandle }).docroute.modeler;
    return modeler.get('selection').get()[0]!.id;
  });
}

/** The CSS selector of an element's graphics on the canvas. */
export const shape = (id: string): string => `.djs-element[data-element-id="${id}"]`;

/** The CSS selector of the lint error marker that bpmn-js-bpmnlint shows on an element. */
export const lintError = (id: string): string =>
  `.djs-overlays[data-container-id="${id}"] .bjsl-icon-error`;

/** The parts of the page's globals that the tests read and write. */
interface PageGlobals {
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
  document: { body: { dataset: Record<string, string | undefined> } };
}

/** Returns the access token that the page keeps in sessionStorage. */
export function storedAccessToken(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    (globalThis as unknown as PageGlobals).sessionStorage.getItem('docroute.accessToken'),
  );
}

/** Replaces the tokens that the page keeps in sessionStorage; the refresh token when given. */
export function replaceStoredTokens(
  page: Page,
  tokens: { access: string; refresh?: string },
): Promise<void> {
  return page.evaluate(({ access, refresh }) => {
    const storage = (globalThis as unknown as PageGlobals).sessionStorage;
    storage.setItem('docroute.accessToken', access);
    if (refresh !== undefined) storage.setItem('docroute.refreshToken', refresh);
  }, tokens);
}

/** Returns the view that the page shows: `login`, `refused` or `workspace`. */
export function pageView(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset.view);
}
