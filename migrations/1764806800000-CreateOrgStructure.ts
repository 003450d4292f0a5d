import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
  type TableForeignKeyOptions,
} from 'typeorm';

/**
 * Units, users and delegations of each organisation, and the login tables: refresh tokens,
 * access tokens revoked before they expire, and failed logins for rate limiting.
 */
export class CreateOrgStructure1764806800000 implements MigrationInterface {
  name = 'CreateOrgStructure1764806800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(unitsTable());
    await queryRunner.createTable(usersTable());
    await queryRunner.createTable(delegationsTable());
    await queryRunner.createTable(refreshTokensTable());
    await queryRunner.createTable(
      new Table({
        name: 'auth_revoked_access_tokens',
        columns: [{ ...text('jti', 36), isPrimary: true }, instant('expires_at')],
      }),
    );
    await queryRunner.createTable(loginFailuresTable());
    await createIndexes(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'auth_login_failures',
      'auth_revoked_access_tokens',
      'auth_refresh_tokens',
      'org_delegations',
      'org_users',
      'org_units',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

function text(name: string, length: number, isNullable = false): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), isNullable };
}

function instant(name: string, isNullable = false): TableColumnOptions {
  return { name, type: 'datetime', precision: 3, isNullable };
}

function reference(column: string, table: string, referenced: string): TableForeignKeyOptions {
  return {
    name: `FK_${table}_${column}`,
    columnNames: [column],
    referencedTableName: referenced,
    referencedColumnNames: [referenced === 'organisations' ? 'organ_id' : 'id'],
    onDelete: 'RESTRICT',
  };
}

function unitsTable(): Table {
  return new Table({
    name: 'org_units',
    columns: [
      { ...text('id', 36), isPrimary: true },
      text('organ_id', 13),
      text('parent_unit_id', 36, true),
      text('code', 20),
      text('name', 200),
      { name: 'active', type: 'smallint' },
      instant('created_at'),
    ],
    foreignKeys: [
      reference('organ_id', 'org_units', 'organisations'),
      reference('parent_unit_id', 'org_units', 'org_units'),
    ],
  });
}

function usersTable(): Table {
  return new Table({
    name: 'org_users',
    columns: [
      { ...text('id', 36), isPrimary: true },
      text('username', 64),
      text('full_name', 100),
      text('email', 254),
      text('organ_id', 13),
      text('unit_id', 36),
      text('position', 32),
      text('roles', 200),
      text('clearance', 16),
      { name: 'active', type: 'smallint' },
      text('overseer_user_id', 36, true),
      text('password_hash', 255, true),
      instant('created_at'),
      instant('updated_at'),
    ],
    foreignKeys: [
      reference('organ_id', 'org_users', 'organisations'),
      reference('unit_id', 'org_users', 'org_units'),
      reference('overseer_user_id', 'org_users', 'org_users'),
    ],
  });
}

function delegationsTable(): Table {
  return new Table({
    name: 'org_delegations',
    columns: [
      { ...text('id', 36), isPrimary: true },
      text('from_user_id', 36),
      text('to_user_id', 36),
      text('form', 3),
      instant('starts_at'),
      instant('ends_at'),
      text('scope', 200),
      instant('revoked_at', true),
      instant('created_at'),
    ],
    foreignKeys: [
      reference('from_user_id', 'org_delegations', 'org_users'),
      reference('to_user_id', 'org_delegations', 'org_users'),
    ],
  });
}

function refreshTokensTable(): Table {
  return new Table({
    name: 'auth_refresh_tokens',
    columns: [
      { ...text('token_hash', 64), isPrimary: true },
      text('family_id', 36),
      text('user_id', 36),
      instant('expires_at'),
      instant('rotated_at', true),
      instant('revoked_at', true),
      instant('created_at'),
    ],
    foreignKeys: [reference('user_id', 'auth_refresh_tokens', 'org_users')],
  });
}

function loginFailuresTable(): Table {
  return new Table({
    name: 'auth_login_failures',
    columns: [
      {
        name: 'id',
        type: 'integer',
        isPrimary: true,
        isGenerated: true,
        generationStrategy: 'increment',
      },
      text('subject', 120),
      instant('failed_at'),
    ],
  });
}

async function createIndexes(queryRunner: QueryRunner): Promise<void> {
  const indexes: Array<[string, string, string[], boolean]> = [
    ['org_units', 'IDX_org_units_code', ['organ_id', 'code'], true],
    ['org_units', 'IDX_org_units_parent', ['parent_unit_id'], false],
    ['org_users', 'IDX_org_users_username', ['username'], true],
    ['org_users', 'IDX_org_users_unit', ['unit_id'], false],
    ['org_delegations', 'IDX_org_delegations_to', ['to_user_id', 'starts_at'], false],
    ['org_delegations', 'IDX_org_delegations_from', ['from_user_id', 'starts_at'], false],
    ['auth_refresh_tokens', 'IDX_auth_refresh_tokens_family', ['family_id'], false],
    ['auth_revoked_access_tokens', 'IDX_auth_revoked_expires', ['expires_at'], false],
    ['auth_login_failures', 'IDX_auth_login_failures_subject', ['subject', 'failed_at'], false],
  ];
  for (const [table, name, columnNames, isUnique] of indexes) {
    await queryRunner.createIndex(table, new TableIndex({ name, columnNames, isUnique }));
  }
}
