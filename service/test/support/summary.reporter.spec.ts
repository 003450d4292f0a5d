import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Runs mocha with the summary reporter on `specSource` and returns its output lines. */
async function runMocha(specSource: string): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-reporter-'));
  try {
    writeFileSync(join(folder, 'sample.spec.cjs'), specSource);
    const config = {
      reporter: join(repositoryRoot, 'service/test/support/summary.reporter.ts'),
      import: 'tsx',
    };
    writeFileSync(join(folder, 'mocharc.json'), JSON.stringify(config));
    const args = [
      'mocha',
      '--config',
      join(folder, 'mocharc.json'),
      join(folder, 'sample.spec.cjs'),
    ];
    let stdout: string;
    try {
      ({ stdout } = await run('npx', args, { cwd: repositoryRoot }));
    } catch (error) {
      // Mocha exits with the number of failures.
      stdout = (error as { stdout: string }).stdout;
    }
    return stdout.trimEnd().split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('summary reporter', function () {
  this.timeout(60_000);

  it('ends with passed, failed and skipped', async () => {
    // given a suite with two passing, one failing and one skipped test
    const source = `
      describe('sample', () => {
        it('one', () => {});
        it('two', () => {});
        it('three', () => { throw new Error('expected failure'); });
        it.skip('four', () => {});
      });`;

    // when mocha runs it with the summary reporter
    const lines = await runMocha(source);

    // then the last line counts each outcome
    expect(lines.at(-1)).to.equal('2 passed, 1 failed, 1 skipped');
  });

  it('omits skipped when none', async () => {
    // given a suite with one passing test
    const source = `describe('sample', () => { it('one', () => {}); });`;

    // when mocha runs it with the summary reporter
    const lines = await runMocha(source);

    // then the last line has no skipped count
    expect(lines.at(-1)).to.equal('1 passed, 0 failed');
  });
});
