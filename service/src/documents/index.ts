import { AuditChainHeadEntity, AuditEntryEntity } from '../audit/index.js';
import { OrganisationEntity } from '../org/index.js';
import { RegisterCounterEntity } from '../registers/index.js';
import { CaseFileDocumentEntity, CaseFileEntity } from './case-file.entity.js';
import { DocumentEntity } from './document.entity.js';
import {
  DocumentAttachmentEntity,
  DocumentRecipientEntity,
  DocumentVersionEntity,
} from './document-parts.entity.js';

/**
 * Entities of organisations, documents, case files, registers and the audit log, for
 * createDataSource's `entities` option.
 */
export const documentEntities: Array<new () => object> = [
  OrganisationEntity,
  DocumentEntity,
  DocumentRecipientEntity,
  DocumentVersionEntity,
  DocumentAttachmentEntity,
  CaseFileEntity,
  CaseFileDocumentEntity,
  RegisterCounterEntity,
  AuditEntryEntity,
  AuditChainHeadEntity,
];

export { CaseFileDocumentEntity, CaseFileEntity } from './case-file.entity.js';
export { DocumentEntity, type DocumentDirection, type DocumentStatus } from './document.entity.js';
export {
  DocumentAttachmentEntity,
  DocumentRecipientEntity,
  DocumentVersionEntity,
} from './document-parts.entity.js';
export { type DocumentMetadataInput, type RecipientInput } from './document-input.js';
export { checkDateNotLater } from './field-checks.js';
export {
  DocumentService,
  type AttachmentInput,
  type DocumentDetails,
  type DocumentOwner,
  type DocumentServiceOptions,
  type RegistrationWarning,
} from './document.service.js';
export {
  DOCUMENT_TYPES,
  LEGACY_TYPE_CODES,
  resolveDocumentType,
  type DocumentType,
} from './document-types.js';
export {
  SECRECY_LEVELS,
  URGENCY_LEVELS,
  checkSecrecy,
  secrecyRank,
  type Secrecy,
} from './urgency-secrecy.js';
export {
  clearanceGuard,
  type DocumentGuard,
  type DocumentQueryRestriction,
  type NewDocumentRequest,
} from './document-guard.js';
export { foldText } from './text-fold.js';
export { checkStoredFile, type StoredFileLookup } from './stored-file-check.js';
export {
  searchDocuments,
  type DocumentPage,
  type DocumentSearchFilter,
} from './document-search.js';
export { CaseFileService, type CaseFileDetails, type CaseFileInput } from './case-file.service.js';
export { loadRegisterTable, type RegisterRequest } from './register-rows.js';
export { createDocumentsRouter, type DocumentsRouterDependencies } from './documents.router.js';
export { createCaseFilesRouter, type CaseFilesRouterDependencies } from './case-files.router.js';
export {
  createDocumentModule,
  createDocumentRouters,
  type DocumentModule,
  type DocumentRouterOptions,
} from './document-module.js';
