import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../errors/index.js';
import { PDF_HEADER_WINDOW, resolveContentType } from './content-type.js';
import { FileIntegrityError } from './file-integrity.error.js';
import type { FileStat, FileStore, PutOptions, StoredFile } from './file-store.js';

export interface LocalFileStoreOptions {
  /** Maximum size of one file in bytes. Larger uploads fail with PayloadTooLargeError. */
  maxFileBytes?: number;
}

const ID_PATTERN = /^[0-9a-f]{64}$/;
const STAGING_FOLDER = 'staging';

/**
 * Stores files under `root` as `ab/cd/<sha256>`. A write goes to a staging file under the same
 * root, so on the same file system, and is flushed with fsync. It is then renamed into place and
 * the target folder is flushed too, so a crash leaves either the whole file or none under its id.
 */
export class LocalFileStore implements FileStore {
  private readonly root: string;
  private readonly maxFileBytes: number;

  constructor(root: string, options: LocalFileStoreOptions = {}) {
    this.root = root;
    this.maxFileBytes = options.maxFileBytes ?? Number.POSITIVE_INFINITY;
  }

  async put(content: Buffer | Readable, options: PutOptions): Promise<StoredFile> {
    const name = normaliseFileName(options.name);
    const stagingFolder = join(this.root, STAGING_FOLDER);
    await mkdir(stagingFolder, { recursive: true });
    const stagingPath = join(stagingFolder, `${randomBytes(12).toString('hex')}.part`);
    try {
      const written = await this.writeStaging(content, stagingPath);
      const contentType = resolveContentType(written.head, options.contentType);
      await this.moveIntoPlace(stagingPath, written.id);
      return { id: written.id, size: written.size, contentType, name };
    } finally {
      await rm(stagingPath, { force: true });
    }
  }

  async get(id: string): Promise<Buffer> {
    const content = await this.readExisting(id);
    const actualHash = createHash('sha256').update(content).digest('hex');
    if (actualHash !== id) {
      throw new FileIntegrityError(id, actualHash);
    }
    return content;
  }

  async has(id: string): Promise<boolean> {
    assertFileId(id);
    try {
      await stat(this.pathOf(id));
      return true;
    } catch (error) {
      if (isMissingFileError(error)) return false;
      throw error;
    }
  }

  /** Returns size and sniffed type without hashing the content; `get` verifies the content. */
  async stat(id: string): Promise<FileStat> {
    const head = await this.readHead(id);
    const { size } = await stat(this.pathOf(id));
    return { id, size, contentType: resolveContentType(head, undefined) };
  }

  private pathOf(id: string): string {
    return join(this.root, id.slice(0, 2), id.slice(2, 4), id);
  }

  private async readExisting(id: string): Promise<Buffer> {
    assertFileId(id);
    try {
      return await readFile(this.pathOf(id));
    } catch (error) {
      throw translateMissingFile(error, id);
    }
  }

  private async readHead(id: string): Promise<Buffer> {
    assertFileId(id);
    try {
      const handle = await open(this.pathOf(id), constants.O_RDONLY);
      try {
        const head = Buffer.alloc(PDF_HEADER_WINDOW);
        const { bytesRead } = await handle.read(head, 0, PDF_HEADER_WINDOW, 0);
        return head.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw translateMissingFile(error, id);
    }
  }

  private async writeStaging(content: Buffer | Readable, path: string): Promise<WrittenFile> {
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    try {
      for await (const chunk of source) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += bytes.length;
        if (size > this.maxFileBytes) {
          source.destroy();
          throw new PayloadTooLargeError(
            `File is larger than the limit of ${this.maxFileBytes} bytes; upload a smaller file`,
            { field: 'file', limitBytes: this.maxFileBytes },
          );
        }
        if (headSize < PDF_HEADER_WINDOW) {
          headChunks.push(bytes);
          headSize += bytes.length;
        }
        hash.update(bytes);
        await handle.write(bytes);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const head = Buffer.concat(headChunks).subarray(0, PDF_HEADER_WINDOW);
    return { id: hash.digest('hex'), size, head };
  }

  private async moveIntoPlace(stagingPath: string, id: string): Promise<void> {
    const target = this.pathOf(id);
    const folder = join(this.root, id.slice(0, 2), id.slice(2, 4));
    await mkdir(folder, { recursive: true });
    await rename(stagingPath, target);
    await syncFolder(folder);
  }
}

interface WrittenFile {
  id: string;
  size: number;
  head: Buffer;
}

function assertFileId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new ValidationError(
      `Invalid file id ${JSON.stringify(id)}: expected 64 lowercase hex digits`,
      {
        field: 'fileId',
        value: id,
      },
    );
  }
}

/** Normalises a file name to NFC and rejects names that no file system or header could carry. */
export function normaliseFileName(name: string): string {
  const normalised = name.normalize('NFC');
  const hasControlCharacter = [...normalised].some((character) => character.charCodeAt(0) < 0x20);
  if (normalised.trim() === '' || hasControlCharacter || /[/\\]/.test(normalised)) {
    throw new ValidationError(
      `Invalid file name ${JSON.stringify(name)}: it must be non-empty without control characters or slashes`,
      { field: 'name', value: name },
    );
  }
  return normalised;
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function translateMissingFile(error: unknown, id: string): unknown {
  if (isMissingFileError(error)) {
    return new NotFoundError(`File ${id} not found`, { field: 'fileId', value: id });
  }
  return error;
}

function isMissingFileError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
