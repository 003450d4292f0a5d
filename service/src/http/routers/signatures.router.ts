import { Router } from 'express';
import { ValidationError } from '../../errors/index.js';
import { detectContentType, PDF_CONTENT_TYPE } from '../../files/index.js';
import { verifyPdfSignatures } from '../../signing/index.js';
import { singleFileUpload, uploadedFile } from './files.router.js';

export interface SignaturesRouterDependencies {
  /** PEM certificates trusted as roots of signer chains. */
  trustAnchors: string[];
  maxUploadBytes: number;
}

/**
 * `POST /verify` verifies every signature of an uploaded PDF (multipart field `file`) and
 * returns `{ valid, signatures }` with one report per signature, oldest first. The PDF is not
 * stored.
 */
export function createSignaturesRouter(deps: SignaturesRouterDependencies): Router {
  const router = Router();
  router.post('/verify', singleFileUpload(deps.maxUploadBytes), (req, res) => {
    const upload = uploadedFile(req);
    if (detectContentType(upload.buffer) !== PDF_CONTENT_TYPE) {
      throw new ValidationError(
        'the uploaded file is not a PDF: it has no %PDF- header; upload a PDF',
        {
          field: 'file',
          value: upload.originalname,
        },
      );
    }
    const signatures = verifyPdfSignatures(upload.buffer, { trustAnchors: deps.trustAnchors });
    const valid = signatures.length > 0 && signatures.every((report) => report.valid);
    req.log?.info({ signatures: signatures.length, valid }, 'signatures verified');
    res.json({ valid, signatures });
  });
  return router;
}
