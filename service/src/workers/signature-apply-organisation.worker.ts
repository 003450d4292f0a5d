import { BusinessRuleError } from '../errors/index.js';
import type { PdfSignatureReport } from '../signing/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import { signCurrentVersion } from './sign-document.js';
import {
  loadJobDocument,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/**
 * `signature.apply-organisation`: adds the organisation's signature with its seal after the
 * competent person's signature. Variables: `documentId`. A PDF without a valid earlier signature
 * is the PERSONAL_SIGNATURE_MISSING BPMN error. Returns `{ sealedVersion, sealedFileId }`.
 */
export function signatureApplyOrganisationJob(
  services: DocumentWorkerServices,
): DocumentJobDefinition {
  return {
    type: 'signature.apply-organisation',
    handler: async (job) => {
      const details = await loadJobDocument(services, job);
      const { document } = details;
      const organisation = await services.organisations.get(document.organId);
      const outcome = await signCurrentVersion(services, job, {
        details,
        subject: {
          kind: 'organisation',
          id: organisation.organId,
          commonName: organisation.name,
          organisation: organisation.name,
        },
        appearance: { kind: 'organisation', signerName: organisation.name },
        checkExisting: (reports) => requirePersonalSignature(document.id, reports),
      });
      return { sealedVersion: outcome.version, sealedFileId: outcome.fileId };
    },
  };
}

function requirePersonalSignature(documentId: string, reports: PdfSignatureReport[]): void {
  if (reports.some((report) => report.valid)) return;
  const reasons = reports.flatMap((report) => report.reasons);
  throw new BusinessRuleError(
    BPMN_ERROR_CODES.PERSONAL_SIGNATURE_MISSING,
    `document ${documentId} has no valid personal signature; the organisation signs only after the competent person`,
    { documentId, signatureReasons: reasons },
  );
}
