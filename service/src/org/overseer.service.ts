import type { DataSource } from 'typeorm';
import { UnitEntity, UserEntity } from './org-structure.entities.js';
import { POSITIONS } from './org-vocabulary.js';

function rankOf(user: UserEntity): number {
  return POSITIONS[user.position]?.rank ?? Number.MAX_SAFE_INTEGER;
}

/** Picks the highest-ranking candidate, breaking ties by username so the choice is stable. */
function highestRanking(candidates: UserEntity[]): UserEntity | null {
  const sorted = [...candidates].sort(
    (a, b) => rankOf(a) - rankOf(b) || a.username.localeCompare(b.username),
  );
  return sorted[0] ?? null;
}

/** The active users and units of one organisation, loaded once per lookup. */
interface Organisation {
  users: Map<string, UserEntity>;
  units: Map<string, UnitEntity>;
}

/**
 * Finds the leader who oversees each person. An explicit `overseerUserId` wins when that user is
 * active. Otherwise staff are overseen by a unit leader of higher rank in their unit (or in the
 * nearest parent unit that has one), unit leaders by an agency leader, and agency leaders by an
 * agency leader of higher rank. The head of the agency has no overseer.
 */
export class OverseerService {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the overseer of `userId`, or null at the top of the organisation. */
  async overseerOf(userId: string): Promise<UserEntity | null> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
    return this.findOverseer(user, await this.loadOrganisation(user.organId));
  }

  /**
   * Returns the overseers of `userId` from the nearest up to the top. A loop of explicit
   * overseers ends the chain at the first repeated person.
   */
  async overseerChain(userId: string): Promise<UserEntity[]> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
    const organisation = await this.loadOrganisation(user.organId);
    const chain: UserEntity[] = [];
    const seen = new Set([user.id]);
    for (let next = this.findOverseer(user, organisation); next;) {
      if (seen.has(next.id)) break;
      seen.add(next.id);
      chain.push(next);
      next = this.findOverseer(next, await this.ensureLoaded(next, organisation));
    }
    return chain;
  }

  private async ensureLoaded(user: UserEntity, organisation: Organisation): Promise<Organisation> {
    return organisation.users.has(user.id) ? organisation : this.loadOrganisation(user.organId);
  }

  private async loadOrganisation(organId: string): Promise<Organisation> {
    const users = await this.dataSource.getRepository(UserEntity).findBy({ organId, active: true });
    const units = await this.dataSource.getRepository(UnitEntity).findBy({ organId });
    return {
      users: new Map(users.map((user) => [user.id, user])),
      units: new Map(units.map((unit) => [unit.id, unit])),
    };
  }

  private findOverseer(user: UserEntity, organisation: Organisation): UserEntity | null {
    if (user.overseerUserId) {
      const explicit = organisation.users.get(user.overseerUserId);
      if (explicit) return explicit;
    }
    const agencyLeaders = [...organisation.users.values()].filter(
      (candidate) => candidate.roles.includes('agency_leader') && candidate.id !== user.id,
    );
    if (user.roles.includes('agency_leader')) {
      return highestRanking(agencyLeaders.filter((leader) => rankOf(leader) < rankOf(user)));
    }
    return this.findUnitLeader(user, organisation) ?? highestRanking(agencyLeaders);
  }

  /** Walks from the user's unit up to the root unit, looking for a higher-ranking unit leader. */
  private findUnitLeader(user: UserEntity, organisation: Organisation): UserEntity | null {
    const unitLeaders = [...organisation.users.values()].filter(
      (candidate) =>
        candidate.roles.includes('unit_leader') &&
        candidate.id !== user.id &&
        rankOf(candidate) < rankOf(user),
    );
    const visited = new Set<string>();
    for (let unitId: string | null = user.unitId; unitId && !visited.has(unitId);) {
      visited.add(unitId);
      const leader = highestRanking(unitLeaders.filter((candidate) => candidate.unitId === unitId));
      if (leader) return leader;
      unitId = organisation.units.get(unitId)?.parentUnitId ?? null;
    }
    return null;
  }
}
