import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The hash-chained audit log and its chain head row, which starts at sequence 0 with the
 * all-zero hash that the first entry takes as its previous hash.
 */
export class CreateAuditLog1764806520000 implements MigrationInterface {
  name = 'CreateAuditLog1764806520000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const longText = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'sequence', type: 'bigint', isPrimary: true },
          { name: 'recorded_at', type: 'datetime', precision: 3 },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'action', type: 'varchar', length: '32' },
          { name: 'document_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'details', type: longText },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'audit_log',
      new TableIndex({ name: 'IDX_audit_log_document', columnNames: ['document_id', 'sequence'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain_head',
        columns: [
          { name: 'id', type: 'int', isPrimary: true },
          { name: 'last_sequence', type: 'bigint' },
          { name: 'last_hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.query(
      'INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (1, 0, ?)',
      ['0'.repeat(64)],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_chain_head');
    await queryRunner.dropTable('audit_log');
  }
}
