import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import { requireRole, type RefusalRecorder } from '../auth/index.js';
import { DocumentEntity, type DocumentGuard } from '../documents/index.js';
import type { Role, UnitService, UserService } from '../org/index.js';
import { guardOrgReads, guardRegisterExports } from './agency-guards.js';
import { DocumentAccess } from './document-access.js';
import { restrictToVisible } from './document-visibility.js';
import { callerOf, contextOf } from './request-caller.js';

/**
 * The rights checks that the HTTP layer mounts on the `/api` routes. Every check expects the
 * caller that the `authenticate` middleware sets, and throws a 401 error without one.
 */
export interface HttpAccess {
  access: DocumentAccess;
  /** Middleware that lets a caller with one of `roles` through and refuses anyone else. */
  requireRoles(roles: readonly Role[]): RequestHandler;
  /** The document and case file routes' guard, for the caller of each request. */
  documents: DocumentGuard;
  /** Throws a ForbiddenError unless the file belongs to a document the caller may see. */
  assertCanDownload(req: Request, fileId: string): Promise<void>;
  /** Guards `/api/registers`: clerks and leaders of the agency, with clearance for secrets. */
  registers: RequestHandler;
  /** Guards the reads of `/api/org` to the caller's agency. */
  orgReads: RequestHandler;
}

export interface HttpAccessDependencies {
  dataSource: DataSource;
  audit: AuditLog;
  /** Records refusals of `requireRoles`, such as `auditRefusals(audit)`. */
  recordRefusal: RefusalRecorder;
  users: UserService;
  units: UnitService;
  logger?: Logger;
}

/** Builds the rights checks for requests whose caller the `authenticate` middleware has set. */
export function createHttpAccess(deps: HttpAccessDependencies): HttpAccess {
  const access = new DocumentAccess(deps.dataSource, deps.audit, deps.logger);
  return {
    access,
    requireRoles: (roles) => requireRole([...roles], deps.recordRefusal),
    documents: documentGuard(access),
    assertCanDownload: (req, fileId) => assertCanDownload(deps.dataSource, access, req, fileId),
    registers: guardRegisterExports(access),
    orgReads: guardOrgReads(access, deps),
  };
}

function documentGuard(access: DocumentAccess): DocumentGuard {
  return {
    assertCanRead: (req, document) => access.assertCanSee(callerOf(req), document, contextOf(req)),
    readableIds: (req, documents) => access.visibleIds(callerOf(req), documents),
    assertCanCreate: (req, request) =>
      access.assertCanCreate(callerOf(req), request, contextOf(req)),
    assertCanIssue: (req, document) =>
      access.assertCanIssue(callerOf(req), document, contextOf(req)),
    assertCanUseCaseFiles: (req, organId) =>
      access.assertCanUseCaseFiles(callerOf(req), organId, contextOf(req)),
    restrictQuery: (req) => access.restrictQuery(callerOf(req)),
    ownerUnitOf: (req) => callerOf(req).unitId,
  };
}

/**
 * Throws unless the caller may see a document that has the file as a version or an attachment,
 * so a file that belongs to no document is refused to everyone.
 */
// NOTE: the file store does not record who uploaded a file, so an uploader cannot download an
// upload again until it is attached to a document they may see.
async function assertCanDownload(
  dataSource: DataSource,
  access: DocumentAccess,
  req: Request,
  fileId: string,
): Promise<void> {
  const caller = callerOf(req);
  const query = dataSource.manager
    .createQueryBuilder(DocumentEntity, 'document')
    .where(
      '(document.id IN (SELECT version.document_id FROM document_versions version ' +
        'WHERE version.file_id = :fileId) ' +
        'OR document.id IN (SELECT attachment.document_id FROM document_attachments attachment ' +
        'WHERE attachment.file_id = :fileId))',
      { fileId },
    );
  restrictToVisible(query, caller);
  if (await query.getExists()) return;
  await access.refuse(
    caller,
    {
      reason: 'not_involved',
      message: `file ${fileId} belongs to no document that you may see`,
      details: { field: 'id', value: fileId },
    },
    contextOf(req),
  );
}
