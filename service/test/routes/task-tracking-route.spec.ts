import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { RouteClient, type OrgUnit } from './route-client.js';
import { SNV } from './route-steps.js';

const hourMs = 3_600_000;

/** Status counts of one unit as GET /api/tracking/task-tracking returns them. */
interface UnitCounts {
  unitId: string;
  completedOnTime: number;
  completedLate: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
}

/** The task-tracking route at SNV, driven through the route, task and tracking APIs. */
describeEachDatabase('task-tracking route over HTTP', (database) => {
  let service: TestService;
  let client: RouteClient;
  let finishing: OrgUnit;
  let working: OrgUnit;

  before(async function () {
    this.timeout(180_000);
    service = await startTestService(database());
    client = new RouteClient(service);
    finishing = await client.unit(SNV, 'TCBC');
    working = await client.unit(SNV, 'CCVC');
  });

  after(async () => {
    await service?.stop();
  });

  /** Assigns a task to both units through the route API as the director, due `hours` from now. */
  async function assign(title: string, hours: number): Promise<string> {
    return client.startRoute('snv.hungnv', 'task-tracking', {
      title,
      unitIds: [finishing.id, working.id],
      dueDate: new Date(Date.now() + hours * hourMs).toISOString(),
    });
  }

  /**
   * Starts a task that was due an hour ago, with the variables the route API sets. The API takes
   * future deadlines only and the service runs on the system clock, so this start goes to the
   * engine directly. Everything after it goes through HTTP.
   */
  async function assignPastDue(title: string): Promise<string> {
    const director = await client.user('snv.hungnv');
    const { processInstanceKey } = await service.service.engine.createInstance({
      bpmnProcessId: 'task-tracking',
      variables: {
        taskTitle: title,
        unitIds: [finishing.id, working.id],
        taskDueDate: new Date(Date.now() - hourMs).toISOString(),
        organisationId: SNV,
        assignedBy: director.id,
      },
    });
    return processInstanceKey;
  }

  /** Reports progress on the instance's task as a member of the unit. */
  async function report(key: string, username: string, unit: OrgUnit, note: string, done: boolean) {
    await client.complete(
      username,
      { processInstanceKey: key, elementId: 'report-progress', candidateGroup: `unit:${unit.id}` },
      { variables: { progressNote: note, done } },
    );
  }

  /** Reads the status counts of the instance per unit as the director. */
  async function countsOf(key: string): Promise<Map<string, UnitCounts>> {
    const response = await client.send(
      'snv.hungnv',
      'get',
      `/api/tracking/task-tracking?processInstanceKey=${key}`,
      undefined,
      200,
    );
    const units = response.body.units as UnitCounts[];
    return new Map(units.map((unit) => [unit.unitId, unit]));
  }

  function statusOf(counts: UnitCounts | undefined): string {
    if (!counts) return 'absent';
    const statuses = [
      ['completed_on_time', counts.completedOnTime],
      ['completed_late', counts.completedLate],
      ['in_progress_on_time', counts.inProgressOnTime],
      ['in_progress_overdue', counts.inProgressOverdue],
    ].filter(([, count]) => count === 1);
    return statuses.length === 1 ? String(statuses[0]![0]) : JSON.stringify(counts);
  }

  it('past deadline rejected at start', async function () {
    this.timeout(180_000);
    // when the director assigns a task whose deadline has passed
    const response = await client.send('snv.hungnv', 'post', '/api/routes/task-tracking', {
      title: 'Nhiệm vụ đã quá hạn',
      unitIds: [finishing.id],
      dueDate: new Date(Date.now() - hourMs).toISOString(),
    });

    // then the API rejects it, naming the field
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('dueDate');
  });

  it('four statuses across two tasks', async function () {
    this.timeout(180_000);
    // given one task due tomorrow and one that was due an hour ago
    const current = await assign('Rà soát vị trí việc làm năm 2027', 24);
    const late = await assignPastDue('Báo cáo số lượng công chức quý IV');

    // when one unit reports progress twice and finishes each task, and the other only reports
    await report(current, 'snv.anhdtn', finishing, 'Đang tổng hợp', false);
    await report(current, 'snv.loipv', finishing, 'Đã gửi kết quả', true);
    await report(current, 'snv.khanhlv', working, 'Đang rà soát', false);
    await report(late, 'snv.anhdtn', finishing, 'Đã gửi báo cáo', true);
    await report(late, 'snv.yentt', working, 'Đang thu thập số liệu', false);

    // then each unit of each task has the status of its progress against the deadline
    const overdue = await client.waitUntil('the late task marked overdue', async () => {
      const counts = await countsOf(late);
      return statusOf(counts.get(working.id)) === 'in_progress_overdue' ? counts : undefined;
    });
    expect(statusOf(overdue.get(finishing.id))).to.equal('completed_late');
    const onTime = await countsOf(current);
    expect(statusOf(onTime.get(finishing.id))).to.equal('completed_on_time');
    expect(statusOf(onTime.get(working.id))).to.equal('in_progress_on_time');

    // and the engine recorded the overdue reminder for the unit still working on the late task
    const history = await service.service.engine.getInstanceHistory(late);
    const marked = history.filter(
      (entry) => entry.elementId === 'mark-overdue' && entry.state === 'COMPLETED',
    );
    expect(marked.length).to.be.at.least(1);

    // when the working unit finishes both tasks
    await report(current, 'snv.khanhlv', working, 'Hoàn thành', true);
    await report(late, 'snv.yentt', working, 'Hoàn thành', true);
    const currentEnd = await client.waitForEnd(current);
    const lateEnd = await client.waitForEnd(late);

    // then the routes ended with the statuses the tracking API reports
    const statuses = (instance: typeof currentEnd) =>
      (instance.variables.unitStatuses as Array<{ unitId: string; status: string }>).map(
        ({ unitId, status }) => [unitId, status],
      );
    expect(statuses(currentEnd)).to.deep.equal([
      [finishing.id, 'completed_on_time'],
      [working.id, 'completed_on_time'],
    ]);
    expect(statuses(lateEnd)).to.deep.equal([
      [finishing.id, 'completed_late'],
      [working.id, 'completed_late'],
    ]);
    expect(statusOf((await countsOf(late)).get(working.id))).to.equal('completed_late');
  });
});
