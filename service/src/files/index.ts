export type { FileStat, FileStore, PutOptions, StoredFile } from './file-store.js';
export { LocalFileStore, normaliseFileName } from './local-file-store.js';
export type { LocalFileStoreOptions } from './local-file-store.js';
export { FileIntegrityError } from './file-integrity.error.js';
export {
  DEFAULT_CONTENT_TYPE,
  PDF_CONTENT_TYPE,
  detectContentType,
  resolveContentType,
} from './content-type.js';
