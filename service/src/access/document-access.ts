import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import {
  checkSecrecy,
  type DocumentEntity,
  type DocumentQueryRestriction,
  type NewDocumentRequest,
} from '../documents/index.js';
import { ForbiddenError } from '../errors/index.js';
import { hasClearance, type Role } from '../org/index.js';
import { clearanceFor, holdsAnyRole, STAFF_ROLES } from './access-roles.js';
import {
  isCleared,
  participatingIds,
  restrictToVisible,
  standingOf,
  type Reader,
} from './document-visibility.js';

/** The rule that refused a request, stored in the audit entry and in the problem's details. */
export type RefusalReason = 'clearance' | 'not_involved' | 'other_agency' | 'role';

/** A refusal before it is recorded. */
export interface Refusal {
  reason: RefusalReason;
  message: string;
  documentId?: string;
  /** Fields added to the problem and to the audit entry, such as `requiredRoles`. */
  details?: Record<string, unknown>;
}

/** The request that was refused, for the audit entry. */
export interface RefusalContext {
  method?: string;
  path?: string;
}

/** A user whose rights are checked; the username, when known, goes into the audit entry. */
export type AccessUser = Reader & { username?: string };

/**
 * Decides which documents a user may see. The user's clearance must cover the document's secrecy.
 * The user must also have created it, have or have had a task on it (directly or through a
 * group), lead its unit, or be an agency leader or a clerk of its agency. Each refusal is a
 * ForbiddenError and a `refused` audit entry naming the user, the document and the reason.
 */
export class DocumentAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly logger?: Logger,
  ) {}

  /** Returns the refusal that reading `document` would meet, or null when `user` may read it. */
  async refusalFor(user: Reader, document: DocumentEntity): Promise<Refusal | null> {
    if (!isCleared(user, document)) {
      return {
        reason: 'clearance',
        documentId: document.id,
        message:
          `document ${document.id} is marked ${document.secrecy}, above your clearance ` +
          `${user.clearance}; only users cleared for ${clearanceFor(document.secrecy)} may open it`,
        details: { secrecy: document.secrecy, clearance: user.clearance },
      };
    }
    if (standingOf(user, document) !== null) return null;
    const participating = await participatingIds(this.dataSource.manager, user, [document.id]);
    if (participating.has(document.id)) return null;
    return {
      reason: 'not_involved',
      documentId: document.id,
      message:
        `you may not see document ${document.id}: you did not create it, hold no task on it, ` +
        'and are neither a leader of its unit or agency nor a clerk of its agency',
    };
  }

  async canSee(user: Reader, document: DocumentEntity): Promise<boolean> {
    return (await this.refusalFor(user, document)) === null;
  }

  /** Throws a ForbiddenError, after recording the refusal, when `user` may not see `document`. */
  async assertCanSee(
    user: AccessUser,
    document: DocumentEntity,
    context: RefusalContext = {},
  ): Promise<void> {
    const refusal = await this.refusalFor(user, document);
    if (refusal) await this.refuse(user, refusal, context);
  }

  /** Returns the ids among `documents` that `user` may see, with one query for participation. */
  async visibleIds(user: Reader, documents: DocumentEntity[]): Promise<Set<string>> {
    const cleared = documents.filter((document) => isCleared(user, document));
    const visible = cleared.filter((document) => standingOf(user, document) !== null);
    const others = cleared.filter((document) => !visible.includes(document)).map(({ id }) => id);
    const participating = await participatingIds(this.dataSource.manager, user, others);
    return new Set([...visible.map(({ id }) => id), ...participating]);
  }

  /** Returns a restriction that keeps only the documents `user` may see in a document query. */
  restrictQuery(user: Reader): DocumentQueryRestriction {
    return (query) => restrictToVisible(query, user);
  }

  /**
   * Throws a ForbiddenError, after recording it, unless `user` may create the document: staff
   * create outgoing drafts and clerks register incoming documents, both for their own agency
   * and with a clearance that covers the secrecy.
   */
  async assertCanCreate(
    user: AccessUser,
    request: NewDocumentRequest,
    context: RefusalContext = {},
  ): Promise<void> {
    const roles: readonly Role[] = request.direction === 'incoming' ? ['clerk'] : STAFF_ROLES;
    await this.assertRoles(user, roles, `creating an ${request.direction} document`, context);
    if (typeof request.organId === 'string' && request.organId !== user.organId) {
      await this.refuse(user, otherAgency(request.organId, user.organId), context);
    }
    const secrecy = checkSecrecy(request.secrecy);
    if (!hasClearance(user.clearance, clearanceFor(secrecy))) {
      const refusal: Refusal = {
        reason: 'clearance',
        message:
          `creating a document marked ${secrecy} needs clearance ${clearanceFor(secrecy)}; ` +
          `your clearance is ${user.clearance}`,
        details: { field: 'secrecy', value: secrecy, clearance: user.clearance },
      };
      await this.refuse(user, refusal, context);
    }
  }

  /** Throws unless `user` is a clerk of the document's agency who may see it. */
  async assertCanIssue(
    user: AccessUser,
    document: DocumentEntity,
    context: RefusalContext = {},
  ): Promise<void> {
    await this.assertRoles(user, ['clerk'], 'issuing a document', context, document.id);
    await this.assertCanSee(user, document, context);
  }

  /** Throws unless `user` is staff of agency `organId`, which keeps its own case files. */
  async assertCanUseCaseFiles(
    user: AccessUser,
    organId: string,
    context: RefusalContext = {},
  ): Promise<void> {
    await this.assertRoles(user, STAFF_ROLES, 'using case files', context);
    if (organId !== user.organId)
      await this.refuse(user, otherAgency(organId, user.organId), context);
  }

  /** Throws unless `user` has one of `roles`, recording the refusal. */
  async assertRoles(
    user: AccessUser,
    roles: readonly Role[],
    action: string,
    context: RefusalContext = {},
    documentId?: string,
  ): Promise<void> {
    if (holdsAnyRole(user.roles, roles)) return;
    await this.refuse(
      user,
      {
        reason: 'role',
        documentId,
        message: `${action} requires one of the roles ${roles.join(', ')}`,
        details: { requiredRoles: roles, heldRoles: user.roles },
      },
      context,
    );
  }

  /** Records `refusal` in the audit log and throws it as a ForbiddenError. */
  async refuse(user: AccessUser, refusal: Refusal, context: RefusalContext = {}): Promise<never> {
    try {
      await this.audit.append({
        actor: user.id,
        action: 'refused',
        documentId: refusal.documentId ?? null,
        details: {
          kind: 'access_denied',
          reason: refusal.reason,
          ...(user.username ? { username: user.username } : {}),
          ...context,
          ...refusal.details,
        },
      });
    } catch (error) {
      this.logger?.error({ err: error, userId: user.id }, 'recording an access refusal failed');
    }
    throw new ForbiddenError(refusal.message, {
      ...(refusal.documentId ? { field: 'id', value: refusal.documentId } : {}),
      reason: refusal.reason,
      ...refusal.details,
    });
  }
}

function otherAgency(organId: string, ownOrganId: string): Refusal {
  return {
    reason: 'other_agency',
    message: `agency ${organId} is not your agency ${ownOrganId}; you may act only for your own`,
    details: { field: 'organId', value: organId },
  };
}
