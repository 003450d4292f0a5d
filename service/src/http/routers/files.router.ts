import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import {
  clearanceGuard,
  type DocumentEntity,
  type DocumentGuard,
  type DocumentModule,
  type Secrecy,
} from '../../documents/index.js';
import { NotFoundError, ValidationError } from '../../errors/index.js';
import type { FileStore } from '../../files/index.js';
import { withMultipartErrors } from '../request-errors.js';

export interface FilesRouterDependencies {
  files: FileStore;
  maxUploadBytes: number;
  /** Runs before an upload is read, such as a role check; uploads are open when absent. */
  guardUpload?: RequestHandler;
  /**
   * Throws a ForbiddenError when the caller may not download the stored file `fileId`; every
   * stored file may be downloaded when absent.
   */
  assertCanDownload?: (req: Request, fileId: string) => Promise<void>;
}

/**
 * Reads the single multipart file field `file` into memory, up to `maxUploadBytes`. A file sent
 * under another field name, or a second file, is a 400 that names the field `file`.
 */
export function singleFileUpload(maxUploadBytes: number): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxUploadBytes, files: 1 },
  });
  const middleware = withMultipartErrors(upload.single('file'));
  return (req, res, next) => {
    middleware(req, res, (error?: unknown) => {
      next(explainFileField(error));
    });
  };
}

function explainFileField(error: unknown): unknown {
  if (!(error instanceof multer.MulterError)) return error;
  if (error.code === 'LIMIT_UNEXPECTED_FILE') {
    return new ValidationError(
      `multipart field "${error.field ?? ''}" is not accepted; send the file as form field "file"`,
      { field: error.field, value: error.field },
    );
  }
  if (error.code === 'LIMIT_FILE_COUNT') {
    return new ValidationError('send one file per upload, as form field "file"', {
      field: 'file',
    });
  }
  return error;
}

/** Returns the uploaded file, or a ValidationError when the request has no `file` field. */
export function uploadedFile(req: Request): Express.Multer.File {
  if (!req.file) {
    throw new ValidationError(
      'multipart field file is missing; send the file as form field "file"',
      {
        field: 'file',
      },
    );
  }
  return req.file;
}

/**
 * `POST /` stores a multipart upload (field `file`) and returns its id, size and content type,
 * recognised from the bytes. `GET /:id` returns the content after checking it against its
 * SHA-256 id, so a file altered on disk is a 500 problem and none of it is sent. An unknown id is
 * a 404 before any rights are checked.
 */
export function createFilesRouter(deps: FilesRouterDependencies): Router {
  const router = Router();
  const guardUpload: RequestHandler = deps.guardUpload ?? ((_req, _res, next) => next());
  router.post('/', guardUpload, singleFileUpload(deps.maxUploadBytes), async (req, res) => {
    const upload = uploadedFile(req);
    const stored = await deps.files.put(upload.buffer, {
      name: upload.originalname,
      contentType: upload.mimetype,
    });
    req.log?.info({ fileId: stored.id, size: stored.size }, 'file stored');
    res.status(201).json(stored);
  });
  router.get('/:id', async (req, res) => {
    const { contentType } = await deps.files.stat(req.params.id);
    await deps.assertCanDownload?.(req, req.params.id);
    const content = await deps.files.get(req.params.id);
    res.type(contentType).send(content);
  });
  return router;
}

export interface VersionsRouterDependencies {
  files: FileStore;
  documents: DocumentModule['documents'];
  audit: DocumentModule['audit'];
  actorOf: (req: Request) => string;
  /** The highest secrecy level the user may read, `none` when absent. */
  clearanceOf?: (req: Request) => Secrecy;
  /** The caller's rights on documents; secrecy alone, from `clearanceOf`, when absent. */
  guard?: DocumentGuard;
}

/**
 * `GET /:id/versions` lists a document's versions, and `GET /:id/versions/:version/content`
 * returns one version's file, checked against its id, as an attachment, and records the download
 * in the audit log. Both reject a caller who may not read the document with 403.
 */
export function createVersionsRouter(deps: VersionsRouterDependencies): Router {
  const router = Router();
  const guard = deps.guard ?? clearanceGuard(deps.clearanceOf ?? (() => 'none' as const));
  const readable = async (req: Request) => {
    const details = await deps.documents.get(req.params.id as string);
    await guard.assertCanRead(req, details.document);
    return details;
  };
  router.get('/:id/versions', async (req, res) => {
    const details = await readable(req);
    res.json(details.versions);
  });
  router.get('/:id/versions/:version/content', async (req, res) => {
    const details = await readable(req);
    const version = details.versions.find((item) => String(item.version) === req.params.version);
    if (!version) {
      throw new NotFoundError(`document ${req.params.id} has no version ${req.params.version}`, {
        field: 'version',
        value: req.params.version,
      });
    }
    const content = await deps.files.get(version.fileId);
    const { contentType } = await deps.files.stat(version.fileId);
    await deps.audit.append({
      actor: deps.actorOf(req),
      action: 'downloaded',
      documentId: req.params.id,
      details: { version: version.version, fileId: version.fileId },
    });
    res
      .type(contentType)
      .attachment(versionFileName(details.document, version.version, contentType))
      .send(content);
  });
  return router;
}

/**
 * Names a version's download after the document: number and notation once issued, else type code
 * and id, such as `01-QĐ-BNV-v2.pdf`. Express writes a non-ASCII name as `filename*=UTF-8''…`
 * (RFC 6266) beside an ASCII `filename`.
 * NOTE: the name given on upload is not stored with the version, so it cannot be returned.
 */
function versionFileName(document: DocumentEntity, version: number, contentType: string): string {
  const base =
    document.codeNumber && document.codeNotation
      ? `${document.codeNumber}-${document.codeNotation}`
      : `${document.typeCode}-${document.id}`;
  const extension = contentType === 'application/pdf' ? '.pdf' : '';
  return `${base.replaceAll('/', '-')}-v${version}${extension}`;
}
