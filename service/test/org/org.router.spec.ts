import { expect } from 'chai';
import request from 'supertest';
import { seedDemoOrganisation } from '../../src/org/index.js';
import { startAuthHarness, type AuthHarness } from '../auth/auth-fixtures.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('org router', (database) => {
  let harness: AuthHarness;
  let adminBearer: string;
  let specialistBearer: string;

  async function bearerFor(username: string, password: string): Promise<string> {
    const response = await request(harness.app)
      .post('/api/auth/login')
      .send({ username, password });
    expect(response.status, `login of ${username}`).to.equal(200);
    return `Bearer ${response.body.accessToken}`;
  }

  before(async function () {
    harness = await startAuthHarness(database().url);
    await seedDemoOrganisation(harness.dataSource, { now: harness.clock.now });
    adminBearer = await bearerFor('stc.duccm', 'demo-quantri');
    specialistBearer = await bearerFor('stc.longhn', 'demo-chuyenvien');
  });

  after(async function () {
    await harness?.dataSource.destroy();
  });

  it('lists the unit tree', async function () {
    const response = await request(harness.app)
      .get('/api/org/units?organId=000.00.13.H26&view=tree')
      .set('Authorization', specialistBearer);

    expect(response.status).to.equal(200);
    expect(response.body).to.have.length(1);
    expect(response.body[0].name).to.equal('Ban Giám đốc');
    expect(response.body[0].children.map((unit: { code: string }) => unit.code)).to.deep.equal([
      'QLNS',
      'TCDN',
      'VP',
    ]);
  });

  it('units without organId is a 400', async function () {
    const response = await request(harness.app)
      .get('/api/org/units')
      .set('Authorization', specialistBearer);

    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('organId');
  });

  it('administrator creates a user who logs in', async function () {
    const units = await request(harness.app)
      .get('/api/org/units?organId=000.00.13.H26')
      .set('Authorization', adminBearer);
    const unit = units.body.find((item: { code: string }) => item.code === 'TCDN');

    const created = await request(harness.app)
      .post('/api/org/users')
      .set('Authorization', adminBearer)
      .send({
        username: 'stc.vyntt',
        fullName: 'Nguyễn Thị Tường Vy',
        email: 'vyntt@stc.hoabinh.example.vn',
        unitId: unit.id,
        position: 'chuyen_vien',
        roles: ['specialist'],
      });
    const password = await request(harness.app)
      .put(`/api/org/users/${created.body.id}/password`)
      .set('Authorization', adminBearer)
      .send({ password: 'mật-khẩu-mới-2026' });

    expect(created.status).to.equal(201);
    expect(created.body).to.not.have.property('passwordHash');
    expect(password.status).to.equal(204);
    await bearerFor('stc.vyntt', 'mật-khẩu-mới-2026');
    const overseers = await request(harness.app)
      .get(`/api/org/users/${created.body.id}/overseers`)
      .set('Authorization', specialistBearer);
    expect(overseers.body.map((user: { username: string }) => user.username)).to.deep.equal([
      'stc.phucav',
      'stc.sonhv',
    ]);
  });

  it('deactivated user disappears from the list', async function () {
    const list = await request(harness.app)
      .get('/api/org/users?organId=000.00.13.H26')
      .set('Authorization', adminBearer);
    const target = list.body.find((user: { username: string }) => user.username === 'stc.oanhctk');

    const response = await request(harness.app)
      .post(`/api/org/users/${target.id}/deactivation`)
      .set('Authorization', adminBearer);

    expect(response.status).to.equal(200);
    expect(response.body.active).to.equal(false);
    const after = await request(harness.app)
      .get('/api/org/users?organId=000.00.13.H26')
      .set('Authorization', adminBearer);
    const usernames = after.body.map((user: { username: string }) => user.username);
    expect(usernames).to.not.include('stc.oanhctk');
    expect(usernames).to.include('stc.longhn');
  });

  it('deactivation ends open sessions', async function () {
    // given stc.linhltd logged in twice, with access and refresh tokens
    const first = await request(harness.app)
      .post('/api/auth/login')
      .send({ username: 'stc.linhltd', password: 'demo-chuyenvien' });
    const second = await request(harness.app)
      .post('/api/auth/login')
      .send({ username: 'stc.linhltd', password: 'demo-chuyenvien' });
    expect(first.status, first.text).to.equal(200);
    expect(second.status, second.text).to.equal(200);
    const bearer = `Bearer ${first.body.accessToken}`;
    const before = await request(harness.app).get('/api/auth/me').set('Authorization', bearer);
    expect(before.status, before.text).to.equal(200);

    // when an administrator deactivates the user
    const deactivated = await request(harness.app)
      .post(`/api/org/users/${before.body.id}/deactivation`)
      .set('Authorization', adminBearer);
    expect(deactivated.status, deactivated.text).to.equal(200);

    // then the access token stops working at once and every refresh token is revoked
    const me = await request(harness.app).get('/api/auth/me').set('Authorization', bearer);
    expect(me.status).to.equal(401);
    expect(me.body.reason).to.equal('user_inactive');
    const units = await request(harness.app)
      .get('/api/org/units?organId=000.00.13.H26')
      .set('Authorization', bearer);
    expect(units.status).to.equal(401);
    const open: unknown[] = await harness.dataSource.query(
      'SELECT token_hash FROM auth_refresh_tokens WHERE user_id = ? AND revoked_at IS NULL',
      [before.body.id],
    );
    expect(open).to.have.length(0);
    const refresh = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: second.body.refreshToken });
    expect(refresh.status).to.equal(401);
  });

  it('administrator records a delegation', async function () {
    const list = await request(harness.app)
      .get('/api/org/users?organId=000.00.13.H26')
      .set('Authorization', adminBearer);
    const find = (username: string) =>
      list.body.find((user: { username: string }) => user.username === username).id;

    const response = await request(harness.app)
      .post('/api/org/delegations')
      .set('Authorization', adminBearer)
      .send({
        fromUserId: find('stc.sonhv'),
        toUserId: find('stc.thuyltt'),
        form: 'TUQ',
        startsAt: '2026-06-20T00:00:00Z',
        endsAt: '2026-06-27T00:00:00Z',
        scope: 'sign:outgoing',
      });

    expect(response.status).to.equal(201);
    const activeDelegations = await request(harness.app)
      .get(`/api/org/users/${find('stc.thuyltt')}/delegations`)
      .set('Authorization', specialistBearer);
    expect(activeDelegations.body.map((item: { form: string }) => item.form)).to.deep.equal([
      'TUQ',
    ]);
  });

  it('invalid delegation form is a 400', async function () {
    const response = await request(harness.app)
      .post('/api/org/delegations')
      .set('Authorization', adminBearer)
      .send({ form: 'UQ', fromUserId: 'a', toUserId: 'b', startsAt: 'x', endsAt: 'y', scope: 's' });

    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('form');
  });

  it('specialist cannot set a password', async function () {
    const response = await request(harness.app)
      .put('/api/org/users/any/password')
      .set('Authorization', specialistBearer)
      .send({ password: 'doesnt-matter-123' });

    expect(response.status).to.equal(403);
  });
});
