import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { buildTasklist, isTasklistBundleStale } from '../../../tasklist/build.js';
import { createLogger } from '../../src/log/index.js';
import { createTasklistRouter } from '../../src/tasklist/index.js';

describe('task list bundle', function () {
  this.timeout(60_000);
  let outdir: string;

  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'docroute-tasklist-dist-'));
  });

  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('is stale when missing', () => {
    // given an empty output folder
    // when staleness is checked
    // then the bundle needs a build
    expect(isTasklistBundleStale(outdir)).to.equal(true);
  });

  it('builds page, script, styles and a pdf.js chunk', async () => {
    // given an output folder with a chunk of an earlier build
    writeFileSync(join(outdir, 'pdf-OLDBUILD.js'), 'export {};');

    // when the bundle is built
    await buildTasklist(outdir);

    // then it has the page, its script and style sheet, and pdf.js in a chunk of its own
    const files = readdirSync(outdir);
    expect(files).to.include.members(['index.html', 'tasklist.js', 'tasklist.css']);
    const chunks = files.filter((file) => file.endsWith('.js') && file !== 'tasklist.js');
    expect(chunks).to.have.length.greaterThan(0);
    expect(files).to.not.include('pdf-OLDBUILD.js');
    expect(readFileSync(join(outdir, 'tasklist.js'), 'utf8')).to.not.include(
      'GlobalWorkerOptions=',
    );
    expect(readFileSync(join(outdir, 'index.html'), 'utf8')).to.include('tasklist.js');
    // and it is no longer stale
    expect(isTasklistBundleStale(outdir)).to.equal(false);
  });
});

describe('task list router', function () {
  this.timeout(60_000);
  const app = express().use(createTasklistRouter({ logger: createLogger({ level: 'silent' }) }));

  it('serves the page with a content security policy', async () => {
    // when the page is requested
    const response = await request(app).get('/tasklist/');

    // then it is the HTML page, restricted to this server's own resources
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.text).to.include('tasklist.js');
    expect(response.headers['content-security-policy']).to.include("default-src 'self'");
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('serves the pdf.js worker and font data', async () => {
    // when the worker and a standard font file are requested
    const worker = await request(app).get('/tasklist/pdfjs/build/pdf.worker.min.mjs');
    const font = await request(app).get('/tasklist/pdfjs/standard_fonts/FoxitSerif.pfb');

    // then both come from the installed pdfjs-dist package
    expect(worker.status).to.equal(200);
    expect(worker.headers['content-type']).to.match(/javascript/);
    expect(font.status).to.equal(200);
  });

  it('serves nothing else of pdfjs-dist', async () => {
    // when the package manifest is requested through the pdf.js path
    const response = await request(app).get('/tasklist/pdfjs/package.json');

    // then no file of the package is returned
    expect(response.text).to.not.include('"name": "pdfjs-dist"');
  });
});
