import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { SNV, STC, seededUsers, type SeededUser } from './rights-fixtures.js';

describeEachDatabase('organisation changes stay in the agency', (database) => {
  let running: TestService;
  let users: Map<string, SeededUser>;

  before(async function () {
    this.timeout(60_000);
    running = await startTestService(database());
    users = await seededUsers(running);
  });

  after(async () => {
    await running?.stop();
  });

  async function asSnvAdministrator(method: 'post' | 'patch', path: string, body: object) {
    const agent = running.api();
    const request =
      method === 'post' ? agent.post(`/api/org${path}`) : agent.patch(`/api/org${path}`);
    return request.set('Authorization', await running.bearer('snv.huybq')).send(body);
  }

  it('unit in another agency is refused', async () => {
    // given the administrator of Sở Nội vụ
    // when they create a unit in Sở Tài chính
    const response = await asSnvAdministrator('post', '/units', {
      organId: STC,
      code: 'TTRA',
      name: 'Thanh tra Sở',
    });

    // then it is a 403 naming the other agency
    expect(response.status, response.text).to.equal(403);
    expect(response.body.reason).to.equal('other_agency');
  });

  it('unit in the own agency is created', async () => {
    // given the administrator of Sở Nội vụ
    // when they create a unit in their own agency
    const response = await asSnvAdministrator('post', '/units', {
      organId: SNV,
      code: 'TTRA',
      name: 'Thanh tra Sở',
    });

    // then it is created
    expect(response.status, response.text).to.equal(201);
  });

  it('user of another agency is refused', async () => {
    // given a specialist of Sở Tài chính
    const other = users.get('stc.longhn')!;

    // when the Sở Nội vụ administrator renames them
    const response = await asSnvAdministrator('patch', `/users/${other.id}`, {
      fullName: 'Tên khác',
    });

    // then it is refused and the name is unchanged
    expect(response.status, response.text).to.equal(403);
    const reread = await running
      .api()
      .get(`/api/org/users/${other.id}`)
      .set('Authorization', await running.bearer('stc.duccm'));
    expect(reread.body.fullName).to.equal('Hồ Ngọc Long');
  });

  it('delegation between other agency users is refused', async () => {
    // given two leaders of Sở Tài chính
    const from = users.get('stc.sonhv')!;
    const to = users.get('stc.thuyltt')!;

    // when the Sở Nội vụ administrator records a delegation between them
    const response = await asSnvAdministrator('post', '/delegations', {
      fromUserId: from.id,
      toUserId: to.id,
      form: 'KT',
      startsAt: '2026-12-01T00:00:00+07:00',
      endsAt: '2027-12-01T00:00:00+07:00',
      scope: 'sign:outgoing',
    });

    // then it is refused
    expect(response.status, response.text).to.equal(403);
    expect(response.body.reason).to.equal('other_agency');
  });
});
