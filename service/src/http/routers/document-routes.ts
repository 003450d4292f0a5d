import type { Request, Router } from 'express';
import { createDocumentRouters } from '../../documents/index.js';
import type { HttpDependencies } from '../dependencies.js';
import { createFilesRouter, createVersionsRouter } from './files.router.js';
import { createSignaturesRouter } from './signatures.router.js';

/** Returns the authenticated user's id for the audit log, or `anonymous` when no login is mounted. */
function actorOf(req: Request): string {
  return (req as { user?: { id?: string } }).user?.id ?? 'anonymous';
}

/**
 * Mounts the organisation, document, version, case file, register, audit, file and signature
 * routes on `api` when the dependencies carry the document services.
 */
export function mountDocumentRoutes(api: Router, deps: HttpDependencies): void {
  if (!deps.documents) return;
  const { module, files, trustAnchors } = deps.documents;
  const maxUploadBytes = deps.config.maxUploadBytes;
  const routers = createDocumentRouters(deps.dataSource, module, { actorOf, files });
  api.use('/organisations', routers.organisations);
  api.use('/documents', createVersionsRouter({ files, ...module, actorOf }));
  api.use('/documents', routers.documents);
  api.use('/case-files', routers.caseFiles);
  api.use('/registers', routers.registers);
  api.use('/audit', routers.audit);
  api.use('/files', createFilesRouter({ files, maxUploadBytes }));
  api.use('/signatures', createSignaturesRouter({ trustAnchors, maxUploadBytes }));
}
