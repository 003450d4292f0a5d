import { DocumentEntity, type DocumentMetadataInput } from '../documents/index.js';
import type { Job } from '../engine/index.js';
import { BusinessRuleError, ValidationError } from '../errors/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import {
  jobActor,
  loadJobDocument,
  optionalText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/**
 * `document.register`: numbers a document from its organisation's register. With `documentId`
 * an outgoing draft gets its issue number (`unitAbbreviation` names the drafting unit of a công
 * văn), and a document that already has its number keeps it. With `incomingDocument` (metadata)
 * and an optional `fileId` an incoming document is registered with the next arrival number, and
 * a possible duplicate adds `registrationWarnings`. Returns `{ documentId, registerNumber,
 * notation, registeredAt }`.
 */
export function documentRegisterJob(services: DocumentWorkerServices): DocumentJobDefinition {
  return {
    type: 'document.register',
    handler: async (job) => {
      if (job.variables.documentId === undefined && job.variables.incomingDocument !== undefined) {
        return registerIncoming(services, job);
      }
      const { document } = await loadJobDocument(services, job);
      if (document.status !== 'draft') return registration(document);
      const unitAbbreviation = optionalText(job, 'unitAbbreviation') ?? null;
      const issued = await numberOrReject(() =>
        services.documents.issue(document.id, { unitAbbreviation }, jobActor(job)),
      );
      return registration(issued.document);
    },
  };
}

/**
 * Registers the incoming document once per job: the document that this job created on an
 * earlier delivery is found by its creator, the job, and returned instead of a second one.
 */
async function registerIncoming(
  services: DocumentWorkerServices,
  job: Job,
): Promise<Record<string, unknown>> {
  const metadata = job.variables.incomingDocument;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ValidationError(
      'job variable incomingDocument must be an object of document metadata',
      {
        field: 'incomingDocument',
        value: metadata,
      },
    );
  }
  const input = metadata as DocumentMetadataInput;
  const earlier = await services.dataSource.manager.findOneBy(DocumentEntity, {
    createdBy: jobActor(job),
    organId: String(input.organId),
  });
  if (earlier) return withRecordedWarnings(services, registration(earlier));
  const result = await numberOrReject(() =>
    services.documents.registerIncoming(input, jobActor(job), optionalText(job, 'fileId')),
  );
  const variables = registration(result.details.document);
  if (result.warnings.length === 0) return variables;
  return { ...variables, registrationWarnings: result.warnings };
}

/**
 * Adds the warnings recorded by the first registration of a document that a redelivered job
 * registered before, read from its `registered` audit entry.
 * NOTE: that entry keeps the warning codes only, so the repeated warning carries no document ids.
 */
async function withRecordedWarnings(
  services: DocumentWorkerServices,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const entries = await services.audit.list({ documentId: variables.documentId as string });
  const registered = entries.find((entry) => entry.action === 'registered');
  const codes = registered
    ? (JSON.parse(registered.details) as { warnings?: string[] }).warnings
    : [];
  if (!codes || codes.length === 0) return variables;
  const registrationWarnings = codes.map((code) => ({
    code,
    message: 'recorded when this job first registered the document',
    documentIds: [],
  }));
  return { ...variables, registrationWarnings };
}

function registration(document: DocumentEntity): Record<string, unknown> {
  return {
    documentId: document.id,
    registerNumber: document.registerNumber,
    notation: fullNotation(document),
    registeredAt: document.direction === 'incoming' ? document.arrivalDate : document.issuedDate,
  };
}

/** Returns the number and notation as written on the document, such as `01/QĐ-BNV`. */
function fullNotation(document: DocumentEntity): string | null {
  if (document.codeNotation === null) return null;
  if (document.codeNumber === null) return document.codeNotation;
  return `${document.codeNumber}/${document.codeNotation}`;
}

/** Runs a numbering call, turning a rejected number (bad notation parts) into a BPMN error. */
async function numberOrReject<T>(numbering: () => Promise<T>): Promise<T> {
  try {
    return await numbering();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new BusinessRuleError(BPMN_ERROR_CODES.REGISTRATION_FAILED, error.message, {
      registrationError: error.message,
    });
  }
}
