export { AuditChainHeadEntity, AuditEntryEntity } from './audit-entry.entity.js';
export {
  AUDIT_ACTIONS,
  AuditLog,
  GENESIS_HASH,
  hashAuditEntry,
  type AuditAction,
  type AuditEntryInput,
  type ChainVerification,
} from './audit-log.service.js';
export { canonicalJson } from './canonical-json.js';
export { createAuditRouter } from './audit.router.js';
