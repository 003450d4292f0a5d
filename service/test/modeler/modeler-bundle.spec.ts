import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModeler, isModelerBundleStale } from '../../../modeler/build.js';

describe('modeler bundle', function () {
  this.timeout(60_000);
  let outdir: string;

  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'docroute-modeler-dist-'));
  });

  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('is stale when missing', () => {
    // given an empty output folder
    // when staleness is checked
    // then the bundle needs a build
    expect(isModelerBundleStale(outdir)).to.equal(true);
  });

  it('builds page, script, styles and fonts', async () => {
    // given an empty output folder
    // when the bundle is built
    await buildModeler(outdir);
    // then it has the page, the script, the styles and the font files they reference
    const files = readdirSync(outdir);
    expect(files).to.include.members(['index.html', 'modeler.js', 'modeler.css']);
    expect(files.some((file) => file.endsWith('.woff') || file.endsWith('.eot'))).to.equal(true);
    expect(readFileSync(join(outdir, 'index.html'), 'utf8')).to.include('modeler.js');
    // and it is no longer stale
    expect(isModelerBundleStale(outdir)).to.equal(false);
  });
});
