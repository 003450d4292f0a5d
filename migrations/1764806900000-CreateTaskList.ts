import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

/**
 * The staff task list: a projection of the engine's user tasks with document fields copied in,
 * one inbox row per principal and open task for keyset pages, the history of what people did
 * with each task, and who ever took part in each document.
 *
 * Inbox rows carry two sort keys as fixed-width strings (`priority_rank`, `due_rank`) so that a
 * page is one index range `(principal, rank) > cursor` whatever the mix of ascending and
 * descending parts in the sort.
 */
export class CreateTaskList1764806900000 implements MigrationInterface {
  name = 'CreateTaskList1764806900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const longText = mysql ? 'longtext' : 'text';
    await queryRunner.createTable(tasksTable(longText));
    await queryRunner.createTable(inboxTable());
    await queryRunner.createTable(eventsTable(longText));
    await queryRunner.createTable(
      new Table({
        name: 'document_participants',
        columns: [
          { ...text('document_id', 36), isPrimary: true },
          { ...text('principal', 120), isPrimary: true },
          instant('first_at'),
        ],
      }),
    );
    await createIndexes(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['document_participants', 'task_events', 'task_inbox', 'tasks']) {
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

function small(name: string): TableColumnOptions {
  return { name, type: 'smallint', isNullable: false };
}

function tasksTable(longText: string): Table {
  return new Table({
    name: 'tasks',
    columns: [
      { ...text('task_key', 20), isPrimary: true },
      text('process_instance_key', 20),
      text('element_instance_key', 20),
      text('bpmn_process_id', 100),
      text('element_id', 100),
      text('name', 200, true),
      text('document_id', 36, true),
      text('organ_id', 13, true),
      text('unit_id', 36, true),
      text('state', 10),
      text('assignee', 36, true),
      { name: 'candidate_groups', type: 'text', isNullable: false },
      { name: 'candidate_users', type: 'text', isNullable: false },
      { name: 'priority', type: 'int', isNullable: false },
      small('urgency'),
      text('secrecy', 16),
      text('type_code', 8),
      text('subject', 500),
      text('subject_folded', 500),
      instant('due_at', true),
      instant('created_at'),
      instant('ended_at', true),
      text('completed_by', 36, true),
      text('decision', 20, true),
      { name: 'comment', type: longText, isNullable: true },
      text('delegated_by', 36, true),
    ],
  });
}

function inboxTable(): Table {
  return new Table({
    name: 'task_inbox',
    columns: [
      { ...text('principal', 120), isPrimary: true },
      { ...text('task_key', 20), isPrimary: true },
      text('priority_rank', 40),
      text('due_rank', 40),
      { name: 'priority', type: 'int', isNullable: false },
      small('urgency'),
      text('secrecy', 16),
      text('type_code', 8),
      text('bpmn_process_id', 100),
      text('subject_folded', 500),
      instant('due_at', true),
      instant('created_at'),
    ],
  });
}

function eventsTable(longText: string): Table {
  return new Table({
    name: 'task_events',
    columns: [
      {
        name: 'id',
        type: 'integer',
        isPrimary: true,
        isGenerated: true,
        generationStrategy: 'increment',
      },
      text('task_key', 20),
      text('document_id', 36, true),
      text('process_instance_key', 20),
      text('kind', 16),
      text('actor_id', 36, true),
      text('target_id', 36, true),
      text('decision', 20, true),
      { name: 'comment', type: longText, isNullable: true },
      instant('at'),
    ],
  });
}

async function createIndexes(queryRunner: QueryRunner): Promise<void> {
  const indexes: Array<[string, string, string[], boolean]> = [
    ['tasks', 'IDX_tasks_instance', ['process_instance_key'], false],
    ['tasks', 'IDX_tasks_document', ['document_id', 'created_at'], false],
    ['tasks', 'IDX_tasks_state_due', ['state', 'due_at'], false],
    ['tasks', 'IDX_tasks_unit_state', ['unit_id', 'state'], false],
    ['tasks', 'IDX_tasks_assignee_state', ['assignee', 'state'], false],
    ['tasks', 'IDX_tasks_completed_by', ['completed_by', 'ended_at', 'task_key'], false],
    ['task_inbox', 'UQ_task_inbox_priority', ['principal', 'priority_rank'], true],
    ['task_inbox', 'UQ_task_inbox_due', ['principal', 'due_rank'], true],
    ['task_inbox', 'IDX_task_inbox_task', ['task_key'], false],
    ['task_events', 'IDX_task_events_document', ['document_id', 'id'], false],
    ['task_events', 'IDX_task_events_task', ['task_key', 'id'], false],
    ['document_participants', 'IDX_document_participants_principal', ['principal'], false],
  ];
  for (const [table, name, columnNames, isUnique] of indexes) {
    await queryRunner.createIndex(table, new TableIndex({ name, columnNames, isUnique }));
  }
}
