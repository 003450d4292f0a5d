import { Router, type Request } from 'express';
import { ValidationError } from '../errors/index.js';
import type { CaseFileService } from './case-file.service.js';
import { CASE_FILE_FIELDS } from './case-file.service.js';
import { clearanceGuard, type DocumentGuard } from './document-guard.js';
import type { DocumentService } from './document.service.js';
import { checkBody } from './request-shape.js';
import type { Secrecy } from './urgency-secrecy.js';

export interface CaseFilesRouterDependencies {
  caseFiles: CaseFileService;
  /** Reads a document before it is filed, so that the guard can check it. */
  documents: Pick<DocumentService, 'get'>;
  /** The authenticated user's id, recorded as the actor in the audit log. */
  actorOf: (req: Request) => string;
  /** The highest secrecy level the user may read, `none` when absent. */
  clearanceOf?: (req: Request) => Secrecy;
  /** The caller's rights on documents; secrecy alone, from `clearanceOf`, when absent. */
  guard?: DocumentGuard;
}

/**
 * `POST /`, `GET /:id` and `POST /:id/documents` (body `{ documentId }`). The guard decides who
 * may use the case files of an agency and who may file a document. A case file lists only the
 * documents the reader may read, and `withheldDocuments` counts the others.
 */
export function createCaseFilesRouter(deps: CaseFilesRouterDependencies): Router {
  const router = Router();
  const guard = deps.guard ?? clearanceGuard(deps.clearanceOf ?? (() => 'none' as const));

  router.post('/', async (req, res) => {
    const body = checkBody(req.body, CASE_FILE_FIELDS);
    if (typeof body.organId === 'string') await guard.assertCanUseCaseFiles(req, body.organId);
    const details = await deps.caseFiles.create(body as never);
    res.status(201).json(await withholdUnreadable(req, guard, details));
  });

  router.get('/:id', async (req, res) => {
    const details = await deps.caseFiles.get(req.params.id);
    await guard.assertCanUseCaseFiles(req, details.caseFile.organId);
    res.json(await withholdUnreadable(req, guard, details));
  });

  router.post('/:id/documents', async (req, res) => {
    const { documentId } = checkBody(req.body, ['documentId']);
    if (typeof documentId !== 'string' || documentId === '') {
      throw new ValidationError(
        'documentId is missing; send {"documentId": "<id>"} with the id of the document to file',
        { field: 'documentId', value: documentId },
      );
    }
    const caseFile = await deps.caseFiles.get(req.params.id);
    await guard.assertCanUseCaseFiles(req, caseFile.caseFile.organId);
    await guard.assertCanRead(req, (await deps.documents.get(documentId)).document);
    const details = await deps.caseFiles.addDocument(req.params.id, documentId, deps.actorOf(req));
    res.status(201).json(await withholdUnreadable(req, guard, details));
  });

  return router;
}

/** Leaves out the documents the caller may not read. The totals still count every filed one. */
async function withholdUnreadable<T extends Awaited<ReturnType<CaseFileService['get']>>>(
  req: Request,
  guard: DocumentGuard,
  details: T,
) {
  const readable = await guard.readableIds(
    req,
    details.documents.map((entry) => entry.document),
  );
  const documents = details.documents.filter((entry) => readable.has(entry.document.id));
  return {
    ...details,
    documents,
    withheldDocuments: details.documents.length - documents.length,
  };
}
