import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { describeEachDatabase } from '../support/databases.js';
import { buildDocumentApp, storePdf } from './document-app.js';
import {
  decisionDraft,
  incomingLetter,
  MINISTRY,
  openDocumentServices,
  PROVINCE,
  type DocumentServices,
} from './document-fixtures.js';

const CASE_FILE = {
  organId: MINISTRY.organId,
  fileCatalog: 2026,
  title: 'Hồ sơ tuyển dụng công chức năm 2026',
  maintenance: '20 năm',
  rights: 'Hạn chế',
  creator: 'Vụ Tổ chức cán bộ',
};

describeEachDatabase('document request checks', (database) => {
  let services: DocumentServices;
  let app: Express;
  let files: ReturnType<typeof buildDocumentApp>['files'];

  before(async function () {
    services = await openDocumentServices(database().url);
    ({ app, files } = buildDocumentApp(services));
    services.clock.current = new Date('2026-11-02T02:00:00Z');
    await request(app).post('/organisations').send(MINISTRY).expect(201);
    await request(app).post('/organisations').send(PROVINCE).expect(201);
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  it('case file filing without documentId is 400', async function () {
    // given a case file
    const caseFile = await request(app)
      .post('/case-files')
      .send({ ...CASE_FILE, fileNotation: 'TCCB-01' })
      .expect(201);

    // when a document is filed with an empty body
    const response = await request(app)
      .post(`/case-files/${caseFile.body.caseFile.id}/documents`)
      .send({});

    // then the problem names documentId
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('documentId');
    expect(response.body.detail).to.contain('documentId');
  });

  it('secret draft versions need clearance', async function () {
    // given a Mật draft with one version, filed into a case file
    const fileId = await storePdf(files, 'mat');
    const draft = await request(app)
      .post('/documents/drafts')
      .set('x-test-clearance', 'mat')
      .send({ ...decisionDraft({ secrecy: 'mat' }), fileId })
      .expect(201);
    const id = draft.body.document.id;
    const caseFile = await request(app)
      .post('/case-files')
      .send({ ...CASE_FILE, fileNotation: 'MAT-01' })
      .expect(201);
    await request(app)
      .post(`/case-files/${caseFile.body.caseFile.id}/documents`)
      .set('x-test-clearance', 'mat')
      .send({ documentId: id })
      .expect(201);

    // when a reader without clearance requests its versions, content, attachments and case file
    const versions = await request(app).get(`/documents/${id}/versions`);
    const content = await request(app).get(`/documents/${id}/versions/1/content`);
    const attachment = await request(app)
      .post(`/documents/${id}/attachments`)
      .send({ fileId, fileName: 'phu-luc.pdf', mediaType: 'application/pdf' });
    const newVersion = await request(app).post(`/documents/${id}/versions`).send({ fileId });
    const listing = await request(app).get(`/case-files/${caseFile.body.caseFile.id}`).expect(200);

    // then each is refused or withheld, and a reader cleared for Mật gets the file
    expect(versions.status).to.equal(403);
    expect(content.status).to.equal(403);
    expect(content.headers['content-type']).to.contain('application/problem+json');
    expect(attachment.status).to.equal(403);
    expect(newVersion.status).to.equal(403);
    expect(listing.body.documents).to.deep.equal([]);
    expect(listing.body.withheldDocuments).to.equal(1);
    await request(app)
      .get(`/documents/${id}/versions/1/content`)
      .set('x-test-clearance', 'mat')
      .expect(200);
  });

  it('unknown fileId is 400', async function () {
    // given a draft and an id of a file that was never uploaded
    const missing = '0'.repeat(64);
    const draft = await request(app).post('/documents/drafts').send(decisionDraft()).expect(201);

    // when a draft and a version refer to it
    const newDraft = await request(app)
      .post('/documents/drafts')
      .send({ ...decisionDraft(), fileId: missing });
    const version = await request(app)
      .post(`/documents/${draft.body.document.id}/versions`)
      .send({ fileId: missing });

    // then both are 400 naming fileId and the value, and no version was stored
    for (const response of [newDraft, version]) {
      expect(response.status).to.equal(400);
      expect(response.body.field).to.equal('fileId');
      expect(response.body.value).to.equal(missing);
    }
    const versions = await request(app)
      .get(`/documents/${draft.body.document.id}/versions`)
      .expect(200);
    expect(versions.body).to.deep.equal([]);
  });

  it('non-PDF main file is 400', async function () {
    // given a stored text file
    const stored = await files.put(Buffer.from('ghi chú', 'utf8'), {
      name: 'ghi-chu.txt',
      contentType: 'text/plain',
    });

    // when it is sent as a draft's main file and as an attachment
    const response = await request(app)
      .post('/documents/drafts')
      .send({ ...decisionDraft(), fileId: stored.id });
    const draft = await request(app).post('/documents/drafts').send(decisionDraft()).expect(201);
    const attachment = await request(app)
      .post(`/documents/${draft.body.document.id}/attachments`)
      .send({ fileId: stored.id, fileName: 'ghi-chu.txt', mediaType: 'text/plain' });

    // then the main file is refused and the attachment is accepted
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('fileId');
    expect(response.body.detail).to.contain('PDF');
    expect(attachment.status).to.equal(201);
  });

  it('unknown body key is 400', async function () {
    // given bodies with a misspelt key on each kind of route
    const draft = await request(app).post('/documents/drafts').send(decisionDraft()).expect(201);
    const cases: Array<[string, object, string]> = [
      ['/documents/drafts', { ...decisionDraft(), subjcet: 'typo' }, 'subjcet'],
      ['/documents/incoming', { ...incomingLetter(), fileid: 'x' }, 'fileid'],
      [`/documents/${draft.body.document.id}/issue`, { unit: 'TCCB' }, 'unit'],
      ['/case-files', { ...CASE_FILE, fileNotation: 'X-1', titel: 'x' }, 'titel'],
    ];

    for (const [path, body, key] of cases) {
      // when it is posted
      const response = await request(app).post(path).send(body);

      // then the problem names the key and lists the accepted ones
      expect(response.status, path).to.equal(400);
      expect(response.body.field, path).to.equal(key);
      expect(response.body.detail, path).to.contain('accepted');
    }
  });

  it('unknown recipient key is 400', async function () {
    const response = await request(app)
      .post('/documents/drafts')
      .send(decisionDraft({ recipients: [{ organName: 'Sở Nội vụ', organid: 'x' } as never] }));

    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('recipients[0].organid');
  });

  it('array body is 400', async function () {
    const response = await request(app)
      .post('/documents/drafts')
      .set('content-type', 'application/json')
      .send('[1]');

    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('body');
    expect(response.body.detail).to.contain('must be a JSON object');
  });

  it('bad search filters are 400', async function () {
    const cases: Array<[Record<string, string>, string]> = [
      [{ direction: 'sideways' }, 'direction'],
      [{ status: 'lost' }, 'status'],
      [{ secrecy: 'top' }, 'secrecy'],
      [{ unknownFilter: '1' }, 'unknownFilter'],
      [{ clearance: 'tuyet-mat' }, 'clearance'],
    ];

    for (const [query, field] of cases) {
      const response = await request(app).get('/documents').query(query);

      expect(response.status, field).to.equal(400);
      expect(response.body.field, field).to.equal(field);
    }
  });

  it('reversed register period is 400', async function () {
    const response = await request(app)
      .get('/registers/outgoing')
      .query({ organId: MINISTRY.organId, from: '2026-12-31', to: '2026-12-01' });

    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('2026-12-31');
    expect(response.body.detail).to.contain('2026-12-01');
  });

  it('bad register query is 400', async function () {
    const base = { organId: MINISTRY.organId, from: '2026-12-01', to: '2026-12-31' };
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...base, fromDate: '2026-01-01' }, 'fromDate'],
      [{ ...base, to: '2026-02-30' }, 'to'],
      [{ ...base, secret: 'yes' }, 'secret'],
    ];

    for (const [query, field] of cases) {
      const response = await request(app).get('/registers/incoming').query(query);

      expect(response.status, field).to.equal(400);
      expect(response.body.field, field).to.equal(field);
    }
  });

  it('upload under wrong field is 400', async function () {
    const response = await request(app)
      .post('/files')
      .attach('document', Buffer.from('%PDF-1.4\n%%EOF\n'), 'du-thao.pdf');

    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('form field "file"');
    expect(response.body.value).to.equal('document');
  });

  it('version download names the file', async function () {
    // given an issued Quyết định with one version
    const fileId = await storePdf(files, 'ban-hanh');
    const draft = await request(app)
      .post('/documents/drafts')
      .send({ ...decisionDraft(), fileId })
      .expect(201);
    const id = draft.body.document.id;
    const issued = await request(app).post(`/documents/${id}/issue`).send({}).expect(200);
    const { codeNumber, codeNotation } = issued.body.document;

    // when the version is downloaded
    const response = await request(app).get(`/documents/${id}/versions/1/content`).expect(200);

    // then the attachment name carries the notation, encoded for its Vietnamese letters
    const expected = `${codeNumber}-${codeNotation.replaceAll('/', '-')}-v1.pdf`;
    const disposition = response.headers['content-disposition'];
    expect(disposition).to.match(/^attachment; filename="/);
    expect(disposition).to.contain(`filename*=UTF-8''${encodeURIComponent(expected)}`);
  });

  it('returns JSON fields parsed', async function () {
    // given an incoming document with a trace header list
    const traceHeaderList = [{ organId: PROVINCE.organId, timestamp: '2026-11-02T08:00:00+07:00' }];
    const incoming = await request(app)
      .post('/documents/incoming')
      .send(incomingLetter({ codeNumber: '88', traceHeaderList }))
      .expect(201);
    const id = incoming.body.details.document.id;

    // when it is read and its audit trail is listed
    const document = await request(app).get(`/documents/${id}`).expect(200);
    const trail = await request(app).get('/audit').query({ documentId: id }).expect(200);

    // then both return JSON values, not JSON text
    expect(incoming.body.details.document.traceHeaderList).to.deep.equal(traceHeaderList);
    expect(document.body.document.traceHeaderList).to.deep.equal(traceHeaderList);
    expect(trail.body[0].details).to.be.an('object');
    expect(trail.body[0].details.arrivalNumber).to.be.a('number');
  });

  it('audit limit over maximum is 400', async function () {
    const tooMany = await request(app).get('/audit').query({ limit: '100000' });
    const unknown = await request(app).get('/audit').query({ document: 'x' });

    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.field).to.equal('limit');
    expect(tooMany.body.limit).to.equal(1000);
    expect(unknown.status).to.equal(400);
    expect(unknown.body.field).to.equal('document');
  });
});
