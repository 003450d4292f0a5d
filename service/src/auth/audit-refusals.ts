import type { AuditLog } from '../audit/index.js';
import type { RefusalRecorder } from './authenticate.middleware.js';

/**
 * Creates a refusal recorder that appends each 403 to the audit log as a `refused` entry
 * without a document, with `kind: 'access_denied'` and `reason: 'role'` in its details.
 */
export function auditRefusals(audit: AuditLog): RefusalRecorder {
  return async (refusal) => {
    await audit.append({
      actor: refusal.userId,
      action: 'refused',
      details: { kind: 'access_denied', reason: 'role', ...refusal },
    });
  };
}
