import { Router, type Request } from 'express';
import type { AuditLog } from '../audit/index.js';
import { ValidationError } from '../errors/index.js';
import type { DataSource } from 'typeorm';
import { METADATA_FIELDS } from './document-input.js';
import { searchDocuments, SEARCH_FILTERS, type DocumentSearchFilter } from './document-search.js';
import type { DocumentService } from './document.service.js';
import { clearanceGuard, type DocumentGuard } from './document-guard.js';
import { checkBody, checkOneOf, checkQuery } from './request-shape.js';
import { checkStoredFile, type StoredFileLookup } from './stored-file-check.js';
import { checkSecrecy, type Secrecy } from './urgency-secrecy.js';

export interface DocumentsRouterDependencies {
  dataSource: DataSource;
  documents: DocumentService;
  audit: AuditLog;
  /** The file store, where every `fileId` in a request body must already be. */
  files: StoredFileLookup;
  /** The authenticated user's id, recorded as the actor in the audit log. */
  actorOf: (req: Request) => string;
  /** The highest secrecy level the user may read, `none` when absent. */
  clearanceOf?: (req: Request) => Secrecy;
  /** The caller's rights on documents; secrecy alone, from `clearanceOf`, when absent. */
  guard?: DocumentGuard;
}

const NUMBER_FILTERS = ['priority', 'registerYear', 'registerNumber'] as const;
const SEARCH_PARAMETERS = [...SEARCH_FILTERS, 'limit', 'cursor'] as const;
const NEW_DOCUMENT_FIELDS = [...METADATA_FIELDS, 'fileId'] as const;

/**
 * `GET /` (search), `POST /drafts`, `POST /incoming`, `GET /:id`, `POST /:id/versions`,
 * `POST /:id/attachments` and `POST /:id/issue`. The guard decides every request: routes on one
 * document reject a caller who may not read it with 403 (an unknown id stays 404), creating needs
 * clearance for the new document's secrecy, and a search returns only readable documents.
 */
export function createDocumentsRouter(deps: DocumentsRouterDependencies): Router {
  const router = Router();
  const clearanceOf = deps.clearanceOf ?? (() => 'none' as const);
  const guard = deps.guard ?? clearanceGuard(clearanceOf);
  const readable = async (req: Request) => {
    const details = await deps.documents.get(req.params.id as string);
    await guard.assertCanRead(req, details.document);
    return details;
  };
  const mainFile = (fileId: unknown) =>
    fileId === undefined ? undefined : checkStoredFile(deps.files, 'fileId', fileId, { pdf: true });

  router.get('/', async (req, res) => {
    const query = checkQuery(req.query as Record<string, unknown>, SEARCH_PARAMETERS);
    const { limit, cursor, ...filter } = query;
    res.json(
      await searchDocuments(
        deps.dataSource,
        parseSearchFilter(filter),
        { limit: limit === undefined ? undefined : parseNumber('limit', limit), cursor },
        guard.restrictQuery(req),
      ),
    );
  });

  router.post('/drafts', async (req, res) => {
    const { fileId, ...metadata } = checkBody(req.body, NEW_DOCUMENT_FIELDS);
    await guard.assertCanCreate(req, {
      direction: 'outgoing',
      organId: metadata.organId,
      secrecy: metadata.secrecy,
    });
    const checkedFile = await mainFile(fileId);
    const details = await deps.documents.createDraft(
      metadata as never,
      deps.actorOf(req),
      checkedFile,
      { unitId: guard.ownerUnitOf(req) },
    );
    req.log?.info({ documentId: details.document.id }, 'draft created');
    res.status(201).json(details);
  });

  router.post('/incoming', async (req, res) => {
    const { fileId, ...metadata } = checkBody(req.body, NEW_DOCUMENT_FIELDS);
    await guard.assertCanCreate(req, {
      direction: 'incoming',
      organId: metadata.organId,
      secrecy: metadata.secrecy,
    });
    const checkedFile = await mainFile(fileId);
    const result = await deps.documents.registerIncoming(
      metadata as never,
      deps.actorOf(req),
      checkedFile,
      { unitId: guard.ownerUnitOf(req) },
    );
    const { document } = result.details;
    req.log?.info(
      { documentId: document.id, arrivalNumber: document.registerNumber },
      'incoming document registered',
    );
    if (result.warnings.length > 0) {
      req.log?.warn(
        { documentId: document.id, warnings: result.warnings },
        'incoming document may be a duplicate',
      );
    }
    res.status(201).json(result);
  });

  router.get('/:id', async (req, res) => {
    const details = await readable(req);
    await deps.audit.append({
      actor: deps.actorOf(req),
      action: 'viewed',
      documentId: req.params.id,
    });
    res.json(details);
  });

  router.post('/:id/versions', async (req, res) => {
    const { fileId, note } = checkBody(req.body, ['fileId', 'note']);
    await readable(req);
    const checkedFile = await checkStoredFile(deps.files, 'fileId', fileId, { pdf: true });
    const version = await deps.documents.addVersion(
      req.params.id,
      checkedFile,
      deps.actorOf(req),
      note as string | undefined,
    );
    res.status(201).json(version);
  });

  router.post('/:id/attachments', async (req, res) => {
    const body = checkBody(req.body, ['fileId', 'fileName', 'mediaType']);
    await readable(req);
    await checkStoredFile(deps.files, 'fileId', body.fileId, { pdf: false });
    const attachment = await deps.documents.addAttachment(
      req.params.id,
      body as never,
      deps.actorOf(req),
    );
    res.status(201).json(attachment);
  });

  router.post('/:id/issue', async (req, res) => {
    const body = checkBody(req.body, ['unitAbbreviation']);
    const { document } = await deps.documents.get(req.params.id);
    await guard.assertCanIssue(req, document);
    const details = await deps.documents.issue(req.params.id, body, deps.actorOf(req));
    req.log?.info(
      { documentId: details.document.id, codeNotation: details.document.codeNotation },
      'document issued',
    );
    res.json(details);
  });

  return router;
}

function parseSearchFilter(query: Record<string, string>): DocumentSearchFilter {
  const filter: Record<string, unknown> = { ...query };
  for (const name of NUMBER_FILTERS) {
    if (query[name] !== undefined) filter[name] = parseNumber(name, query[name]);
  }
  filter.direction = checkOneOf('direction', query.direction, ['incoming', 'outgoing']);
  filter.status = checkOneOf('status', query.status, ['draft', 'issued', 'registered']);
  if (query.secrecy !== undefined) filter.secrecy = checkSecrecy(query.secrecy);
  return filter as DocumentSearchFilter;
}

function parseNumber(field: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number)) {
    throw new ValidationError(`${field} must be a whole number`, { field, value });
  }
  return number;
}
