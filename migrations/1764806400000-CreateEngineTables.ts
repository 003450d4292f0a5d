import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The embedded BPMN engine's tables. Column types differ per database: MySQL gets `longtext`
 * for JSON and XML and `datetime(3)` for times (UTC), SQLite gets `text` for both, where times
 * are stored as sortable `YYYY-MM-DD HH:MM:SS.SSS` strings (UTC).
 */

interface ColumnTypes {
  json: string;
  time: string;
}

type ColumnSpec = [name: string, type: string, nullable?: 'null'];

function typesFor(queryRunner: QueryRunner): ColumnTypes {
  const mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
  return mysql ? { json: 'longtext', time: 'datetime(3)' } : { json: 'text', time: 'text' };
}

function buildTable(name: string, primary: string[], columns: ColumnSpec[]): Table {
  return new Table({
    name,
    columns: columns.map(([column, type, nullable]) => ({
      name: column,
      type,
      isNullable: nullable === 'null',
      isPrimary: primary.includes(column),
    })),
  });
}

function tableSpecs(t: ColumnTypes): Array<[string, string[], ColumnSpec[]]> {
  const key: ColumnSpec = ['key', 'bigint'];
  const rootKey: ColumnSpec = ['root_key', 'bigint'];
  const processInstanceKey: ColumnSpec = ['process_instance_key', 'bigint'];
  const createdAt: ColumnSpec = ['created_at', t.time];
  const processId: ColumnSpec = ['bpmn_process_id', 'varchar(255)'];
  const elementId: ColumnSpec = ['element_id', 'varchar(255)'];
  return [
    [
      'engine_sequence',
      ['name'],
      [
        ['name', 'varchar(64)'],
        ['next_value', 'bigint'],
      ],
    ],
    ['engine_deployment', ['key'], [key, createdAt]],
    [
      'engine_process_definition',
      ['key'],
      [
        key,
        processId,
        ['version', 'int'],
        ['resource_name', 'varchar(255)'],
        ['checksum', 'varchar(64)'],
        ['xml', t.json],
        ['deployment_key', 'bigint'],
        ['name', 'varchar(255)', 'null'],
        createdAt,
      ],
    ],
    [
      'engine_process_instance',
      ['key'],
      [
        key,
        rootKey,
        ['definition_key', 'bigint'],
        processId,
        ['version', 'int'],
        ['state', 'varchar(16)'],
        ['parent_element_instance_key', 'bigint', 'null'],
        ['parent_process_instance_key', 'bigint', 'null'],
        createdAt,
        ['ended_at', t.time, 'null'],
      ],
    ],
    [
      'engine_element_instance',
      ['key'],
      [
        key,
        processInstanceKey,
        rootKey,
        elementId,
        ['element_type', 'varchar(64)'],
        ['flow_scope_key', 'bigint'],
        ['state', 'varchar(16)'],
        ['loop_counter', 'int', 'null'],
        ['data', t.json, 'null'],
        createdAt,
        ['ended_at', t.time, 'null'],
      ],
    ],
    [
      'engine_join_token',
      ['flow_scope_key', 'element_id', 'sequence_flow_id'],
      [
        ['flow_scope_key', 'bigint'],
        elementId,
        ['sequence_flow_id', 'varchar(255)'],
        ['count', 'int'],
        rootKey,
      ],
    ],
    [
      'engine_variable',
      ['scope_key', 'name'],
      [
        ['scope_key', 'bigint'],
        ['name', 'varchar(255)'],
        ['value', t.json],
        processInstanceKey,
        rootKey,
      ],
    ],
    [
      'engine_job',
      ['key'],
      [
        key,
        ['type', 'varchar(255)'],
        ['state', 'varchar(16)'],
        ['available_at', t.time],
        ['element_instance_key', 'bigint'],
        processInstanceKey,
        rootKey,
        ['definition_key', 'bigint'],
        processId,
        ['version', 'int'],
        elementId,
        ['retries', 'int'],
        ['worker', 'varchar(255)', 'null'],
        ['deadline', t.time, 'null'],
        ['activation_count', 'int'],
        ['custom_headers', t.json],
        ['scope_keys', t.json],
        ['error_message', t.json, 'null'],
        createdAt,
      ],
    ],
    [
      'engine_user_task',
      ['key'],
      [
        key,
        ['element_instance_key', 'bigint'],
        processInstanceKey,
        rootKey,
        ['definition_key', 'bigint'],
        processId,
        elementId,
        ['name', 'varchar(255)', 'null'],
        ['state', 'varchar(16)'],
        ['assignee', 'varchar(255)', 'null'],
        ['candidate_users', t.json],
        ['candidate_groups', t.json],
        ['due_date', t.time, 'null'],
        ['follow_up_date', t.time, 'null'],
        ['priority', 'int'],
        ['form_key', 'varchar(255)', 'null'],
        ['custom_headers', t.json],
        ['job_key', 'bigint', 'null'],
        createdAt,
        ['completed_at', t.time, 'null'],
      ],
    ],
    [
      'engine_timer',
      ['key'],
      [
        key,
        ['definition_key', 'bigint'],
        processId,
        elementId,
        ['element_instance_key', 'bigint', 'null'],
        ['process_instance_key', 'bigint', 'null'],
        ['root_key', 'bigint', 'null'],
        ['due_at', t.time],
        ['repeat_remaining', 'int', 'null'],
        ['repeat_interval', 'varchar(64)', 'null'],
      ],
    ],
    [
      'engine_message_subscription',
      ['key'],
      [
        key,
        ['message_name', 'varchar(255)'],
        ['correlation_key', 'varchar(255)', 'null'],
        ['definition_key', 'bigint'],
        processId,
        elementId,
        ['element_instance_key', 'bigint', 'null'],
        ['process_instance_key', 'bigint', 'null'],
        ['root_key', 'bigint', 'null'],
        createdAt,
      ],
    ],
    [
      'engine_message',
      ['key'],
      [
        key,
        ['name', 'varchar(255)'],
        ['correlation_key', 'varchar(255)'],
        ['message_id', 'varchar(255)', 'null'],
        ['variables', t.json],
        ['expires_at', t.time],
        createdAt,
      ],
    ],
    [
      'engine_message_correlation',
      ['message_key', 'process_instance_key'],
      [['message_key', 'bigint'], processInstanceKey],
    ],
    [
      'engine_incident',
      ['key'],
      [
        key,
        processInstanceKey,
        rootKey,
        ['definition_key', 'bigint'],
        processId,
        elementId,
        ['element_instance_key', 'bigint'],
        ['job_key', 'bigint', 'null'],
        ['error_type', 'varchar(32)'],
        ['error_message', t.json],
        ['state', 'varchar(16)'],
        ['retry_action', 'varchar(16)'],
        createdAt,
        ['resolved_at', t.time, 'null'],
      ],
    ],
  ];
}

