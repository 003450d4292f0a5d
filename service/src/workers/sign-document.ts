import type { Job } from '../engine/index.js';
import { BusinessRuleError, ValidationError } from '../errors/index.js';
import {
  signPdf,
  verifyPdfSignatures,
  type PdfSignatureReport,
  type SignatureAppearance,
  type SigningIdentity,
} from '../signing/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import { certificateNames, type SignerSubject } from './signer-identities.js';
import { storeSignedVersion } from './signed-version.js';
import { jobActor, loadCurrentFile, type DocumentWorkerServices } from './worker-context.js';
import type { DocumentDetails } from '../documents/index.js';

export interface SignRequest {
  details: DocumentDetails;
  subject: SignerSubject;
  appearance: SignatureAppearance;
  /** Checks the signatures already present before this one is added. */
  checkExisting?: (reports: PdfSignatureReport[]) => void;
}

export interface SignOutcome {
  version: number;
  fileId: string;
  /** False when the current version already carried this signer's signature (a redelivered job). */
  signed: boolean;
}

/**
 * Signs the document's current PDF as `subject` and stores the result as a new version. A
 * current version that already ends with a signature of the same signer is returned unchanged,
 * so a redelivered job does not sign twice.
 */
export async function signCurrentVersion(
  services: DocumentWorkerServices,
  job: Job,
  request: SignRequest,
): Promise<SignOutcome> {
  const current = await loadCurrentFile(services, request.details);
  const identity = await services.signers.load(request.subject);
  const reports = verifyPdfSignatures(current.content, { trustAnchors: services.trustAnchors });
  if (isLastSigner(reports, identity)) {
    return { version: current.version, fileId: current.fileId, signed: false };
  }
  request.checkExisting?.(reports);
  const signedPdf = await signOrReject(current.content, identity, request);
  const stored = await services.files.put(signedPdf, {
    name: `${request.details.document.id}-v${current.version + 1}.pdf`,
    contentType: 'application/pdf',
  });
  const version = await storeSignedVersion(services.dataSource, services.audit, {
    documentId: request.details.document.id,
    fileId: stored.id,
    actor: jobActor(job),
    kind: request.subject.kind,
    signerId: request.subject.id,
    now: services.documents.now(),
  });
  return { version: version.version, fileId: stored.id, signed: true };
}

function isLastSigner(reports: PdfSignatureReport[], identity: SigningIdentity): boolean {
  const last = reports.at(-1);
  if (!last || !last.digestMatches || !last.signatureValid) return false;
  const names = certificateNames(identity);
  return (
    last.signerCommonName === names.commonName && last.signerOrganisation === names.organisation
  );
}

async function signOrReject(
  pdf: Buffer,
  identity: SigningIdentity,
  request: SignRequest,
): Promise<Buffer> {
  try {
    return await signPdf(pdf, { identity, appearance: request.appearance });
  } catch (error) {
    // signPdf raises ValidationError for encrypted, damaged or certified PDFs.
    if (!(error instanceof ValidationError)) throw error;
    throw new BusinessRuleError(
      BPMN_ERROR_CODES.SIGNATURE_FAILED,
      `document ${request.details.document.id} cannot be signed: ${error.message}`,
      { signatureError: error.message },
    );
  }
}
