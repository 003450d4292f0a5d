import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { waitFor } from '../processes/route-harness.js';
import { corpusDir, corpusFiles } from '../support/corpus.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { AGENCY, allPages, as, demoIds, type DemoIds } from './task-fixture.js';

type Task = { key: string; [field: string]: unknown };

describeEachDatabase('route starts and document tasks', (database) => {
  let service: TestService;
  let ids: DemoIds;
  let pdf: Buffer;
  let otherPdf: Buffer;

  before(async function () {
    this.timeout(120_000);
    corpusFiles(this, 'pdf', '.pdf');
    pdf = readFileSync(join(corpusDir, 'pdf', 'normal.pdf'));
    otherPdf = readFileSync(join(corpusDir, 'pdf', 'no-metadata.pdf'));
    service = await startTestService(database());
    ids = await demoIds(service);
  });

  after(async function () {
    await service?.stop();
  });

  async function upload(
    username: string,
    name: string,
    content = pdf,
    contentType = 'application/pdf',
  ): Promise<string> {
    const response = await service
      .api()
      .post('/api/files')
      .set('Authorization', await service.bearer(username))
      .attach('file', content, { filename: name, contentType });
    expect(response.status, response.text).to.equal(201);
    return response.body.id as string;
  }

  async function draft(subject: string): Promise<string> {
    const response = await as(service, 'snv.anhdtn').post('/api/documents/drafts', {
      organId: AGENCY,
      typeCode: 'QĐ',
      subject,
      priority: 1,
      signerPosition: 'Giám đốc',
      signerFullName: 'Nguyễn Văn Hùng',
      recipients: [{ organId: null, organName: 'Các phòng thuộc Sở' }],
      fileId: await upload('snv.anhdtn', 'du-thao.pdf'),
    });
    expect(response.status, response.text).to.equal(201);
    return response.body.document.id as string;
  }

  function waitForTask(username: string, match: (task: Task) => boolean): Promise<Task> {
    return waitFor(`a task for ${username}`, async () =>
      (await allPages(service, username, {})).find(match),
    );
  }

  it('returns a draft with a comment', async function () {
    // given a draft started on the outgoing route with the director as signer
    const documentId = await draft('Quyết định về việc tuyển dụng công chức năm 2027');
    const started = await as(service, 'snv.anhdtn').post('/api/routes/outgoing', {
      documentId,
      signerId: ids.user('snv.hungnv'),
    });
    expect(started.status, started.text).to.equal(201);
    const { processInstanceKey } = started.body;

    // then the director's delegation hands the signature to the deputy, ký thay
    const instance = await service.service.engine.getInstance(processInstanceKey);
    expect(instance.variables).to.include({
      signerId: ids.user('snv.hattt'),
      delegationForm: 'KT',
      onBehalfOf: 'Giám đốc',
      drafterId: ids.user('snv.anhdtn'),
      urgency: 1,
    });

    // when the drafter opens the draft task and hands in a new version
    const drafting = await waitForTask('snv.anhdtn', (task) => task.documentId === documentId);
    const detail = await as(service, 'snv.anhdtn').get(`/api/tasks/${drafting.key}`);
    expect(detail.body.document).to.include({ typeCode: 'QĐ', urgency: 1, direction: 'outgoing' });
    expect(detail.body.files).to.have.length(1);
    expect(detail.body.form.fields.map((field: { name: string }) => field.name)).to.include(
      'fileId',
    );
    expect(detail.body.actions).to.include('complete');
    const handedIn = await as(service, 'snv.anhdtn').post(`/api/tasks/${drafting.key}/completion`, {
      variables: {
        fileId: await upload('snv.anhdtn', 'du-thao-2.pdf', otherPdf),
        versionNote: 'Bản 2',
      },
    });
    expect(handedIn.status, handedIn.text).to.equal(200);

    // and the unit leader decides
    const review = await waitForTask(
      'snv.thangnd',
      (task) => task.documentId === documentId && task.elementId === 'review-by-unit-leader',
    );
    const decide = (body: object) =>
      as(service, 'snv.thangnd').post(`/api/tasks/${review.key}/completion`, body);
    const unknown = await decide({ decision: 'maybe' });
    const bare = await decide({ decision: 'return' });
    const returned = await decide({ decision: 'return', comment: 'Sửa lại trích yếu' });

    // then a wrong decision names the allowed ones, a return needs a comment, and the drafter's
    // next task shows the comment
    expect(unknown.body).to.include({ status: 400, field: 'decision' });
    expect(unknown.body.allowed).to.deep.equal(['approve', 'return', 'reject']);
    expect(bare.body).to.include({ status: 400, field: 'comment' });
    expect(returned.status, returned.text).to.equal(200);
    const redraft = await waitForTask(
      'snv.anhdtn',
      (task) => task.documentId === documentId && task.key !== drafting.key,
    );
    const redraftDetail = await as(service, 'snv.anhdtn').get(`/api/tasks/${redraft.key}`);
    expect(redraftDetail.body.files).to.have.length(2);
    expect(redraftDetail.body.comments).to.deep.include({
      taskKey: review.key,
      taskName: 'Lãnh đạo đơn vị xem xét',
      kind: 'completed',
      authorId: ids.user('snv.thangnd'),
      authorName: 'Ngô Đức Thắng',
      decision: 'return',
      comment: 'Sửa lại trích yếu',
      at: redraftDetail.body.comments.find((c: { taskKey: string }) => c.taskKey === review.key).at,
    });
    const participants: Array<{ principal: string }> = await service.service.dataSource.query(
      'SELECT principal FROM document_participants WHERE document_id = ?',
      [documentId],
    );
    expect(participants.map((row) => row.principal)).to.include.members([
      `user:${ids.user('snv.anhdtn')}`,
      `group:unit-leader:${ids.unit('TCBC')}`,
      `group:unit:${ids.unit('TCBC')}`,
    ]);

    // and the same draft cannot be routed twice while its route is open
    const twice = await as(service, 'snv.anhdtn').post('/api/routes/outgoing', {
      documentId,
      signerId: ids.user('snv.hungnv'),
    });
    expect(twice.status).to.equal(409);
  });

  it('rejects a draft of another user', async function () {
    // given a draft created by snv.anhdtn
    const documentId = await draft('Quyết định về việc nâng bậc lương năm 2027');

    // when another specialist starts the outgoing route on it
    const taken = await as(service, 'snv.khanhlv').post('/api/routes/outgoing', {
      documentId,
      signerId: ids.user('snv.hungnv'),
    });

    // then the start is rejected and recorded, and the creator can still start the route
    expect(taken.status, taken.text).to.equal(403);
    expect(taken.body).to.include({
      field: 'documentId',
      value: documentId,
      reason: 'not_creator',
    });
    const refusals: Array<{ details: string }> = await service.service.dataSource.query(
      "SELECT details FROM audit_log WHERE action = 'refused' AND actor = ? AND document_id = ?",
      [ids.user('snv.khanhlv'), documentId],
    );
    expect(refusals).to.have.length(1);
    expect(JSON.parse(refusals[0]!.details)).to.include({ reason: 'not_creator' });
    const own = await as(service, 'snv.anhdtn').post('/api/routes/outgoing', {
      documentId,
      signerId: ids.user('snv.hungnv'),
    });
    expect(own.status, own.text).to.equal(201);
  });

  it('rejects a non-PDF draft version', async function () {
    // given a draft on the outgoing route and its open draft task
    const documentId = await draft('Quyết định về việc cử công chức đi học năm 2027');
    const started = await as(service, 'snv.anhdtn').post('/api/routes/outgoing', {
      documentId,
      signerId: ids.user('snv.hungnv'),
    });
    expect(started.status, started.text).to.equal(201);
    const drafting = await waitForTask('snv.anhdtn', (task) => task.documentId === documentId);
    const text = Buffer.from('Dự thảo quyết định, bản văn bản thường', 'utf8');
    const textId = await upload('snv.anhdtn', 'du-thao.txt', text, 'text/plain');

    // when the drafter hands in a text file, and then an id that names no stored file
    const complete = (fileId: string) =>
      as(service, 'snv.anhdtn').post(`/api/tasks/${drafting.key}/completion`, {
        variables: { fileId },
      });
    const notPdf = await complete(textId);
    const missing = await complete('khong-co-tep-nay-0001');

    // then both are rejected on variables.fileId, the task stays open and no version is added
    expect(notPdf.status, notPdf.text).to.equal(400);
    expect(notPdf.body).to.include({ field: 'variables.fileId', value: textId });
    expect(notPdf.body.contentType).to.not.equal('application/pdf');
    expect(notPdf.body.detail).to.contain('PDF');
    expect(missing.status, missing.text).to.equal(400);
    expect(missing.body).to.include({ field: 'variables.fileId', value: 'khong-co-tep-nay-0001' });
    const detail = await as(service, 'snv.anhdtn').get(`/api/tasks/${drafting.key}`);
    expect(detail.body.actions).to.include('complete');
    expect(detail.body.files).to.have.length(1);
  });

  it('starts the incoming route', async function () {
    const registered = await as(service, 'snv.maiht').post('/api/documents/incoming', {
      organId: AGENCY,
      typeCode: 'CV',
      subject: 'Về việc báo cáo công tác văn thư lưu trữ',
      organName: 'Ủy ban nhân dân huyện Lạc Sơn',
      codeNumber: '15',
      codeNotation: 'UBND-VP',
      issuedDate: '2026-11-30',
      fileId: await upload('snv.maiht', 'den.pdf'),
    });
    expect(registered.status, registered.text).to.equal(201);
    const documentId = registered.body.details.document.id as string;

    const started = await as(service, 'snv.maiht').post('/api/routes/incoming', { documentId });
    const specialist = await as(service, 'snv.anhdtn').post('/api/routes/incoming', { documentId });

    expect(started.status, started.text).to.equal(201);
    expect(started.body.documentId).to.equal(documentId);
    expect(specialist.status).to.equal(403);
    // the unsigned PDF fails the signature check, so the clerk records the return
    const task = await waitForTask(
      'snv.hongvt',
      (candidate) => candidate.documentId === documentId,
    );
    expect(task).to.include({ elementId: 'record-return', bpmnProcessId: 'incoming-document' });
    expect((task.document as { subject: string }).subject).to.equal(
      'Về việc báo cáo công tác văn thư lưu trữ',
    );
  });

  it('rejects an incoming issue date after today', async function () {
    // given a received file whose metadata is dated two days after now, later than today in Vietnam
    const fileId = await upload('snv.maiht', 'den-sau.pdf');
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

    // when the clerk starts the incoming route with it
    const started = await as(service, 'snv.maiht').post('/api/routes/incoming', {
      fileId,
      incomingDocument: {
        organId: AGENCY,
        typeCode: 'CV',
        subject: 'Về việc kiểm tra ngày ban hành',
        organName: 'Ủy ban nhân dân huyện Lạc Sơn',
        issuedDate: later,
      },
    });

    // then the start is rejected naming the field
    expect(started.body).to.include({
      status: 400,
      field: 'incomingDocument.issuedDate',
      value: later,
    });
  });

  it('checks task tracking starts', async function () {
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const stcUnit: Array<{ id: string }> = await service.service.dataSource.query(
      'SELECT id FROM org_units WHERE organ_id <> ? LIMIT 1',
      [AGENCY],
    );
    const leader = as(service, 'snv.hungnv');

    const specialist = await as(service, 'snv.anhdtn').post('/api/routes/task-tracking', {
      title: 'Nhiệm vụ',
      unitIds: [ids.unit('TCBC')],
      dueDate: due,
    });
    const foreign = await leader.post('/api/routes/task-tracking', {
      title: 'Nhiệm vụ',
      unitIds: [stcUnit[0]!.id],
      dueDate: due,
    });
    const past = await leader.post('/api/routes/task-tracking', {
      title: 'Nhiệm vụ',
      unitIds: [ids.unit('TCBC')],
      dueDate: '2020-01-01T00:00:00Z',
    });
    const noUnits = await leader.post('/api/routes/task-tracking', {
      title: 'Nhiệm vụ',
      unitIds: [],
      dueDate: due,
    });
    const noZone = await leader.post('/api/routes/task-tracking', {
      title: 'Nhiệm vụ',
      unitIds: [ids.unit('TCBC')],
      dueDate: due.slice(0, 16),
    });

    expect(specialist.status).to.equal(403);
    expect(foreign.body).to.include({ status: 400, field: 'unitIds' });
    expect(past.body).to.include({ status: 400, field: 'dueDate' });
    expect(noUnits.body).to.include({ status: 400, field: 'unitIds' });
    expect(noZone.body).to.include({ status: 400, field: 'dueDate' });
  });
});
