import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RegisterKind = 'incoming' | 'outgoing';

/**
 * The last number handed out by one register series: per organisation, kind, year (in Vietnam
 * time) and series. Writers lock this row while they store the numbered document.
 */
@Entity({ name: 'register_counters' })
export class RegisterCounterEntity {
  @PrimaryColumn({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 8 })
  kind!: RegisterKind;

  @PrimaryColumn({ name: 'year', type: 'int' })
  year!: number;

  /** `general`, `secret`, or `type:<code>` for a type numbered on its own. */
  @PrimaryColumn({ name: 'series', type: 'varchar', length: 16 })
  series!: string;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber!: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
