import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { ConflictError, ValidationError } from '../../src/errors/index.js';
import {
  DEMO_PASSWORDS,
  DelegationService,
  OverseerService,
  UnitService,
  UserService,
  isDelegationActive,
  seedDemoOrganisation,
  type UserEntity,
} from '../../src/org/index.js';
import { verifyPassword } from '../../src/auth/index.js';
import { TestClock, openOrgDatabase } from '../auth/auth-fixtures.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('org structure', (database) => {
  let dataSource: DataSource;
  let clock: TestClock;
  let users: UserService;
  let units: UnitService;
  let delegations: DelegationService;
  let overseers: OverseerService;

  before(async function () {
    dataSource = await openOrgDatabase(database().url);
    clock = new TestClock();
    users = new UserService(dataSource, clock.now);
    units = new UnitService(dataSource, clock.now);
    delegations = new DelegationService(dataSource, clock.now);
    overseers = new OverseerService(dataSource);
    await seedDemoOrganisation(dataSource, { now: clock.now });
  });

  after(async function () {
    await dataSource?.destroy();
  });

  async function byUsername(username: string): Promise<UserEntity> {
    const user = await users.findForLogin(username);
    if (!user) throw new Error(`demo user ${username} missing`);
    return user;
  }

  it('seed creates the demo users', async function () {
    const all = await users.list();

    expect(all).to.have.length(27);
    const clerk = await byUsername('snv.maiht');
    expect(clerk.fullName).to.equal('Hoàng Thị Mai');
    expect(clerk.roles).to.deep.equal(['clerk']);
    expect(await verifyPassword(DEMO_PASSWORDS.clerk, clerk.passwordHash!)).to.equal(true);
    expect(await units.list('000.00.13.H26')).to.have.length(4);
    const roles = new Set(all.flatMap((user) => user.roles));
    expect([...roles].sort()).to.deep.equal(Object.keys(DEMO_PASSWORDS).sort());
  });

  it('seed is idempotent', async function () {
    const before = (await byUsername('snv.maiht')).passwordHash;

    const second = await seedDemoOrganisation(dataSource, { now: clock.now });

    expect(second).to.deep.equal({ organisations: 0, units: 0, users: 0, delegations: 0 });
    expect(await users.list()).to.have.length(27);
    expect((await byUsername('snv.maiht')).passwordHash).to.equal(before);
  });

  it('seed has the ký thay delegation', async function () {
    const deputy = await byUsername('snv.hattt');
    const director = await byUsername('snv.hungnv');

    const activeDelegations = await delegations.activeFor(deputy.id, clock.now());

    expect(activeDelegations).to.have.length(1);
    expect(activeDelegations[0].form).to.equal('KT');
    expect(activeDelegations[0].fromUserId).to.equal(director.id);
  });

  it('overseer chain walks up to the director', async function () {
    const specialist = await byUsername('stc.longhn');

    const chain = await overseers.overseerChain(specialist.id);

    expect(chain.map((user) => user.username)).to.deep.equal(['stc.binhkv', 'stc.sonhv']);
  });

  it('deputy unit leader is overseen by the head', async function () {
    const deputy = await byUsername('stc.hanhqt');
    const deputyDirector = await byUsername('stc.thuyltt');

    expect((await overseers.overseerOf(deputy.id))?.username).to.equal('stc.binhkv');
    expect((await overseers.overseerOf(deputyDirector.id))?.username).to.equal('stc.sonhv');
    expect(await overseers.overseerOf((await byUsername('stc.sonhv')).id)).to.equal(null);
  });

  it('explicit overseer wins over the derived one', async function () {
    const specialist = await byUsername('stc.linhltd');
    const deputy = await byUsername('stc.hanhqt');

    await users.update(specialist.id, { overseerUserId: deputy.id });

    const chain = await overseers.overseerChain(specialist.id);
    expect(chain.map((user) => user.username)).to.deep.equal([
      'stc.hanhqt',
      'stc.binhkv',
      'stc.sonhv',
    ]);
  });

  it('overseer loop ends the chain', async function () {
    const first = await byUsername('stc.oanhctk');
    const second = await byUsername('stc.quandm');
    await users.update(first.id, { overseerUserId: second.id });
    await users.update(second.id, { overseerUserId: first.id });

    const chain = await overseers.overseerChain(first.id);

    expect(chain.map((user) => user.username)).to.deep.equal(['stc.quandm']);
  });

  it('delegation is active only inside its window', async function () {
    const from = await byUsername('snv.lanpt');
    const to = await byUsername('snv.namdv');
    const delegation = await delegations.create({
      fromUserId: from.id,
      toUserId: to.id,
      form: 'TL',
      startsAt: '2026-07-01T01:00:00.000Z',
      endsAt: '2026-07-08T01:00:00.000Z',
      scope: 'sign:outgoing',
    });

    const cases: Array<[string, boolean]> = [
      ['2026-07-01T00:59:59.999Z', false],
      ['2026-07-01T01:00:00.000Z', true],
      ['2026-07-08T00:59:59.999Z', true],
      ['2026-07-08T01:00:00.000Z', false],
    ];
    for (const [at, expected] of cases) {
      expect(isDelegationActive(delegation, new Date(at)), at).to.equal(expected);
      const activeDelegations = await delegations.activeFor(to.id, new Date(at));
      expect(
        activeDelegations.map((item) => item.id),
        at,
      ).to.deep.equal(expected ? [delegation.id] : []);
    }
    await delegations.revoke(delegation.id);
    expect(await delegations.activeFor(to.id, new Date('2026-07-02T00:00:00Z'))).to.deep.equal([]);
  });

  it('delegation window must not be empty', async function () {
    const from = await byUsername('snv.thangnd');
    const to = await byUsername('snv.loipv');

    const error = await delegations
      .create({
        fromUserId: from.id,
        toUserId: to.id,
        form: 'KT',
        startsAt: '2026-07-08T00:00:00Z',
        endsAt: '2026-07-08T00:00:00Z',
        scope: 'sign:outgoing',
      })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('endsAt');
  });

  it('TUQ authority cannot be delegated further', async function () {
    const director = await byUsername('snv.hungnv');
    const specialist = await byUsername('snv.anhdtn');
    const other = await byUsername('snv.khanhlv');
    const window = { startsAt: '2026-08-01T00:00:00Z', endsAt: '2026-08-31T00:00:00Z' };
    await delegations.create({
      ...window,
      fromUserId: director.id,
      toUserId: specialist.id,
      form: 'TUQ',
      scope: 'sign:certificates',
    });

    const error = await delegations
      .create({
        startsAt: '2026-08-15T00:00:00Z',
        endsAt: '2026-09-15T00:00:00Z',
        fromUserId: specialist.id,
        toUserId: other.id,
        form: 'TL',
        scope: 'sign:certificates',
      })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ConflictError);
    expect(error.message).to.match(/cannot be delegated further/);
  });

  it('Vietnamese names round-trip in NFC', async function () {
    const unit = (await units.list('000.00.12.H26')).find((item) => item.code === 'VP')!;
    const decomposed = 'Nguyễn Thị Ngọc Hường'.normalize('NFD');

    const created = await users.create({
      username: 'snv.huongntn',
      fullName: decomposed,
      email: 'huongntn@snv.hoabinh.example.vn',
      unitId: unit.id,
      position: 'chuyen_vien',
      roles: ['specialist'],
    });

    const stored = await users.get(created.id);
    expect(stored.fullName).to.equal('Nguyễn Thị Ngọc Hường'.normalize('NFC'));
    expect(stored.fullName).to.not.equal(decomposed);
    expect(stored.clearance).to.equal('none');
  });

  it('user input errors name the field', async function () {
    const unit = (await units.list('000.00.12.H26'))[0];
    const valid = {
      username: 'snv.moi',
      fullName: 'Người Mới',
      email: 'moi@snv.hoabinh.example.vn',
      unitId: unit.id,
      position: 'chuyen_vien' as const,
      roles: ['specialist' as const],
    };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['username', { username: 'Có Dấu' }],
      ['email', { email: 'not-an-address' }],
      ['roles', { roles: ['boss'] }],
      ['position', { position: 'truong_ban' }],
      ['clearance', { clearance: 'secret' }],
      ['password', { password: 'short' }],
    ];

    for (const [field, change] of cases) {
      const error = await users.create({ ...valid, ...change } as never).catch((caught) => caught);
      expect(error, field).to.be.instanceOf(ValidationError);
      expect(error.details.field, field).to.equal(field);
    }
    const duplicate = await users
      .create({ ...valid, username: 'snv.maiht' })
      .catch((caught) => caught);
    expect(duplicate).to.be.instanceOf(ConflictError);
  });

  it('unit tree rejects a loop', async function () {
    const root = (await units.tree('000.00.12.H26'))[0];
    const child = root.children.find((unit) => unit.code === 'VP')!;

    const error = await units.update(root.id, { parentUnitId: child.id }).catch((caught) => caught);

    expect(root.code).to.equal('BGĐ');
    expect(root.children.map((unit) => unit.code)).to.include.members(['VP', 'TCBC', 'CCVC']);
    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('parentUnitId');
  });
});
