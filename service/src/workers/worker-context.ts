import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import type { DeadlineSettings } from '../calendar/index.js';
import type { DocumentDetails, DocumentService } from '../documents/index.js';
import type { EnginePort, Job } from '../engine/index.js';
import { BusinessRuleError, NotFoundError, ValidationError } from '../errors/index.js';
import type { FileStore } from '../files/index.js';
import type { OrganisationService } from '../org/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import type { NotifyServices } from './notify-send.worker.js';
import type { SignerIdentities } from './signer-identities.js';

/** The services that the document workers call. */
export interface DocumentWorkerServices {
  dataSource: DataSource;
  documents: DocumentService;
  audit: AuditLog;
  organisations: OrganisationService;
  files: FileStore;
  signers: SignerIdentities;
  /** PEM certificates trusted as roots when signatures are verified. */
  trustAnchors: string[];
  /**
   * Engine calls for starting the incoming route of internal recipients, and for finding the
   * open user task that a notification links to.
   */
  engine: Pick<EnginePort, 'listDefinitions' | 'createInstance' | 'listUserTasks'>;
  /**
   * Due-date policy, calendar and escalation settings of `deadline.compute` and
   * `deadline.escalate`; the defaults on the Vietnam calendar when absent.
   */
  deadlines?: DeadlineSettings;
  /** Mail services of `notify.send`; that job type is not served when absent. */
  notify?: NotifyServices;
  /** Clock of `deadline.compute` and `notify.send`; the system clock when absent. */
  now?: () => Date;
}

/** Returns the actor recorded in the audit log for work that a job does for its process. */
export function jobActor(job: Job): string {
  return `job ${job.key}`;
}

/** Reads a required string variable, or a custom header of the same name when the variable is absent. */
export function requireText(job: Job, name: string): string {
  const value = job.variables[name] ?? job.customHeaders[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(
      `job variable ${name} is missing or not a string; set it on the process before the ${job.elementId} task`,
      { field: name, value },
    );
  }
  return value;
}

/** Reads an optional string variable or custom header. */
export function optionalText(job: Job, name: string): string | undefined {
  const value = job.variables[name] ?? job.customHeaders[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`job variable ${name} must be a string`, { field: name, value });
  }
  return value;
}

/**
 * Reads an optional string variable or custom header that must be one of `choices`, or returns
 * `fallback` when it is absent.
 */
export function optionalChoice<T extends string>(
  job: Job,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = optionalText(job, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ValidationError(
      `${job.type} ${name} '${value}' is unknown; set the task header ${name} to one of ` +
        choices.join(', '),
      { field: name, value },
    );
  }
  return value as T;
}

/** Loads the document named by the `documentId` variable, or throws DOCUMENT_NOT_FOUND. */
export async function loadJobDocument(
  services: DocumentWorkerServices,
  job: Job,
): Promise<DocumentDetails> {
  const documentId = requireText(job, 'documentId');
  try {
    return await services.documents.get(documentId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new BusinessRuleError(
      BPMN_ERROR_CODES.DOCUMENT_NOT_FOUND,
      `document ${documentId} not found`,
      { documentId },
      { field: 'documentId', value: documentId },
    );
  }
}

/** Returns the file of the document's latest version, or throws a BPMN error naming what is missing. */
export async function loadCurrentFile(
  services: DocumentWorkerServices,
  details: DocumentDetails,
): Promise<{ version: number; fileId: string; content: Buffer }> {
  const latest = details.versions.at(-1);
  const documentId = details.document.id;
  if (!latest) {
    throw new BusinessRuleError(
      BPMN_ERROR_CODES.DOCUMENT_FILE_MISSING,
      `document ${documentId} has no stored version`,
      { documentId },
    );
  }
  return {
    version: latest.version,
    fileId: latest.fileId,
    content: await loadFile(services, latest.fileId),
  };
}

/** Reads a stored file, turning an unknown id into the FILE_NOT_FOUND BPMN error. */
export async function loadFile(services: DocumentWorkerServices, fileId: string): Promise<Buffer> {
  try {
    return await services.files.get(fileId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new BusinessRuleError(
      BPMN_ERROR_CODES.FILE_NOT_FOUND,
      `file ${fileId} not found in the file store`,
      { fileId },
      { field: 'fileId', value: fileId },
    );
  }
}

/** One job type with its handler, before a polling worker is created for it. */
export interface DocumentJobDefinition {
  type: string;
  handler: (job: Job) => Promise<Record<string, unknown>>;
}
