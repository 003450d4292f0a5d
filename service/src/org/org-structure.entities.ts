import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import type { Clearance, DelegationForm, PositionCode, Role } from './org-vocabulary.js';

/** Stores a list of roles as comma-separated text. */
const roleList: ValueTransformer = {
  to: (value: Role[] | undefined) => value?.join(','),
  from: (value: string | null) => (value ? (value.split(',') as Role[]) : []),
};

/** Reads SQLite's 0/1 and MySQL's tinyint as a boolean. */
const booleanFlag: ValueTransformer = {
  to: (value: boolean | undefined) => {
    if (value === undefined) return undefined;
    return value ? 1 : 0;
  },
  from: (value: number | string | boolean | null) => value === true || Number(value) === 1,
};

/** A unit of an agency, such as Văn phòng or Phòng Tổng hợp; units nest as a tree. */
@Entity({ name: 'org_units' })
export class UnitEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @Column({ name: 'parent_unit_id', type: 'varchar', length: 36, nullable: true })
  parentUnitId!: string | null;

  /** Short code used in notations of công văn, such as `VP` in `15/UBND-VP`. */
  @Column({ name: 'code', type: 'varchar', length: 20 })
  code!: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'active', type: 'smallint', transformer: booleanFlag })
  active!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** A member of staff who signs in. */
@Entity({ name: 'org_users' })
export class UserEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  /** Lower-case login name, unique across the service. */
  @Column({ name: 'username', type: 'varchar', length: 64 })
  username!: string;

  /** Full name in Unicode NFC, such as `Nguyễn Thị Hương`. */
  @Column({ name: 'full_name', type: 'varchar', length: 100 })
  fullName!: string;

  @Column({ name: 'email', type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  @Column({ name: 'position', type: 'varchar', length: 32 })
  position!: PositionCode;

  @Column({ name: 'roles', type: 'varchar', length: 200, transformer: roleList })
  roles!: Role[];

  @Column({ name: 'clearance', type: 'varchar', length: 16 })
  clearance!: Clearance;

  @Column({ name: 'active', type: 'smallint', transformer: booleanFlag })
  active!: boolean;

  /** The leader who oversees this user when set by hand; otherwise derived from the unit. */
  @Column({ name: 'overseer_user_id', type: 'varchar', length: 36, nullable: true })
  overseerUserId!: string | null;

  /** scrypt hash with its parameters, or null while no password is set. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash?: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

/** A period in which one user acts for another under a delegation form. */
@Entity({ name: 'org_delegations' })
export class DelegationEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'from_user_id', type: 'varchar', length: 36 })
  fromUserId!: string;

  @Column({ name: 'to_user_id', type: 'varchar', length: 36 })
  toUserId!: string;

  @Column({ name: 'form', type: 'varchar', length: 3 })
  form!: DelegationForm;

  /** First instant of the period, inclusive. */
  @Column({ name: 'starts_at', type: 'datetime', precision: 3 })
  startsAt!: Date;

  /** End of the period, exclusive. */
  @Column({ name: 'ends_at', type: 'datetime', precision: 3 })
  endsAt!: Date;

  /** Scope of the delegated authority, such as `sign:outgoing`; free text of at most 200 characters. */
  @Column({ name: 'scope', type: 'varchar', length: 200 })
  scope!: string;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

export const orgStructureEntities: Array<new () => object> = [
  UnitEntity,
  UserEntity,
  DelegationEntity,
];
