export { createTrackingRouter, type TrackingDependencies } from './tracking.router.js';
export { createFollowUpRouter } from './follow-up.router.js';
export { loadDocumentPath, type DocumentPath, type PathStep } from './document-path.service.js';
export {
  loadAgencyDashboard,
  loadUnitDashboard,
  type AgencyDashboard,
  type UnitDashboard,
} from './unit-dashboard.service.js';
export { loadTaskTracking, type TaskTrackingReport } from './task-tracking.service.js';
export { listOverdue, type OverduePage, type OverdueItem } from './overdue.service.js';
export {
  loadFollowUpRegister,
  followUpTable,
  type FollowUpRegister,
} from './follow-up-register.service.js';
export type { FollowUpEntry, FollowUpStatus } from './follow-up-rows.js';
export { measureLateness, type Lateness } from './lateness.js';
export { TrackingRefusal, type RefusalReason } from './tracking-access.js';
