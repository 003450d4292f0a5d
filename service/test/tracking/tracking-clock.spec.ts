import { expect } from 'chai';
import supertest from 'supertest';
import type { UserTask } from '../../src/engine/port.js';
import { describeEachDatabase } from '../support/databases.js';
import { openClockFixture, type ClockFixture } from './clock-fixture.js';

const SNV = '000.00.12.H26';
const HOUR = 3_600_000;

/** Parses an instant written in Vietnam time, such as `2026-12-08T16:30`. */
function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

describeEachDatabase('tracking with a manual clock', (database) => {
  let fixture: ClockFixture;
  let units: Record<'TCBC' | 'CCVC' | 'VP', string>;

  before(async function () {
    this.timeout(60_000);
    fixture = await openClockFixture(database().url, vn('2026-12-07T08:00'));
    units = {
      TCBC: await fixture.unitId(SNV, 'TCBC'),
      CCVC: await fixture.unitId(SNV, 'CCVC'),
      VP: await fixture.unitId(SNV, 'VP'),
    };
  });

  after(async function () {
    await fixture?.close();
  });

  function get(path: string, username = 'snv.hungnv') {
    return supertest(fixture.app).get(path).set('x-test-user', username);
  }

  function reportTask(processInstanceKey: string, unitId: string): Promise<UserTask> {
    return fixture.openTask(processInstanceKey, (task) =>
      task.candidateGroups.includes(`unit:${unitId}`),
    );
  }

  async function report(processInstanceKey: string, unitId: string, done: boolean) {
    const task = await reportTask(processInstanceKey, unitId);
    await fixture.engine.completeUserTask(task.key, { progressNote: 'Báo cáo', done });
    await fixture.projection.settled();
  }

  async function startTracking(unitIds: string[], taskDueDate: string): Promise<string> {
    const created = await fixture.engine.createInstance({
      bpmnProcessId: 'task-tracking',
      variables: { organisationId: SNV, taskTitle: 'Rà soát biên chế', unitIds, taskDueDate },
    });
    for (const unitId of unitIds) await reportTask(created.processInstanceKey, unitId);
    return created.processInstanceKey;
  }

  let first: string;
  let second: string;

  it('task-tracking statuses per unit', async function () {
    // given a task for three units due Tuesday 16:30 and one for Văn phòng due Friday 16:30
    first = await startTracking([units.TCBC, units.CCVC, units.VP], '2026-12-08T16:30:00+07:00');
    second = await startTracking([units.VP], '2026-12-11T16:30:00+07:00');

    // when TCBC finishes on Monday and CCVC on Wednesday, after the deadline
    await fixture.advanceTo(vn('2026-12-07T09:00'));
    await report(first, units.TCBC, true);
    await fixture.advanceTo(vn('2026-12-09T10:00'));
    await report(first, units.CCVC, false);
    await report(first, units.CCVC, true);
    const response = await get('/api/tracking/task-tracking');

    // then each unit's assignments land in their status
    expect(response.status).to.equal(200);
    const byCode = Object.fromEntries(
      response.body.units.map((unit: { code: string }) => [unit.code, unit]),
    );
    expect(byCode.TCBC).to.include({ completedOnTime: 1, completedLate: 0, total: 1 });
    expect(byCode.CCVC).to.include({ completedOnTime: 0, completedLate: 1, total: 1 });
    expect(byCode.VP).to.include({ inProgressOnTime: 1, inProgressOverdue: 1, total: 2 });
    expect(response.body.totals).to.deep.equal({
      completedOnTime: 1,
      completedLate: 1,
      inProgressOnTime: 1,
      inProgressOverdue: 1,
      total: 4,
    });
  });

  it('task-tracking narrowed to one instance', async function () {
    const response = await get(`/api/tracking/task-tracking?processInstanceKey=${second}`);

    expect(response.status).to.equal(200);
    expect(response.body.units).to.have.length(1);
    expect(response.body.units[0]).to.include({ code: 'VP', inProgressOnTime: 1, total: 1 });
  });

  it('overdue lateness in working hours', async function () {
    // Wednesday 10:00 is 17.5 clock hours but 2.5 office hours after Tuesday 16:30
    const response = await get('/api/tracking/overdue');

    expect(response.status).to.equal(200);
    expect(response.body.items).to.have.length(1);
    const [item] = response.body.items;
    expect(item.processInstanceKey).to.equal(first);
    expect(item.unitId).to.equal(units.VP);
    expect(item.dueAt).to.equal(vn('2026-12-08T16:30').toISOString());
    expect(item.lateness).to.deep.equal({
      ms: 17.5 * HOUR,
      workingMs: 2.5 * HOUR,
      workingDays: 0,
      workingHours: 2.5,
    });
    expect(response.body.nextCursor).to.equal(null);
  });

  it('unit counts and per person', async function () {
    const agency = await get('/api/tracking/units');
    const unit = await get(`/api/tracking/units/${units.VP}`);

    expect(agency.status).to.equal(200);
    const vp = agency.body.units.find((row: { code: string }) => row.code === 'VP');
    const tcbc = agency.body.units.find((row: { code: string }) => row.code === 'TCBC');
    expect(vp).to.include({ open: 2, onTime: 1, overdue: 1 });
    expect(tcbc).to.include({ open: 0, onTime: 0, overdue: 0 });
    expect(unit.status).to.equal(200);
    expect(unit.body.unit).to.include({ unitId: units.VP, open: 2, onTime: 1, overdue: 1 });
    expect(unit.body.unassigned).to.deep.equal({ open: 2, onTime: 1, overdue: 1 });
    const names = unit.body.people.map((person: { fullName: string }) => person.fullName);
    expect(names).to.include('Phạm Thị Lan');
    expect(unit.body.people.every((person: { open: number }) => person.open === 0)).to.equal(true);
  });

  it('overdue pages after the weekend', async function () {
    // given Monday 10:00: the first task is 3 days 2.5 hours late, the second 2.5 hours
    await fixture.advanceTo(vn('2026-12-14T10:00'));

    // when the overdue list is read one item per page
    const page1 = await get('/api/tracking/overdue?limit=1');
    const page2 = await get(
      `/api/tracking/overdue?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );

    // then the most late item comes first and the second page ends the list
    expect(page1.status).to.equal(200);
    expect(
      page1.body.items.map((item: { processInstanceKey: string }) => item.processInstanceKey),
    ).to.deep.equal([first]);
    expect(page1.body.items[0].lateness).to.include({ workingDays: 3, workingHours: 2.5 });
    expect(page1.body.nextCursor).to.be.a('string');
    expect(page2.status).to.equal(200);
    expect(
      page2.body.items.map((item: { processInstanceKey: string }) => item.processInstanceKey),
    ).to.deep.equal([second]);
    expect(page2.body.items[0].lateness).to.include({ workingDays: 0, workingHours: 2.5 });
    expect(page2.body.nextCursor).to.equal(null);
  });

  describe('an incoming document handled late', function () {
    let documentId: string;
    let specialistId: string;

    async function completeJob(type: string, variables: Record<string, unknown> = {}) {
      const jobs = await fixture.engine.activateJobs({
        type,
        worker: 'test',
        timeoutMs: 60_000,
        maxJobs: 1,
        requestTimeoutMs: 0,
      });
      expect(jobs, `jobs of type ${type}`).to.have.length(1);
      await fixture.engine.completeJob({
        jobKey: jobs[0]!.key,
        activation: jobs[0]!.activation,
        variables,
      });
    }

    async function completeStep(key: string, elementId: string, variables: object) {
      const task = await fixture.openTask(key, (candidate) => candidate.elementId === elementId);
      await fixture.engine.completeUserTask(task.key, variables as Record<string, unknown>);
      await fixture.projection.settled();
    }

    before(async function () {
      // given a letter registered on Monday 14 December at 10:00, due Wednesday 16 December
      specialistId = (await fixture.user('snv.anhdtn')).id;
      const registered = await fixture.documents.documents.registerIncoming(
        {
          organId: SNV,
          typeCode: 'CV',
          subject: 'Về việc rà soát vị trí việc làm',
          organName: 'Ủy ban nhân dân tỉnh Hòa Bình',
          codeNumber: '15',
          codeNotation: 'UBND-VP',
          issuedDate: '2026-12-10',
          dueDate: '2026-12-16',
        },
        'snv.maiht',
      );
      documentId = registered.details.document.id;
      const { processInstanceKey: key } = await fixture.engine.createInstance({
        bpmnProcessId: 'incoming-document',
        variables: { documentId, organisationId: SNV, urgency: 0 },
      });
      await completeJob('deadline.compute', { directionDueDate: '2026-12-15T16:30:00+07:00' });
      await completeJob('signature.verify');
      await completeJob('document.register');

      // and the director assigns TCBC at 11:00, whose leader assigns a specialist on Tuesday
      await fixture.openTask(key, (task) => task.elementId === 'direct');
      await fixture.advanceTo(vn('2026-12-14T11:00'));
      await completeStep(key, 'direct', {
        leadUnitId: units.TCBC,
        supportUnitIds: [],
        handlingDueDate: '2026-12-16T16:30:00+07:00',
        comment: 'Giao Phòng Tổ chức biên chế chủ trì',
      });
      await fixture.advanceTo(vn('2026-12-15T09:00'));
      await completeStep(key, 'assign-specialist', { specialistId });
      await fixture.openTask(key, (task) => task.elementId === 'handle-and-report');

      // when the specialist has not reported by Thursday 09:00
      await fixture.advanceTo(vn('2026-12-17T09:00'));
    });

    it('document path with times and lateness', async function () {
      const response = await get(`/api/tracking/documents/${documentId}`);

      expect(response.status).to.equal(200);
      expect(response.body.instances).to.have.length(1);
      const [instance] = response.body.instances;
      expect(instance.historyAvailable).to.equal(true);
      const steps = instance.steps as Array<Record<string, unknown>>;
      const ids = steps.map((step) => step.elementId);
      expect(ids.slice(0, 3)).to.deep.equal([
        'compute-deadlines',
        'verify-signature',
        'register-incoming',
      ]);
      const direct = steps.find((step) => step.elementId === 'direct')!;
      expect(direct).to.include({ kind: 'user-task', state: 'completed', late: false });
      expect(direct.spentMs).to.equal(HOUR);
      expect(direct.comment).to.equal('Giao Phòng Tổ chức biên chế chủ trì');
      const assign = steps.find((step) => step.elementId === 'assign-specialist')!;
      expect(assign.spentMs).to.equal(22 * HOUR);
      expect(assign.spentWorkingMs).to.equal(5.5 * HOUR);
      const handle = steps.find((step) => step.elementId === 'handle-and-report')!;
      expect(handle).to.include({ state: 'open', late: true, leftAt: null });
      expect(handle.holder).to.deep.equal({ id: specialistId, fullName: 'Đinh Thị Ngọc Ánh' });
      expect(handle.lateness).to.deep.include({ workingDays: 0, workingHours: 1.5 });
      expect(ids.indexOf('direct')).to.be.below(ids.indexOf('handle-and-report'));
    });

    it('follow-up register entry overdue', async function () {
      const response = await get(
        '/api/registers/follow-up?from=2026-12-14&to=2026-12-14',
        'snv.maiht',
      );

      expect(response.status).to.equal(200);
      expect(response.body.entries).to.have.length(1);
      const [entry] = response.body.entries;
      expect(entry.documentId).to.equal(documentId);
      expect(entry.dueDate).to.equal('2026-12-16');
      expect(entry.progress.status).to.equal('overdue');
      expect(entry.progress.lateness).to.include({ workingDays: 0, workingHours: 1.5 });
      expect(entry.cells[2]).to.equal(
        'Phòng Tổ chức, biên chế và tổ chức phi chính phủ: Đinh Thị Ngọc Ánh',
      );
      expect(entry.cells[4]).to.equal('Đang giải quyết, quá hạn 1 giờ làm việc');
    });

    it('follow-up register as CSV', async function () {
      const response = await get(
        '/api/registers/follow-up?from=2026-12-14&to=2026-12-14&format=csv',
        'snv.maiht',
      );

      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(response.text.charCodeAt(0)).to.equal(0xfeff);
      const lines = response.text.slice(1).split('\r\n');
      expect(lines[0]!.startsWith('Số đến,')).to.equal(true);
      expect(lines[1]).to.match(/^\d+,Công văn số 15\/UBND-VP ngày 10\/12\/2026 của /);
      expect(lines[1]).to.include(',16/12/2026,"Đang giải quyết, quá hạn 1 giờ làm việc",,');
    });

    it('follow-up entry completed late', async function () {
      // given the specialist reports at once and the director closes on Friday 09:00
      const [instance] = (await get(`/api/tracking/documents/${documentId}`)).body.instances;
      const key = instance.processInstanceKey as string;
      await completeStep(key, 'handle-and-report', { report: 'Đã rà soát', proposeReply: false });
      await fixture.openTask(key, (task) => task.elementId === 'close');
      await fixture.advanceTo(vn('2026-12-18T09:00'));
      await completeStep(key, 'close', {});

      // when the register is read
      const response = await get(
        '/api/registers/follow-up?from=2026-12-14&to=2026-12-14',
        'snv.maiht',
      );

      // then Thursday and Friday morning make it one working day late
      const [entry] = response.body.entries;
      expect(entry.progress.status).to.equal('completed_late');
      expect(entry.progress.finishedAt).to.equal(vn('2026-12-18T09:00').toISOString());
      expect(entry.progress.lateness).to.include({ workingDays: 1, workingHours: 1.5 });
      expect(entry.cells[4]).to.equal('Đã giải quyết ngày 18/12/2026, quá hạn 1 ngày làm việc');
    });
  });
});
