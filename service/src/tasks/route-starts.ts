import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/index.js';
import type { EnginePort, Variables } from '../engine/index.js';
import { checkDateNotLater } from '../documents/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/index.js';
import {
  DelegationService,
  POSITIONS,
  isDelegationActive,
  type PositionCode,
} from '../org/index.js';
import { hasTimeZone } from './task-completion.js';

interface UserRow {
  id: string;
  full_name: string;
  position: PositionCode;
  unit_id: string;
}

interface DocumentRow {
  id: string;
  direction: string;
  status: string;
  organ_id: string;
  priority: number | string;
  created_by: string;
}

/** The scopes of a delegation that cover signing outgoing documents. */
const SIGNING_SCOPES = new Set(['sign:outgoing', 'sign', '*']);

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new ValidationError(`${field} must be text of 1 to ${max} characters`, { field, value });
  }
  return value.trim().normalize('NFC');
}

/**
 * Rejects a caller who did not create the draft, because the route makes its starter the drafter,
 * who can then read and replace the draft.
 */
function checkDrafter(document: DocumentRow, user: AuthenticatedUser): void {
  if (document.created_by === user.id) return;
  throw new ForbiddenError(
    `only the creator of draft ${document.id} can start its outgoing route`,
    {
      field: 'documentId',
      value: document.id,
      reason: 'not_creator',
    },
  );
}

