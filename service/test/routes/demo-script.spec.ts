import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { verifyPdfSignatures } from '../../src/signing/index.js';
import { corpusDir, corpusFiles } from '../support/corpus.js';
import {
  createTestDatabase,
  selectedDatabaseKinds,
  type TestDatabase,
} from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';

const run = promisify(execFile);
const repositoryDir = resolve(import.meta.dirname, '../../..');

/** The summary object that `npm run demo` prints as its last line. */
interface DemoSummary {
  outgoing: { processInstanceKey: string };
  incoming: { processInstanceKey: string };
  signedPdf: string;
  issued: { number: string; notation: string };
  steps: Array<{ route: string; element: string; user: string; decision?: string }>;
}

describe('npm run demo', function () {
  let database: TestDatabase;
  let service: TestService;
  let outputDir: string;

  before(async function () {
    this.timeout(60_000);
    if (!selectedDatabaseKinds().includes('sqlite')) this.skip();
    corpusFiles(this, 'pdf', '.pdf');
    database = await createTestDatabase('sqlite', { migrated: true });
    service = await startTestService(database);
    outputDir = mkdtempSync(join(tmpdir(), 'docroute-demo-'));
  });

  after(async function () {
    await service?.stop();
    await database?.drop();
    if (outputDir) rmSync(outputDir, { recursive: true, force: true });
  });

  it('drives both routes and prints a summary', async function () {
    this.timeout(120_000);
    // given a running service with the demo organisation, and an output path
    const signedPdf = join(outputDir, 'signed.pdf');

    // when the demo script runs against it
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: repositoryDir,
      env: {
        ...process.env,
        DOCROUTE_DEMO_URL: service.url,
        DOCROUTE_CORPUS_DIR: corpusDir,
        DOCROUTE_DEMO_OUTPUT: signedPdf,
      },
    });

    // then its last line is the summary of both routes
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as DemoSummary;
    expect(summary.signedPdf).to.equal(signedPdf);
    expect(summary.issued.notation).to.equal('QĐ-SNV');
    expect(summary.issued.number).to.match(/^\d{2,}$/);
    const decisions = summary.steps.map((step) => `${step.element}:${step.decision ?? ''}`);
    expect(decisions).to.include('review-by-unit-leader:return');
    expect(summary.steps.at(-1)).to.deep.include({ route: 'incoming-document', element: 'close' });

    // and both instances completed
    const engine = service.service.engine;
    expect((await engine.getInstance(summary.outgoing.processInstanceKey)).state).to.equal(
      'COMPLETED',
    );
    expect((await engine.getInstance(summary.incoming.processInstanceKey)).state).to.equal(
      'COMPLETED',
    );

    // and the written PDF carries the deputy's and the agency's valid signatures
    const ca = JSON.parse(
      readFileSync(join(service.dataDir, 'keys', 'development-ca.json'), 'utf8'),
    ) as { certificatePem: string };
    const reports = verifyPdfSignatures(readFileSync(signedPdf), {
      trustAnchors: [ca.certificatePem],
    });
    expect(reports.map((report) => report.signerCommonName)).to.deep.equal([
      'Trần Thị Thu Hà',
      'Sở Nội vụ tỉnh Hòa Bình',
    ]);
    expect(reports.map((report) => report.valid)).to.deep.equal([true, true]);
  });

  it('names the missing corpus folder', async function () {
    this.timeout(30_000);
    // given a corpus folder without a pdf/ subfolder
    const emptyCorpus = mkdtempSync(join(outputDir, 'corpus-'));

    // when the demo script runs
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: repositoryDir,
      env: { ...process.env, DOCROUTE_DEMO_URL: service.url, DOCROUTE_CORPUS_DIR: emptyCorpus },
    }).then(
      () => expect.fail('the demo script succeeded without a PDF'),
      (error: { code: number; stderr: string }) => error,
    );

    // then it exits with 1, naming the folder without a PDF
    expect(failure.code).to.equal(1);
    expect(failure.stderr).to.include(`no PDF found in ${join(emptyCorpus, 'pdf')}`);
    expect(failure.stderr).to.include('DOCROUTE_CORPUS_DIR');
  });
});
