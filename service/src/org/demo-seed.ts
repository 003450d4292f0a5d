import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password-hasher.js';
import { runWriteTransaction } from '../db/write-transaction.js';
import {
  DEMO_AGENCIES,
  DEMO_DELEGATION,
  DEMO_PASSWORDS,
  type DemoAgency,
} from './demo-seed.data.js';
import { OrganisationEntity } from './organisation.entity.js';
import { DelegationEntity, UnitEntity, UserEntity } from './org-structure.entities.js';

export { DEMO_PASSWORDS } from './demo-seed.data.js';

/** Counts of the records a seeding run added; all zero when the demo organisation was complete. */
export interface SeedResult {
  organisations: number;
  units: number;
  users: number;
  delegations: number;
}

export interface SeedOptions {
  logger?: Logger;
  now?: () => Date;
}

/**
 * Adds the demo organisation (two agencies with their units, users and one delegation), skipping
 * each record that already exists by its natural key: OrganId, unit code, username. Running it
 * again adds nothing and changes nothing, including passwords. When it added users, it logs the
 * demo password of each role once.
 */
export async function seedDemoOrganisation(
  dataSource: DataSource,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const now = (options.now ?? (() => new Date()))();
  const existing = new Set(
    (await dataSource.getRepository(UserEntity).find({ select: { username: true } })).map(
      (user) => user.username,
    ),
  );
  const hashes = await hashMissingPasswords(existing);
  const result = await runWriteTransaction(dataSource, async (manager) => {
    const added: SeedResult = { organisations: 0, units: 0, users: 0, delegations: 0 };
    for (const agency of DEMO_AGENCIES) await seedAgency(manager, agency, hashes, now, added);
    added.delegations = await seedDelegation(manager, now);
    return added;
  });
  if (result.users > 0) {
    options.logger?.warn(
      { ...result, demoPasswords: DEMO_PASSWORDS },
      'demo organisation seeded; users log in with the demo password of their first role',
    );
  }
  return result;
}

/** Hashes, with a salt of its own, the password of each demo user not stored yet. */
async function hashMissingPasswords(existing: Set<string>): Promise<Map<string, string>> {
  const missing = DEMO_AGENCIES.flatMap((agency) => agency.users).filter(
    (user) => !existing.has(user.username),
  );
  const hashes = await Promise.all(
    missing.map((user) => hashPassword(DEMO_PASSWORDS[user.roles[0]])),
  );
  return new Map(missing.map((user, index) => [user.username, hashes[index]]));
}

async function seedAgency(
  manager: EntityManager,
  agency: DemoAgency,
  hashes: Map<string, string>,
  now: Date,
  added: SeedResult,
): Promise<void> {
  if (!(await manager.existsBy(OrganisationEntity, { organId: agency.organId }))) {
    await manager.insert(OrganisationEntity, {
      organId: agency.organId,
      name: agency.name,
      abbreviation: agency.abbreviation,
      parentOrganId: null,
      createdAt: now,
    });
    added.organisations += 1;
  }
  const unitIds = new Map<string, string>();
  for (const unit of agency.units) {
    let stored = await manager.findOneBy(UnitEntity, { organId: agency.organId, code: unit.code });
    if (!stored) {
      stored = Object.assign(new UnitEntity(), {
        id: randomUUID(),
        organId: agency.organId,
        parentUnitId: unit.parent ? unitIds.get(unit.parent)! : null,
        code: unit.code,
        name: unit.name,
        active: true,
        createdAt: now,
      });
      await manager.insert(UnitEntity, stored);
      added.units += 1;
    }
    unitIds.set(unit.code, stored.id);
  }
  for (const user of agency.users) {
    const passwordHash = hashes.get(user.username);
    if (!passwordHash || (await manager.existsBy(UserEntity, { username: user.username })))
      continue;
    await manager.insert(UserEntity, {
      ...user,
      id: randomUUID(),
      email: `${user.username.split('.')[1]}@${agency.emailDomain}`,
      organId: agency.organId,
      unitId: unitIds.get(user.unit)!,
      active: true,
      overseerUserId: null,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    });
    added.users += 1;
  }
}

async function seedDelegation(manager: EntityManager, now: Date): Promise<number> {
  const from = await manager.findOneBy(UserEntity, { username: DEMO_DELEGATION.from });
  const to = await manager.findOneBy(UserEntity, { username: DEMO_DELEGATION.to });
  if (!from || !to) return 0;
  const key = { fromUserId: from.id, toUserId: to.id, form: DEMO_DELEGATION.form };
  if (await manager.existsBy(DelegationEntity, { ...key, scope: DEMO_DELEGATION.scope })) return 0;
  await manager.insert(DelegationEntity, {
    ...key,
    id: randomUUID(),
    scope: DEMO_DELEGATION.scope,
    startsAt: now,
    endsAt: new Date(now.getTime() + DEMO_DELEGATION.days * 86_400_000),
    revokedAt: null,
    createdAt: now,
  });
  return 1;
}
