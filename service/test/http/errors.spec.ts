import { expect } from 'chai';
import type { RequestHandler } from 'express';
import request from 'supertest';
import { UnauthorizedError } from '../../src/errors/index.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, testUploadLimit, type TestApp } from './harness.js';

describeEachDatabase('http basics', (database) => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(database().url);
  });

  after(async () => {
    await t?.close();
  });

  it('health is 200 when all is up', async () => {
    // given a running app on a migrated database
    // when health is requested
    const response = await request(t.app).get('/health');

    // then the database and the embedded engine are reported healthy
    expect(response.status).to.equal(200);
    expect(response.body.status).to.equal('ok');
    expect(response.body.database).to.deep.equal({ ok: true });
    expect(response.body.engine.ok).to.equal(true);
    expect(response.body.engine.engine).to.equal('embedded');
  });

  it('malformed JSON is 400', async () => {
    // given a body that is not valid JSON
    const body = '{"bpmnProcessId": "review-letter",';

    // when it is posted
    const response = await request(t.app)
      .post('/api/process-instances')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the problem detail reports malformed JSON
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('VALIDATION_FAILED');
    expect(response.body.detail).to.match(/malformed JSON/);
    expect(response.body.field).to.equal('body');
  });

  it('missing body is 400', async () => {
    // given no body at all
    // when a message is published
    const response = await request(t.app).post('/api/messages');

    // then the problem detail names the expected content type
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('application/json');
  });

  it('unknown route is 404', async () => {
    // given a path that no router serves
    // when it is requested
    const response = await request(t.app).get('/api/nothing-here');

    // then the response is a 404 problem naming the path
    expect(response.status).to.equal(404);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.value).to.equal('/api/nothing-here');
    expect(response.body.instance).to.equal('/api/nothing-here');
  });

  it('echoes the request id', async () => {
    // given a request with an id
    // when any route is called
    const response = await request(t.app).get('/api/processes').set('X-Request-Id', 'abc-123');

    // then the response carries the same id
    expect(response.status).to.equal(200);
    expect(response.headers['x-request-id']).to.equal('abc-123');
  });

  it('undecodable path parameter is 400', async () => {
    // given a key that is not valid percent-encoding
    // when the instance is requested
    const response = await request(t.app).get('/api/process-instances/%E0%A4%A');

    // then the problem blames the request, not the server
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('VALIDATION_FAILED');
    expect(response.body.detail).to.contain('invalid request path');
    expect(response.body.field).to.equal('path');
  });

  it('bad query value is 400', async () => {
    // given an incident state that does not exist
    // when incidents are listed with it
    const response = await request(t.app).get('/api/incidents').query({ state: 'OPEN' });

    // then the problem names the query field
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('state');
    expect(response.body.value).to.equal('OPEN');
  });

  it('incident list is empty at first', async () => {
    // given a fresh database
    // when incidents are listed
    const response = await request(t.app).get('/api/incidents');

    // then the list is empty
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal([]);
  });

  it('authenticate guards api, not health', async () => {
    // given an app whose authentication rejects every request
    const rejectAll: RequestHandler = (_req, _res, next) => {
      next(new UnauthorizedError('missing bearer token: log in first'));
    };
    const guarded = createApp({
      engine: t.engine,
      dataSource: t.dataSource,
      config: { maxUploadBytes: testUploadLimit },
      logger: createLogger({ level: 'silent' }),
      authenticate: rejectAll,
    });

    // when an api route and health are requested
    const api = await request(guarded).get('/api/processes');
    const health = await request(guarded).get('/health');

    // then the api route is 401 and health stays open
    expect(api.status).to.equal(401);
    expect(api.body.code).to.equal('UNAUTHORIZED');
    expect(health.status).to.equal(200);
  });

  it('root redirects to the modeler', async () => {
    // given an app with the modeler mounted
    const logger = createLogger({ level: 'silent' });
    const withModeler = createApp({
      engine: t.engine,
      dataSource: t.dataSource,
      config: { maxUploadBytes: testUploadLimit },
      logger,
      modeler: {
        engine: t.engine,
        dataSource: t.dataSource,
        logger,
        maxBodyBytes: testUploadLimit,
        registeredJobTypes: () => [],
      },
    });

    // when the root is requested, with and without the modeler
    const redirected = await request(withModeler).get('/');
    const plain = await request(t.app).get('/');

    // then the modeler app redirects and the plain app has nothing there
    expect(redirected.status).to.equal(302);
    expect(redirected.headers.location).to.equal('/modeler/');
    expect(plain.status).to.equal(404);
  });
});
