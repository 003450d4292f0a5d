import { expect } from 'chai';
import { runWriteTransaction } from '../../src/db/write-transaction.js';
import { UserEntity } from '../../src/org/index.js';
import type { TestService } from '../support/service.js';

/** The two demo agencies: Sở Nội vụ and Sở Tài chính. */
export const SNV = '000.00.12.H26';
export const STC = '000.00.13.H26';

/** A seeded user's id and unit, read from the database. */
export interface SeededUser {
  id: string;
  unitId: string;
  organId: string;
}

/** The documents of the rights table, created through the API by their authors. */
export interface RightsDocuments {
  /** Normal, Sở Nội vụ, unit TCBC, by specialist snv.anhdtn; snv.khanhlv takes part. */
  normal: string;
  /** Mật, Sở Nội vụ, unit TCBC, by snv.loipv; the unit CCVC takes part as a group. */
  mat: string;
  /** Tối mật incoming, Sở Nội vụ, unit VP, registered by clerk snv.maiht. */
  toiMat: string;
  /** Tuyệt mật, Sở Nội vụ, unit BGĐ, by director snv.hungnv; snv.hattt takes part. */
  tuyetMat: string;
  /** Normal, Sở Tài chính, unit QLNS, by specialist stc.longhn. */
  otherAgency: string;
}

/** The main file of each document, by the document's key. */
export type RightsFiles = Record<keyof RightsDocuments, string>;

/** Reads every seeded user's id, unit and agency, by username. */
export async function seededUsers(running: TestService): Promise<Map<string, SeededUser>> {
  const users = await running.service.dataSource.getRepository(UserEntity).find();
  return new Map(
    users.map((user) => [
      user.username,
      { id: user.id, unitId: user.unitId, organId: user.organId },
    ]),
  );
}

/** Uploads a small PDF as `username` and returns its file id. */
export async function uploadPdf(
  running: TestService,
  username: string,
  label: string,
): Promise<string> {
  const content = Buffer.from(`%PDF-1.4\n% ${label} ${Date.now()}\n%%EOF\n`, 'latin1');
  const response = await running
    .api()
    .post('/api/files')
    .set('Authorization', await running.bearer(username))
    .attach('file', content, { filename: `${label}.pdf`, contentType: 'application/pdf' });
  expect(response.status, response.text).to.equal(201);
  return response.body.id as string;
}

/** Metadata of an outgoing Quyết định of `organId` with the given secrecy. */
export function draftMetadata(organId: string, secrecy: string, subject: string) {
  return {
    organId,
    typeCode: 'QĐ',
    subject,
    secrecy,
    signerPosition: 'Giám đốc',
    signerFullName: 'Nguyễn Văn Hùng',
  };
}

/** Metadata of an incoming công văn received by `organId`. */
export function incomingMetadata(organId: string, secrecy: string, subject: string) {
  return {
    organId,
    typeCode: 'CV',
    subject,
    secrecy,
    organName: 'Ủy ban nhân dân tỉnh Hòa Bình',
    codeNumber: '15',
    codeNotation: 'UBND-VP',
    issuedDate: '2026-11-02',
  };
}

/** Creates a draft as `username` with a main file and returns the document id. */
export async function createDraft(
  running: TestService,
  username: string,
  metadata: Record<string, unknown>,
  fileId: string,
): Promise<string> {
  const response = await running
    .api()
    .post('/api/documents/drafts')
    .set('Authorization', await running.bearer(username))
    .send({ ...metadata, fileId });
  expect(response.status, response.text).to.equal(201);
  return response.body.document.id as string;
}

/** Records that `principal` takes part in a document, as the task projection does. */
export async function addParticipant(
  running: TestService,
  documentId: string,
  principal: string,
): Promise<void> {
  const firstAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await runWriteTransaction(running.service.dataSource, async (manager) => {
    await manager.query(
      'INSERT INTO document_participants (document_id, principal, first_at) VALUES (?, ?, ?)',
      [documentId, principal, firstAt],
    );
  });
}

/** Creates the five documents of the rights table and their participants. */
export async function createRightsDocuments(
  running: TestService,
  users: Map<string, SeededUser>,
): Promise<{ documents: RightsDocuments; files: RightsFiles }> {
  const files: RightsFiles = {
    normal: await uploadPdf(running, 'snv.anhdtn', 'normal'),
    mat: await uploadPdf(running, 'snv.loipv', 'mat'),
    toiMat: await uploadPdf(running, 'snv.maiht', 'toi-mat'),
    tuyetMat: await uploadPdf(running, 'snv.hungnv', 'tuyet-mat'),
    otherAgency: await uploadPdf(running, 'stc.longhn', 'other-agency'),
  };
  const incoming = await running
    .api()
    .post('/api/documents/incoming')
    .set('Authorization', await running.bearer('snv.maiht'))
    .send({ ...incomingMetadata(SNV, 'toi-mat', 'Công văn tối mật'), fileId: files.toiMat });
  expect(incoming.status, incoming.text).to.equal(201);
  const documents: RightsDocuments = {
    normal: await createDraft(
      running,
      'snv.anhdtn',
      draftMetadata(SNV, 'none', 'Quyết định thường'),
      files.normal,
    ),
    mat: await createDraft(
      running,
      'snv.loipv',
      draftMetadata(SNV, 'mat', 'Quyết định mật'),
      files.mat,
    ),
    toiMat: incoming.body.details.document.id as string,
    tuyetMat: await createDraft(
      running,
      'snv.hungnv',
      draftMetadata(SNV, 'tuyet-mat', 'Quyết định tuyệt mật'),
      files.tuyetMat,
    ),
    otherAgency: await createDraft(
      running,
      'stc.longhn',
      draftMetadata(STC, 'none', 'Quyết định của Sở Tài chính'),
      files.otherAgency,
    ),
  };
  const user = (username: string) => users.get(username)!;
  await addParticipant(running, documents.normal, `user:${user('snv.khanhlv').id}`);
  await addParticipant(running, documents.mat, `group:unit:${user('snv.khanhlv').unitId}`);
  await addParticipant(running, documents.tuyetMat, `user:${user('snv.hattt').id}`);
  return { documents, files };
}
