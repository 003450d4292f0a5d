import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { DemoClient } from './demo-client.js';

/**
 * `npm run demo`: drives one real PDF through the outgoing route of Sở Nội vụ (SNV) as its seeded
 * users, with one return for revision and a deputy signing ký thay (KT.) for the director. Sở Tài
 * chính (STC) receives the issued document, and its incoming route runs to closing. The script
 * needs a running service with the demo organisation seeded (`npm start` on its defaults).
 *
 * DOCROUTE_DEMO_URL     the service, default http://127.0.0.1:3000
 * DOCROUTE_CORPUS_DIR   folder whose pdf/ subfolder contains the PDF, default ../shared/corpus
 * DOCROUTE_DEMO_OUTPUT  where the signed PDF is written, default ./data/demo/signed.pdf
 *
 * The last line printed is one JSON object: { outgoing, incoming, signedPdf, issued, steps }.
 */

const SNV = '000.00.12.H26';
const STC = '000.00.13.H26';
const repositoryDir = resolve(import.meta.dirname, '..');

interface Unit {
  id: string;
  code: string;
}

interface User {
  id: string;
  username: string;
}

/** Picks normal.pdf from the corpus pdf/ folder, or else its first PDF. */
function corpusPdf(): { path: string; content: Buffer } {
  const corpus = resolve(
    process.env.DOCROUTE_CORPUS_DIR ?? join(repositoryDir, '../shared/corpus'),
  );
  const folder = join(corpus, 'pdf');
  const names = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.toLowerCase().endsWith('.pdf'))
        .sort()
    : [];
  if (names.length === 0) {
    throw new Error(
      `no PDF found in ${folder}; set DOCROUTE_CORPUS_DIR to a folder with a pdf/ subfolder of PDF files`,
    );
  }
  const name = names.includes('normal.pdf') ? 'normal.pdf' : names[0]!;
  return { path: join(folder, name), content: readFileSync(join(folder, name)) };
}

/** Returns `pdf` saved again with a new title: the revised draft's file. */
async function revise(pdf: Buffer, title: string): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.setTitle(title);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

async function unitsOf(client: DemoClient, reader: string, organId: string) {
  const units = (await client.call(reader, 'GET', `/api/org/units?organId=${organId}`)) as Unit[];
  return (code: string): Unit => {
    const unit = units.find((candidate) => candidate.code === code);
    if (!unit)
      throw new Error(`unit ${code} of ${organId} not found; is the demo organisation seeded?`);
    return unit;
  };
}

async function userOf(client: DemoClient, reader: string, organId: string, username: string) {
  const users = (await client.call(reader, 'GET', `/api/org/users?organId=${organId}`)) as User[];
  const user = users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`user ${username} not found; is the demo organisation seeded?`);
  return user;
}

/** Uploads the PDF, creates the SNV decision draft addressed to STC and starts its route. */
async function startOutgoing(client: DemoClient, pdf: Buffer, subject: string) {
  const fileId = await client.uploadPdf('snv.anhdtn', pdf, 'du-thao.pdf');
  const draft = (await client.call('snv.anhdtn', 'POST', '/api/documents/drafts', {
    organId: SNV,
    typeCode: 'QĐ',
    subject,
    signerPosition: 'Giám đốc',
    signerFullName: 'Nguyễn Văn Hùng',
    recipients: [{ organId: STC, organName: 'Sở Tài chính tỉnh Hòa Bình' }],
    fileId,
  })) as { document: { id: string } };
  const documentId = draft.document.id;
  // The director delegated signing to a deputy in the seed, so the route hands the deputy the
  // signing task and the signature reads "KT. Giám đốc".
  const director = await userOf(client, 'snv.anhdtn', SNV, 'snv.hungnv');
  const { processInstanceKey: key } = (await client.call(
    'snv.anhdtn',
    'POST',
    '/api/routes/outgoing',
    {
      documentId,
      signerId: director.id,
    },
  )) as { processInstanceKey: string };
  return { key, documentId, fileId };
}

/** Drafts, reviews (one return), approves, signs (KT) and issues the decision at SNV. */
async function runOutgoing(client: DemoClient, pdf: Buffer, subject: string) {
  const { key, documentId, fileId } = await startOutgoing(client, pdf, subject);
  const route = { name: 'outgoing-document', key };
  await client.complete('snv.anhdtn', route, 'draft', { variables: { fileId } });
  await client.complete('snv.thangnd', route, 'review-by-unit-leader', {
    decision: 'return',
    comment: 'Bổ sung căn cứ pháp lý',
  });
  const revised = await client.uploadPdf('snv.anhdtn', await revise(pdf, subject), 'du-thao-2.pdf');
  await client.complete('snv.anhdtn', route, 'draft', {
    variables: { fileId: revised, versionNote: 'Đã bổ sung căn cứ pháp lý' },
  });
  await client.complete('snv.thangnd', route, 'review-by-unit-leader', {
    decision: 'approve',
    comment: 'Đạt',
  });
  await client.complete('snv.hungnv', route, 'approve-by-agency-leader', {
    decision: 'approve',
    comment: 'Đồng ý ban hành',
  });
  await client.complete('snv.hattt', route, 'sign', { decision: 'approve' });
  await client.complete('snv.maiht', route, 'confirm-issue');
  return { key, documentId };
}

