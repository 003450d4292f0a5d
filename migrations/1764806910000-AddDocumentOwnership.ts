import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Table, index name and column of each index that the migration adds. */
const INDEXES: ReadonlyArray<[string, string, string]> = [
  ['documents', 'IDX_documents_unit', 'unit_id'],
  ['documents', 'IDX_documents_created_by', 'created_by'],
  ['document_versions', 'IDX_document_versions_file', 'file_id'],
  ['document_attachments', 'IDX_document_attachments_file', 'file_id'],
];

/**
 * The unit that owns each document: the unit of the user who created it through the API. Unit
 * leaders see the documents of their unit, so visibility checks filter on it. Documents created
 * before this migration, or by job workers, have no unit. `created_by` exists since the documents
 * were created and gets an index here, because creators see their own documents. Versions and
 * attachments get an index on `file_id`, because a file download looks up its documents.
 */
export class AddDocumentOwnership1764806910000 implements MigrationInterface {
  name = 'AddDocumentOwnership1764806910000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'documents',
      new TableColumn({ name: 'unit_id', type: 'varchar', length: '36', isNullable: true }),
    );
    for (const [table, name, column] of INDEXES) {
      await queryRunner.createIndex(table, new TableIndex({ name, columnNames: [column] }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name] of [...INDEXES].reverse()) {
      await queryRunner.dropIndex(table, name);
    }
    await queryRunner.dropColumn('documents', 'unit_id');
  }
}
