import { constants } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyRecord, KeyRecordStorage } from './key-store.js';

/** Keeps key records in memory; for tests and single-process development. */
export class InMemoryKeyRecordStorage implements KeyRecordStorage {
  private readonly records = new Map<string, KeyRecord>();

  async save(record: KeyRecord): Promise<void> {
    this.records.set(record.id, { ...record });
  }

  async load(id: string): Promise<KeyRecord | undefined> {
    const record = this.records.get(id);
    return record ? { ...record } : undefined;
  }
}

/** Keeps each key record as `<id>.json` in `folder`, written atomically with fsync and rename. */
export class FileKeyRecordStorage implements KeyRecordStorage {
  private readonly folder: string;

  constructor(folder: string) {
    this.folder = folder;
  }

  async save(record: KeyRecord): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const target = join(this.folder, `${record.id}.json`);
    const staging = `${target}.${process.pid}.part`;
    const handle = await open(
      staging,
      constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY,
      0o600,
    );
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(staging, target);
  }

  async load(id: string): Promise<KeyRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.folder, `${id}.json`), 'utf8')) as KeyRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
