import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { TransientError } from '../../src/errors/index.js';
import { MailService, SmtpTransport } from '../../src/mail/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

const message = {
  to: 'hang.nt@example.gov.vn',
  subject: 'Nhắc việc: 125/QĐ-UBND',
  text: 'Văn bản sắp đến hạn xử lý.',
};

describeEachDatabase('MailService.sendOnce', (database) => {
  let dataSource: DataSource;
  let server: TestSmtpServer | undefined;
  let transport: SmtpTransport | undefined;
  let clock: Date;

  const createService = (port: number) => {
    transport = new SmtpTransport(
      { url: `smtp://127.0.0.1:${port}?starttls=never`, connectionTimeoutMs: 2000 },
      'no-reply@example.gov.vn',
    );
    return new MailService({
      dataSource,
      transport,
      messageIdDomain: 'docroute.example.gov.vn',
      sendingLeaseMs: 60_000,
      now: () => clock,
    });
  };

  before(async function () {
    dataSource = createDataSource(database().url);
    await dataSource.initialize();
  });

  after(async function () {
    await dataSource.destroy();
  });

  beforeEach(function () {
    clock = new Date('2026-03-16T01:00:00Z');
  });

  afterEach(async function () {
    transport?.close();
    await server?.close();
    server = undefined;
  });

  it('sends one e-mail for two calls', async function () {
    // given a loopback SMTP server
    server = await startSmtpServer();
    const service = createService(server.port);

    // when the same key is sent twice
    const first = await service.sendOnce('reminder:task-1:1', message);
    const second = await service.sendOnce('reminder:task-1:1', message);

    // then
    expect(first.status).to.equal('sent');
    expect(second.status).to.equal('already-sent');
    expect(server.received).to.have.length(1);
    expect(server.received[0].messageId).to.equal(first.messageId);
    expect(second.messageId).to.equal(first.messageId);
  });

  it('sends once for concurrent calls', async function () {
    // given a loopback SMTP server
    server = await startSmtpServer();
    const service = createService(server.port);

    // when two sends with one key run at the same time
    const results = await Promise.allSettled([
      service.sendOnce('reminder:task-5:1', message),
      service.sendOnce('reminder:task-5:1', message),
    ]);

    // then one sends and the other is asked to retry later
    const sent = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(sent).to.have.length(1);
    expect(rejected).to.have.length(1);
    expect(rejected[0].reason).to.be.instanceOf(TransientError);
    expect(server.received).to.have.length(1);
  });

  it('sends different keys separately', async function () {
    // given a loopback SMTP server
    server = await startSmtpServer();
    const service = createService(server.port);

    // when
    await service.sendOnce('reminder:task-2:1', message);
    await service.sendOnce('reminder:task-2:2', message);

    // then
    expect(server.received).to.have.length(2);
  });

  it('retries after a failed send', async function () {
    // given a port whose server has stopped
    const stopped = await startSmtpServer();
    await stopped.close();
    const service = createService(stopped.port);

    // when the first send fails and the server comes back
    const error = await service.sendOnce('escalation:task-3:1', message).catch((e: unknown) => e);
    server = await startSmtpServer({ port: stopped.port });
    const retried = await service.sendOnce('escalation:task-3:1', message);
    const repeated = await service.sendOnce('escalation:task-3:1', message);

    // then
    expect(error).to.be.instanceOf(TransientError);
    expect(retried.status).to.equal('sent');
    expect(repeated.status).to.equal('already-sent');
    expect(server.received).to.have.length(1);
    const [row] = await dataSource.query(
      'SELECT status, attempts FROM mail_log WHERE idempotency_key = ?',
      ['escalation:task-3:1'],
    );
    expect(row.status).to.equal('sent');
    expect(Number(row.attempts)).to.equal(2);
  });

  it('waits for a send in progress, then takes it over', async function () {
    // given a row left in state sending, as by a process that died mid-send
    server = await startSmtpServer();
    const service = createService(server.port);
    const key = 'reminder:task-4:1';
    await dataSource.query(
      'INSERT INTO mail_log (idempotency_key, status, message_id, recipients, subject, attempts, ' +
        'claimed_at_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
      [
        key,
        'sending',
        service.messageIdFor(key),
        message.to,
        message.subject,
        clock.getTime(),
        '2026-03-16 01:00:00.000',
        '2026-03-16 01:00:00.000',
      ],
    );

    // when a send comes within the lease, and another after it
    const during = await service.sendOnce(key, message).catch((e: unknown) => e);
    clock = new Date(clock.getTime() + 61_000);
    const after = await service.sendOnce(key, message);

    // then
    expect(during).to.be.instanceOf(TransientError);
    expect((during as TransientError).retryBackoffMs).to.equal(60_000);
    expect(after.status).to.equal('sent');
    expect(server.received).to.have.length(1);
    expect(server.received[0].messageId).to.equal(service.messageIdFor(key));
  });
});
