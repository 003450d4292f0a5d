import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createErrorHandler } from '../../src/http/problem.js';
import { singleFileUpload } from '../../src/http/routers/files.router.js';
import { createHttpLogger, createLogger } from '../../src/log/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from './harness.js';

/** pino's number for the error level; lines at or above it mean the server blamed itself. */
const ERROR_LEVEL = 50;

describeEachDatabase('broken request bodies', (database) => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(database().url);
  });

  after(async () => {
    await t?.close();
  });

  beforeEach(() => {
    t.logs.lines.length = 0;
  });

  function errorLines(): Array<Record<string, unknown>> {
    return t.logs.lines.filter((line) => (line.level as number) >= ERROR_LEVEL);
  }

  function expectClientProblem(response: request.Response): void {
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('VALIDATION_FAILED');
    expect(errorLines()).to.deep.equal([]);
    const [completed] = t.logs.withMessage('request completed');
    expect(completed?.level).to.be.below(ERROR_LEVEL);
  }

  it('gzip header on plain JSON is 400', async () => {
    // given a JSON body that claims to be gzip-compressed but is not
    // when it is posted
    const response = await request(t.app)
      .post('/api/process-instances')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"bpmnProcessId":"review-letter"}');

    // then the problem states that the body is not gzip data
    expectClientProblem(response);
    expect(response.body.detail).to.contain('not valid gzip data');
    expect(response.body.detail).not.to.contain('incorrect header check');
  });

  it('multipart without boundary is 400', async () => {
    // given a multipart content type without its boundary parameter
    // when a deployment is posted with it
    const response = await request(t.app)
      .post('/api/deployments')
      .set('Content-Type', 'multipart/form-data')
      .send('--x\r\n');

    // then the problem names the missing boundary
    expectClientProblem(response);
    expect(response.body.detail).to.contain('no boundary parameter');
  });

  it('truncated multipart body is 400', async () => {
    // given a multipart body that stops inside its only file
    const body =
      '--cut\r\nContent-Disposition: form-data; name="files"; filename="a.bpmn"\r\n' +
      'Content-Type: application/xml\r\n\r\n<definitions';

    // when a deployment is posted with it
    const response = await request(t.app)
      .post('/api/deployments')
      .set('Content-Type', 'multipart/form-data; boundary=cut')
      .send(body);

    // then the problem states that the upload is incomplete
    expectClientProblem(response);
    expect(response.body.detail).to.contain('ended before its closing boundary');
  });

  it('truncated single-file upload is 400', async () => {
    // given an app with the single-file upload of the files and signatures routes
    const app = express();
    app.use(createHttpLogger(createLogger({ level: 'info', destination: t.logs })));
    app.post('/upload', singleFileUpload(1024), (_req, res) => {
      res.status(204).end();
    });
    app.use(createErrorHandler(1024));
    const body =
      '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7';

    // when a cut-short multipart body is posted to it
    const response = await request(app)
      .post('/upload')
      .set('Content-Type', 'multipart/form-data; boundary=cut')
      .send(body);

    // then it is a client problem as well
    expectClientProblem(response);
    expect(response.body.detail).to.contain('ended before its closing boundary');
  });

  it('deeply nested JSON is 400', async () => {
    // given variables nested 5,000 levels deep
    const depth = 5000;
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const body = `{"bpmnProcessId":"review-letter","variables":{"deep":${nested}}}`;

    // when an instance is requested
    const response = await request(t.app)
      .post('/api/process-instances')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the problem names the variable as too deep, without the runtime's message
    expectClientProblem(response);
    expect(response.body.field).to.equal('variables.deep');
    expect(response.body.detail).to.contain('nested more than 64 levels deep');
    expect(response.body.detail).not.to.contain('call stack');
  });

  it('oversized JSON stays 413', async () => {
    // given a body over the upload limit, sent with a valid gzip-free encoding
    const body = JSON.stringify({ name: 'reply', correlationKey: 'x'.repeat(70 * 1024) });

    // when a message is published with it
    const response = await request(t.app)
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the size limit keeps its own status
    expect(response.status).to.equal(413);
    expect(response.body.code).to.equal('PAYLOAD_TOO_LARGE');
  });
});
