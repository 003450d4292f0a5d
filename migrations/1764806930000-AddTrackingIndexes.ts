import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the tracking views. The open and overdue counts per unit, holder and agency read
 * (unit_id | assignee | organ_id, state, due_at) without touching the rows, and overdue pages
 * walk the same indexes in (due_at, task_key) order. The task-tracking report groups the
 * report-progress tasks by unit and instance, and the follow-up register finds the replies to
 * incoming documents. MySQL and MariaDB already index the foreign key on
 * documents.reply_to_document_id, and refuse to drop an index that a foreign key uses, so that
 * index is created on SQLite alone.
 */
const INDEXES: Array<[string, string, string[]]> = [
  ['tasks', 'IDX_tasks_unit_state_due', ['unit_id', 'state', 'due_at', 'task_key']],
  ['tasks', 'IDX_tasks_assignee_state_due', ['assignee', 'state', 'due_at', 'task_key']],
  ['tasks', 'IDX_tasks_organ_state_due', ['organ_id', 'state', 'due_at', 'task_key']],
  [
    'tasks',
    'IDX_tasks_process_element_unit',
    ['bpmn_process_id', 'element_id', 'unit_id', 'process_instance_key'],
  ],
];

const SQLITE_ONLY_INDEXES: Array<[string, string, string[]]> = [
  ['documents', 'IDX_documents_reply_to', ['reply_to_document_id']],
];

function indexesFor(queryRunner: QueryRunner): Array<[string, string, string[]]> {
  const mysql = queryRunner.connection.options.type === 'mysql';
  return mysql ? INDEXES : [...INDEXES, ...SQLITE_ONLY_INDEXES];
}

export class AddTrackingIndexes1764806930000 implements MigrationInterface {
  name = 'AddTrackingIndexes1764806930000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of indexesFor(queryRunner)) {
      await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name] of [...indexesFor(queryRunner)].reverse()) {
      await queryRunner.dropIndex(table, name);
    }
  }
}
