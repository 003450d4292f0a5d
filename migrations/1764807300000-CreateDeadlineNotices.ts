import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One row per reminder or escalation level of one user task, which fixes the level that each
 * `deadline.escalate` job handles, so a retried or redelivered job sends the same level again
 * and never the next one.
 */
export class CreateDeadlineNotices1764807300000 implements MigrationInterface {
  name = 'CreateDeadlineNotices1764807300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'deadline_notices',
        columns: [
          { name: 'element_instance_key', type: 'varchar', length: '20', isPrimary: true },
          { name: 'level', type: 'int', isPrimary: true },
          { name: 'process_instance_key', type: 'varchar', length: '20' },
          { name: 'task_key', type: 'varchar', length: '20' },
          { name: 'job_key', type: 'varchar', length: '20' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await queryRunner.createIndex(
      'deadline_notices',
      new TableIndex({
        name: 'IDX_deadline_notices_job',
        columnNames: ['job_key', 'element_instance_key'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deadline_notices');
  }
}
