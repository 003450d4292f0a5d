import { Router, type Request } from 'express';
import { ValidationError } from '../errors/index.js';
import type { CaseFileService } from './case-file.service.js';
import { CASE_FILE_FIELDS } from './case-file.service.js';
import { checkBody } from './request-shape.js';
import { secrecyRank, type Secrecy } from './urgency-secrecy.js';

export interface CaseFilesRouterDependencies {
  caseFiles: CaseFileService;
  /** The authenticated user's id, recorded as the actor in the audit log. */
  actorOf: (req: Request) => string;
  /** The highest secrecy level the user may read, `none` when absent. */
  clearanceOf?: (req: Request) => Secrecy;
}

/**
 * `POST /`, `GET /:id` and `POST /:id/documents` (body `{ documentId }`). A case file lists only
 * the documents the reader is cleared for, and `withheldDocuments` counts the others.
 */
export function createCaseFilesRouter(deps: CaseFilesRouterDependencies): Router {
  const router = Router();
  const clearanceOf = deps.clearanceOf ?? (() => 'none' as const);

  router.post('/', async (req, res) => {
    const body = checkBody(req.body, CASE_FILE_FIELDS);
    const details = await deps.caseFiles.create(body as never);
    res.status(201).json(withholdSecret(details, clearanceOf(req)));
  });

  router.get('/:id', async (req, res) => {
    const details = await deps.caseFiles.get(req.params.id);
    res.json(withholdSecret(details, clearanceOf(req)));
  });

  router.post('/:id/documents', async (req, res) => {
    const { documentId } = checkBody(req.body, ['documentId']);
    if (typeof documentId !== 'string' || documentId === '') {
      throw new ValidationError(
        'documentId is missing; send {"documentId": "<id>"} with the id of the document to file',
        { field: 'documentId', value: documentId },
      );
    }
    const details = await deps.caseFiles.addDocument(req.params.id, documentId, deps.actorOf(req));
    res.status(201).json(withholdSecret(details, clearanceOf(req)));
  });

  return router;
}

/** Leaves out the documents above `clearance`. The totals still count every filed document. */
function withholdSecret<T extends Awaited<ReturnType<CaseFileService['get']>>>(
  details: T,
  clearance: Secrecy,
) {
  const rank = secrecyRank(clearance);
  const documents = details.documents.filter(
    (entry) => secrecyRank(entry.document.secrecy) <= rank,
  );
  return {
    ...details,
    documents,
    withheldDocuments: details.documents.length - documents.length,
  };
}
