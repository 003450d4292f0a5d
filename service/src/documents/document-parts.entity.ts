import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One addressee of a document (To: OrganId and OrganName), in the order given. */
@Entity({ name: 'document_recipients' })
export class DocumentRecipientEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @Column({ name: 'position', type: 'int' })
  position!: number;

  @Column({ name: 'organ_id', type: 'varchar', length: 13, nullable: true })
  organId!: string | null;

  @Column({ name: 'organ_name', type: 'varchar', length: 200 })
  organName!: string;
}

/** One stored version of a document's main file. The service never overwrites a version. */
@Entity({ name: 'document_versions' })
export class DocumentVersionEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  /** 1 for the first version, then one more for each new one. */
  @Column({ name: 'version', type: 'int' })
  version!: number;

  /** Id of the file in the file store: the hex SHA-256 of its content. */
  @Column({ name: 'file_id', type: 'varchar', length: 64 })
  fileId!: string;

  @Column({ name: 'note', type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** A file attached to a document besides its main file. */
@Entity({ name: 'document_attachments' })
export class DocumentAttachmentEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @Column({ name: 'file_id', type: 'varchar', length: 64 })
  fileId!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
