import { expect } from 'chai';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  corpusPdf,
  deployTask,
  MINISTRY,
  openWorkerFixture,
  settled,
  type WorkerFixture,
} from './worker-fixture.js';
import { corpusDir } from '../support/corpus.js';

/** Upload limit of the test application, small so that a corpus PDF can exceed it. */
const uploadLimit = 256 * 1024;

describeEachDatabase('document HTTP routes', (database) => {
  let fixture: WorkerFixture;
  let app: Express;

  before(async function () {
    if (!existsSync(join(corpusDir, 'pdf'))) {
      console.warn(`Skipping: corpus folder ${join(corpusDir, 'pdf')} not found.`);
      this.skip();
    }
    fixture = await openWorkerFixture(database().url);
    app = createApp({
      engine: fixture.engine,
      dataSource: fixture.dataSource,
      config: { maxUploadBytes: uploadLimit },
      logger: createLogger({ level: 'silent' }),
      documents: {
        module: fixture.module,
        files: fixture.files,
        trustAnchors: [fixture.ca.certificatePem],
      },
    });
  });

  afterEach(async () => {
    await fixture?.stopWorkers();
  });

  after(async () => {
    await fixture?.close();
  });

  it('upload recognises a PDF by content', async () => {
    // given a PDF declared as plain bytes
    const pdf = corpusPdf('normal.pdf');

    // when it is uploaded
    const response = await request(app)
      .post('/api/files')
      .attach('file', pdf, { filename: 'quyết-định.pdf', contentType: 'application/octet-stream' });

    // then it is stored as a PDF under its SHA-256
    expect(response.status, response.text).to.equal(201);
    expect(response.body.contentType).to.equal('application/pdf');
    expect(response.body.size).to.equal(pdf.length);
    const download = await request(app).get(`/api/files/${response.body.id}`).buffer(true);
    expect(download.status).to.equal(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).to.equal(0);
  });

  it('oversized upload is 413', async () => {
    // given a corpus PDF larger than the upload limit
    const pdf = corpusPdf('us_constitution.pdf');
    expect(pdf.length).to.be.greaterThan(uploadLimit);

    // when it is uploaded
    const response = await request(app).post('/api/files').attach('file', pdf, 'big.pdf');

    // then it is refused as too large
    expect(response.status).to.equal(413);
    expect(response.headers['content-type']).to.match(/application\/problem\+json/);
  });

  it('tampered file is refused with 500', async () => {
    // given a stored file whose bytes were changed on disk
    const uploaded = await request(app)
      .post('/api/files')
      .attach('file', corpusPdf('w3dummy.pdf'), 'dummy.pdf');
    const path = findStoredFile(fixture, uploaded.body.id);
    chmodSync(path, 0o600);
    writeFileSync(path, Buffer.from('%PDF-1.4 replaced content'));

    // when it is downloaded
    const response = await request(app).get(`/api/files/${uploaded.body.id}`);

    // then the server reports the corruption and sends none of the file
    expect(response.status).to.equal(500);
    expect(response.headers['content-type']).to.match(/application\/problem\+json/);
    expect(response.text).to.not.include('replaced content');
  });

  it('unknown file and document are 404', async () => {
    // when an unknown file id and an unknown document's versions are requested
    const file = await request(app).get(`/api/files/${'0'.repeat(64)}`);
    const versions = await request(app).get('/api/documents/no-such-document/versions');

    // then both are not found
    expect(file.status).to.equal(404);
    expect(versions.status).to.equal(404);
  });

  it('version download is audited', async () => {
    // given a draft created through the API with an uploaded PDF
    const uploaded = await request(app)
      .post('/api/files')
      .attach('file', corpusPdf('normal.pdf'), 'draft.pdf');
    const created = await request(app).post('/api/documents/drafts').send({
      organId: MINISTRY.organId,
      typeCode: 'KH',
      subject: 'Kế hoạch cải cách hành chính năm 2027',
      fileId: uploaded.body.id,
    });
    expect(created.status, created.text).to.equal(201);
    const documentId = created.body.document.id as string;

    // when its versions are listed and version 1 is downloaded
    const versions = await request(app).get(`/api/documents/${documentId}/versions`);
    const content = await request(app)
      .get(`/api/documents/${documentId}/versions/1/content`)
      .buffer(true);

    // then the file comes back and the audit log has created and downloaded entries
    expect(versions.body.map((version: { fileId: string }) => version.fileId)).to.deep.equal([
      uploaded.body.id,
    ]);
    expect(content.status).to.equal(200);
    expect(Buffer.compare(content.body as Buffer, corpusPdf('normal.pdf'))).to.equal(0);
    const actions = (await fixture.module.audit.list({ documentId })).map((entry) => entry.action);
    expect(actions).to.include.members(['created', 'downloaded']);
  });

  it('verify endpoint reports each signature', async () => {
    // given a document signed through the signature.apply worker
    const file = await fixture.files.put(corpusPdf('normal.pdf'), { name: 'to-sign.pdf' });
    const draft = await fixture.module.documents.createDraft(
      { organId: MINISTRY.organId, typeCode: 'TB', subject: 'Thông báo kết luận giao ban' },
      'drafter',
      file.id,
    );
    fixture.startWorkers();
    const processId = await deployTask(fixture.engine, 'signature.apply');
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: {
        documentId: draft.document.id,
        signerId: 'route.signer',
        signerName: 'Phạm Thu Hà',
      },
    });
    const signing = await settled(fixture.engine, processInstanceKey);
    const signed = await fixture.files.get(signing.variables.signedFileId as string);

    // when the signed PDF and an unsigned one are posted to the verify endpoint
    const valid = await request(app)
      .post('/api/signatures/verify')
      .attach('file', signed, 'signed.pdf');
    const unsigned = await request(app)
      .post('/api/signatures/verify')
      .attach('file', corpusPdf('normal.pdf'), 'unsigned.pdf');

    // then the signed one has one valid signature and the unsigned one none
    expect(valid.status, valid.text).to.equal(200);
    expect(valid.body.valid).to.equal(true);
    expect(valid.body.signatures).to.have.length(1);
    expect(valid.body.signatures[0].signerCommonName).to.equal('Phạm Thu Hà');
    expect(unsigned.body.valid).to.equal(false);
    expect(unsigned.body.signatures).to.deep.equal([]);
  });

  it('verify endpoint rejects a non-PDF', async () => {
    // when a text file is posted for verification
    const response = await request(app)
      .post('/api/signatures/verify')
      .attach('file', Buffer.from('not a pdf'), 'note.txt');

    // then it is a validation problem
    expect(response.status).to.equal(400);
    expect(response.body.detail ?? response.body.title).to.be.a('string');
  });
});

/** Finds the stored copy of `fileId` under the file store's root. */
function findStoredFile(fixture: WorkerFixture, fileId: string): string {
  const path = join(fixture.filesDir, fileId.slice(0, 2), fileId.slice(2, 4), fileId);
  expect(statSync(path).isFile(), `no stored file at ${path}`).to.equal(true);
  return path;
}
