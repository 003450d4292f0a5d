import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where browser tests write their screenshots; the folder is ignored by git. */
export const artifactsDir = join(import.meta.dirname, '../../../test-artifacts/modeler');

const chromiumPath = '/usr/bin/chromium';

/** Launches the system Chromium headless, with no network features of its own. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the modeler page and waits until it has loaded its templates and diagram. Page errors
 * are collected in `errors` so that a test can assert there were none.
 */
export async function openModeler(
  browser: Browser,
  baseUrl: string,
  errors: string[],
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/modeler/`);
  await page.waitForSelector('body[data-ready="true"]');
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
