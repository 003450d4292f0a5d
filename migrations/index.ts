import type { MigrationInterface } from 'typeorm';
import { CreateEngineTables1764806400000 } from './1764806400000-CreateEngineTables.js';
import { CreateDocuments1764806500000 } from './1764806500000-CreateDocuments.js';
import { CreateRegisters1764806510000 } from './1764806510000-CreateRegisters.js';
import { CreateAuditLog1764806520000 } from './1764806520000-CreateAuditLog.js';
import { CreateMailLog1764806600000 } from './1764806600000-CreateMailLog.js';
import { CreateModelDrafts1764806700000 } from './1764806700000-CreateModelDrafts.js';
import { CreateOrgStructure1764806800000 } from './1764806800000-CreateOrgStructure.js';
import { CreateTaskList1764806900000 } from './1764806900000-CreateTaskList.js';
import { AddDocumentOwnership1764806910000 } from './1764806910000-AddDocumentOwnership.js';
import { AddTrackingIndexes1764806930000 } from './1764806930000-AddTrackingIndexes.js';
import { CreateDeadlineNotices1764807300000 } from './1764807300000-CreateDeadlineNotices.js';

/**
 * Every migration, oldest first. A migration that has landed is never edited: add a new one.
 */
export const allMigrations: Array<new () => MigrationInterface> = [
  CreateEngineTables1764806400000,
  CreateDocuments1764806500000,
  CreateRegisters1764806510000,
  CreateAuditLog1764806520000,
  CreateMailLog1764806600000,
  CreateModelDrafts1764806700000,
  CreateOrgStructure1764806800000,
  CreateTaskList1764806900000,
  AddDocumentOwnership1764806910000,
  AddTrackingIndexes1764806930000,
  CreateDeadlineNotices1764807300000,
];
