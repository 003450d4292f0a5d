import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DemoClient } from './demo-client.js';

/**
 * `npm run demo:escalation`: starts docroute as a child process on a temporary data folder, with
 * every route step shortened to seconds by a deadlines file and e-mail going to an SMTP server on
 * 127.0.0.1 that this script runs. A VP specialist of Sở Nội vụ starts an outgoing document, and
 * the deputy head of VP claims the review and lets it go overdue. The deputy is reminded, then
 * the head of VP and the director receive escalation levels 1 and 2. Prints every e-mail received
 * (recipient and subject); the last line is one JSON object.
 */

const repository = resolve(import.meta.dirname, '..');
const SNV = '000.00.12.H26';
const deadlines = {
  fixedStep: { stepSeconds: 8, reminderSeconds: 4 },
  escalation: { interval: 'PT4S', maxLevels: 3 },
};
const expectedEmails = 3;
const waitLimitMs = 90_000;

interface ReceivedEmail {
  to: string[];
  subject: string;
  at: string;
}

async function startSmtp(received: ReceivedEmail[]): Promise<{ port: number; close(): void }> {
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
          received.push({ to, subject: mail.subject ?? '', at: new Date().toISOString() });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => server.close() };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function startService(dataDir: string, port: number, smtpPort: number): ChildProcess {
  const deadlinesFile = join(dataDir, 'deadlines.json');
  writeFileSync(deadlinesFile, JSON.stringify(deadlines, null, 2));
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/main.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      DATABASE_URL: '',
      ZEEBE_ADDRESS: '',
      PORT: String(port),
      DOCROUTE_HOST: '127.0.0.1',
      DOCROUTE_DATA_DIR: join(dataDir, 'data'),
      DOCROUTE_DEMO_SEED: 'true',
      DOCROUTE_DEADLINES_FILE: deadlinesFile,
      DOCROUTE_ENGINE_POLL_MS: '100',
      DOCROUTE_LOG_LEVEL: 'warn',
      DOCROUTE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitForHealth(client: DemoClient, child: ChildProcess): Promise<void> {
  await client.poll('the service to answer /health', async () => {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const response = await fetch(`${client.baseUrl}/health`).catch(() => undefined);
    return response?.ok ? true : undefined;
  });
}

async function draftPdf(subject: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText(`Draft: ${subject.normalize('NFD').replace(/[^\x20-\x7e]/g, '')}`, {
    x: 50,
    y: 780,
    size: 12,
    font,
  });
  return Buffer.from(await pdf.save());
}

/** Starts the outgoing route and has the deputy head of VP claim the review. */
async function startOverdueReview(client: DemoClient): Promise<{ key: string; taskKey: string }> {
  const drafter = 'snv.trangdt';
  const subject = 'Về việc tăng cường kỷ luật, kỷ cương hành chính';
  const fileId = await client.uploadPdf(drafter, await draftPdf(subject), 'du-thao.pdf');
  const draft = (await client.call(drafter, 'POST', '/api/documents/drafts', {
    organId: SNV,
    typeCode: 'CV',
    subject,
    signerPosition: 'Giám đốc',
    signerFullName: 'Nguyễn Văn Hùng',
    fileId,
  })) as { document: { id: string } };
  const users = (await client.call(drafter, 'GET', `/api/org/users?organId=${SNV}`)) as {
    id: string;
    username: string;
  }[];
  const director = users.find((user) => user.username === 'snv.hungnv')!;
  const started = (await client.call(drafter, 'POST', '/api/routes/outgoing', {
    documentId: draft.document.id,
    signerId: director.id,
  })) as { processInstanceKey: string };
  const route = { name: 'outgoing-document', key: started.processInstanceKey };
  await client.complete(drafter, route, 'draft', { variables: { fileId } });
  const review = await client.waitForTask('snv.namdv', route.key, 'review-by-unit-leader');
  await client.call('snv.namdv', 'POST', `/api/tasks/${review.key}/claim`);
  return { key: route.key, taskKey: review.key };
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-escalation-demo-'));
  const received: ReceivedEmail[] = [];
  const smtp = await startSmtp(received);
  const port = await freePort();
  const child = startService(folder, port, smtp.port);
  const client = new DemoClient(`http://127.0.0.1:${port}`);
  try {
    await waitForHealth(client, child);
    console.log(`service on ${client.baseUrl}, SMTP on 127.0.0.1:${smtp.port}`);
    console.log(`deadlines: ${JSON.stringify(deadlines)}`);
    const { key, taskKey } = await startOverdueReview(client);
    console.log(`review task ${taskKey} of instance ${key} is held by snv.namdv; waiting…`);
    const giveUpAt = Date.now() + waitLimitMs;
    let printed = 0;
    while (received.length < expectedEmails) {
      if (Date.now() > giveUpAt) throw new Error(`only ${received.length} e-mails arrived`);
      for (; printed < received.length; printed += 1) printEmail(received[printed]!);
      await new Promise((done) => setTimeout(done, 200));
    }
    for (; printed < received.length; printed += 1) printEmail(received[printed]!);
    console.log(JSON.stringify({ processInstanceKey: key, taskKey, emails: received }));
  } finally {
    child.kill('SIGTERM');
    smtp.close();
    await new Promise((done) => child.once('exit', done).once('error', done));
    rmSync(folder, { recursive: true, force: true });
  }
}

function printEmail(email: ReceivedEmail): void {
  console.log(`${email.at}  to ${email.to.join(', ')}  ${email.subject}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
