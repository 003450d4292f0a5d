import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A case file (hồ sơ) with its metadata. FileCode is OrganId.FileCatalog.FileNotation;
 * DocTotal and PageTotal are counted from the linked documents when read.
 */
@Entity({ name: 'case_files' })
export class CaseFileEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @Column({ name: 'file_catalog', type: 'int' })
  fileCatalog!: number;

  @Column({ name: 'file_notation', type: 'varchar', length: 20 })
  fileNotation!: string;

  @Column({ name: 'title', type: 'varchar', length: 500 })
  title!: string;

  /** Retention period, such as "Vĩnh viễn" or "10 năm". */
  @Column({ name: 'maintenance', type: 'varchar', length: 30 })
  maintenance!: string;

  /** Access rights, such as "Hạn chế". */
  @Column({ name: 'rights', type: 'varchar', length: 30 })
  rights!: string;

  @Column({ name: 'creator', type: 'varchar', length: 30 })
  creator!: string;

  @Column({ name: 'language', type: 'varchar', length: 50 })
  language!: string;

  @Column({ name: 'start_date', type: 'date', utc: true, nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', utc: true, nullable: true })
  endDate!: string | null;

  @Column({ name: 'description', type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** Link of a document into a case file, with its ordinal there (DocOrdinal). */
@Entity({ name: 'case_file_documents' })
export class CaseFileDocumentEntity {
  @PrimaryColumn({ name: 'case_file_id', type: 'varchar', length: 36 })
  caseFileId!: string;

  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @Column({ name: 'doc_ordinal', type: 'int' })
  docOrdinal!: number;

  @Column({ name: 'added_at', type: 'datetime', precision: 3 })
  addedAt!: Date;
}
