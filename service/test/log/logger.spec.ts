import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createHttpLogger, createLogger } from '../../src/log/index.js';
import { LogCapture } from './capture.js';

function appWithRequestLogging(capture: LogCapture): express.Express {
  const app = express();
  app.use(createHttpLogger(createLogger({ level: 'info', destination: capture })));
  app.get('/echo', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

describe('logger', () => {
  it('redacts secrets and document content', () => {
    // given a logger writing to a capture stream
    const capture = new LogCapture();
    const logger = createLogger({ level: 'info', destination: capture });

    // when fields with secrets and content are logged
    logger.info(
      {
        password: 'hunter2',
        user: { name: 'lan', token: 'abc.def.ghi' },
        zeebe: { clientSecret: 's3cret' },
        document: { id: 'doc-1', content: 'Quyết định số 12/QĐ' },
      },
      'user signed in',
    );

    // then each secret and the content are replaced, and other fields stay
    const [line] = capture.lines;
    expect(line?.password).to.equal('[redacted]');
    expect(line?.user).to.deep.equal({ name: 'lan', token: '[redacted]' });
    expect(line?.zeebe).to.deep.equal({ clientSecret: '[redacted]' });
    expect(line?.document).to.deep.equal({ id: 'doc-1', content: '[redacted]' });
    expect(line?.msg).to.equal('user signed in');
  });

  it('redacts Authorization and Cookie headers', async () => {
    // given an app with request logging
    const capture = new LogCapture();
    const app = appWithRequestLogging(capture);

    // when a request carries credentials
    await request(app)
      .get('/echo')
      .set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.secret')
      .set('Cookie', 'session=abc123')
      .expect(200);

    // then the request log has the headers redacted and the token nowhere
    const [completed] = capture.withMessage('request completed');
    const headers = (completed?.req as { headers: Record<string, string> }).headers;
    expect(headers.authorization).to.equal('[redacted]');
    expect(headers.cookie).to.equal('[redacted]');
    const raw = JSON.stringify(capture.lines);
    expect(raw).not.to.contain('eyJhbGciOiJIUzI1NiJ9');
    expect(raw).not.to.contain('abc123');
  });

  it('echoes an incoming request id', async () => {
    // given an app with request logging
    const capture = new LogCapture();
    const app = appWithRequestLogging(capture);

    // when a request names its id
    const response = await request(app).get('/echo').set('X-Request-Id', 'trace-42').expect(200);

    // then the response and the log line carry that id
    expect(response.headers['x-request-id']).to.equal('trace-42');
    expect(capture.withMessage('request completed')[0]?.reqId).to.equal('trace-42');
  });

  it('generates a request id when absent or unsafe', async () => {
    // given an app with request logging
    const capture = new LogCapture();
    const app = appWithRequestLogging(capture);

    // when one request has no id and another an id with a line break
    const first = await request(app).get('/echo').expect(200);
    const second = await request(app).get('/echo').set('X-Request-Id', 'a b\tc').expect(200);

    // then each gets a fresh UUID
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(first.headers['x-request-id']).to.match(uuid);
    expect(second.headers['x-request-id']).to.match(uuid);
    expect(first.headers['x-request-id']).not.to.equal(second.headers['x-request-id']);
  });

  it('redacts secret query parameters', async () => {
    // given an app with request logging
    const capture = new LogCapture();
    const app = appWithRequestLogging(capture);
    const query =
      'token=t0k3n&Password=hunter2&page=2&ACCESS_TOKEN=a1&api-key=k9&signature=s1&code=c7' +
      '&processInstanceKey=2251799813685249&secret=s3&key=k1';

    // when a request carries secrets in its query string
    await request(app).get(`/echo?${query}`).expect(200);

    // then the url and the query keep the other parameters and hide every secret value
    const [completed] = capture.withMessage('request completed');
    const logged = completed?.req as { url: string; query: Record<string, string> };
    expect(logged.url).to.equal(
      '/echo?token=[redacted]&Password=[redacted]&page=2&ACCESS_TOKEN=[redacted]' +
        '&api-key=[redacted]&signature=[redacted]&code=[redacted]' +
        '&processInstanceKey=2251799813685249&secret=[redacted]&key=[redacted]',
    );
    expect(logged.query.token).to.equal('[redacted]');
    expect(logged.query.Password).to.equal('[redacted]');
    expect(logged.query.ACCESS_TOKEN).to.equal('[redacted]');
    expect(logged.query['api-key']).to.equal('[redacted]');
    expect(logged.query.page).to.equal('2');
    expect(logged.query.processInstanceKey).to.equal('2251799813685249');
    const raw = JSON.stringify(capture.lines);
    for (const secret of ['t0k3n', 'hunter2', 'a1', 'k9', 's1', 'c7', 's3', 'k1']) {
      expect(raw).not.to.contain(`=${secret}`);
      expect(raw).not.to.contain(`"${secret}"`);
    }
  });

  it('redacts percent-encoded secret names', async () => {
    // given an app with request logging
    const capture = new LogCapture();
    const app = appWithRequestLogging(capture);

    // when the secret parameter name is percent-encoded and repeated
    await request(app).get('/echo?%70assword=one&password=two').expect(200);

    // then every value is hidden in the url and the query
    const [completed] = capture.withMessage('request completed');
    const logged = completed?.req as { url: string; query: Record<string, unknown> };
    expect(logged.url).to.equal('/echo?%70assword=[redacted]&password=[redacted]');
    expect(logged.query.password).to.equal('[redacted]');
    expect(JSON.stringify(capture.lines)).not.to.match(/"(one|two)"/);
  });
});
