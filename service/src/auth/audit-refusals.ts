import type { AuditLog } from '../audit/index.js';
import type { RefusalRecorder } from './authenticate.middleware.js';

/**
 * Creates a refusal recorder that appends each 403 to the audit log as a `rejected` entry
 * without a document, with `kind: 'access_denied'` in its details.
 */
// NOTE: the audit log has no action of its own for access refusals, so readers must filter
// `rejected` entries on `details.kind` to tell them apart from rejected documents.
export function auditRefusals(audit: AuditLog): RefusalRecorder {
  return async (refusal) => {
    await audit.append({
      actor: refusal.userId,
      action: 'rejected',
      details: { kind: 'access_denied', ...refusal },
    });
  };
}