/** Waits until the outgoing instance has ended and returns its variables, read as SNV's administrator. */
async function finishedVariables(client: DemoClient, key: string) {
  return client.poll('the outgoing route to end', async () => {
    const instance = (await client.call('snv.huybq', 'GET', `/api/process-instances/${key}`)) as {
      state: string;
      variables: Record<string, unknown>;
    };
    if (instance.state === 'ACTIVE') return undefined;
    if (instance.state !== 'COMPLETED') throw new Error(`outgoing route ended ${instance.state}`);
    return instance.variables;
  });
}

/** Directs, handles in two units and closes the received copy at STC. */
async function runIncoming(client: DemoClient, key: string) {
  const route = { name: 'incoming-document', key };
  const unit = await unitsOf(client, 'stc.sonhv', STC);
  const lead = unit('QLNS');
  const support = unit('TCDN');
  const dueDate = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await client.complete('stc.sonhv', route, 'direct', {
    comment: 'Phòng Quản lý ngân sách chủ trì, Phòng Tài chính doanh nghiệp phối hợp',
    variables: { leadUnitId: lead.id, supportUnitIds: [support.id], handlingDueDate: dueDate },
  });
  const handlers = [
    { unit: lead, leader: 'stc.binhkv', specialist: 'stc.longhn', report: 'Đã tham mưu phân bổ' },
    { unit: support, leader: 'stc.phucav', specialist: 'stc.oanhctk', report: 'Thống nhất' },
  ];
  for (const handler of handlers) {
    const specialist = await userOf(client, handler.leader, STC, handler.specialist);
    await client.complete(
      handler.leader,
      { ...route, candidateGroup: `unit-leader:${handler.unit.id}` },
      'assign-specialist',
      { variables: { specialistId: specialist.id } },
    );
    await client.complete(handler.specialist, route, 'handle-and-report', {
      variables: { report: handler.report, proposeReply: false },
    });
  }
  await client.complete('stc.sonhv', route, 'close', { comment: 'Kết thúc xử lý' });
  await client.poll('the incoming route to end', async () => {
    const instance = (await client.call('stc.duccm', 'GET', `/api/process-instances/${key}`)) as {
      state: string;
    };
    return instance.state === 'ACTIVE' ? undefined : instance.state;
  });
}

async function main(): Promise<void> {
  const client = new DemoClient(process.env.DOCROUTE_DEMO_URL ?? 'http://127.0.0.1:3000');
  const source = corpusPdf();
  const subject = 'Quyết định về việc cử công chức tham gia lớp bồi dưỡng';
  console.log(`docroute demo on ${client.baseUrl} with ${source.path}`);

  const outgoing = await runOutgoing(client, source.content, subject);
  const variables = await finishedVariables(client, outgoing.key);
  const details = (await client.call(
    'snv.maiht',
    'GET',
    `/api/documents/${outgoing.documentId}`,
  )) as {
    document: { codeNumber: string; codeNotation: string };
    versions: Array<{ version: number }>;
  };
  const version = details.versions.at(-1)!.version;
  const signed = await client.download(
    'snv.maiht',
    `/api/documents/${outgoing.documentId}/versions/${version}/content`,
  );
  const signedPdf = resolve(process.env.DOCROUTE_DEMO_OUTPUT ?? 'data/demo/signed.pdf');
  mkdirSync(dirname(signedPdf), { recursive: true });
  writeFileSync(signedPdf, signed);
  const issued = { number: details.document.codeNumber, notation: details.document.codeNotation };
  console.log(
    `issued ${issued.number}/${issued.notation}, signed PDF (version ${version}) at ${signedPdf}`,
  );

  const delivery = (
    variables.distribution as Array<{ organId: string; processInstanceKey?: string }>
  ).find((record) => record.organId === STC && record.processInstanceKey);
  if (!delivery?.processInstanceKey)
    throw new Error('the issued document started no incoming route at STC');
  await runIncoming(client, delivery.processInstanceKey);
  console.log(`received and closed at Sở Tài chính (instance ${delivery.processInstanceKey})`);

  for (const step of client.steps) {
    const decision = step.decision ? ` ${step.decision}` : '';
    console.log(
      `  ${step.route} ${step.element}: ${step.user}${decision}${step.comment ? ` (${step.comment})` : ''}`,
    );
  }
  const summary = {
    outgoing: { processInstanceKey: outgoing.key },
    incoming: { processInstanceKey: delivery.processInstanceKey },
    signedPdf,
    issued,
    steps: client.steps,
  };
  console.log(JSON.stringify(summary));
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
