import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Launches the system Chromium headless, with no network features of its own, after creating
 * `artifactsDir` for the screenshots of the tests that use it.
 */
export async function launchChromium(artifactsDir: string): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
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
