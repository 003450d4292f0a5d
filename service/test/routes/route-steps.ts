import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { PDFDocument } from '@cantoo/pdf-lib';
import { corpusFiles } from '../support/corpus.js';
import type { RouteClient } from './route-client.js';

/**
 * The seeded organisation and the steps of the outgoing route as its users take them through
 * the task API. Sở Nội vụ (SNV) drafts and issues; Sở Tài chính (STC) receives.
 */

export const SNV = '000.00.12.H26';
export const STC = '000.00.13.H26';

/** SNV users by role in the outgoing route. */
export const snv = {
  drafter: 'snv.anhdtn',
  unitLeader: 'snv.thangnd',
  /** The director, who delegated signing to the first deputy (ký thay) in the seed. */
  director: 'snv.hungnv',
  deputy: 'snv.hattt',
  /** A deputy director without any delegation, who signs in their own name. */
  otherDeputy: 'snv.tuanlm',
  clerk: 'snv.maiht',
  administrator: 'snv.huybq',
} as const;

/** Returns the bytes of normal.pdf from the corpus, skipping the suite when it is absent. */
export function corpusPdf(context: Mocha.Context): Buffer {
  const files = corpusFiles(context, 'pdf', '.pdf');
  const normal = files.find((file) => file.endsWith(join('pdf', 'normal.pdf')));
  if (!normal) return context.skip();
  return readFileSync(normal);
}

/** Returns `pdf` saved again with `title`, a different file for the next draft version. */
export async function revisedPdf(pdf: Buffer, title: string): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.setTitle(title);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

export interface OutgoingStart {
  documentId: string;
  processInstanceKey: string;
  fileId: string;
}

/**
 * Uploads `pdf`, creates a Quyết định draft of the TCBC unit addressed to STC, and starts the
 * outgoing route as the drafter.
 */
export async function startOutgoing(
  client: RouteClient,
  options: { subject: string; pdf: Buffer; signer: string; consultUnitIds?: string[] },
): Promise<OutgoingStart> {
  const fileId = await client.uploadPdf(snv.drafter, options.pdf, 'du-thao.pdf');
  const documentId = await client.createDraft(snv.drafter, {
    organId: SNV,
    typeCode: 'QĐ',
    subject: options.subject,
    signerPosition: 'Giám đốc',
    signerFullName: 'Nguyễn Văn Hùng',
    recipients: [{ organId: STC, organName: 'Sở Tài chính tỉnh Hòa Bình' }],
    fileId,
  });
  const signer = await client.user(options.signer);
  const processInstanceKey = await client.startRoute(snv.drafter, 'outgoing', {
    documentId,
    signerId: signer.id,
    ...(options.consultUnitIds ? { consultUnitIds: options.consultUnitIds } : {}),
  });
  return { documentId, processInstanceKey, fileId };
}

/** The drafter submits the draft with `fileId` (the first version or a revision). */
export async function submitDraft(
  client: RouteClient,
  key: string,
  fileId: string,
  versionNote?: string,
): Promise<void> {
  await client.complete(
    snv.drafter,
    { processInstanceKey: key, elementId: 'draft' },
    { variables: { fileId, ...(versionNote ? { versionNote } : {}) } },
  );
}

/** Submits `fileId` as the drafter and approves it as both leaders, so it waits for the signer. */
export async function approveDraft(
  client: RouteClient,
  key: string,
  fileId: string,
  versionNote?: string,
): Promise<void> {
  await submitDraft(client, key, fileId, versionNote);
  await decide(client, snv.unitLeader, key, 'review-by-unit-leader', 'approve', 'Đạt');
  await decide(client, snv.director, key, 'approve-by-agency-leader', 'approve', 'Đồng ý');
}

/** Completes a review or signing step with a leader's decision. */
export async function decide(
  client: RouteClient,
  username: string,
  key: string,
  elementId: 'review-by-unit-leader' | 'approve-by-agency-leader' | 'sign',
  decision: 'approve' | 'return' | 'reject',
  comment?: string,
): Promise<void> {
  await client.complete(
    username,
    { processInstanceKey: key, elementId },
    { decision, ...(comment ? { comment } : {}) },
  );
}

/** The signer signs and the clerk confirms the issue; returns once the instance has ended. */
export async function signAndIssue(client: RouteClient, key: string, signer: string) {
  await decide(client, signer, key, 'sign', 'approve');
  await client.complete(snv.clerk, { processInstanceKey: key, elementId: 'confirm-issue' });
  const instance = await client.waitForEnd(key);
  expect(instance.state).to.equal('COMPLETED');
  return instance;
}

/** Reads the file of a document's latest version through the document API. */
export async function latestFile(
  client: RouteClient,
  username: string,
  documentId: string,
): Promise<{ version: number; content: Buffer; document: Record<string, unknown> }> {
  const details = await client.send(
    username,
    'get',
    `/api/documents/${documentId}`,
    undefined,
    200,
  );
  const versions = details.body.versions as Array<{ version: number }>;
  const version = versions.at(-1)!.version;
  const content = await client.download(
    username,
    `/api/documents/${documentId}/versions/${version}/content`,
  );
  return {
    version,
    content,
    document: details.body.document as Record<string, unknown>,
  };
}
