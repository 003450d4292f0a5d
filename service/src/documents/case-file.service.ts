import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import { runWriteTransaction } from '../db/write-transaction.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import { checkOrganId } from '../org/index.js';
import { CaseFileDocumentEntity, CaseFileEntity } from './case-file.entity.js';
import { DocumentEntity } from './document.entity.js';
import { checkDate, checkDigits, checkText } from './field-checks.js';

/** DocOrdinal has 3 digits in the metadata standard. */
const MAX_DOC_ORDINAL = 999;

export interface CaseFileInput {
  organId: string;
  fileCatalog: number;
  fileNotation: string;
  title: string;
  maintenance: string;
  rights: string;
  creator: string;
  language?: string;
  startDate?: string | null;
  endDate?: string | null;
  description?: string | null;
}

/** Every key of CaseFileInput, for rejecting unknown keys in a request body. */
export const CASE_FILE_FIELDS = Object.freeze([
  'organId',
  'fileCatalog',
  'fileNotation',
  'title',
  'maintenance',
  'rights',
  'creator',
  'language',
  'startDate',
  'endDate',
  'description',
] as const satisfies ReadonlyArray<keyof CaseFileInput>);

/** A case file with its FileCode, counts and linked documents in filing order. */
export interface CaseFileDetails {
  caseFile: CaseFileEntity;
  /** OrganId.FileCatalog.FileNotation */
  fileCode: string;
  docTotal: number;
  pageTotal: number;
  documents: Array<{ docOrdinal: number; document: DocumentEntity }>;
}

/** Stores case files (hồ sơ) and links documents into them without copying the documents. */
export class CaseFileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: CaseFileInput): Promise<CaseFileDetails> {
    const caseFile = Object.assign(new CaseFileEntity(), {
      id: randomUUID(),
      organId: checkOrganId('organId', input.organId),
      fileCatalog: checkDigits('fileCatalog', input.fileCatalog, 4, true),
      fileNotation: checkText('fileNotation', input.fileNotation, { max: 20, required: true }),
      title: checkText('title', input.title, { max: 500, required: true }),
      maintenance: checkText('maintenance', input.maintenance, { max: 30, required: true }),
      rights: checkText('rights', input.rights, { max: 30, required: true }),
      creator: checkText('creator', input.creator, { max: 30, required: true }),
      language: checkText('language', input.language, { max: 50 }) ?? 'vi',
      startDate: checkDate('startDate', input.startDate),
      endDate: checkDate('endDate', input.endDate),
      description: checkText('description', input.description, { max: 500 }),
      createdAt: this.now(),
    });
    const clash = await this.dataSource.manager.existsBy(CaseFileEntity, {
      organId: caseFile.organId,
      fileCatalog: caseFile.fileCatalog,
      fileNotation: caseFile.fileNotation,
    });
    if (clash) {
      throw new ConflictError(`case file ${fileCodeOf(caseFile)} already exists`, {
        field: 'fileNotation',
        value: caseFile.fileNotation,
      });
    }
    await this.dataSource.manager.insert(CaseFileEntity, caseFile);
    return this.get(caseFile.id);
  }

  async get(caseFileId: string): Promise<CaseFileDetails> {
    const manager = this.dataSource.manager;
    const caseFile = await manager.findOneBy(CaseFileEntity, { id: caseFileId });
    if (!caseFile) {
      throw new NotFoundError(`case file ${caseFileId} not found`, {
        field: 'caseFileId',
        value: caseFileId,
      });
    }
    const links = await manager.find(CaseFileDocumentEntity, {
      where: { caseFileId },
      order: { docOrdinal: 'ASC' },
    });
    const documents = [];
    for (const link of links) {
      const document = await manager.findOneByOrFail(DocumentEntity, { id: link.documentId });
      documents.push({ docOrdinal: link.docOrdinal, document });
    }
    return {
      caseFile,
      fileCode: fileCodeOf(caseFile),
      docTotal: documents.length,
      pageTotal: documents.reduce((sum, entry) => sum + (entry.document.pageAmount ?? 0), 0),
      documents,
    };
  }

  /** Links a document into a case file as its next document (DocOrdinal). */
  async addDocument(
    caseFileId: string,
    documentId: string,
    actor: string,
  ): Promise<CaseFileDetails> {
    await runWriteTransaction(this.dataSource, async (manager) => {
      const query = manager
        .createQueryBuilder(CaseFileEntity, 'file')
        .where('file.id = :caseFileId', {
          caseFileId,
        });
      if (this.dataSource.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
      if (!(await query.getOne())) {
        throw new NotFoundError(`case file ${caseFileId} not found`, {
          field: 'caseFileId',
          value: caseFileId,
        });
      }
      if (!(await manager.existsBy(DocumentEntity, { id: documentId }))) {
        throw new NotFoundError(`document ${documentId} not found`, {
          field: 'documentId',
          value: documentId,
        });
      }
      if (await manager.existsBy(CaseFileDocumentEntity, { caseFileId, documentId })) {
        throw new ConflictError(`document ${documentId} is already in case file ${caseFileId}`, {
          field: 'documentId',
          value: documentId,
        });
      }
      const last = await manager.findOne(CaseFileDocumentEntity, {
        where: { caseFileId },
        order: { docOrdinal: 'DESC' },
      });
      const docOrdinal = (last?.docOrdinal ?? 0) + 1;
      if (docOrdinal > MAX_DOC_ORDINAL) {
        throw new ConflictError(
          `case file ${caseFileId} already contains ${MAX_DOC_ORDINAL} documents`,
          {
            field: 'docOrdinal',
            value: docOrdinal,
            limit: MAX_DOC_ORDINAL,
          },
        );
      }
      await manager.insert(CaseFileDocumentEntity, {
        caseFileId,
        documentId,
        docOrdinal,
        addedAt: this.now(),
      });
      await this.audit.appendIn(manager, {
        actor,
        action: 'filed',
        documentId,
        details: { caseFileId, docOrdinal },
      });
    });
    return this.get(caseFileId);
  }
}

function fileCodeOf(caseFile: CaseFileEntity): string {
  return `${caseFile.organId}.${caseFile.fileCatalog}.${caseFile.fileNotation}`;
}