const indexSpecs: Array<[table: string, columns: string[], unique?: boolean]> = [
  ['engine_process_definition', ['bpmn_process_id', 'version'], true],
  ['engine_process_definition', ['checksum']],
  ['engine_process_instance', ['root_key']],
  ['engine_element_instance', ['root_key', 'state']],
  ['engine_element_instance', ['process_instance_key', 'created_at']],
  ['engine_join_token', ['root_key']],
  ['engine_variable', ['root_key']],
  ['engine_job', ['type', 'state', 'available_at']],
  ['engine_job', ['element_instance_key']],
  ['engine_job', ['root_key']],
  ['engine_user_task', ['state', 'assignee']],
  ['engine_user_task', ['process_instance_key']],
  ['engine_user_task', ['element_instance_key']],
  ['engine_user_task', ['job_key']],
  ['engine_timer', ['due_at']],
  ['engine_timer', ['element_instance_key']],
  ['engine_timer', ['bpmn_process_id', 'element_instance_key']],
  ['engine_message_subscription', ['message_name', 'correlation_key']],
  ['engine_message_subscription', ['element_instance_key']],
  ['engine_message_subscription', ['bpmn_process_id', 'element_instance_key']],
  ['engine_message', ['name', 'correlation_key']],
  ['engine_message', ['expires_at']],
  ['engine_message', ['message_id']],
  ['engine_incident', ['process_instance_key', 'state']],
  ['engine_incident', ['state']],
  ['engine_incident', ['element_instance_key']],
];

export class CreateEngineTables1764806400000 implements MigrationInterface {
  name = 'CreateEngineTables1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, primary, columns] of tableSpecs(typesFor(queryRunner))) {
      await queryRunner.createTable(buildTable(name, primary, columns));
    }
    for (const [table, columnNames, isUnique] of indexSpecs) {
      const name = `idx_${table.replace('engine_', '')}_${columnNames.join('_')}`;
      await queryRunner.createIndex(
        table,
        new TableIndex({ name, columnNames, isUnique: isUnique === true }),
      );
    }
    // The key sequence row exists from the start, so concurrent processes only ever update it.
    await queryRunner.query(
      "INSERT INTO engine_sequence (name, next_value) VALUES ('key', 2251799813685249)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const names = tableSpecs(typesFor(queryRunner)).map(([name]) => name);
    for (const name of names.reverse()) {
      await queryRunner.dropTable(name, true);
    }
  }
}
