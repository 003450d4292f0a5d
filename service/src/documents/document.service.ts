import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import { runWriteTransaction } from '../db/write-transaction.js';
import { ConflictError, ValidationError } from '../errors/index.js';
import type { RegisterNumberService, RegisterSeriesOptions } from '../registers/index.js';
import { DocumentEntity, type DocumentDirection, type DocumentStatus } from './document.entity.js';
import {
  checkMetadata,
  type CheckedMetadata,
  type DocumentMetadataInput,
} from './document-input.js';
import {
  DocumentAttachmentEntity,
  DocumentRecipientEntity,
  DocumentVersionEntity,
} from './document-parts.entity.js';
import { checkDateNotLater, checkFileId, checkText } from './field-checks.js';
import { findDuplicateIncoming, issueDocument, registerArrival } from './document-numbering.js';
import { documentNotFound, findOrganisation, insertVersion } from './document-rows.js';

export interface DocumentServiceOptions {
  now?: () => Date;
  series?: RegisterSeriesOptions;
}

/** A document with everything stored beside it. */
export interface DocumentDetails {
  document: DocumentEntity;
  recipients: DocumentRecipientEntity[];
  versions: DocumentVersionEntity[];
  attachments: DocumentAttachmentEntity[];
}

/** A warning that does not stop registration, such as a possible duplicate. */
export interface RegistrationWarning {
  code: 'POSSIBLE_DUPLICATE';
  message: string;
  documentIds: string[];
}

/** The owner of a new document besides its creator. */
export interface DocumentOwner {
  /** The creator's unit; absent for documents that job workers create. */
  unitId?: string | null;
}

export interface AttachmentInput {
  fileId: string;
  fileName: string;
  mediaType: string;
}

/**
 * Stores documents: outgoing drafts with every version kept, issuing them with a register
 * number, and registering incoming documents with an arrival number. Each change writes its
 * audit entry in the same transaction.
 */
export class DocumentService {
  readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly registers: RegisterNumberService,
    private readonly options: DocumentServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Creates an outgoing draft. A given `fileId` becomes version 1, and `owner.unitId` the unit
   * that owns the draft.
   * NOTE: this service checks only the form of a `fileId`. The HTTP routes check that the file is
   * a stored PDF, but the workers that call it directly pass ids from process variables unchecked.
   */
  async createDraft(
    input: DocumentMetadataInput,
    actor: string,
    fileId?: string,
    owner: DocumentOwner = {},
  ): Promise<DocumentDetails> {
    const metadata = checkMetadata(input);
    const firstFile = fileId === undefined ? undefined : checkFileId('fileId', fileId);
    const id = await runWriteTransaction(this.dataSource, async (manager) => {
      const organisation = await findOrganisation(manager, metadata.organId);
      const document = this.buildDocument(metadata, 'outgoing', 'draft', actor, owner);
      document.organName = metadata.organName ?? organisation.name;
      document.issuingOrganId = organisation.organId;
      await this.insertDocument(manager, document, metadata, actor, firstFile);
      await this.audit.appendIn(manager, { actor, action: 'created', documentId: document.id });
      return document.id;
    });
    return this.get(id);
  }

  /**
   * Registers an incoming document with the next arrival number. A document with the same
   * number, notation and issuing organisation already registered gives a warning, not an error.
   */
  async registerIncoming(
    input: DocumentMetadataInput,
    actor: string,
    fileId?: string,
    owner: DocumentOwner = {},
  ): Promise<{ details: DocumentDetails; warnings: RegistrationWarning[] }> {
    const metadata = checkMetadata(input);
    checkDateNotLater('issuedDate', metadata.issuedDate, this.now());
    if (metadata.organName === null) {
      throw new ValidationError(
        'organName is missing. Name the organisation that issued the document',
        {
          field: 'organName',
          value: input.organName,
        },
      );
    }
    const firstFile = fileId === undefined ? undefined : checkFileId('fileId', fileId);
    const result = await runWriteTransaction(this.dataSource, async (manager) => {
      await findOrganisation(manager, metadata.organId);
      const warnings = await findDuplicateIncoming(manager, metadata);
      const document = this.buildDocument(metadata, 'incoming', 'registered', actor, owner);
      await registerArrival(manager, this.registers, document, this.options.series, this.now());
      await this.insertDocument(manager, document, metadata, actor, firstFile);
      await this.audit.appendIn(manager, {
        actor,
        action: 'registered',
        documentId: document.id,
        details: { arrivalNumber: document.registerNumber, warnings: warnings.map((w) => w.code) },
      });
      return { id: document.id, warnings };
    });
    return { details: await this.get(result.id), warnings: result.warnings };
  }

