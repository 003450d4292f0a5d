import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors/index.js';
import { OrganisationEntity } from '../org/index.js';
import { DocumentVersionEntity } from './document-parts.entity.js';

/** Stores the next version (1, 2, ...) of a document's main file. */
export async function insertVersion(
  manager: EntityManager,
  documentId: string,
  fileId: string,
  actor: string,
  createdAt: Date,
  note: string | null,
): Promise<DocumentVersionEntity> {
  const last = await manager.findOne(DocumentVersionEntity, {
    where: { documentId },
    order: { version: 'DESC' },
  });
  const version = Object.assign(new DocumentVersionEntity(), {
    documentId,
    version: (last?.version ?? 0) + 1,
    fileId,
    note,
    createdBy: actor,
    createdAt,
  });
  return manager.save(version);
}

export async function findOrganisation(
  manager: EntityManager,
  organId: string,
): Promise<OrganisationEntity> {
  const organisation = await manager.findOneBy(OrganisationEntity, { organId });
  if (!organisation) {
    throw new NotFoundError(`organisation ${organId} not found. Create it first`, {
      field: 'organId',
      value: organId,
    });
  }
  return organisation;
}

export function documentNotFound(documentId: string, field = 'documentId'): NotFoundError {
  return new NotFoundError(`document ${documentId} not found`, { field, value: documentId });
}
