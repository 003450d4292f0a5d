import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { seedDemoOrganisation } from '../../src/org/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { TEST_JWT_SECRET, startAuthHarness, type AuthHarness } from './auth-fixtures.js';

const CLERK = { username: 'snv.maiht', password: 'demo-vanthu' };
const ADMIN = { username: 'snv.huybq', password: 'demo-quantri' };

describeEachDatabase('auth router', (database) => {
  let harness: AuthHarness;

  before(async function () {
    harness = await startAuthHarness(database().url);
    await seedDemoOrganisation(harness.dataSource, { now: harness.clock.now });
  });

  after(async function () {
    await harness?.dataSource.destroy();
  });

  function login(credentials: { username: string; password: string }, ip = '10.0.0.1') {
    return request(harness.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .send(credentials);
  }

  it('login returns a token pair', async function () {
    const response = await login(CLERK);

    expect(response.status).to.equal(200);
    expect(response.body.tokenType).to.equal('Bearer');
    expect(response.body.expiresIn).to.equal(900);
    expect(response.body.refreshToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    const claims = jwt.verify(response.body.accessToken, TEST_JWT_SECRET, {
      clockTimestamp: harness.clock.now().getTime() / 1000,
    }) as jwt.JwtPayload;
    expect(claims.roles).to.deep.equal(['clerk']);
    expect(claims.clearance).to.equal('toi_mat');
    expect(claims.exp! - claims.iat!).to.equal(900);
    expect(claims.jti).to.be.a('string');
    expect(response.headers['cache-control']).to.equal('no-store');
  });

  it('me returns the caller profile', async function () {
    const { body: tokens } = await login(CLERK);

    const response = await request(harness.app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${tokens.accessToken}`);

    expect(response.status).to.equal(200);
    expect(response.body.username).to.equal('snv.maiht');
    expect(response.body.fullName).to.equal('Hoàng Thị Mai');
    expect(response.body).to.not.have.property('passwordHash');
  });

  it('wrong password and unknown user look alike', async function () {
    const wrong = await login({ username: CLERK.username, password: 'demo-sai' }, '10.0.1.1');
    const unknown = await login({ username: 'khong.ton.tai', password: 'demo-sai' }, '10.0.1.2');

    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.headers['content-type']).to.match(/^application\/problem\+json/);
    const withoutInstance = (problem: Record<string, unknown>) => ({ ...problem, instance: null });
    expect(withoutInstance(wrong.body)).to.deep.equal(withoutInstance(unknown.body));
    expect(wrong.body.detail).to.equal('invalid username or password');
  });

  it('deactivated user cannot log in', async function () {
    const user = (await harness.users.findForLogin('snv.yentt'))!;
    await harness.users.deactivate(user.id);

    const response = await login({ username: 'snv.yentt', password: 'demo-chuyenvien' });

    expect(response.status).to.equal(401);
    expect(response.body.detail).to.equal('invalid username or password');
  });

  it('expired access token names the expiry', async function () {
    const past = Math.floor(harness.clock.now().getTime() / 1000) - 60;
    const expired = jwt.sign(
      { sub: 'someone', jti: 'a', iat: past - 900, exp: past, roles: ['clerk'], sid: 's' },
      TEST_JWT_SECRET,
      { algorithm: 'HS256' },
    );

    const response = await request(harness.app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${expired}`);

    expect(response.status).to.equal(401);
    expect(response.body.reason).to.equal('token_expired');
    expect(response.body.detail).to.match(/^access token expired at .*POST \/api\/auth\/refresh/);
    expect(response.headers['www-authenticate']).to.match(/^Bearer error="invalid_token"/);
  });

  it('token signed with another key is rejected', async function () {
    const { body: tokens } = await login(CLERK);
    const claims = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
    const forged = jwt.sign({ ...claims, roles: ['administrator'] }, 'x'.repeat(40));

    const response = await request(harness.app)
      .get('/api/org/users')
      .set('Authorization', `Bearer ${forged}`);

    expect(response.status).to.equal(401);
    expect(response.body.reason).to.equal('token_invalid');
  });

  it('unsigned and malformed tokens are rejected', async function () {
    const { body: tokens } = await login(CLERK);
    const claims = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
    const unsigned = jwt.sign({ ...claims, roles: ['administrator'] }, '', { algorithm: 'none' });
    const cases: Array<[string, string]> = [
      ['alg none', `Bearer ${unsigned}`],
      ['garbage', 'Bearer not.a.token'],
      ['basic scheme', 'Basic c25pLm1haWh0OmRlbW8tdmFudGh1'],
    ];

    for (const [label, header] of cases) {
      const response = await request(harness.app)
        .get('/api/org/users')
        .set('Authorization', header);
      expect(response.status, label).to.equal(401);
    }
  });

  it('login body of the wrong type is a 400', async function () {
    const response = await request(harness.app)
      .post('/api/auth/login')
      .send({ username: { $ne: '' }, password: 'demo-vanthu' });

    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('username');
  });

  it('unknown refresh token is rejected', async function () {
    const response = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: 'A'.repeat(43) });

    expect(response.status).to.equal(401);
    expect(response.body.reason).to.equal('refresh_token_invalid');
  });

  it('missing token is rejected', async function () {
    const response = await request(harness.app).get('/api/org/users');

    expect(response.status).to.equal(401);
    expect(response.body.reason).to.equal('token_missing');
  });

  it('refresh rotates the refresh token', async function () {
    const { body: first } = await login(CLERK);
    harness.clock.advanceSeconds(60);

    const response = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: first.refreshToken });

    expect(response.status).to.equal(200);
    expect(response.body.refreshToken).to.not.equal(first.refreshToken);
    expect(response.body.accessToken).to.not.equal(first.accessToken);
    const next = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: response.body.refreshToken });
    expect(next.status).to.equal(200);
  });

  it('refresh token reuse revokes the family', async function () {
    const { body: first } = await login(CLERK);
    const { body: second } = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: first.refreshToken });

    const reuse = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: first.refreshToken });

    expect(reuse.status).to.equal(401);
    expect(reuse.body.reason).to.equal('refresh_token_reused');
    const successor = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: second.refreshToken });
    expect(successor.status).to.equal(401);
    expect(successor.body.detail).to.equal('refresh token was revoked; log in again');
    expect(harness.logs.withMessage('refresh token reused')).to.have.length.greaterThan(0);
  });

  it('expired refresh token is rejected', async function () {
    const { body: tokens } = await login(CLERK);
    harness.clock.advanceSeconds(harness.auth.options.refreshTokenTtlSeconds);

    const response = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: tokens.refreshToken });

    expect(response.status).to.equal(401);
    expect(response.body.detail).to.equal('refresh token expired; log in again');
  });

  it('logout revokes access and refresh tokens', async function () {
    const { body: tokens } = await login(CLERK);
    const bearer = `Bearer ${tokens.accessToken}`;

    const logout = await request(harness.app).post('/api/auth/logout').set('Authorization', bearer);

    expect(logout.status).to.equal(204);
    const me = await request(harness.app).get('/api/auth/me').set('Authorization', bearer);
    expect(me.status).to.equal(401);
    expect(me.body.reason).to.equal('token_revoked');
    const refresh = await request(harness.app)
      .post('/api/auth/refresh')
      .send({ refreshToken: tokens.refreshToken });
    expect(refresh.status).to.equal(401);
  });

  it('non-administrator gets 403 and an audit entry', async function () {
    const { body: tokens } = await login(CLERK);

    const response = await request(harness.app)
      .post('/api/org/units')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .send({ organId: '000.00.12.H26', code: 'TTR', name: 'Thanh tra Sở' });

    expect(response.status).to.equal(403);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.requiredRoles).to.deep.equal(['administrator']);
    const entries = await harness.audit.list();
    const refusal = entries.find((entry) => JSON.parse(entry.details).kind === 'access_denied');
    expect(refusal?.action).to.equal('refused');
    expect(JSON.parse(refusal!.details).path).to.equal('/api/org/units');
  });

  it('administrator may create a unit', async function () {
    const { body: tokens } = await login(ADMIN);

    const response = await request(harness.app)
      .post('/api/org/units')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .send({ organId: '000.00.12.H26', code: 'TTR', name: 'Thanh tra Sở' });

    expect(response.status).to.equal(201);
    expect(response.body.code).to.equal('TTR');
  });

  it('five failures lock a username at one address', async function () {
    // given five wrong passwords for one user from an office address
    const ip = '10.1.0.1';
    const target = { username: 'snv.khanhlv', password: 'demo-sai' };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await login(target, ip);
      expect(failed.status, `attempt ${attempt}`).to.equal(401);
    }

    // when that user, and then a colleague, log in from the same address
    const blocked = await login({ ...target, password: 'demo-chuyenvien' }, ip);
    const colleague = await login(CLERK, ip);

    // then only that user is locked, until the window has passed
    expect(blocked.status).to.equal(429);
    expect(blocked.body.code).to.equal('TOO_MANY_REQUESTS');
    expect(blocked.body.detail).to.contain('username from this address');
    expect(Number(blocked.headers['retry-after'])).to.equal(900);
    expect(colleague.status, colleague.text).to.equal(200);
    harness.clock.advanceSeconds(900);
    const later = await login({ ...target, password: 'demo-chuyenvien' }, ip);
    expect(later.status).to.equal(200);
  });

  it('twenty failures per username give 429', async function () {
    // given four wrong passwords for one user from each of five addresses
    const target = { username: 'snv.anhdtn', password: 'demo-sai' };
    for (let address = 1; address <= 5; address++) {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const failed = await login(target, `10.5.0.${address}`);
        expect(failed.status, `address ${address}, attempt ${attempt}`).to.equal(401);
      }
    }

    // when the user logs in from a sixth address
    const blocked = await login({ ...target, password: 'demo-chuyenvien' }, '10.5.0.9');

    // then the username is locked at every address
    expect(blocked.status).to.equal(429);
    expect(blocked.body.detail).to.contain('this username;');
    harness.clock.advanceSeconds(900);
    const later = await login({ ...target, password: 'demo-chuyenvien' }, '10.5.0.9');
    expect(later.status).to.equal(200);
  });

  it('fifty failures per address give 429', async function () {
    // given fifty failed logins for different usernames from one address
    const ip = '10.2.0.1';
    for (let index = 1; index <= 50; index++) {
      const failed = await login({ username: `a.user${index}`, password: 'demo-sai' }, ip);
      expect(failed.status, `attempt ${index}`).to.equal(401);
    }
    harness.clock.advanceSeconds(100);

    // when another user logs in from that address and from another one
    const blocked = await login(ADMIN, ip);
    const elsewhere = await login(ADMIN, '10.2.0.2');

    // then the address is locked for the rest of the window
    expect(blocked.status).to.equal(429);
    expect(blocked.body.detail).to.contain('this address;');
    expect(Number(blocked.headers['retry-after'])).to.equal(800);
    expect(elsewhere.status).to.equal(200);
  });

  it('concurrent failures stop at the limit', async function () {
    const target = { username: 'snv.loipv', password: 'demo-sai' };

    const responses = await Promise.all(
      Array.from({ length: 12 }, () => login(target, '10.3.0.1')),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).to.be.at.most(5);
    expect(statuses.filter((status) => status === 429).length).to.be.at.least(7);
    expect(statuses.every((status) => status === 401 || status === 429)).to.equal(true);
  });

  it('successful login leaves no failure counted', async function () {
    // given four wrong passwords and then the right one from one address
    const ip = '10.4.0.1';
    const wrong = { ...ADMIN, password: 'demo-sai' };
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(wrong, ip)).status, `attempt ${attempt}`).to.equal(401);
    }
    expect((await login(ADMIN, ip)).status).to.equal(200);

    // when five more wrong passwords follow
    for (let attempt = 5; attempt <= 9; attempt++) {
      expect((await login(wrong, ip)).status, `attempt ${attempt}`).to.equal(401);
    }
    const blocked = await login(ADMIN, ip);

    // then only the failures after the success count towards the limit
    expect(blocked.status).to.equal(429);
  });
});
