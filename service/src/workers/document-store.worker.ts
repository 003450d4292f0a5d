import { BusinessRuleError } from '../errors/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';
import {
  jobActor,
  loadFile,
  loadJobDocument,
  optionalText,
  requireText,
  type DocumentJobDefinition,
  type DocumentWorkerServices,
} from './worker-context.js';

/**
 * `document.store`: stores the file `fileId` as the next version of the draft `documentId`, with
 * an optional `versionNote`. A draft whose latest version already is that file keeps it, so a
 * redelivered job adds no second version. Returns `{ version }`.
 */
export function documentStoreJob(services: DocumentWorkerServices): DocumentJobDefinition {
  return {
    type: 'document.store',
    handler: async (job) => {
      const details = await loadJobDocument(services, job);
      const fileId = requireText(job, 'fileId');
      const latest = details.versions.at(-1);
      if (latest?.fileId === fileId) return { version: latest.version };
      if (details.document.status !== 'draft') {
        throw new BusinessRuleError(
          BPMN_ERROR_CODES.DOCUMENT_STATE_INVALID,
          `document ${details.document.id} is ${details.document.status}; only drafts take new versions`,
          { documentId: details.document.id, documentStatus: details.document.status },
        );
      }
      // Reading the file checks that it exists and that its content matches its id.
      await loadFile(services, fileId);
      const version = await services.documents.addVersion(
        details.document.id,
        fileId,
        jobActor(job),
        optionalText(job, 'versionNote'),
      );
      return { version: version.version };
    },
  };
}
