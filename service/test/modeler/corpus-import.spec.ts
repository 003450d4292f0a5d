import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { corpusDir, corpusFiles } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { launchChromium, openModeler, type PageHandle } from './browser.js';

interface RoundTrip {
  importError?: string;
  before: string[];
  after: string[];
}

/**
 * Imports `xml` into the page's modeler, lists its elements as `id type`, exports the diagram,
 * imports the export and lists the elements again.
 */
function roundTrip(page: Page, xml: string): Promise<RoundTrip> {
  // The callback runs in the page and avoids named inner functions, which tsx would wrap in a
  // helper that does not exist there.
  return page.evaluate(async (source) => {
    const docroute = (globalThis as unknown as { docroute: PageHandle }).docroute;
    try {
      await docroute.importXml(source);
    } catch (error) {
      return { importError: String((error as Error).message), before: [], after: [] };
    }
    const lists: string[][] = [];
    for (let round = 0; round < 2; round++) {
      if (round === 1) {
        const { xml: exported } = await docroute.modeler.saveXML({ format: true });
        await docroute.importXml(exported);
      }
      const elements = docroute.modeler
        .get('elementRegistry')
        .filter((element) => element.type !== 'label')
        .map((element) => `${element.businessObject?.id ?? element.id} ${element.type}`);
      lists.push(elements.sort());
    }
    return { before: lists[0]!, after: lists[1]! };
  }, xml);
}

describe('modeler corpus import', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let t: TestService;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    corpusFiles(this, 'bpmn', '.bpmn');
    database = await createTestDatabase('sqlite', { migrated: true });
    t = await startTestService(database);
    browser = await launchChromium();
    page = await openModeler(browser, t.url, pageErrors, {
      username: 'snv.trangdt',
      password: 'demo-phantich',
    });
  });

  after(async () => {
    await browser?.close();
    await t?.stop();
    await database?.drop();
  });

  it('imports every corpus file and re-imports its export unchanged', async function () {
    const files = corpusFiles(this, 'bpmn', '.bpmn');
    expect(files.length).to.be.greaterThan(0);
    for (const file of files) {
      const name = relative(corpusDir, file);
      // given a corpus file
      const xml = readFileSync(file, 'utf8');
      // when it is imported, exported and imported again
      const result = await roundTrip(page, xml);
      // then the import succeeds and the elements keep their ids and types
      expect(result.importError, `${name} import`).to.equal(undefined);
      expect(result.before.length, `${name} elements`).to.be.greaterThan(0);
      expect(result.after, `${name} elements after export`).to.deep.equal(result.before);
    }
    expect(pageErrors).to.deep.equal([]);
  });
});
