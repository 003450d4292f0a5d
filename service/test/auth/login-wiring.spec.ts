import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';

describeEachDatabase('login in the running service', (database) => {
  let running: TestService;

  before(async function () {
    this.timeout(60_000);
    running = await startTestService(database());
  });

  after(async () => {
    await running?.stop();
  });

  it('refuses /api without a token', async () => {
    // given the running service
    // when a request carries no access token
    const response = await running.api().get('/api/processes');

    // then it is a 401 problem with a Bearer challenge
    expect(response.status).to.equal(401);
    expect(response.headers['content-type']).to.match(/problem\+json/);
    expect(response.headers['www-authenticate']).to.match(/^Bearer /);
  });

  it('logs a seeded user in', async () => {
    // given the seeded demo organisation
    // when a specialist logs in and asks for the profile
    const token = await running.login('snv.anhdtn');
    const me = await running.api().get('/api/auth/me').set('Authorization', `Bearer ${token}`);

    // then the profile names the user and their role
    expect(me.status).to.equal(200);
    expect(me.body.username).to.equal('snv.anhdtn');
    expect(me.body.roles).to.deep.equal(['specialist']);
  });

  it('serves the organisation API to a logged-in user', async () => {
    // given a logged-in specialist of Sở Nội vụ
    const bearer = await running.bearer('snv.anhdtn');

    // when they list the units of their agency
    const units = await running
      .api()
      .get('/api/org/units')
      .query({ organId: '000.00.12.H26' })
      .set('Authorization', bearer);

    // then the seeded units are listed
    expect(units.status).to.equal(200);
    expect(units.body.map((unit: { code: string }) => unit.code)).to.include.members([
      'BGĐ',
      'VP',
      'TCBC',
      'CCVC',
    ]);
  });

  it('refuses a user change by a non-administrator', async () => {
    // given a logged-in specialist
    const bearer = await running.bearer('snv.anhdtn');

    // when they try to deactivate a colleague
    const users = await running
      .api()
      .get('/api/org/users')
      .query({ organId: '000.00.12.H26' })
      .set('Authorization', bearer);
    const colleague = users.body.find(
      (user: { username: string }) => user.username === 'snv.loipv',
    );
    const response = await running
      .api()
      .post(`/api/org/users/${colleague.id}/deactivation`)
      .set('Authorization', bearer);

    // then it is refused with a 403
    expect(response.status).to.equal(403);
  });
});
