import { expect } from 'chai';
import { WorkingCalendar } from '../../src/calendar/index.js';
import { PermanentError, TransientError } from '../../src/errors/index.js';
import { MailTemplates, SmtpTransport } from '../../src/mail/index.js';
import {
  createSelfSignedCertificate,
  startSmtpServer,
  type TestSmtpServer,
} from './smtp-test-server.js';

const templates = new MailTemplates({
  baseUrl: 'https://docroute.example.gov.vn/',
  calendar: new WorkingCalendar(),
});

const task = {
  taskId: 'task-42',
  documentNumber: '125/QĐ-UBND',
  documentSubject: 'Về việc phê duyệt kế hoạch năm 2026 <khẩn>',
  holderName: 'Nguyễn Thị Hằng',
  dueAt: new Date('2026-03-17T16:30:00+07:00'),
};

describe('SmtpTransport', function () {
  let server: TestSmtpServer | undefined;
  let certificate: { key: Buffer; cert: Buffer };

  before(function () {
    certificate = createSelfSignedCertificate();
  });

  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  it('delivers a Vietnamese reminder', async function () {
    // given a loopback SMTP server without TLS and a rendered reminder
    server = await startSmtpServer();
    const transport = new SmtpTransport(
      { url: `smtp://127.0.0.1:${server.port}?starttls=never` },
      'docroute <no-reply@example.gov.vn>',
    );
    const mail = templates.reminder(task, 'vi');

    // when
    await transport.send({ to: 'hang.nt@example.gov.vn', ...mail });
    transport.close();

    // then
    const [received] = server.received;
    const recipients = [received.to ?? []].flat().flatMap((to) => to.value.map((v) => v.address));
    const rawSubject = received.headerLines.find((line) => line.key === 'subject')?.line ?? '';
    expect(server.received).to.have.length(1);
    expect(recipients).to.deep.equal(['hang.nt@example.gov.vn']);
    expect(received.subject).to.equal(
      'Nhắc việc: 125/QĐ-UBND – Về việc phê duyệt kế hoạch năm 2026 <khẩn>',
    );
    expect(rawSubject).to.match(/^Subject: =\?UTF-8\?/);
    expect(/^[\x20-\x7e\r\n\t]*$/.test(rawSubject)).to.equal(true);
    expect(received.text).to.contain('https://docroute.example.gov.vn/tasklist/#/tasks/task-42');
    expect(received.text).to.contain('Nguyễn Thị Hằng');
    expect(received.html).to.contain(
      'href="https://docroute.example.gov.vn/tasklist/#/tasks/task-42"',
    );
    expect(received.html).to.contain('&lt;khẩn&gt;');
  });

  it('authenticates over required STARTTLS', async function () {
    // given a server with a self-signed certificate that requires AUTH
    server = await startSmtpServer({
      credentials: { user: 'clerk', password: 'p@ss:word' },
      tls: certificate,
    });
    const transport = new SmtpTransport(
      {
        url: `smtp://clerk:p%40ss%3Aword@127.0.0.1:${server.port}?starttls=required`,
        tls: { ca: certificate.cert },
      },
      'no-reply@example.gov.vn',
    );

    // when
    await transport.send({ to: 'a@example.gov.vn', subject: 'Thử', text: 'nội dung' });
    transport.close();

    // then
    expect(server.logins).to.deep.equal(['PLAIN clerk']);
    expect(server.secureSessions).to.deep.equal([true]);
  });

  it('refuses a server without STARTTLS when required', async function () {
    // given a server that offers no STARTTLS
    server = await startSmtpServer();
    const transport = new SmtpTransport(
      { url: `smtp://127.0.0.1:${server.port}?starttls=required` },
      'no-reply@example.gov.vn',
    );

    // when
    const error = await transport
      .send({ to: 'a@example.gov.vn', subject: 'x', text: 'x' })
      .catch((caught: unknown) => caught);
    transport.close();

    // then the server's 5xx reply to STARTTLS is final, so no retry is asked for
    expect(error).to.be.instanceOf(PermanentError);
    expect(server.received).to.have.length(0);
  });

  it('raises PermanentError on a rejected password', async function () {
    // given a server over TLS from the first byte (smtps) and a wrong password
    server = await startSmtpServer({
      credentials: { user: 'clerk', password: 'right' },
      tls: { ...certificate, secure: true },
    });
    const transport = new SmtpTransport(
      { url: `smtps://clerk:wrong@127.0.0.1:${server.port}`, tls: { ca: certificate.cert } },
      'no-reply@example.gov.vn',
    );

    // when
    const error = await transport
      .send({ to: 'a@example.gov.vn', subject: 'x', text: 'x' })
      .catch((caught: unknown) => caught);
    transport.close();

    // then
    expect(error).to.be.instanceOf(PermanentError);
    expect((error as PermanentError).details.responseCode).to.equal(535);
    expect(server.received).to.have.length(0);
  });

  it('sends over smtps with the right password', async function () {
    // given a server over TLS from the first byte
    server = await startSmtpServer({
      credentials: { user: 'clerk', password: 'right' },
      tls: { ...certificate, secure: true },
    });
    const transport = new SmtpTransport(
      { url: `smtps://clerk:right@127.0.0.1:${server.port}`, tls: { ca: certificate.cert } },
      'no-reply@example.gov.vn',
    );

    // when
    await transport.send({ to: 'a@example.gov.vn', subject: 'x', text: 'x' });
    transport.close();

    // then
    expect(server.secureSessions).to.deep.equal([true]);
    expect(server.logins).to.deep.equal(['PLAIN clerk']);
  });

  it('fails while the server is down, then sends once', async function () {
    // given a port whose server has stopped
    const first = await startSmtpServer();
    const port = first.port;
    await first.close();
    const transport = new SmtpTransport(
      { url: `smtp://127.0.0.1:${port}?starttls=never`, connectionTimeoutMs: 2000 },
      'no-reply@example.gov.vn',
    );
    const message = { to: 'a@example.gov.vn', subject: 'Quá hạn', text: 'x' };

    // when
    const error = await transport.send(message).catch((caught: unknown) => caught);
    server = await startSmtpServer({ port });
    await transport.send(message);
    transport.close();

    // then
    expect(error).to.be.instanceOf(TransientError);
    expect(server.received).to.have.length(1);
    expect(server.received[0].subject).to.equal('Quá hạn');
  });
});
