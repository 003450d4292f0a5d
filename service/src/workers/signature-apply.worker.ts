import type { Job } from '../engine/index.js';
import { BusinessRuleError, ValidationError } from '../errors/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import { signCurrentVersion } from './sign-document.js';
import {
  loadJobDocument,
  optionalText,
  requireText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/**
 * Delegated signing forms: ký thay (KT.), thừa lệnh (TL.), thừa ủy quyền (TUQ.) and thay mặt
 * (TM.) for collective bodies. The appearance shows the form before the principal's position.
 */
export const SIGNING_CAPACITIES = ['KT', 'TL', 'TUQ', 'TM'] as const;

/**
 * `signature.apply`: signs the document's current PDF with the approver's own certificate and
 * stores the signed PDF as a new version. Variables: `documentId`, `signerId` (variable or
 * header), and optionally `signerName`, `signerPosition`, `signingCapacity` with `onBehalfOf`.
 * Returns `{ signedVersion, signedFileId }`.
 */
export function signatureApplyJob(services: DocumentWorkerServices): DocumentJobDefinition {
  return {
    type: 'signature.apply',
    handler: async (job) => {
      const details = await loadJobDocument(services, job);
      const { document } = details;
      if (document.direction !== 'outgoing') {
        throw new BusinessRuleError(
          BPMN_ERROR_CODES.DOCUMENT_STATE_INVALID,
          `document ${document.id} is incoming; only outgoing documents are signed`,
          { documentId: document.id },
        );
      }
      const signerId = requireText(job, 'signerId');
      const signerName = optionalText(job, 'signerName') ?? document.signerFullName ?? signerId;
      const outcome = await signCurrentVersion(services, job, {
        details,
        subject: {
          kind: 'person',
          id: signerId,
          commonName: signerName,
          organisation: document.organName,
        },
        appearance: {
          kind: 'person',
          signerName,
          position: signedPosition(job, document.signerPosition),
        },
      });
      return { signedVersion: outcome.version, signedFileId: outcome.fileId };
    },
  };
}

/** Builds the position line, such as `KT. Bộ trưởng – Thứ trưởng` for a deputy signing. */
export function signedPosition(job: Job, documentPosition: string | null): string | undefined {
  const position = optionalText(job, 'signerPosition') ?? documentPosition ?? undefined;
  const capacity = optionalText(job, 'signingCapacity');
  if (capacity === undefined) return position;
  if (!(SIGNING_CAPACITIES as readonly string[]).includes(capacity)) {
    throw new ValidationError(
      `job variable signingCapacity must be one of ${SIGNING_CAPACITIES.join(', ')}, got ${capacity}`,
      { field: 'signingCapacity', value: capacity },
    );
  }
  const principal = requireText(job, 'onBehalfOf');
  return position ? `${capacity}. ${principal} – ${position}` : `${capacity}. ${principal}`;
}
