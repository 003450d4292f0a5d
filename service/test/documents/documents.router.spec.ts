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

describeEachDatabase('documents HTTP routers', (database) => {
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

  it('drafts, issues, finds and shows a document', async function () {
    // given a draft posted by a specialist
    const draft = await request(app)
      .post('/documents/drafts')
      .set('x-test-user', 'chuyen-vien')
      .send({ ...decisionDraft(), fileId: await storePdf(files, 'du-thao') })
      .expect(201);
    const id = draft.body.document.id;

    // when the clerk issues it, someone searches without diacritics and opens it
    const issued = await request(app)
      .post(`/documents/${id}/issue`)
      .set('x-test-user', 'van-thu')
      .send({})
      .expect(200);
    const found = await request(app)
      .get('/documents')
      .query({ text: 'trien khai NGHI DINH 30', status: 'issued' })
      .expect(200);
    await request(app).get(`/documents/${id}`).set('x-test-user', 'lanh-dao').expect(200);

    // then the notation is set, the search finds it and the audit trail records each step
    expect(`${issued.body.document.codeNumber}/${issued.body.document.codeNotation}`).to.equal(
      '01/QĐ-BNV',
    );
    expect(found.body.items.map((item: { id: string }) => item.id)).to.deep.equal([id]);
    const trail = await request(app).get('/audit').query({ documentId: id }).expect(200);
    expect(
      trail.body.map((entry: { action: string; actor: string }) => [entry.action, entry.actor]),
    ).to.deep.equal([
      ['created', 'chuyen-vien'],
      ['issued', 'van-thu'],
      ['viewed', 'lanh-dao'],
    ]);
    expect((await request(app).get('/audit/verification').expect(200)).body.ok).to.equal(true);
  });

  it('rejects a too long field as a problem', async function () {
    const response = await request(app)
      .post('/documents/drafts')
      .send(decisionDraft({ signerFullName: 'N'.repeat(51) }))
      .expect(400);

    expect(response.headers['content-type']).to.contain('application/problem+json');
    expect(JSON.stringify(response.body)).to.contain('signerFullName');
    expect(response.body.detail ?? response.body.title).to.be.a('string');
  });

  it('returns a duplicate warning with the registration', async function () {
    await request(app)
      .post('/documents/incoming')
      .send(incomingLetter({ codeNumber: '77' }))
      .expect(201);

    const again = await request(app)
      .post('/documents/incoming')
      .send(incomingLetter({ codeNumber: '77' }))
      .expect(201);

    expect(again.body.warnings.map((warning: { code: string }) => warning.code)).to.deep.equal([
      'POSSIBLE_DUPLICATE',
    ]);
    expect(again.body.details.document.registerNumber).to.be.a('number');
  });

  it('rejects an incoming issue date after today', async function () {
    // given 2026-11-02T18:00Z, which is already 3 November in Vietnam (UTC+7)
    const saved = services.clock.current;
    services.clock.current = new Date('2026-11-02T18:00:00Z');
    try {
      // when letters dated 4 and 3 November are registered
      const future = await request(app)
        .post('/documents/incoming')
        .send(incomingLetter({ codeNumber: '81', issuedDate: '2026-11-04' }));
      const today = await request(app)
        .post('/documents/incoming')
        .send(incomingLetter({ codeNumber: '82', issuedDate: '2026-11-03' }));

      // then only the later one is rejected, naming the field and Vietnam's date
      expect(future.status, future.text).to.equal(400);
      expect(future.body).to.include({ field: 'issuedDate', value: '2026-11-04' });
      expect(future.body.today).to.equal('2026-11-03');
      expect(today.status, today.text).to.equal(201);
    } finally {
      services.clock.current = saved;
    }
  });

  it('forbids a secret document above the clearance', async function () {
    const uncleared = await request(app)
      .post('/documents/drafts')
      .send(decisionDraft({ secrecy: 'mat' }));
    const draft = await request(app)
      .post('/documents/drafts')
      .set('x-test-clearance', 'mat')
      .send(decisionDraft({ secrecy: 'mat' }))
      .expect(201);

    expect(uncleared.status).to.equal(403);
    expect(uncleared.body.field).to.equal('secrecy');

    await request(app).get(`/documents/${draft.body.document.id}`).expect(403);
    await request(app)
      .get(`/documents/${draft.body.document.id}`)
      .set('x-test-clearance', 'mat')
      .expect(200);
  });

  it('exports the outgoing register as CSV and PDF', async function () {
    const query = { organId: MINISTRY.organId, from: '2026-11-01', to: '2026-11-30' };

    const csv = await request(app)
      .get('/registers/outgoing')
      .query({ ...query, format: 'csv' })
      .buffer(true)
      .expect(200);
    const pdf = await request(app)
      .get('/registers/outgoing')
      .query({ ...query, format: 'pdf' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

    expect(csv.headers['content-type']).to.contain('text/csv');
    expect(
      csv.text.startsWith('\uFEFFSố, ký hiệu') || csv.text.startsWith('\uFEFF"Số, ký hiệu"'),
    ).to.equal(true);
    expect(csv.text).to.contain('01/QĐ-BNV');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  it('exports the secret register only with clearance', async function () {
    const query = {
      organId: MINISTRY.organId,
      from: '2026-11-01',
      to: '2026-11-30',
      secret: 'true',
    };

    await request(app).get('/registers/outgoing').query(query).expect(403);
    const allowed = await request(app)
      .get('/registers/outgoing')
      .set('x-test-clearance', 'mat')
      .query(query)
      .expect(200);

    expect(allowed.text).to.contain('"Số, ký hiệu"');
  });

  it('files a document into a case file', async function () {
    const draft = await request(app).post('/documents/drafts').send(decisionDraft()).expect(201);
    const caseFile = await request(app)
      .post('/case-files')
      .send({
        organId: MINISTRY.organId,
        fileCatalog: 2026,
        fileNotation: 'TCCB-07',
        title: 'Hồ sơ tuyển dụng công chức năm 2026',
        maintenance: '20 năm',
        rights: 'Hạn chế',
        creator: 'Vụ Tổ chức cán bộ',
      })
      .expect(201);

    const filed = await request(app)
      .post(`/case-files/${caseFile.body.caseFile.id}/documents`)
      .send({ documentId: draft.body.document.id })
      .expect(201);

    expect(filed.body.docTotal).to.equal(1);
    expect(filed.body.documents[0].document.id).to.equal(draft.body.document.id);
  });

  it('rejects an unknown register', async function () {
    const response = await request(app)
      .get('/registers/secret-book')
      .query({ organId: MINISTRY.organId, from: '2026-11-01', to: '2026-11-30' })
      .expect(400);

    expect(response.body.code).to.equal('VALIDATION_FAILED');
  });
});
