import { PermanentError } from '../errors/index.js';

/** A stored file whose content no longer matches its SHA-256 id, so it must not be served. */
export class FileIntegrityError extends PermanentError {
  override readonly code: string = 'FILE_INTEGRITY';
  readonly fileId: string;

  constructor(fileId: string, actualHash: string) {
    super(`Stored file ${fileId} is corrupted: its content hashes to ${actualHash}`, {
      field: 'fileId',
      value: fileId,
      actualHash,
    });
    this.fileId = fileId;
  }
}
