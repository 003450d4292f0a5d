import type { Request, Router } from 'express';
import { AUDIT_ROLES, STAFF_ROLES, clearedSecrecy } from '../../access/index.js';
import { createDocumentRouters } from '../../documents/index.js';
import { roleGuard, writesOnly } from '../access-guards.js';
import type { HttpDependencies } from '../dependencies.js';
import { createFilesRouter, createVersionsRouter } from './files.router.js';
import { createSignaturesRouter } from './signatures.router.js';

/** Returns the authenticated user's id for the audit log, or `anonymous` when no login is mounted. */
function actorOf(req: Request): string {
  return (req as { user?: { id?: string } }).user?.id ?? 'anonymous';
}

/**
 * Mounts the organisation, document, version, case file, register, audit, file and signature
 * routes on `api` when the dependencies carry the document services. With `deps.access`, every
 * route checks the caller's rights: documents by participation and secrecy, case files and
 * registers by agency, the audit log for administrators, uploads and signature checks for staff.
 */
export function mountDocumentRoutes(api: Router, deps: HttpDependencies): void {
  if (!deps.documents) return;
  const { module, files, trustAnchors } = deps.documents;
  const maxUploadBytes = deps.config.maxUploadBytes;
  const access = deps.access;
  const rights = access && {
    guard: access.documents,
    clearanceOf: (req: Request) => clearedSecrecy(req.user?.clearance ?? 'none'),
  };
  const routers = createDocumentRouters(deps.dataSource, module, { actorOf, files, ...rights });
  const staff = roleGuard(deps, STAFF_ROLES);
  api.use('/organisations', writesOnly(roleGuard(deps, ['administrator'])), routers.organisations);
  api.use('/documents', createVersionsRouter({ files, ...module, actorOf, ...rights }));
  api.use('/documents', routers.documents);
  api.use('/case-files', routers.caseFiles);
  api.use('/registers', routers.registers);
  api.use('/audit', roleGuard(deps, AUDIT_ROLES), routers.audit);
  const filesRouter = createFilesRouter({
    files,
    maxUploadBytes,
    guardUpload: staff,
    assertCanDownload: access?.assertCanDownload,
  });
  api.use('/files', filesRouter);
  api.use('/signatures', staff, createSignaturesRouter({ trustAnchors, maxUploadBytes }));
}
