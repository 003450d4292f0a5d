import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A state agency or organisation, keyed by its electronic OrganId code (`000.00.00.G22`). */
@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name!: string;

  /** Abbreviation used in document notations, such as `BNV` in `123/QĐ-BNV`. */
  @Column({ name: 'abbreviation', type: 'varchar', length: 20 })
  abbreviation!: string;

  @Column({ name: 'parent_organ_id', type: 'varchar', length: 13, nullable: true })
  parentOrganId!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
