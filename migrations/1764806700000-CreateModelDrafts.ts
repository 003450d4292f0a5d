import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drafts saved from the BPMN modeler. Each save adds a row; a row deployed from the modeler also
 * records the process definition it became and who deployed it.
 */
export class CreateModelDrafts1764806700000 implements MigrationInterface {
  name = 'CreateModelDrafts1764806700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const longText = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: 'model_drafts',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'bpmn_process_id', type: 'varchar', length: '255' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
          { name: 'xml', type: longText },
          { name: 'saved_by', type: 'varchar', length: '100' },
          { name: 'saved_at', type: 'datetime', precision: 3 },
          { name: 'process_definition_key', type: 'varchar', length: '32', isNullable: true },
          { name: 'process_version', type: 'int', isNullable: true },
          { name: 'deployed_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'deployed_at', type: 'datetime', precision: 3, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'model_drafts',
      new TableIndex({ name: 'IDX_model_drafts_process', columnNames: ['bpmn_process_id', 'id'] }),
    );
    await queryRunner.createIndex(
      'model_drafts',
      new TableIndex({
        name: 'IDX_model_drafts_definition',
        columnNames: ['process_definition_key'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('model_drafts');
  }
}
