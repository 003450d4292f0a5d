import {
  DocumentEntity,
  type DocumentDetails,
  type DocumentRecipientEntity,
} from '../documents/index.js';
import type { Job } from '../engine/index.js';
import { NotFoundError } from '../errors/index.js';
import { documentRegisterJob } from './document-register.worker.js';
import {
  jobActor,
  loadJobDocument,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/** The process started for each document that arrives at an organisation of this installation. */
export const INCOMING_PROCESS_ID = 'incoming-document';

/** The delivery of one recipient's copy: an internal incoming document or an exchange record. */
export type DeliveryRecord =
  | {
      channel: 'internal';
      organId: string;
      incomingDocumentId: string;
      arrivalNumber: number | null;
      /** Absent when the `incoming-document` process is not deployed. */
      processInstanceKey?: string;
    }
  | { channel: 'exchange'; organId: string | null; organName: string };

/**
 * `document.issue`: numbers and dates the outgoing document `documentId` when it is still a
 * draft, then distributes it. A recipient organisation of this installation receives a new
 * incoming document with the current file and, when the `incoming-document` process is
 * deployed, an instance of it. Other recipients are recorded for inter-agency exchange. Returns
 * `{ registerNumber, notation, registeredAt, distribution }`.
 */
export function documentIssueJob(services: DocumentWorkerServices): DocumentJobDefinition {
  const register = documentRegisterJob(services);
  return {
    type: 'document.issue',
    handler: async (job) => {
      const numbered = await register.handler(job);
      const details = await loadJobDocument(services, job);
      const distribution: DeliveryRecord[] = [];
      for (const recipient of details.recipients) {
        distribution.push(await deliver(services, job, details, recipient));
      }
      const exchange = distribution.filter((record) => record.channel === 'exchange');
      if (exchange.length > 0 && !(await exchangeRecorded(services, details.document.id))) {
        await services.audit.append({
          actor: jobActor(job),
          action: 'forwarded',
          documentId: details.document.id,
          details: { channel: 'exchange', recipients: exchange },
        });
      }
      return { ...numbered, distribution };
    },
  };
}

async function deliver(
  services: DocumentWorkerServices,
  job: Job,
  details: DocumentDetails,
  recipient: DocumentRecipientEntity,
): Promise<DeliveryRecord> {
  const { organId, organName } = recipient;
  if (organId === null || !(await isInternal(services, organId))) {
    return { channel: 'exchange', organId, organName };
  }
  const incoming = await receiveOnce(services, job, details, organId);
  const processInstanceKey = await startIncomingRouteOnce(services, job, incoming);
  return {
    channel: 'internal',
    organId,
    incomingDocumentId: incoming.id,
    arrivalNumber: incoming.registerNumber,
    ...(processInstanceKey ? { processInstanceKey } : {}),
  };
}

async function isInternal(services: DocumentWorkerServices, organId: string): Promise<boolean> {
  try {
    await services.organisations.get(organId);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/**
 * Registers the recipient's incoming copy, or returns the copy that this job registered on an
 * earlier delivery (found by its creator, the job, and the recipient organisation).
 */
async function receiveOnce(
  services: DocumentWorkerServices,
  job: Job,
  details: DocumentDetails,
  organId: string,
): Promise<DocumentEntity> {
  const actor = jobActor(job);
  const earlier = await services.dataSource.manager.findOneBy(DocumentEntity, {
    createdBy: actor,
    organId,
  });
  if (earlier) return earlier;
  const sent = details.document;
  const { details: received } = await services.documents.registerIncoming(
    {
      organId,
      typeCode: sent.typeCode,
      subject: sent.subject,
      organName: sent.organName,
      issuingOrganId: sent.organId,
      codeNumber: sent.codeNumber,
      codeNotation: sent.codeNotation,
      issuedDate: sent.issuedDate,
      signerPosition: sent.signerPosition,
      signerFullName: sent.signerFullName,
      priority: sent.priority,
      secrecy: sent.secrecy,
      dueDate: sent.dueDate,
      replyToDocumentId: null,
    },
    actor,
    details.versions.at(-1)?.fileId,
  );
  return received.document;
}

/**
 * Starts the incoming route for a received copy once. The start is recorded as a `forwarded`
 * audit entry on the copy, which a redelivered job finds and does not repeat.
 */
async function startIncomingRouteOnce(
  services: DocumentWorkerServices,
  job: Job,
  incoming: DocumentEntity,
): Promise<string | undefined> {
  const entries = await services.audit.list({ documentId: incoming.id });
  const started = entries.find((entry) => entry.action === 'forwarded');
  if (started)
    return (JSON.parse(started.details) as { processInstanceKey?: string }).processInstanceKey;
  const definitions = await services.engine.listDefinitions({ bpmnProcessId: INCOMING_PROCESS_ID });
  let processInstanceKey: string | undefined;
  if (definitions.length > 0) {
    const created = await services.engine.createInstance({
      bpmnProcessId: INCOMING_PROCESS_ID,
      variables: {
        documentId: incoming.id,
        sourceDocumentId: job.variables.documentId,
        organisationId: incoming.organId,
        urgency: incoming.priority,
      },
    });
    processInstanceKey = created.processInstanceKey;
  }
  // NOTE: a crash between createInstance and this append starts a second instance when the job
  // is delivered again, because the engine call and the audit entry share no transaction.
  await services.audit.append({
    actor: jobActor(job),
    action: 'forwarded',
    documentId: incoming.id,
    details: processInstanceKey
      ? { channel: 'internal', processInstanceKey }
      : { channel: 'internal', note: `process ${INCOMING_PROCESS_ID} is not deployed` },
  });
  return processInstanceKey;
}

async function exchangeRecorded(
  services: DocumentWorkerServices,
  documentId: string,
): Promise<boolean> {
  const entries = await services.audit.list({ documentId });
  return entries.some((entry) => entry.action === 'forwarded');
}
