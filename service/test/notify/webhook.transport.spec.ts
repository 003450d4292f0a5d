import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentError, TransientError } from '../../src/errors/index.js';
import {
  verifyWebhookSignature,
  WebhookChannel,
  WebhookTransport,
  type WebhookTransportOptions,
} from '../../src/notify/index.js';

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Starts a loopback HTTP receiver that replies with `statuses` in turn, then 200. `hang` sends no reply. */
async function startReceiver(statuses: Array<number | 'hang'>) {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.shift() ?? 200;
      if (status === 'hang') return;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/docroute`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const secret = 'test-secret-0123456789';
const clock = new Date('2026-03-16T01:00:00Z');

describe('WebhookTransport', function () {
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let sleeps: number[];

  const createTransport = (url: string, options: Partial<WebhookTransportOptions> = {}) =>
    new WebhookTransport({
      url,
      secret,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      now: () => clock,
      ...options,
    });

  beforeEach(function () {
    sleeps = [];
  });

  afterEach(async function () {
    await receiver?.close();
    receiver = undefined;
  });

  it('signs the timestamp and raw body', async function () {
    // given a receiver that accepts
    receiver = await startReceiver([]);
    const channel = new WebhookChannel(createTransport(receiver.url), 'sms');

    // when
    await channel.send({
      recipient: '+84901234567',
      subject: 'Nhắc việc',
      text: 'Văn bản 125/QĐ-UBND sắp đến hạn',
      link: 'https://docroute.example.gov.vn/tasks/task-1',
      idempotencyKey: 'reminder:task-1:1',
    });

    // then
    const [request] = receiver.received;
    const timestamp = request.headers['x-docroute-timestamp'] as string;
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.${request.body}`)
      .digest('hex');
    expect(receiver.received).to.have.length(1);
    expect(timestamp).to.equal(String(clock.getTime() / 1000));
    expect(request.headers['x-docroute-signature']).to.equal(`sha256=${expected}`);
    expect(request.headers['idempotency-key']).to.equal('reminder:task-1:1');
    expect(request.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(request.body)).to.deep.include({ channel: 'sms', recipient: '+84901234567' });
    expect(
      verifyWebhookSignature({
        secret,
        body: request.body,
        timestampHeader: timestamp,
        signatureHeader: request.headers['x-docroute-signature'] as string,
        now: clock,
      }),
    ).to.equal(true);
  });

  it('retries a 503', async function () {
    // given a receiver that fails once with 503
    receiver = await startReceiver([503]);

    // when
    await createTransport(receiver.url).post({ hello: 'xin chào' }, 'key-503');

    // then
    expect(receiver.received).to.have.length(2);
    expect(sleeps).to.deep.equal([500]);
    expect(receiver.received[1].headers['idempotency-key']).to.equal('key-503');
  });

  it('does not retry a 400', async function () {
    // given a receiver that rejects the request
    receiver = await startReceiver([400]);

    // when
    const error = await createTransport(receiver.url)
      .post({ hello: 'xin chào' }, 'key-400')
      .catch((caught: unknown) => caught);

    // then
    expect(error).to.be.instanceOf(PermanentError);
    expect((error as PermanentError).details.status).to.equal(400);
    expect(receiver.received).to.have.length(1);
    expect(sleeps).to.deep.equal([]);
  });

  it('does not follow a redirect', async function () {
    // given a receiver that redirects
    receiver = await startReceiver([307]);

    // when
    const error = await createTransport(receiver.url)
      .post({}, 'key-307')
      .catch((caught: unknown) => caught);

    // then
    expect(error).to.be.instanceOf(PermanentError);
    expect((error as PermanentError).details.status).to.equal(307);
    expect(receiver.received).to.have.length(1);
  });

  it('backs off exponentially, then gives up', async function () {
    // given a receiver that keeps failing
    receiver = await startReceiver([500, 502, 503, 504]);

    // when
    const error = await createTransport(receiver.url)
      .post({}, 'key-5xx')
      .catch((caught: unknown) => caught);

    // then
    expect(error).to.be.instanceOf(TransientError);
    expect((error as TransientError).message).to.contain('HTTP 504');
    expect(receiver.received).to.have.length(4);
    expect(sleeps).to.deep.equal([500, 1000, 2000]);
  });

  it('retries a refused connection', async function () {
    // given a port with no receiver
    const stopped = await startReceiver([]);
    await stopped.close();

    // when
    const error = await createTransport(stopped.url, { maxAttempts: 2 })
      .post({}, 'key-down')
      .catch((caught: unknown) => caught);

    // then
    expect(error).to.be.instanceOf(TransientError);
    expect((error as TransientError).message).to.contain('ECONNREFUSED');
    expect(sleeps).to.deep.equal([500]);
  });

  it('times out a silent receiver', async function () {
    // given a receiver that sends no reply to the first request
    receiver = await startReceiver(['hang']);

    // when
    await createTransport(receiver.url, { timeoutMs: 200 }).post({}, 'key-timeout');

    // then
    expect(receiver.received).to.have.length(2);
    expect(sleeps).to.deep.equal([500]);
  });

  it('rejects a short secret', function () {
    // given / when / then
    expect(() => new WebhookTransport({ url: 'http://127.0.0.1:1/', secret: 'short' })).to.throw(
      /secret must be at least 16 characters/,
    );
  });
});

describe('verifyWebhookSignature', function () {
  const body = '{"text":"xin chào"}';
  const timestamp = String(clock.getTime() / 1000);
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

  it('accepts a valid signature', function () {
    // given / when / then
    expect(
      verifyWebhookSignature({
        secret,
        body,
        timestampHeader: timestamp,
        signatureHeader: signature,
        now: clock,
      }),
    ).to.equal(true);
  });

  it('rejects a changed body', function () {
    // given / when / then
    expect(
      verifyWebhookSignature({
        secret,
        body: body.replace('chào', 'chao'),
        timestampHeader: timestamp,
        signatureHeader: signature,
        now: clock,
      }),
    ).to.equal(false);
  });

  it('rejects an old timestamp', function () {
    // given a request verified ten minutes later
    const later = new Date(clock.getTime() + 600_000);

    // when / then
    expect(
      verifyWebhookSignature({
        secret,
        body,
        timestampHeader: timestamp,
        signatureHeader: signature,
        now: later,
      }),
    ).to.equal(false);
  });
});
