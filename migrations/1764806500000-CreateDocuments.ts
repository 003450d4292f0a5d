import {
  Table,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

/**
 * Organisations, documents with their recipients, versions and attachments, and case files.
 * Runs on SQLite and MySQL/MariaDB: long text is LONGTEXT on MySQL (TEXT stops at 64 KB there),
 * and code columns compare byte for byte on MySQL as they do on SQLite, so `QĐ` never equals `qđ`.
 */
export class CreateDocuments1764806500000 implements MigrationInterface {
  name = 'CreateDocuments1764806500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const longText = mysql ? 'longtext' : 'text';
    const exact = mysql ? { collation: 'utf8mb4_bin' } : {};
    await queryRunner.createTable(organisationsTable());
    await queryRunner.createTable(documentsTable(longText, exact));
    await queryRunner.createTable(recipientsTable());
    await queryRunner.createTable(versionsTable());
    await queryRunner.createTable(attachmentsTable());
    await queryRunner.createTable(caseFilesTable());
    await queryRunner.createTable(caseFileDocumentsTable());
    await createIndexes(queryRunner);
    await createForeignKeys(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'case_file_documents',
      'case_files',
      'document_attachments',
      'document_versions',
      'document_recipients',
      'documents',
      'organisations',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

function text(name: string, length: number, nullable = false): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), isNullable: nullable };
}

function instant(name: string, nullable = false): TableColumnOptions {
  return { name, type: 'datetime', precision: 3, isNullable: nullable };
}

function integer(name: string, nullable = false): TableColumnOptions {
  return { name, type: 'int', isNullable: nullable };
}

function date(name: string): TableColumnOptions {
  return { name, type: 'date', isNullable: true };
}

function generatedId(): TableColumnOptions {
  return {
    name: 'id',
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  };
}

function organisationsTable(): Table {
  return new Table({
    name: 'organisations',
    columns: [
      { ...text('organ_id', 13), isPrimary: true },
      text('name', 200),
      text('abbreviation', 20),
      text('parent_organ_id', 13, true),
      instant('created_at'),
    ],
  });
}

function documentsTable(longText: string, exact: { collation?: string }): Table {
  return new Table({
    name: 'documents',
    columns: [
      { ...text('id', 36), isPrimary: true },
      text('direction', 8),
      text('status', 16),
      text('organ_id', 13),
      { ...text('type_code', 8), ...exact },
      text('type_name', 100),
      integer('register_number', true),
      integer('register_year', true),
      text('register_series', 16, true),
      { ...text('code_number', 11, true), ...exact },
      { ...text('code_notation', 30, true), ...exact },
      date('issued_date'),
      text('issuing_organ_id', 13, true),
      text('organ_name', 200),
      text('subject', 500),
      text('subject_folded', 500),
      text('language', 30),
      integer('page_amount', true),
      text('description', 500, true),
      text('signer_position', 100, true),
      text('signer_full_name', 50, true),
      { name: 'priority', type: 'smallint' },
      instant('scheduled_at', true),
      text('secrecy', 16),
      integer('issued_amount', true),
      date('due_date'),
      date('arrival_date'),
      text('to_places', 1000, true),
      { name: 'trace_header_list', type: longText, isNullable: true },
      text('reply_to_document_id', 36, true),
      text('created_by', 100),
      instant('created_at'),
      instant('updated_at'),
    ],
  });
}

function recipientsTable(): Table {
  return new Table({
    name: 'document_recipients',
    columns: [
      generatedId(),
      text('document_id', 36),
      integer('position'),
      text('organ_id', 13, true),
      text('organ_name', 200),
    ],
  });
}

function versionsTable(): Table {
  return new Table({
    name: 'document_versions',
    columns: [
      generatedId(),
      text('document_id', 36),
      integer('version'),
      { name: 'file_id', type: 'varchar', length: '64' },
      text('note', 500, true),
      text('created_by', 100),
      instant('created_at'),
    ],
  });
}

