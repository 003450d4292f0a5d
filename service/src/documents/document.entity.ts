import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import type { Secrecy } from './urgency-secrecy.js';

export type DocumentDirection = 'incoming' | 'outgoing';
/** `draft` is outgoing and not numbered, `issued` is outgoing with its number, `registered` is incoming. */
export type DocumentStatus = 'draft' | 'issued' | 'registered';

/** A value parsed from JSON: text, number, boolean, null, an array or an object. */
export type JsonValue = string | number | boolean | null | object;

/** Stores any JSON value as text and reads it back parsed; null stays SQL NULL. */
const JSON_TEXT: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : JSON.stringify(value)),
  from: (text: string | null) => (text === null ? null : JSON.parse(text)),
};

/**
 * An official document with the registered-document metadata (tags in comments). Free-text
 * columns keep exactly the characters received, and `subjectFolded` is the search copy.
 */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'direction', type: 'varchar', length: 8 })
  direction!: DocumentDirection;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: DocumentStatus;

  /** The organisation whose registers hold this document (OrganId). */
  @Column({ name: 'organ_id', type: 'varchar', length: 13 })
  organId!: string;

  @Column({ name: 'type_code', type: 'varchar', length: 8 })
  typeCode!: string;

  /** TypeName */
  @Column({ name: 'type_name', type: 'varchar', length: 100 })
  typeName!: string;

  /** Number from this organisation's register: the document number, or the arrival number. */
  @Column({ name: 'register_number', type: 'int', nullable: true })
  registerNumber!: number | null;

  @Column({ name: 'register_year', type: 'int', nullable: true })
  registerYear!: number | null;

  @Column({ name: 'register_series', type: 'varchar', length: 16, nullable: true })
  registerSeries!: string | null;

  /** CodeNumber */
  @Column({ name: 'code_number', type: 'varchar', length: 11, nullable: true })
  codeNumber!: string | null;

  /** CodeNotation */
  @Column({ name: 'code_notation', type: 'varchar', length: 30, nullable: true })
  codeNotation!: string | null;

  /** IssuedDate */
  @Column({ name: 'issued_date', type: 'date', utc: true, nullable: true })
  issuedDate!: string | null;

  /** OrganId of the issuing organisation, when known. */
  @Column({ name: 'issuing_organ_id', type: 'varchar', length: 13, nullable: true })
  issuingOrganId!: string | null;

  /** OrganName of the issuing organisation. */
  @Column({ name: 'organ_name', type: 'varchar', length: 200 })
  organName!: string;

  /** Subject */
  @Column({ name: 'subject', type: 'varchar', length: 500 })
  subject!: string;

  @Column({ name: 'subject_folded', type: 'varchar', length: 500 })
  subjectFolded!: string;

  /** Language */
  @Column({ name: 'language', type: 'varchar', length: 30 })
  language!: string;

  /** PageAmount */
  @Column({ name: 'page_amount', type: 'int', nullable: true })
  pageAmount!: number | null;

  /** Description */
  @Column({ name: 'description', type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  /** SignerInfo.Position */
  @Column({ name: 'signer_position', type: 'varchar', length: 100, nullable: true })
  signerPosition!: string | null;

  /** SignerInfo.FullName */
  @Column({ name: 'signer_full_name', type: 'varchar', length: 50, nullable: true })
  signerFullName!: string | null;

  /** Priority: urgency as edXML 0..4. */
  @Column({ name: 'priority', type: 'smallint' })
  priority!: number;

  /** Delivery time set for "Hỏa tốc hẹn giờ" (priority 4). */
  @Column({ name: 'scheduled_at', type: 'datetime', precision: 3, nullable: true })
  scheduledAt!: Date | null;

  @Column({ name: 'secrecy', type: 'varchar', length: 16 })
  secrecy!: Secrecy;

  /** IssuedAmount: number of copies issued. */
  @Column({ name: 'issued_amount', type: 'int', nullable: true })
  issuedAmount!: number | null;

  /** DueDate: reply deadline (outgoing) or handling deadline (incoming). */
  @Column({ name: 'due_date', type: 'date', utc: true, nullable: true })
  dueDate!: string | null;

  /** ArrivalDate, in Vietnam time (incoming only). */
  @Column({ name: 'arrival_date', type: 'date', utc: true, nullable: true })
  arrivalDate!: string | null;

  /** ToPlaces: receiving units or people (incoming only). */
  @Column({ name: 'to_places', type: 'varchar', length: 1000, nullable: true })
  toPlaces!: string | null;

  /** TraceHeaderList: directions, distribution and processing status as JSON (incoming). */
  @Column({
    name: 'trace_header_list',
    type: 'text',
    nullable: true,
    transformer: JSON_TEXT,
  })
  traceHeaderList!: JsonValue;

  /** The incoming document that this outgoing document replies to. */
  @Column({ name: 'reply_to_document_id', type: 'varchar', length: 36, nullable: true })
  replyToDocumentId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  /** The unit of the user who created the document through the API; null for job workers. */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