/** Starts the routes in processes/ with the variables their models read. */
export class RouteStarter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EnginePort,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts outgoing-document for a draft of the caller's agency, drafted by the caller. */
  async outgoing(user: AuthenticatedUser, body: Record<string, unknown>) {
    const document = await this.document(body.documentId, user, 'outgoing', 'draft');
    checkDrafter(document, user);
    const signer = await this.signer(body.signerId, user);
    const consultUnitIds = await this.units(
      'consultUnitIds',
      body.consultUnitIds ?? [],
      user,
      false,
    );
    await this.checkNotRouted(document.id, 'outgoing-document');
    const variables: Variables = {
      documentId: document.id,
      drafterId: user.id,
      unitId: user.unitId,
      organisationId: user.organId,
      urgency: Number(document.priority),
      ...signer,
    };
    if (consultUnitIds.length > 0) variables.consultUnitIds = consultUnitIds;
    return this.start('outgoing-document', variables, document.id);
  }

  /** Starts incoming-document for a received document or for a file with its metadata. */
  async incoming(user: AuthenticatedUser, body: Record<string, unknown>) {
    if (body.documentId === undefined) {
      const fileId = text('fileId', body.fileId, 64);
      const metadata = body.incomingDocument;
      if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
        throw new ValidationError('incomingDocument must be the metadata object of the document', {
          field: 'incomingDocument',
          value: metadata,
        });
      }
      checkDateNotLater(
        'incomingDocument.issuedDate',
        (metadata as Record<string, unknown>).issuedDate,
        this.now(),
      );
      const urgency = Number((metadata as Record<string, unknown>).priority ?? 0);
      return this.start('incoming-document', {
        fileId,
        incomingDocument: metadata,
        organisationId: user.organId,
        urgency: Number.isInteger(urgency) ? urgency : 0,
      });
    }
    const document = await this.document(body.documentId, user, 'incoming', 'registered');
    await this.checkNotRouted(document.id, 'incoming-document');
    return this.start(
      'incoming-document',
      { documentId: document.id, organisationId: user.organId, urgency: Number(document.priority) },
      document.id,
    );
  }

  /** Starts task-tracking for units of the caller's agency. */
  async taskTracking(user: AuthenticatedUser, body: Record<string, unknown>) {
    const title = text('title', body.title, 500);
    const unitIds = await this.units('unitIds', body.unitIds, user, true);
    const zoned = typeof body.dueDate === 'string' && hasTimeZone(body.dueDate);
    const due = zoned ? new Date(body.dueDate as string) : undefined;
    if (!due || Number.isNaN(due.getTime()) || due.getTime() <= this.now().getTime()) {
      throw new ValidationError('dueDate must be a future ISO 8601 date and time with a zone', {
        field: 'dueDate',
        value: body.dueDate,
      });
    }
    return this.start('task-tracking', {
      taskTitle: title,
      unitIds,
      taskDueDate: due.toISOString(),
      organisationId: user.organId,
      assignedBy: user.id,
    });
  }

  private async start(bpmnProcessId: string, variables: Variables, documentId?: string) {
    const created = await this.engine.createInstance({ bpmnProcessId, variables });
    return {
      processInstanceKey: created.processInstanceKey,
      ...(documentId ? { documentId } : {}),
    };
  }

  private async document(
    value: unknown,
    user: AuthenticatedUser,
    direction: 'incoming' | 'outgoing',
    status: string,
  ): Promise<DocumentRow> {
    const id = text('documentId', value, 36);
    const rows: DocumentRow[] = await this.dataSource.query(
      'SELECT id, direction, status, organ_id, priority, created_by FROM documents WHERE id = ?',
      [id],
    );
    const document = rows[0];
    if (!document || document.organ_id !== user.organId) {
      throw new NotFoundError(`document ${id} not found in your agency`, {
        field: 'documentId',
        value: id,
      });
    }
    if (document.direction !== direction || document.status !== status) {
      throw new ValidationError(`documentId must name an ${direction} document that is ${status}`, {
        field: 'documentId',
        value: id,
        direction: document.direction,
        status: document.status,
      });
    }
    return document;
  }

  /** Returns the signer's variables, with the deputy as signer when the signer delegated signing. */
  private async signer(value: unknown, user: AuthenticatedUser): Promise<Variables> {
    const signer = await this.user('signerId', value, user.organId);
    const delegations = await new DelegationService(this.dataSource, this.now).listFor(signer.id);
    const delegation = delegations.find(
      (candidate) =>
        candidate.fromUserId === signer.id &&
        isDelegationActive(candidate, this.now()) &&
        candidate.scope.split(/[\s,]+/).some((scope) => SIGNING_SCOPES.has(scope)),
    );
    if (!delegation) {
      return {
        signerId: signer.id,
        signerName: signer.full_name,
        signerPosition: POSITIONS[signer.position]?.title,
      };
    }
    const deputy = await this.user('signerId', delegation.toUserId, user.organId);
    return {
      signerId: deputy.id,
      signerName: deputy.full_name,
      signerPosition: POSITIONS[deputy.position]?.title,
      delegationForm: delegation.form,
      onBehalfOf: POSITIONS[signer.position]?.title ?? signer.full_name,
      requestedSignerId: signer.id,
    };
  }

  private async user(field: string, value: unknown, organId: string): Promise<UserRow> {
    const id = text(field, value, 36);
    const rows: UserRow[] = await this.dataSource.query(
      'SELECT id, full_name, position, unit_id FROM org_users WHERE id = ? AND organ_id = ? AND active = 1',
      [id, organId],
    );
    if (!rows[0]) {
      throw new ValidationError(`${field} must name an active user of your agency`, {
        field,
        value,
      });
    }
    return rows[0];
  }

  private async units(field: string, value: unknown, user: AuthenticatedUser, required: boolean) {
    if (!Array.isArray(value) || (required && value.length === 0) || value.length > 50) {
      throw new ValidationError(`${field} must be a list of unit ids of your agency`, {
        field,
        value,
      });
    }
    const ids = [...new Set(value.map((item) => text(field, item, 36)))];
    if (ids.length === 0) return ids;
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM org_units WHERE organ_id = ? AND active = 1 AND id IN (${ids.map(() => '?').join(', ')})`,
      [user.organId, ...ids],
    );
    const found = new Set(rows.map((row) => row.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) {
      throw new ValidationError(`${field} must name active units of your agency`, {
        field,
        value: missing,
      });
    }
    return ids;
  }

  // NOTE: the check reads open user tasks only, so it misses a route while one of its service
  // tasks runs, such as compute-deadlines right after the start. Two quick starts can both pass.
  private async checkNotRouted(documentId: string, bpmnProcessId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      "SELECT 1 AS found FROM tasks WHERE document_id = ? AND bpmn_process_id = ? AND state = 'open' LIMIT 1",
      [documentId, bpmnProcessId],
    );
    if (rows.length > 0) {
      throw new ConflictError(`document ${documentId} is already on the ${bpmnProcessId} route`, {
        field: 'documentId',
        value: documentId,
      });
    }
  }
}