function attachmentsTable(): Table {
  return new Table({
    name: 'document_attachments',
    columns: [
      generatedId(),
      text('document_id', 36),
      { name: 'file_id', type: 'varchar', length: '64' },
      text('file_name', 255),
      text('media_type', 100),
      text('created_by', 100),
      instant('created_at'),
    ],
  });
}

function caseFilesTable(): Table {
  return new Table({
    name: 'case_files',
    columns: [
      { ...text('id', 36), isPrimary: true },
      text('organ_id', 13),
      integer('file_catalog'),
      text('file_notation', 20),
      text('title', 500),
      text('maintenance', 30),
      text('rights', 30),
      text('creator', 30),
      text('language', 50),
      date('start_date'),
      date('end_date'),
      text('description', 500, true),
      instant('created_at'),
    ],
  });
}

function caseFileDocumentsTable(): Table {
  return new Table({
    name: 'case_file_documents',
    columns: [
      { ...text('case_file_id', 36), isPrimary: true },
      { ...text('document_id', 36), isPrimary: true },
      integer('doc_ordinal'),
      instant('added_at'),
    ],
  });
}

async function createIndexes(queryRunner: QueryRunner): Promise<void> {
  const indexes: Array<[string, string, string[], boolean]> = [
    [
      'documents',
      'UQ_documents_register_number',
      ['organ_id', 'direction', 'register_year', 'register_series', 'register_number'],
      true,
    ],
    ['documents', 'IDX_documents_issued_date', ['organ_id', 'direction', 'issued_date'], false],
    ['documents', 'IDX_documents_arrival_date', ['organ_id', 'direction', 'arrival_date'], false],
    [
      'documents',
      'IDX_documents_code',
      ['code_number', 'code_notation', 'issuing_organ_id'],
      false,
    ],
    ['documents', 'IDX_documents_created', ['created_at', 'id'], false],
    ['documents', 'IDX_documents_type_code', ['type_code'], false],
    ['document_recipients', 'IDX_document_recipients_document', ['document_id', 'position'], false],
    ['document_recipients', 'IDX_document_recipients_organ', ['organ_id'], false],
    ['document_versions', 'UQ_document_versions_version', ['document_id', 'version'], true],
    ['document_attachments', 'IDX_document_attachments_document', ['document_id'], false],
    ['case_files', 'UQ_case_files_file_code', ['organ_id', 'file_catalog', 'file_notation'], true],
    [
      'case_file_documents',
      'UQ_case_file_documents_ordinal',
      ['case_file_id', 'doc_ordinal'],
      true,
    ],
    ['case_file_documents', 'IDX_case_file_documents_document', ['document_id'], false],
  ];
  for (const [table, name, columnNames, isUnique] of indexes) {
    await queryRunner.createIndex(table, new TableIndex({ name, columnNames, isUnique }));
  }
}

async function createForeignKeys(queryRunner: QueryRunner): Promise<void> {
  const keys: Array<[string, string, string, string]> = [
    ['organisations', 'parent_organ_id', 'organisations', 'organ_id'],
    ['documents', 'organ_id', 'organisations', 'organ_id'],
    ['documents', 'reply_to_document_id', 'documents', 'id'],
    ['document_recipients', 'document_id', 'documents', 'id'],
    ['document_versions', 'document_id', 'documents', 'id'],
    ['document_attachments', 'document_id', 'documents', 'id'],
    ['case_files', 'organ_id', 'organisations', 'organ_id'],
    ['case_file_documents', 'case_file_id', 'case_files', 'id'],
    ['case_file_documents', 'document_id', 'documents', 'id'],
  ];
  for (const [table, column, referencedTable, referencedColumn] of keys) {
    await queryRunner.createForeignKey(
      table,
      new TableForeignKey({
        name: `FK_${table}_${column}`,
        columnNames: [column],
        referencedTableName: referencedTable,
        referencedColumnNames: [referencedColumn],
        onDelete: 'RESTRICT',
      }),
    );
  }
}
