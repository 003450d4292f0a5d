import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The e-mail send log, one row per idempotency key, which lets a retried or redelivered send
 * of the same notification find that it was already sent.
 */
export class CreateMailLog1764806600000 implements MigrationInterface {
  name = 'CreateMailLog1764806600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mail_log',
        columns: [
          // 191 characters keep the utf8mb4 key within the 767-byte index limit of older MySQL.
          { name: 'idempotency_key', type: 'varchar', length: '191', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'message_id', type: 'varchar', length: '255' },
          { name: 'recipients', type: 'text' },
          { name: 'subject', type: 'text' },
          { name: 'attempts', type: 'int' },
          { name: 'claimed_at_ms', type: 'bigint' },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
          { name: 'sent_at', type: 'datetime', precision: 3, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'mail_log',
      new TableIndex({ name: 'IDX_mail_log_status', columnNames: ['status', 'updated_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mail_log');
  }
}
