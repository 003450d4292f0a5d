import type { Readable } from 'node:stream';

/** Metadata of one stored file. The id is the SHA-256 of the content in lowercase hex. */
export interface StoredFile {
  id: string;
  size: number;
  contentType: string;
  /** The file name given on upload, normalised to Unicode NFC. */
  name: string;
}

export interface PutOptions {
  name: string;
  /** The type the uploader declared; content sniffing overrides it where the content is known. */
  contentType?: string;
}

export interface FileStat {
  id: string;
  size: number;
  contentType: string;
}

/**
 * Content-addressed file storage. Storing the same bytes twice returns the same id and keeps one
 * copy. Implementations check the content against its id on every read.
 */
export interface FileStore {
  put(content: Buffer | Readable, options: PutOptions): Promise<StoredFile>;
  /** Returns the verified content; throws NotFoundError for an unknown id. */
  get(id: string): Promise<Buffer>;
  has(id: string): Promise<boolean>;
  stat(id: string): Promise<FileStat>;
}