  /**
   * Issues an outgoing draft: takes the next number of its register series and builds the
   * notation. `unitAbbreviation` (the drafting unit) is needed for a công văn.
   */
  async issue(
    documentId: string,
    options: { unitAbbreviation?: string | null },
    actor: string,
  ): Promise<DocumentDetails> {
    await runWriteTransaction(this.dataSource, async (manager) => {
      const document = await this.lockDocument(manager, documentId);
      if (document.direction !== 'outgoing' || document.status !== 'draft') {
        throw new ConflictError(
          `document ${documentId} is ${document.status}, but only outgoing drafts can be issued`,
          {
            field: 'status',
            value: document.status,
          },
        );
      }
      const organisation = await findOrganisation(manager, document.organId);
      const issued = await issueDocument(manager, this.registers, {
        document,
        organisation,
        unitAbbreviation: options.unitAbbreviation ?? null,
        series: this.options.series,
        now: this.now(),
      });
      await manager.save(issued);
      await this.audit.appendIn(manager, {
        actor,
        action: 'issued',
        documentId,
        details: { codeNumber: issued.codeNumber, codeNotation: issued.codeNotation },
      });
    });
    return this.get(documentId);
  }

  /** Stores a new version of a document's main file and keeps the earlier versions unchanged. */
  async addVersion(documentId: string, fileId: string, actor: string, note?: string) {
    const checkedFile = checkFileId('fileId', fileId);
    const checkedNote = checkText('note', note, { max: 500 });
    return runWriteTransaction(this.dataSource, async (manager) => {
      const document = await this.lockDocument(manager, documentId);
      if (document.status !== 'draft') {
        throw new ConflictError(
          `document ${documentId} is ${document.status}, but only drafts take new versions`,
          {
            field: 'status',
            value: document.status,
          },
        );
      }
      const version = await insertVersion(
        manager,
        documentId,
        checkedFile,
        actor,
        this.now(),
        checkedNote,
      );
      await this.audit.appendIn(manager, {
        actor,
        action: 'updated',
        documentId,
        details: { version: version.version, fileId: checkedFile },
      });
      return version;
    });
  }

  async addAttachment(documentId: string, input: AttachmentInput, actor: string) {
    const attachment = new DocumentAttachmentEntity();
    attachment.documentId = documentId;
    attachment.fileId = checkFileId('fileId', input.fileId);
    attachment.fileName = checkText('fileName', input.fileName, { max: 255, required: true });
    attachment.mediaType = checkText('mediaType', input.mediaType, { max: 100, required: true });
    attachment.createdBy = actor;
    attachment.createdAt = this.now();
    return runWriteTransaction(this.dataSource, async (manager) => {
      await this.lockDocument(manager, documentId);
      const stored = await manager.save(attachment);
      await this.audit.appendIn(manager, {
        actor,
        action: 'attached',
        documentId,
        details: { fileId: attachment.fileId, fileName: attachment.fileName },
      });
      return stored;
    });
  }

  async get(documentId: string): Promise<DocumentDetails> {
    const manager = this.dataSource.manager;
    const document = await manager.findOneBy(DocumentEntity, { id: documentId });
    if (!document) throw documentNotFound(documentId);
    const where = { documentId };
    return {
      document,
      recipients: await manager.find(DocumentRecipientEntity, {
        where,
        order: { position: 'ASC' },
      }),
      versions: await manager.find(DocumentVersionEntity, { where, order: { version: 'ASC' } }),
      attachments: await manager.find(DocumentAttachmentEntity, { where, order: { id: 'ASC' } }),
    };
  }

  private buildDocument(
    metadata: CheckedMetadata,
    direction: DocumentDirection,
    status: DocumentStatus,
    actor: string,
    owner: DocumentOwner,
  ): DocumentEntity {
    const fields: Partial<CheckedMetadata> = { ...metadata };
    delete fields.recipients;
    const document = Object.assign(new DocumentEntity(), fields);
    document.id = randomUUID();
    document.direction = direction;
    document.status = status;
    document.organName = metadata.organName ?? '';
    document.registerNumber = null;
    document.registerYear = null;
    document.registerSeries = null;
    document.arrivalDate = null;
    document.createdBy = checkText('actor', actor, { max: 100, required: true });
    document.unitId = owner.unitId ?? null;
    document.createdAt = this.now();
    document.updatedAt = document.createdAt;
    return document;
  }

  private async insertDocument(
    manager: EntityManager,
    document: DocumentEntity,
    metadata: CheckedMetadata,
    actor: string,
    fileId: string | undefined,
  ): Promise<void> {
    if (metadata.replyToDocumentId !== null) {
      const exists = await manager.existsBy(DocumentEntity, { id: metadata.replyToDocumentId });
      if (!exists) throw documentNotFound(metadata.replyToDocumentId, 'replyToDocumentId');
    }
    await manager.insert(DocumentEntity, document);
    const recipients = metadata.recipients.map((recipient, position) =>
      Object.assign(new DocumentRecipientEntity(), {
        ...recipient,
        documentId: document.id,
        position,
      }),
    );
    if (recipients.length > 0) await manager.insert(DocumentRecipientEntity, recipients);
    if (fileId !== undefined)
      await insertVersion(manager, document.id, fileId, actor, document.createdAt, null);
  }

  /** Reads a document for change, locking its row on MySQL so that changes to it queue. */
  private async lockDocument(manager: EntityManager, documentId: string): Promise<DocumentEntity> {
    const query = manager
      .createQueryBuilder(DocumentEntity, 'document')
      .where('document.id = :documentId', {
        documentId,
      });
    if (this.dataSource.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    const document = await query.getOne();
    if (!document) throw documentNotFound(documentId);
    return document;
  }
}
