import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium as launchSharedChromium } from '../support/browser.js';

/** Folder of the task list's screenshots, which git ignores. */
export const artifactsDir = join(import.meta.dirname, '../../../test-artifacts/tasklist');

/** A desktop window and a 375 px wide phone with touch input. */
export const viewports: Record<'desktop' | 'phone', BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: {
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
};

/** Launches the system Chromium for the task list tests. */
export function launchChromium(): Promise<Browser> {
  return launchSharedChromium(artifactsDir);
}

/**
 * Opens the task list in a new context of its own (so sessionStorage starts empty) and collects
 * page errors, console errors and requests to other hosts in `problems`.
 */
export async function openTasklist(
  browser: Browser,
  baseUrl: string,
  size: keyof typeof viewports,
  problems: string[],
): Promise<Page> {
  const context = await browser.newContext({ ...viewports[size], locale: 'vi-VN' });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request to another host: ${url}`);
    }
  });
  await page.goto(`${baseUrl}/tasklist/`);
  return page;
}

/** Fills the login form and submits it. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

// The functions below run in the page. They are strings because this project's TypeScript
// configuration has no DOM types.

/** Counts the PDF canvas pixels that are neither white nor transparent. */
export async function inkedPixels(page: Page): Promise<number> {
  return (await page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="pdf-canvas"]');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let index = 0; index < pixels.length; index += 4) {
      const white = pixels[index] > 240 && pixels[index + 1] > 240 && pixels[index + 2] > 240;
      if (pixels[index + 3] > 0 && !white) inked++;
    }
    return inked;
  })()`)) as number;
}

/** Returns how many pixels the page is wider than the viewport, 0 when it fits. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
}

/** The controls whose tap size the tests check. Checkboxes sit inside labels, which are tapped. */
export const TAP_TARGETS = 'button, a, select, textarea, summary, input:not([type="checkbox"])';

/** Lists the visible elements matching `selector` that are less than 44 px high or wide. */
export async function smallTapTargets(page: Page, selector: string): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((element) => element.offsetParent !== null || getComputedStyle(element).position === 'fixed')
    .map((element) => ({ element, box: element.getBoundingClientRect() }))
    .filter(({ box }) => box.height < 44 || box.width < 44)
    .map(({ element, box }) => element.tagName.toLowerCase() + ' "' +
      (element.textContent || '').trim() + '" ' + Math.round(box.width) + 'x' + Math.round(box.height))
  `)) as string[];
}

/** Returns the CSS position and the bottom edge of the element matching `selector`. */
export async function placement(
  page: Page,
  selector: string,
): Promise<{ position: string; bottom: number }> {
  return (await page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(selector)});
    return {
      position: getComputedStyle(element).position,
      bottom: element.getBoundingClientRect().bottom,
    };
  })()`)) as { position: string; bottom: number };
}

/** Reads a key of the page's sessionStorage, or sets it when `value` is given. */
export async function sessionItem(page: Page, key: string, value?: string): Promise<string | null> {
  const setter =
    value === undefined
      ? ''
      : `sessionStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)});`;
  return (await page.evaluate(
    `(() => { ${setter} return sessionStorage.getItem(${JSON.stringify(key)}); })()`,
  )) as string | null;
}

/** Counts the keys in the page's sessionStorage. */
export async function sessionSize(page: Page): Promise<number> {
  return (await page.evaluate('sessionStorage.length')) as number;
}
