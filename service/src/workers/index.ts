export { BPMN_ERROR_CODES, type BpmnErrorCode } from './bpmn-error-codes.js';
export {
  documentJobDefinitions,
  startDocumentWorkers,
  type DocumentWorkerConfig,
  type DocumentWorkers,
} from './document-workers.js';
export { INCOMING_PROCESS_ID, type DeliveryRecord } from './document-issue.worker.js';
export { SIGNING_CAPACITIES } from './signature-apply.worker.js';
export { SignerIdentities, signerKeyId, type SignerSubject } from './signer-identities.js';
export type { DocumentJobDefinition, DocumentWorkerServices } from './worker-context.js';
export { loadDevelopmentCa, loadKeyEncryptionKey } from './signing-setup.js';
export {
  createDocumentRuntime,
  createNotifyServices,
  type DocumentRuntime,
} from './document-runtime.js';
export {
  computeRouteDeadlines,
  deadlineComputeJob,
  reminderVariable,
  ROUTE_STEPS,
} from './deadline-compute.worker.js';
export {
  DEADLINE_NOTICES,
  deadlineEscalateJob,
  type EscalateServices,
} from './deadline-escalate.worker.js';
export { DeadlineNotices } from './deadline-notices.js';
export { EscalationRecipients, type NoticeRecipients } from './escalation-recipients.js';
export { NOTIFY_TEMPLATES, notifySendJob, type NotifyServices } from './notify-send.worker.js';
