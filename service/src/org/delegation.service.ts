import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, LessThanOrEqual, MoreThan, type DataSource } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import { DelegationEntity, UserEntity } from './org-structure.entities.js';
import { DELEGATION_FORMS, checkOneOf, checkText, type DelegationForm } from './org-vocabulary.js';

export interface DelegationInput {
  fromUserId: string;
  toUserId: string;
  form: DelegationForm;
  /** ISO 8601 instant or Date; the period includes its start. */
  startsAt: string | Date;
  /** ISO 8601 instant or Date; the period ends just before it. */
  endsAt: string | Date;
  scope: string;
}

function checkInstant(field: string, value: unknown): Date {
  let date: Date | null = null;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string') date = new Date(value);
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(`${field} must be an ISO 8601 date and time`, { field, value });
  }
  return date;
}

/** Returns true when the delegation is in force at `at`: started, not ended, not revoked. */
export function isDelegationActive(delegation: DelegationEntity, at: Date): boolean {
  return (
    delegation.revokedAt === null &&
    delegation.startsAt.getTime() <= at.getTime() &&
    at.getTime() < delegation.endsAt.getTime()
  );
}

/** Stores delegation periods between users and finds those in force. */
export class DelegationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get repository() {
    return this.dataSource.getRepository(DelegationEntity);
  }

  async create(input: DelegationInput): Promise<DelegationEntity> {
    const delegation = new DelegationEntity();
    delegation.id = randomUUID();
    delegation.form = checkOneOf('form', input.form, DELEGATION_FORMS);
    delegation.startsAt = checkInstant('startsAt', input.startsAt);
    delegation.endsAt = checkInstant('endsAt', input.endsAt);
    delegation.scope = checkText('scope', input.scope, 200);
    delegation.revokedAt = null;
    delegation.createdAt = this.now();
    if (delegation.endsAt.getTime() <= delegation.startsAt.getTime()) {
      throw new ValidationError('endsAt must be later than startsAt', {
        field: 'endsAt',
        value: input.endsAt,
      });
    }
    await this.checkUsers(input);
    delegation.fromUserId = input.fromUserId;
    delegation.toUserId = input.toUserId;
    await this.checkNotRedelegated(delegation);
    return this.repository.save(delegation);
  }

  async get(id: string): Promise<DelegationEntity> {
    const found = await this.repository.findOneBy({ id });
    if (!found) {
      throw new NotFoundError(`delegation ${id} not found`, { field: 'delegationId', value: id });
    }
    return found;
  }

  /** Lists the delegations given or received by `userId`, newest start first. */
  async listFor(userId: string): Promise<DelegationEntity[]> {
    return this.repository.find({
      where: [{ fromUserId: userId }, { toUserId: userId }],
      order: { startsAt: 'DESC' },
    });
  }

  /** Lists the delegations in force for `userId` as delegate at `at` (now by default). */
  async activeFor(userId: string, at: Date = this.now()): Promise<DelegationEntity[]> {
    return this.repository.find({
      where: {
        toUserId: userId,
        revokedAt: IsNull(),
        startsAt: LessThanOrEqual(at),
        endsAt: MoreThan(at),
      },
      order: { startsAt: 'ASC' },
    });
  }

  /** Ends a delegation early; the record stays for the audit trail. */
  async revoke(id: string): Promise<DelegationEntity> {
    const delegation = await this.get(id);
    delegation.revokedAt ??= this.now();
    return this.repository.save(delegation);
  }

  private async checkUsers(input: DelegationInput): Promise<void> {
    if (input.fromUserId === input.toUserId) {
      throw new ValidationError('toUserId must differ from fromUserId', {
        field: 'toUserId',
        value: input.toUserId,
      });
    }
    const users = this.dataSource.getRepository(UserEntity);
    for (const field of ['fromUserId', 'toUserId'] as const) {
      const user = await users.findOneBy({ id: input[field] });
      if (!user || !user.active) {
        throw new NotFoundError(`active user ${input[field]} not found`, {
          field,
          value: input[field],
        });
      }
    }
  }

  /**
   * Rejects passing on authority received by thừa ủy quyền (TUQ): the delegating user must not
   * hold a TUQ delegation with the same scope in any part of the new period.
   */
  private async checkNotRedelegated(delegation: DelegationEntity): Promise<void> {
    const received = await this.repository.findOneBy({
      toUserId: delegation.fromUserId,
      form: 'TUQ',
      scope: delegation.scope,
      revokedAt: IsNull(),
      startsAt: LessThan(delegation.endsAt),
      endsAt: MoreThan(delegation.startsAt),
    });
    if (received) {
      throw new ConflictError(
        'authority received by thừa ủy quyền (TUQ) cannot be delegated further; ' +
          `user ${delegation.fromUserId} holds it through delegation ${received.id}`,
        { field: 'fromUserId', value: delegation.fromUserId, delegationId: received.id },
      );
    }
  }
}
