import { PDFDocument } from '@cantoo/pdf-lib';
import { expect } from 'chai';
import { WorkingCalendar } from '../../src/calendar/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../processes/route-harness.js';

const SNV = '000.00.12.H26';
const STC = '000.00.13.H26';
const DAY = 86_400_000;

/** The parts of a document path step that the tests read. */
interface PathStepBody {
  kind: string;
  elementId: string;
  state: string;
  holder: { fullName: string };
  comment: string;
  events: Array<{ kind: string; actor: { fullName: string }; target: { fullName: string } }>;
}

describeEachDatabase('tracking API', (database) => {
  let service: TestService;

  before(async function () {
    this.timeout(60_000);
    service = await startTestService(database());
  });

  after(async function () {
    await service?.stop();
  });

  async function get(path: string, username: string) {
    return service
      .api()
      .get(path)
      .set('Authorization', await service.bearer(username));
  }

  async function unitId(organId: string, code: string): Promise<string> {
    const rows: Array<{ id: string }> = await service.service.dataSource.query(
      'SELECT id FROM org_units WHERE organ_id = ? AND code = ?',
      [organId, code],
    );
    return rows[0]!.id;
  }

  async function userId(username: string): Promise<string> {
    const rows: Array<{ id: string }> = await service.service.dataSource.query(
      'SELECT id FROM org_users WHERE username = ?',
      [username],
    );
    return rows[0]!.id;
  }

  /** Returns the audit entries of `action` by `username`, newest first, with details parsed. */
  async function auditEntries(action: string, username: string) {
    const rows: Array<{ details: string }> = await service.service.dataSource.query(
      'SELECT details FROM audit_log WHERE action = ? AND actor = ? ORDER BY sequence DESC',
      [action, await userId(username)],
    );
    return rows.map((row) => JSON.parse(row.details) as Record<string, unknown>);
  }

  function expectProblem(
    response: { status: number; body: Record<string, unknown> },
    status: number,
    field: string,
    value?: unknown,
  ) {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.body.field).to.equal(field);
    if (value !== undefined) expect(response.body.value).to.deep.equal(value);
  }

  describe('a task overdue since yesterday', function () {
    let processInstanceKey: string;

    before(async function () {
      // given a task for Văn phòng whose deadline passed a day ago
      const created = await service.service.engine.createInstance({
        bpmnProcessId: 'task-tracking',
        variables: {
          organisationId: SNV,
          taskTitle: 'Báo cáo công tác văn thư',
          unitIds: [await unitId(SNV, 'VP')],
          taskDueDate: new Date(Date.now() - DAY).toISOString(),
        },
      });
      processInstanceKey = created.processInstanceKey;
      await waitFor('the task in the projection', async () => {
        const rows: unknown[] = await service.service.dataSource.query(
          "SELECT task_key FROM tasks WHERE process_instance_key = ? AND state = 'open'",
          [processInstanceKey],
        );
        return rows.length > 0 ? true : undefined;
      });
    });

    after(async function () {
      await service.service.engine.cancelInstance(processInstanceKey);
    });

    it('overdue list with lateness', async function () {
      const response = await get('/api/tracking/overdue', 'snv.hungnv');

      expect(response.status).to.equal(200);
      const item = response.body.items.find(
        (candidate: { processInstanceKey: string }) =>
          candidate.processInstanceKey === processInstanceKey,
      );
      expect(item, 'the overdue task').to.not.equal(undefined);
      expect(item.subject).to.equal('Báo cáo công tác văn thư');
      const at = new Date(response.body.at);
      const due = new Date(item.dueAt);
      expect(item.lateness.ms).to.equal(at.getTime() - due.getTime());
      expect(item.lateness.workingMs).to.equal(new WorkingCalendar().workingTimeBetween(due, at));
    });

    it('unit leader sees own unit only', async function () {
      const own = await get('/api/tracking/overdue', 'snv.lanpt');
      const other = await get('/api/tracking/overdue', 'snv.thangnd');

      expect(own.status).to.equal(200);
      expect(
        own.body.items.map((item: { processInstanceKey: string }) => item.processInstanceKey),
      ).to.include(processInstanceKey);
      expect(other.status).to.equal(200);
      expect(other.body.items).to.deep.equal([]);
    });

    it('task-tracking counts overdue', async function () {
      const response = await get(
        `/api/tracking/task-tracking?processInstanceKey=${processInstanceKey}`,
        'snv.hungnv',
      );

      expect(response.status).to.equal(200);
      expect(response.body.totals).to.include({ inProgressOverdue: 1, total: 1 });
    });

    it('other agency sees none of it', async function () {
      const response = await get('/api/tracking/overdue', 'stc.truongmx');

      expect(response.status).to.equal(200);
      expect(
        response.body.items.some(
          (item: { processInstanceKey: string }) => item.processInstanceKey === processInstanceKey,
        ),
      ).to.equal(false);
    });
  });

  describe('an incoming document returned by a delegate', function () {
    let documentId: string;

    async function post(path: string, username: string, body: object) {
      return service
        .api()
        .post(path)
        .set('Authorization', await service.bearer(username))
        .send(body);
    }

    async function openTask(elementId: string): Promise<string> {
      return waitFor(`an open ${elementId} task`, async () => {
        const rows: Array<{ task_key: string }> = await service.service.dataSource.query(
          "SELECT task_key FROM tasks WHERE document_id = ? AND element_id = ? AND state = 'open'",
          [documentId, elementId],
        );
        return rows[0]?.task_key;
      });
    }

    before(async function () {
      // given a letter whose PDF carries no signature, so that its route sends it back
      const pdf = await PDFDocument.create();
      pdf.addPage().drawText('Cong van so 88/STC-VP');
      const upload = await service
        .api()
        .post('/api/files')
        .set('Authorization', await service.bearer('snv.maiht'))
        .attach('file', Buffer.from(await pdf.save()), 'cong-van.pdf');
      expect(upload.status, upload.text).to.equal(201);
      const registered = await post('/api/documents/incoming', 'snv.maiht', {
        fileId: upload.body.id,
        organId: SNV,
        typeCode: 'CV',
        subject: 'Về việc cử cán bộ dự tập huấn',
        organName: 'Sở Tài chính tỉnh Hòa Bình',
        codeNumber: '88',
        codeNotation: 'STC-VP',
        issuedDate: '2026-11-30',
        dueDate: '2026-12-31',
      });
      expect(registered.status, registered.text).to.equal(201);
      documentId = registered.body.details.document.id;
      const started = await post('/api/routes/incoming', 'snv.maiht', { documentId });
      expect(started.status, started.text).to.equal(201);
      const key = await openTask('record-return');

      // when one clerk claims it and delegates it to the other, who completes it
      const hongvt = await userId('snv.hongvt');
      const claimed = await post(`/api/tasks/${key}/claim`, 'snv.maiht', {});
      expect(claimed.status, claimed.text).to.be.oneOf([200, 204]);
      const delegated = await post(`/api/tasks/${key}/delegation`, 'snv.maiht', {
        toUserId: hongvt,
        comment: 'Nhờ chị Hồng xử lý',
      });
      expect(delegated.status, delegated.text).to.be.oneOf([200, 204]);
      const completed = await post(`/api/tasks/${key}/completion`, 'snv.hongvt', {
        comment: 'Văn bản chưa có chữ ký số',
      });
      expect(completed.status, completed.text).to.be.oneOf([200, 204]);
      await waitFor('the completed task', async () => {
        const rows: unknown[] = await service.service.dataSource.query(
          "SELECT task_key FROM tasks WHERE task_key = ? AND state = 'completed'",
          [key],
        );
        return rows.length > 0 ? true : undefined;
      });
    });

    it('path shows the delegation', async function () {
      const response = await get(`/api/tracking/documents/${documentId}`, 'snv.hungnv');

      expect(response.status, response.text).to.equal(200);
      const steps = response.body.instances[0].steps as PathStepBody[];
      const automatic = steps.filter((step) => step.kind === 'automatic');
      expect(automatic.map((step) => step.elementId)).to.include('verify-signature');
      const task = steps.find((step) => step.elementId === 'record-return')!;
      expect(task.state).to.equal('completed');
      expect(task.holder.fullName).to.equal('Vũ Thị Hồng');
      expect(task.comment).to.equal('Văn bản chưa có chữ ký số');
      const delegation = task.events.find((event) => event.kind === 'delegated')!;
      expect(delegation.actor.fullName).to.equal('Hoàng Thị Mai');
      expect(delegation.target.fullName).to.equal('Vũ Thị Hồng');
    });

    it('register shows the return', async function () {
      const response = await get(
        '/api/registers/follow-up?from=2026-01-01&to=2026-12-31',
        'snv.maiht',
      );

      const entry = response.body.entries.find(
        (candidate: { documentId: string }) => candidate.documentId === documentId,
      );
      expect(entry.progress.status).to.equal('returned');
      expect(entry.cells[4]).to.equal('Đã trả lại nơi gửi');
      expect(entry.dueDate).to.equal('2026-12-31');
    });

    it('path refused to an outsider', async function () {
      const response = await get(`/api/tracking/documents/${documentId}`, 'stc.truongmx');

      expect(response.status).to.equal(403);
    });
  });

  describe('rights', function () {
    it('login required', async function () {
      const response = await service.api().get('/api/tracking/units');

      expect(response.status).to.equal(401);
    });

    it('specialist has no unit dashboard', async function () {
      const response = await get('/api/tracking/units', 'snv.anhdtn');

      expect(response.status).to.equal(403);
    });

    it('unit leader dashboard of own unit', async function () {
      const own = await get(`/api/tracking/units/${await unitId(SNV, 'TCBC')}`, 'snv.thangnd');
      const other = await get(`/api/tracking/units/${await unitId(SNV, 'VP')}`, 'snv.thangnd');
      const list = await get('/api/tracking/units', 'snv.thangnd');

      expect(own.status).to.equal(200);
      expect(own.body.unit.code).to.equal('TCBC');
      expectProblem(other, 403, 'unitId');
      const [refusal] = await auditEntries('refused', 'snv.thangnd');
      expect(refusal).to.include({ reason: 'role', field: 'unitId', method: 'GET' });
      expect(refusal?.path).to.match(/^\/api\/tracking\/units\//);
      expect(list.status).to.equal(200);
      expect(list.body.units.map((unit: { code: string }) => unit.code)).to.deep.equal(['TCBC']);
    });

    it('unit of another agency refused', async function () {
      const response = await get(`/api/tracking/units/${await unitId(STC, 'VP')}`, 'snv.hungnv');

      expectProblem(response, 403, 'unitId');
    });

    it('specialist lists only own items', async function () {
      const own = await get('/api/tracking/overdue', 'snv.anhdtn');
      const colleague = await get(
        `/api/tracking/overdue?userId=${await userId('snv.loipv')}`,
        'snv.anhdtn',
      );

      expect(own.status).to.equal(200);
      expectProblem(colleague, 403, 'userId');
    });

    it('follow-up register for clerks and leaders', async function () {
      const response = await get(
        '/api/registers/follow-up?from=2026-12-01&to=2026-12-31',
        'snv.anhdtn',
      );

      expect(response.status).to.equal(403);
    });
  });

  describe('bad input', function () {
    it('unknown document 404', async function () {
      const id = '00000000-0000-4000-8000-000000000000';
      const response = await get(`/api/tracking/documents/${id}`, 'snv.hungnv');

      expectProblem(response, 404, 'id', id);
    });

    it('unknown unit and user 404', async function () {
      const unit = await get('/api/tracking/units/no-such-unit', 'snv.hungnv');
      const user = await get('/api/tracking/overdue?userId=no-such-user', 'snv.hungnv');

      expectProblem(unit, 404, 'unitId', 'no-such-unit');
      expectProblem(user, 404, 'userId', 'no-such-user');
    });

    it('bad overdue parameters 400', async function () {
      const cases: Array<[string, string, unknown]> = [
        ['limit=0', 'limit', '0'],
        ['limit=101', 'limit', '101'],
        ['cursor=not-a-cursor', 'cursor', 'not-a-cursor'],
        ['sort=due', 'sort', 'due'],
      ];
      for (const [query, field, value] of cases) {
        const response = await get(`/api/tracking/overdue?${query}`, 'snv.hungnv');
        expectProblem(response, 400, field, value);
      }
    });

    it('bad register dates 400', async function () {
      const cases: Array<[string, string, unknown]> = [
        ['from=2026-13-01&to=2026-12-31', 'from', '2026-13-01'],
        ['from=2026-02-30&to=2026-12-31', 'from', '2026-02-30'],
        ['from=2026-12-01&to=31/12/2026', 'to', '31/12/2026'],
        ['to=2026-12-31', 'from', undefined],
        ['from=2026-12-31&to=2026-12-01', 'from', '2026-12-31'],
        ['from=2026-12-01&to=2026-12-31&format=xml', 'format', 'xml'],
      ];
      for (const [query, field, value] of cases) {
        const response = await get(`/api/registers/follow-up?${query}`, 'snv.maiht');
        expectProblem(response, 400, field, value);
        if (typeof value === 'string') expect(response.body.detail).to.include(value);
      }
    });
  });

  describe('follow-up register', function () {
    it('JSON by default, CSV by Accept', async function () {
      const query = '/api/registers/follow-up?from=2026-01-01&to=2026-12-31';
      const json = await get(query, 'snv.maiht');
      const csv = await service
        .api()
        .get(query)
        .set('Authorization', await service.bearer('snv.maiht'))
        .set('Accept', 'text/csv');

      expect(json.status).to.equal(200);
      expect(json.body).to.include({ organId: SNV, from: '2026-01-01', to: '2026-12-31' });
      expect(json.body.columns[0]).to.equal('Số đến');
      expect(json.body.entries).to.be.an('array');
      expect(csv.status).to.equal(200);
      expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(csv.text.charCodeAt(0)).to.equal(0xfeff);
      expect(csv.text.slice(1).split('\r\n')[0]).to.match(/^Số đến,/);
      const [export_] = await auditEntries('exported', 'snv.maiht');
      expect(export_).to.include({ book: 'follow-up', format: 'csv', organId: SNV });
    });

    it('PDF on request', async function () {
      const response = await service
        .api()
        .get('/api/registers/follow-up?from=2026-01-01&to=2026-12-31&format=pdf')
        .set('Authorization', await service.bearer('snv.maiht'))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/pdf');
      expect((response.body as Buffer).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    });
  });
});
