import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import { runWriteTransaction } from '../db/write-transaction.js';
import { DocumentEntity, DocumentVersionEntity } from '../documents/index.js';

export interface SignedVersionInput {
  documentId: string;
  fileId: string;
  actor: string;
  kind: 'person' | 'organisation';
  /** The user id or OrganId of the signer, recorded in the audit entry. */
  signerId: string;
  now: Date;
}

/**
 * Stores a signed PDF as the document's next version and appends the `signed` audit entry in the
 * same transaction. Unlike DocumentService.addVersion it also accepts issued documents, because
 * the organisation signature is added after the clerk has numbered the document.
 */
export async function storeSignedVersion(
  dataSource: DataSource,
  audit: AuditLog,
  input: SignedVersionInput,
): Promise<DocumentVersionEntity> {
  return runWriteTransaction(dataSource, async (manager) => {
    const lock = manager
      .createQueryBuilder(DocumentEntity, 'document')
      .where('document.id = :id', { id: input.documentId });
    if (dataSource.options.type !== 'better-sqlite3') lock.setLock('pessimistic_write');
    await lock.getOneOrFail();
    const last = await manager.findOne(DocumentVersionEntity, {
      where: { documentId: input.documentId },
      order: { version: 'DESC' },
    });
    const version = Object.assign(new DocumentVersionEntity(), {
      documentId: input.documentId,
      version: (last?.version ?? 0) + 1,
      fileId: input.fileId,
      note: input.kind === 'person' ? 'personal signature' : 'organisation signature',
      createdBy: input.actor,
      createdAt: input.now,
    });
    const stored = await manager.save(version);
    await audit.appendIn(manager, {
      actor: input.actor,
      action: 'signed',
      documentId: input.documentId,
      details: {
        kind: input.kind,
        signerId: input.signerId,
        version: stored.version,
        fileId: input.fileId,
      },
    });
    return stored;
  });
}
