import { BusinessRuleError } from '../errors/index.js';
import { verifyPdfSignatures, type PdfSignatureReport } from '../signing/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import {
  loadCurrentFile,
  loadFile,
  loadJobDocument,
  optionalText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/**
 * `signature.verify`: verifies every signature of an incoming PDF, the file `fileId` or else the
 * current version of `documentId`, against the configured trust anchors. An unsigned PDF or any
 * failed check is the SIGNATURE_INVALID BPMN error with `signatureReasons` and
 * `signatureReports`, so the route can take its rejection path. Returns `{ signaturesValid,
 * signatureReports }` otherwise.
 */
export function signatureVerifyJob(services: DocumentWorkerServices): DocumentJobDefinition {
  return {
    type: 'signature.verify',
    handler: async (job) => {
      const fileId = optionalText(job, 'fileId');
      const pdf = fileId
        ? await loadFile(services, fileId)
        : (await loadCurrentFile(services, await loadJobDocument(services, job))).content;
      const reports = verifyPdfSignatures(pdf, { trustAnchors: services.trustAnchors });
      const signatureReports = reports.map(toVariable);
      const reasons = reports.flatMap((report, index) => signatureReasons(report, index));
      if (reports.length === 0) reasons.push('the PDF carries no digital signature');
      if (reasons.length > 0) {
        throw new BusinessRuleError(
          BPMN_ERROR_CODES.SIGNATURE_INVALID,
          `signature verification failed: ${reasons.join('; ')}`,
          { signaturesValid: false, signatureReasons: reasons, signatureReports },
        );
      }
      return { signaturesValid: true, signatureReports };
    },
  };
}

/** Lists why signature `index` failed, with a general reason when the report names none. */
function signatureReasons(report: PdfSignatureReport, index: number): string[] {
  if (report.valid) return [];
  const reasons = report.reasons.length > 0 ? report.reasons : ['a verification check failed'];
  return reasons.map((reason) => `signature ${index + 1}: ${reason}`);
}

/** Converts a report to JSON-safe variables, with the signing time as an ISO 8601 string. */
export function toVariable(report: PdfSignatureReport): Record<string, unknown> {
  return { ...report, signingTime: report.signingTime?.toISOString() };
}
