import type { Request, Router } from 'express';
import type { DataSource } from 'typeorm';
import { AuditLog, createAuditRouter } from '../audit/index.js';
import { createOrganisationsRouter, OrganisationService } from '../org/index.js';
import {
  createRegistersRouter,
  RegisterNumberService,
  type RegisterSeriesOptions,
} from '../registers/index.js';
import { CaseFileService } from './case-file.service.js';
import { createCaseFilesRouter } from './case-files.router.js';
import type { DocumentGuard } from './document-guard.js';
import { DocumentService } from './document.service.js';
import { createDocumentsRouter } from './documents.router.js';
import { loadRegisterTable } from './register-rows.js';
import type { StoredFileLookup } from './stored-file-check.js';
import { secrecyRank, type Secrecy } from './urgency-secrecy.js';

export interface DocumentModule {
  audit: AuditLog;
  registers: RegisterNumberService;
  organisations: OrganisationService;
  documents: DocumentService;
  caseFiles: CaseFileService;
}

/** Builds the organisation, document, case file, register and audit services on one database. */
export function createDocumentModule(
  dataSource: DataSource,
  options: { now?: () => Date; series?: RegisterSeriesOptions } = {},
): DocumentModule {
  const now = options.now ?? (() => new Date());
  const audit = new AuditLog(dataSource, now);
  const registers = new RegisterNumberService(dataSource, now);
  return {
    audit,
    registers,
    organisations: new OrganisationService(dataSource, now),
    documents: new DocumentService(dataSource, audit, registers, { now, series: options.series }),
    caseFiles: new CaseFileService(dataSource, audit, now),
  };
}

export interface DocumentRouterOptions {
  /** The authenticated user's id, recorded as the actor in the audit log. */
  actorOf: (req: Request) => string;
  /** The highest secrecy level the user may read, `none` when absent. */
  clearanceOf?: (req: Request) => Secrecy;
  /** The file store, where every `fileId` in a request body must already be. */
  files: StoredFileLookup;
  /** The caller's rights on documents and case files; secrecy alone when absent. */
  guard?: DocumentGuard;
}

/**
 * Builds the routers to mount, for example at `/api/organisations`, `/api/documents`,
 * `/api/case-files`, `/api/registers` and `/api/audit`. The secret registers are exported only
 * to users cleared for at least Mật, and each export is written to the audit log.
 */
export function createDocumentRouters(
  dataSource: DataSource,
  module: DocumentModule,
  options: DocumentRouterOptions,
): Record<'organisations' | 'documents' | 'caseFiles' | 'registers' | 'audit', Router> {
  const clearanceOf = options.clearanceOf ?? (() => 'none' as const);
  const now = module.documents.now;
  return {
    organisations: createOrganisationsRouter({ organisations: module.organisations }),
    documents: createDocumentsRouter({ ...module, dataSource, ...options }),
    caseFiles: createCaseFilesRouter({
      caseFiles: module.caseFiles,
      documents: module.documents,
      actorOf: options.actorOf,
      clearanceOf,
      guard: options.guard,
    }),
    registers: createRegistersRouter({
      loadTable: (request) => loadRegisterTable(dataSource, request, now()),
      canExport: (req, request) => !request.secret || secrecyRank(clearanceOf(req)) >= 1,
      onExported: async (req, request, format) => {
        await module.audit.append({
          actor: options.actorOf(req),
          action: 'exported',
          details: { ...request, format },
        });
      },
    }),
    audit: createAuditRouter({ audit: module.audit }),
  };
}
