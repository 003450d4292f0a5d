import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** Reads BIGINT columns as numbers; MySQL returns them as strings. Exact up to 2^53. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** One entry of the append-only audit log. Its `hash` chains it to the entry before. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  /** 1 for the first entry, then one more for each, without gaps. */
  @PrimaryColumn({ name: 'sequence', type: 'bigint', transformer: bigintAsNumber })
  sequence!: number;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt!: Date;

  @Column({ name: 'actor', type: 'varchar', length: 100 })
  actor!: string;

  @Column({ name: 'action', type: 'varchar', length: 32 })
  action!: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId!: string | null;

  /** Details as canonical JSON text. */
  @Column({ name: 'details', type: 'text' })
  details!: string;

  /** Hash of the previous entry, or 64 zeros for the first. */
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ name: 'hash', type: 'varchar', length: 64 })
  hash!: string;
}

/**
 * The single row that records the newest entry. Appenders lock it, so two appends never take
 * the same sequence or the same previous hash. It also reveals entries cut off the end.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'last_sequence', type: 'bigint', transformer: bigintAsNumber })
  lastSequence!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;
}
