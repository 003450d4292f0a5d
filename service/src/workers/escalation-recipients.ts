import type { DataSource } from 'typeorm';
import type { UserTask } from '../engine/index.js';
import { OverseerService, parseGroup, POSITIONS, UserEntity, type Role } from '../org/index.js';

/** The people one notice goes to. */
export interface NoticeRecipients {
  users: UserEntity[];
  /** Name used in the greeting and as the task's holder. */
  holderName: string;
}

/**
 * Finds who receives each notice about a user task. Level 0 (the reminder) goes to the holder:
 * the assignee, else every member of the candidate groups and every candidate user. Level 1 goes
 * to the holder's overseer. For an unassigned task it goes to the leaders of a `unit:` group's
 * unit, or else to the overseers of the groups' members. Each further level goes one leader up
 * from the highest-ranking leader of level 1, until the top of the organisation.
 */
export class EscalationRecipients {
  private readonly overseers: OverseerService;

  constructor(private readonly dataSource: DataSource) {
    this.overseers = new OverseerService(dataSource);
  }

  /** Returns the recipients of `level` for `task`, with no users above the top. */
  async recipientsOf(task: UserTask, level: number): Promise<NoticeRecipients> {
    const holders = await this.holdersOf(task);
    const holderName = holders.map((user) => user.fullName).join(', ');
    if (level === 0) return { users: holders, holderName };
    const firstLevel = await this.firstLevel(task, holders);
    if (level === 1 || firstLevel.length === 0) {
      return { users: level === 1 ? firstLevel : [], holderName };
    }
    const anchor = highestRanking(firstLevel);
    const chain = await this.overseers.overseerChain(anchor.id);
    const next = chain[level - 2];
    return { users: next ? [next] : [], holderName };
  }

  private async holdersOf(task: UserTask): Promise<UserEntity[]> {
    if (task.assignee) return this.activeUsers({ id: task.assignee });
    const holders = new Map<string, UserEntity>();
    for (const group of task.candidateGroups) {
      for (const user of await this.membersOf(group)) holders.set(user.id, user);
    }
    for (const id of task.candidateUsers) {
      for (const user of await this.activeUsers({ id })) holders.set(user.id, user);
    }
    return [...holders.values()];
  }

  private async firstLevel(task: UserTask, holders: UserEntity[]): Promise<UserEntity[]> {
    if (task.assignee) {
      const overseer = holders[0] ? await this.overseers.overseerOf(holders[0].id) : null;
      return overseer ? [overseer] : [];
    }
    const leaders = new Map<string, UserEntity>();
    for (const group of task.candidateGroups) {
      const parsed = parseGroup(group);
      if (parsed?.kind !== 'unit') continue;
      for (const user of await this.membersOf(`unit-leader:${parsed.id}`)) {
        leaders.set(user.id, user);
      }
    }
    if (leaders.size > 0) return [...leaders.values()];
    return this.overseersOfMembers(holders);
  }

  /**
   * Returns the overseers of `members` who are not members themselves. When every overseer is a
   * member, as in a group of agency leaders, it returns the overseers among the members.
   */
  private async overseersOfMembers(members: UserEntity[]): Promise<UserEntity[]> {
    const memberIds = new Set(members.map((user) => user.id));
    const overseers = new Map<string, UserEntity>();
    for (const member of members) {
      const overseer = await this.overseers.overseerOf(member.id);
      if (overseer) overseers.set(overseer.id, overseer);
    }
    const outside = [...overseers.values()].filter((user) => !memberIds.has(user.id));
    return outside.length > 0 ? outside : [...overseers.values()];
  }

  /** Resolves a candidate group such as `unit-leader:<unitId>` to its active users. */
  private async membersOf(group: string): Promise<UserEntity[]> {
    const parsed = parseGroup(group);
    if (!parsed) return [];
    if (parsed.kind === 'unit') return this.activeUsers({ unitId: parsed.id });
    const role = parsed.kind.replaceAll('-', '_') as Role;
    const scope = role === 'unit_leader' ? { unitId: parsed.id } : { organId: parsed.id };
    const users = await this.activeUsers(scope);
    return users.filter((user) => user.roles.includes(role));
  }

  private activeUsers(where: { id?: string; unitId?: string; organId?: string }) {
    return this.dataSource.getRepository(UserEntity).findBy({ ...where, active: true });
  }
}

function rankOf(user: UserEntity): number {
  return POSITIONS[user.position]?.rank ?? Number.MAX_SAFE_INTEGER;
}

function highestRanking(users: UserEntity[]): UserEntity {
  return [...users].sort(
    (a, b) => rankOf(a) - rankOf(b) || a.username.localeCompare(b.username),
  )[0]!;
}
