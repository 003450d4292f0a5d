import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { allPages, as, demoIds, startTracking, taskOf, type DemoIds } from './task-fixture.js';

const day = 86_400_000;

describeEachDatabase('task list API', (database) => {
  let service: TestService;
  let ids: DemoIds;

  before(async function () {
    this.timeout(120_000);
    service = await startTestService(database());
    ids = await demoIds(service);
  });

  after(async function () {
    await service?.stop();
  });

  function inDays(days: number): Date {
    return new Date(Date.now() + days * day);
  }

  it('pages without gaps or duplicates', async function () {
    // given seven tracked tasks for one unit, due on different days
    const keys: string[] = [];
    for (const days of [9, 3, 7, 1, 5, 2, 8]) {
      keys.push(
        await startTracking(service, ids, `Phân trang kế hoạch ${days}`, ['TCBC'], inDays(days)),
      );
    }

    // when a member of the unit reads them three at a time, by priority and by due date
    const byPriority = await allPages(service, 'snv.anhdtn', { text: 'PHAN TRANG', limit: 3 });
    const byDue = await allPages(service, 'snv.anhdtn', {
      text: 'phan trang',
      limit: 3,
      sort: 'due',
    });

    // then each list has every task once, and the due list runs from the earliest due date
    expect(byPriority.map((task) => task.processInstanceKey)).to.have.members(keys);
    expect(byDue.map((task) => task.processInstanceKey)).to.have.members(keys);
    const dueDates = byDue.map((task) => Date.parse(task.dueAt as string));
    expect(dueDates).to.deep.equal([...dueDates].sort((a, b) => a - b));
    const priorityDue = byPriority.map((task) => Date.parse(task.dueAt as string));
    expect(priorityDue).to.deep.equal([...priorityDue].sort((a, b) => a - b));
    expect(byPriority[0]).to.include({
      bpmnProcessId: 'task-tracking',
      elementId: 'report-progress',
    });
    expect(byPriority[0]!.subject).to.match(/^Phân trang kế hoạch/);
  });

  it('filters by route, due date and words', async function () {
    // given a task for TCBC due in two days and one for CCVC
    const near = await startTracking(service, ids, 'Lọc báo cáo quý', ['TCBC'], inDays(2));
    const other = await startTracking(service, ids, 'Lọc báo cáo quý', ['CCVC'], inDays(2));

    // when a TCBC member filters
    const dueSoon = await allPages(service, 'snv.anhdtn', {
      text: 'loc bao cao',
      dueBefore: inDays(3).toISOString(),
      route: 'task-tracking',
    });
    const dueLater = await allPages(service, 'snv.anhdtn', {
      text: 'loc bao cao',
      dueBefore: inDays(1).toISOString(),
    });
    const wrongRoute = await allPages(service, 'snv.anhdtn', {
      text: 'loc bao cao',
      route: 'outgoing-document',
    });

    // then only the unit's own task matches, and only where the filters allow
    expect(dueSoon.map((task) => task.processInstanceKey)).to.deep.equal([near]);
    expect(dueLater).to.deep.equal([]);
    expect(wrongRoute).to.deep.equal([]);
    const ccvc = await allPages(service, 'snv.khanhlv', { text: 'loc bao cao' });
    expect(ccvc.map((task) => task.processInstanceKey)).to.deep.equal([other]);
  });

  it('rejects a second claim with 409', async function () {
    const instance = await startTracking(service, ids, 'Nhận việc', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);

    const claimed = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/claim`);
    const second = await as(service, 'snv.loipv').post(`/api/tasks/${key}/claim`);

    expect(claimed.status, claimed.text).to.equal(200);
    expect(claimed.body.assignee).to.deep.equal({
      id: ids.user('snv.anhdtn'),
      fullName: 'Đinh Thị Ngọc Ánh',
    });
    expect(claimed.body.actions).to.have.members(['unclaim', 'complete', 'delegate', 'forward']);
    expect(second.status).to.equal(409);
    expect(second.headers['content-type']).to.contain('application/problem+json');
    const mine = await allPages(service, 'snv.anhdtn', { scope: 'mine', text: 'nhan viec' });
    const groups = await allPages(service, 'snv.loipv', { scope: 'groups', text: 'nhan viec' });
    expect(mine.map((task) => task.key)).to.deep.equal([key]);
    expect(groups).to.deep.equal([]);

    const unclaimed = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/unclaim`);
    expect(unclaimed.body.assignee).to.equal(null);
    const back = await allPages(service, 'snv.loipv', { scope: 'groups', text: 'nhan viec' });
    expect(back.map((task) => task.key)).to.deep.equal([key]);
  });

  it('settles two concurrent claims', async function () {
    const instance = await startTracking(service, ids, 'Tranh nhận', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);

    const answers = await Promise.all([
      as(service, 'snv.anhdtn').post(`/api/tasks/${key}/claim`),
      as(service, 'snv.loipv').post(`/api/tasks/${key}/claim`),
    ]);

    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body.assignee.id;
    const detail = await as(service, 'snv.anhdtn').get(`/api/tasks/${key}/summary`);
    expect(detail.body.assignee.id).to.equal(winner);
    const events: Array<{ kind: string }> = await service.service.dataSource.query(
      "SELECT kind FROM task_events WHERE task_key = ? AND kind = 'claimed'",
      [key],
    );
    expect(events).to.have.length(1);
  });

  it('merges the pages of several groups', async function () {
    // given tracked tasks for the unit and a leader who is both member and leader of it
    await startTracking(service, ids, 'Gộp nhóm', ['TCBC'], inDays(6));
    await startTracking(service, ids, 'Gộp nhóm', ['TCBC'], inDays(2));

    // when the leader pages two at a time and in one page
    const paged = await allPages(service, 'snv.thangnd', { limit: 2 });
    const whole = await allPages(service, 'snv.thangnd', { limit: 100 });

    // then both give the same tasks in the same order, each once
    expect(paged.map((task) => task.key)).to.deep.equal(whole.map((task) => task.key));
    expect(new Set(paged.map((task) => task.key)).size).to.equal(paged.length);
    expect(paged.length).to.be.greaterThan(2);
  });

  it('completes in one touch', async function () {
    const instance = await startTracking(service, ids, 'Một chạm', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.loipv', instance);

    const done = await as(service, 'snv.loipv').post(`/api/tasks/${key}/completion`, {
      comment: 'Đã xong',
      variables: { progressNote: 'Hoàn thành kế hoạch', done: true },
    });

    expect(done.status, done.text).to.equal(200);
    expect(done.body).to.include({ state: 'completed', completedBy: ids.user('snv.loipv') });
    expect(done.body.history.map((event: { kind: string }) => event.kind)).to.deep.equal([
      'created',
      'claimed',
      'completed',
    ]);
    const completed = await allPages(service, 'snv.loipv', {
      state: 'completed',
      text: 'mot cham',
    });
    expect(completed.map((task) => task.key)).to.deep.equal([key]);
    const open = await allPages(service, 'snv.anhdtn', { text: 'mot cham' });
    expect(open).to.deep.equal([]);
    const again = await as(service, 'snv.loipv').post(`/api/tasks/${key}/claim`);
    expect(again.status).to.equal(409);
  });

  it('rejects completions off the form', async function () {
    const instance = await startTracking(service, ids, 'Biểu mẫu', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);
    const post = (body: object) =>
      as(service, 'snv.anhdtn').post(`/api/tasks/${key}/completion`, body);

    const decision = await post({
      decision: 'approve',
      variables: { progressNote: 'x', done: true },
    });
    const missing = await post({ variables: { done: false } });
    const unknown = await post({ variables: { progressNote: 'x', done: true, documentId: 'y' } });
    const wrongType = await post({ variables: { progressNote: 'x', done: 'yes' } });
    const misspelt = await post({
      decison: 'approve',
      variables: { progressNote: 'x', done: true },
    });

    expect(decision.status).to.equal(400);
    expect(decision.body).to.include({ field: 'decision' });
    expect(missing.body).to.include({ status: 400, field: 'variables.progressNote' });
    expect(unknown.body).to.include({ status: 400, field: 'variables.documentId' });
    expect(wrongType.body).to.include({ status: 400, field: 'variables.done' });
    expect(misspelt.body).to.include({ status: 400, field: 'decison', value: 'approve' });
    expect(misspelt.body.allowed).to.deep.equal(['decision', 'comment', 'variables']);
    const detail = await as(service, 'snv.anhdtn').get(`/api/tasks/${key}`);
    expect(detail.body).to.include({ state: 'open', assignee: null });
  });

  it('rejects outsiders with 403', async function () {
    const instance = await startTracking(service, ids, 'Người ngoài', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);

    const view = await as(service, 'snv.khanhlv').get(`/api/tasks/${key}`);
    const claim = await as(service, 'snv.khanhlv').post(`/api/tasks/${key}/claim`);
    const otherAgency = await as(service, 'stc.longhn').post(`/api/tasks/${key}/completion`, {
      variables: { progressNote: 'x', done: true },
    });

    expect([view.status, claim.status, otherAgency.status]).to.deep.equal([403, 403, 403]);
    const refusals: Array<{ details: string }> = await service.service.dataSource.query(
      "SELECT details FROM audit_log WHERE action = 'rejected' AND actor IN (?, ?)",
      [ids.user('snv.khanhlv'), ids.user('stc.longhn')],
    );
    const attempts = refusals
      .map((row) => JSON.parse(row.details) as { taskKey?: string; attempted?: string })
      .filter((details) => details.taskKey === key)
      .map((details) => details.attempted);
    expect(attempts).to.have.members(['view', 'claim', 'complete']);
  });

  it('delegates and takes back', async function () {
    const instance = await startTracking(service, ids, 'Ủy quyền xử lý', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);
    await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/claim`);

    const outside = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/delegation`, {
      toUserId: ids.user('stc.longhn'),
    });
    const delegated = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/delegation`, {
      toUserId: ids.user('snv.khanhlv'),
      comment: 'Nhờ anh xử lý giúp',
    });

    expect(outside.body).to.include({ status: 400, field: 'toUserId' });
    expect(delegated.status, delegated.text).to.equal(200);
    expect(delegated.body.assignee.id).to.equal(ids.user('snv.khanhlv'));
    expect(delegated.body.delegatedBy).to.equal(ids.user('snv.anhdtn'));
    expect(delegated.body.actions).to.deep.equal(['takeBack']);
    const delegateList = await allPages(service, 'snv.khanhlv', {
      scope: 'mine',
      text: 'uy quyen xu ly',
    });
    expect(delegateList.map((task) => task.key)).to.deep.equal([key]);

    const back = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/take-back`);
    expect(back.status, back.text).to.equal(200);
    expect(back.body.assignee.id).to.equal(ids.user('snv.anhdtn'));
    expect(back.body.delegatedBy).to.equal(null);
    expect(back.body.history.map((event: { kind: string }) => event.kind)).to.deep.equal([
      'created',
      'claimed',
      'delegated',
      'taken-back',
    ]);
    const gone = await allPages(service, 'snv.khanhlv', { scope: 'mine', text: 'uy quyen xu ly' });
    expect(gone).to.deep.equal([]);
  });

  it('forwards within the unit', async function () {
    const instance = await startTracking(service, ids, 'Chuyển tiếp', ['TCBC'], inDays(4));
    const { key } = await taskOf(service, 'snv.anhdtn', instance);
    await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/claim`);
    const forward = (body: object) =>
      as(service, 'snv.anhdtn').post(`/api/tasks/${key}/forwarding`, body);

    const noReason = await forward({ toUserId: ids.user('snv.loipv') });
    const otherUnit = await forward({
      toUserId: ids.user('snv.khanhlv'),
      reason: 'Đúng chuyên môn',
    });
    const forwarded = await forward({ toUserId: ids.user('snv.loipv'), reason: 'Đúng chuyên môn' });

    expect(noReason.body).to.include({ status: 400, field: 'reason' });
    expect(otherUnit.body).to.include({ status: 400, field: 'toUserId' });
    expect(forwarded.status, forwarded.text).to.equal(200);
    expect(forwarded.body.assignee.id).to.equal(ids.user('snv.loipv'));
    expect(forwarded.body.history.at(-1)).to.include({
      kind: 'forwarded',
      actorId: ids.user('snv.anhdtn'),
      targetId: ids.user('snv.loipv'),
      comment: 'Đúng chuyên môn',
    });
    const after = await as(service, 'snv.anhdtn').post(`/api/tasks/${key}/completion`, {
      variables: { progressNote: 'x', done: true },
    });
    expect(after.status).to.equal(409);
  });

  it('rejects bad requests', async function () {
    const user = as(service, 'snv.anhdtn');
    const unknown = await user.get('/api/tasks/99999999999');
    const notKey = await user.post('/api/tasks/abc/claim');
    const notKeyDetail = await user.get('/api/tasks/abc');
    const unknownParameter = await user.get('/api/tasks', { foo: 'bar' });
    const cursor = await user.get('/api/tasks', { cursor: 'bm90IGEgY3Vyc29y' });
    const otherSort = await user.get('/api/tasks', { limit: 1 });
    const limit = await user.get('/api/tasks', { limit: 0 });
    const scope = await user.get('/api/tasks', { scope: 'everyone' });
    const noZone = await user.get('/api/tasks', { dueBefore: '2027-01-01T17:00' });
    const plainDate = await user.get('/api/tasks', { dueBefore: '2027-01-01' });
    const anonymous = await service.api().get('/api/tasks');

    expect(unknown.body).to.include({ status: 404, field: 'key' });
    expect(notKey.body).to.include({ status: 400, field: 'key', value: 'abc' });
    expect(notKeyDetail.body).to.include({ status: 400, field: 'key', value: 'abc' });
    expect(unknownParameter.body).to.include({ status: 400, field: 'foo', value: 'bar' });
    expect(unknownParameter.body.allowed).to.include.members(['scope', 'route', 'cursor']);
    expect(cursor.body).to.include({ status: 400, field: 'cursor' });
    expect(limit.body).to.include({ status: 400, field: 'limit' });
    expect(scope.body).to.include({ status: 400, field: 'scope' });
    expect(noZone.body).to.include({ status: 400, field: 'dueBefore' });
    expect(plainDate.status, plainDate.text).to.equal(200);
    expect(anonymous.status).to.equal(401);
    if (otherSort.body.nextCursor) {
      const mixed = await user.get('/api/tasks', {
        sort: 'due',
        cursor: otherSort.body.nextCursor,
      });
      expect(mixed.body).to.include({ status: 400, field: 'cursor' });
    }
  });
});
