import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Register counters: the last number handed out per organisation, kind, year and series. */
export class CreateRegisters1764806510000 implements MigrationInterface {
  name = 'CreateRegisters1764806510000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'register_counters',
        columns: [
          { name: 'organ_id', type: 'varchar', length: '13', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '8', isPrimary: true },
          { name: 'year', type: 'int', isPrimary: true },
          { name: 'series', type: 'varchar', length: '16', isPrimary: true },
          { name: 'last_number', type: 'int' },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('register_counters');
  }
}
