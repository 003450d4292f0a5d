import { randomUUID } from 'node:crypto';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { checkNewPassword, hashPassword } from '../auth/password-hasher.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import { UnitEntity, UserEntity } from './org-structure.entities.js';
import {
  CLEARANCES,
  POSITIONS,
  checkOneOf,
  checkRoles,
  checkText,
  type Clearance,
  type PositionCode,
  type Role,
} from './org-vocabulary.js';

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSITION_CODES = Object.keys(POSITIONS) as PositionCode[];

export interface UserInput {
  username: string;
  fullName: string;
  email: string;
  unitId: string;
  position: PositionCode;
  roles: Role[];
  clearance?: Clearance;
  overseerUserId?: string | null;
  password?: string;
}

export type UserPatch = Partial<Omit<UserInput, 'username' | 'password'>>;

export interface UserFilter {
  organId?: string;
  unitId?: string;
  includeInactive?: boolean;
}

function checkUsername(value: unknown): string {
  if (typeof value !== 'string' || !USERNAME_PATTERN.test(value)) {
    throw new ValidationError(
      'username must be 3 to 64 lower-case letters, digits, dots, hyphens or underscores',
      { field: 'username', value },
    );
  }
  return value;
}

function checkEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL_PATTERN.test(value)) {
    throw new ValidationError('email must be an e-mail address such as ten@example.gov.vn', {
      field: 'email',
      value,
    });
  }
  return value;
}

/** Stores users; passwords are kept only as scrypt hashes. */
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get repository() {
    return this.dataSource.getRepository(UserEntity);
  }

  async create(input: UserInput): Promise<UserEntity> {
    const user = new UserEntity();
    user.id = randomUUID();
    user.username = checkUsername(input.username);
    user.active = true;
    user.overseerUserId = null;
    user.createdAt = this.now();
    await this.apply(user, { ...input, clearance: input.clearance ?? 'none' });
    if (await this.repository.existsBy({ username: user.username })) {
      throw new ConflictError(`username ${user.username} is already taken`, {
        field: 'username',
        value: user.username,
      });
    }
    if (input.password !== undefined) {
      user.passwordHash = await hashPassword(checkNewPassword(input.password));
    }
    await this.repository.insert(user);
    return this.get(user.id);
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.repository.findOneBy({ id });
    if (!user) throw new NotFoundError(`user ${id} not found`, { field: 'userId', value: id });
    return user;
  }

  /** Finds a user by username, with the password hash, or returns null. */
  async findForLogin(username: string): Promise<UserEntity | null> {
    return this.repository
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username', { username: username.toLowerCase() })
      .getOne();
  }

  async list(filter: UserFilter = {}): Promise<UserEntity[]> {
    const where: FindOptionsWhere<UserEntity> = {};
    if (filter.organId) where.organId = filter.organId;
    if (filter.unitId) where.unitId = filter.unitId;
    if (!filter.includeInactive) where.active = true;
    return this.repository.find({ where, order: { username: 'ASC' } });
  }

  async update(id: string, patch: UserPatch): Promise<UserEntity> {
    const user = await this.get(id);
    await this.apply(user, { ...user, ...patch });
    await this.repository.save(user);
    return this.get(id);
  }

  /** Marks a user inactive; their records stay, and they can no longer log in. */
  async deactivate(id: string): Promise<UserEntity> {
    const user = await this.get(id);
    user.active = false;
    user.updatedAt = this.now();
    await this.repository.save(user);
    return user;
  }

  async setPassword(id: string, password: unknown): Promise<void> {
    await this.get(id);
    const passwordHash = await hashPassword(checkNewPassword(password));
    await this.repository.update({ id }, { passwordHash, updatedAt: this.now() });
  }

  /** Validates the editable fields of `input` and copies them onto `user`. */
  private async apply(user: UserEntity, input: Omit<UserInput, 'username'>): Promise<void> {
    user.fullName = checkText('fullName', input.fullName, 100);
    user.email = checkEmail(input.email);
    user.position = checkOneOf('position', input.position, POSITION_CODES);
    user.roles = checkRoles(input.roles);
    user.clearance = checkOneOf('clearance', input.clearance, CLEARANCES);
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id: input.unitId });
    if (!unit) {
      throw new NotFoundError(`unit ${input.unitId} not found`, {
        field: 'unitId',
        value: input.unitId,
      });
    }
    user.unitId = unit.id;
    user.organId = unit.organId;
    user.overseerUserId = await this.checkOverseer(user.id, input.overseerUserId ?? null);
    user.updatedAt = this.now();
  }

  private async checkOverseer(userId: string, overseerId: string | null): Promise<string | null> {
    if (overseerId === null) return null;
    if (overseerId === userId) {
      throw new ValidationError('overseerUserId must name another user', {
        field: 'overseerUserId',
        value: overseerId,
      });
    }
    if (!(await this.repository.existsBy({ id: overseerId }))) {
      throw new NotFoundError(`overseer ${overseerId} not found`, {
        field: 'overseerUserId',
        value: overseerId,
      });
    }
    return overseerId;
  }
}
