import { ValidationError } from '../errors/index.js';
import { checkFileId } from './field-checks.js';

/** The part of the file store that checks a referenced file. */
export interface StoredFileLookup {
  has(id: string): Promise<boolean>;
  stat(id: string): Promise<{ contentType: string }>;
}

const PDF_CONTENT_TYPE = 'application/pdf';

/**
 * Checks that `value` is the id of a file in the store, and a PDF when `pdf` is set, so that a
 * document never refers to a file that later downloads cannot find.
 */
export async function checkStoredFile(
  files: StoredFileLookup,
  field: string,
  value: unknown,
  options: { pdf: boolean },
): Promise<string> {
  const fileId = checkFileId(field, value);
  if (!(await files.has(fileId))) {
    throw new ValidationError(
      `${field} ${fileId} is not in the file store; upload the file to /api/files first and ` +
        'send the id it returns',
      { field, value: fileId },
    );
  }
  if (options.pdf) {
    const { contentType } = await files.stat(fileId);
    if (contentType !== PDF_CONTENT_TYPE) {
      throw new ValidationError(
        `${field} ${fileId} is ${contentType}, but a document's main file must be a PDF, so ` +
          'convert it to PDF, upload it to /api/files and send the new id',
        { field, value: fileId, contentType },
      );
    }
  }
  return fileId;
}
