import { DocumentEntity, type DocumentDetails } from '../documents/index.js';
import type { Job } from '../engine/index.js';
import { BusinessRuleError, ValidationError } from '../errors/index.js';
import { POSITIONS, type PositionCode } from '../org/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import {
  jobActor,
  loadJobDocument,
  optionalText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/** The process started for a reply document. */
export const OUTGOING_PROCESS_ID = 'outgoing-document';

/** Maximum length of a document subject (edXML Subject, String 500). */
const SUBJECT_MAX = 500;

/** The signer of the reply: the user id, the name and the position shown in the signature. */
interface Signer {
  id: string;
  fullName: string;
  title: string | null;
}

interface UnitReport {
  unitId: string;
  lead: boolean;
  specialistId: string | null;
}

/**
 * `document.reply`: drafts the reply that the lead unit proposed for the incoming document
 * `documentId` and starts the outgoing route for it. The draft is a công văn (`CV`) of the same
 * organisation, addressed to the sender, with `replyToDocumentId` set. The lead unit's specialist
 * (from `unitReports`) drafts it, and `replySignerId` signs it, or else the highest-ranked agency
 * leader (the director). A redelivered job reuses the draft and the instance it created. Returns
 * `{ replyDocumentId, replyProcessInstanceKey }`.
 * NOTE: unlike POST /api/routes/outgoing, this start does not hand the signature to a deputy when
 * the signer has delegated signing (ký thay), so the signer signs in their own name.
 */
export function documentReplyJob(services: DocumentWorkerServices): DocumentJobDefinition {
  return {
    type: 'document.reply',
    handler: async (job) => {
      const incoming = await loadJobDocument(services, job);
      const lead = leadReport(job);
      const signer = await findSigner(services, job, incoming.document.organId);
      const reply = await draftReplyOnce(services, job, incoming, signer);
      const replyProcessInstanceKey = await startRouteOnce(services, job, reply, {
        drafterId: lead.specialistId,
        unitId: lead.unitId,
        signer,
        urgency: incoming.document.priority,
      });
      return { replyDocumentId: reply.id, replyProcessInstanceKey };
    },
  };
}

/** Returns the lead unit's entry of `unitReports`, which must name its specialist. */
function leadReport(job: Job): UnitReport & { specialistId: string } {
  const reports = job.variables.unitReports;
  const lead = Array.isArray(reports)
    ? (reports as UnitReport[]).find((report) => report?.lead === true)
    : undefined;
  if (!lead || typeof lead.specialistId !== 'string' || typeof lead.unitId !== 'string') {
    throw new ValidationError(
      'job variable unitReports has no lead unit report with unitId and specialistId',
      { field: 'unitReports', value: reports },
    );
  }
  return { ...lead, specialistId: lead.specialistId };
}

/** A user who may sign the reply, as read from org_users. */
interface SignerRow {
  id: string;
  full_name: string;
  position: PositionCode;
  roles: string;
}

/** Returns `replySignerId`'s user, else the organisation's highest-ranked agency leader. */
async function findSigner(
  services: DocumentWorkerServices,
  job: Job,
  organId: string,
): Promise<Signer> {
  const rows: SignerRow[] = await services.dataSource.query(
    'SELECT id, full_name, position, roles FROM org_users WHERE organ_id = ? AND active = 1',
    [organId],
  );
  const chosen = optionalText(job, 'replySignerId');
  if (chosen !== undefined) {
    const row = rows.find((candidate) => candidate.id === chosen);
    if (row) return toSigner(row);
    throw new ValidationError(`replySignerId ${chosen} is not an active user of ${organId}`, {
      field: 'replySignerId',
      value: chosen,
    });
  }
  const head = rows
    .filter((row) => row.roles.split(',').includes('agency_leader'))
    .sort((a, b) => rank(a.position) - rank(b.position))[0];
  if (!head) {
    throw new BusinessRuleError(
      BPMN_ERROR_CODES.DOCUMENT_STATE_INVALID,
      `organisation ${organId} has no active agency leader to sign the reply`,
      { organisationId: organId },
    );
  }
  return toSigner(head);
}

function rank(position: PositionCode): number {
  return POSITIONS[position]?.rank ?? Number.MAX_SAFE_INTEGER;
}

function toSigner(row: SignerRow): Signer {
  return { id: row.id, fullName: row.full_name, title: POSITIONS[row.position]?.title ?? null };
}

/** Creates the reply draft, or returns the one this job created on an earlier delivery. */
async function draftReplyOnce(
  services: DocumentWorkerServices,
  job: Job,
  incoming: DocumentDetails,
  signer: Signer,
): Promise<DocumentEntity> {
  const actor = jobActor(job);
  const sent = incoming.document;
  const earlier = await services.dataSource.manager.findOneBy(DocumentEntity, {
    createdBy: actor,
    organId: sent.organId,
  });
  if (earlier) return earlier;
  const subject = `Trả lời: ${sent.subject}`;
  const created = await services.documents.createDraft(
    {
      organId: sent.organId,
      typeCode: 'CV',
      subject: [...subject].slice(0, SUBJECT_MAX).join(''),
      signerFullName: signer.fullName,
      signerPosition: signer.title,
      priority: sent.priority,
      secrecy: sent.secrecy,
      recipients: [{ organId: sent.issuingOrganId, organName: sent.organName }],
      replyToDocumentId: sent.id,
    },
    actor,
  );
  return created.document;
}

/** Returns the code of the drafting unit, which the notation of a công văn carries (`15/SNV-VP`). */
async function unitCode(services: DocumentWorkerServices, unitId: string): Promise<string | null> {
  const rows: Array<{ code: string }> = await services.dataSource.query(
    'SELECT code FROM org_units WHERE id = ?',
    [unitId],
  );
  return rows[0]?.code ?? null;
}

/**
 * Starts the outgoing route for the reply once. The start is recorded as a `forwarded` audit
 * entry on the reply, which a redelivered job finds and does not repeat.
 */
async function startRouteOnce(
  services: DocumentWorkerServices,
  job: Job,
  reply: DocumentEntity,
  route: { drafterId: string; unitId: string; signer: Signer; urgency: number },
): Promise<string> {
  const entries = await services.audit.list({ documentId: reply.id });
  const started = entries.find((entry) => entry.action === 'forwarded');
  if (started) {
    return (JSON.parse(started.details) as { processInstanceKey: string }).processInstanceKey;
  }
  const created = await services.engine.createInstance({
    bpmnProcessId: OUTGOING_PROCESS_ID,
    variables: {
      documentId: reply.id,
      drafterId: route.drafterId,
      unitId: route.unitId,
      organisationId: reply.organId,
      signerId: route.signer.id,
      signerName: route.signer.fullName,
      urgency: route.urgency,
      unitAbbreviation: await unitCode(services, route.unitId),
      replyToDocumentId: job.variables.documentId,
    },
  });
  // NOTE: as in document.issue, a crash between createInstance and this append starts a second
  // instance when the job is delivered again.
  await services.audit.append({
    actor: jobActor(job),
    action: 'forwarded',
    documentId: reply.id,
    details: { channel: 'route', processInstanceKey: created.processInstanceKey },
  });
  return created.processInstanceKey;
}
