import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AuthenticatedUser } from '../auth/index.js';
import { SECRECY_LEVELS, type DocumentEntity } from '../documents/index.js';
import { hasClearance, principalsOfUser } from '../org/index.js';
import { clearanceFor } from './access-roles.js';

/** The part of a user that decides what they may see. */
export type Reader = Pick<AuthenticatedUser, 'id' | 'roles' | 'organId' | 'unitId' | 'clearance'>;

/** The relation that lets a reader see a document without a task on it. */
export type Standing = 'creator' | 'agency_leader' | 'clerk' | 'unit_leader';

/**
 * Returns the reader's standing towards `document`, or null when they have none: the creator,
 * an agency leader or a clerk of the document's agency, or a unit leader of the document's unit.
 */
export function standingOf(reader: Reader, document: DocumentEntity): Standing | null {
  if (document.createdBy === reader.id) return 'creator';
  if (document.organId === reader.organId) {
    if (reader.roles.includes('agency_leader')) return 'agency_leader';
    if (reader.roles.includes('clerk')) return 'clerk';
  }
  if (document.unitId !== null && document.unitId === reader.unitId) {
    if (reader.roles.includes('unit_leader')) return 'unit_leader';
  }
  return null;
}

/** Returns true when the reader's clearance covers the document's secrecy. */
export function isCleared(reader: Reader, document: DocumentEntity): boolean {
  return hasClearance(reader.clearance, clearanceFor(document.secrecy));
}

const PARTICIPANTS_TABLE = 'document_participants';

/**
 * Returns the ids among `documentIds` on which the reader, or a group the reader belongs to,
 * has or had a task.
 */
export async function participatingIds(
  manager: EntityManager,
  reader: Reader,
  documentIds: string[],
): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows: Array<{ documentId: string }> = await manager
    .createQueryBuilder()
    .select('DISTINCT participant.document_id', 'documentId')
    .from(PARTICIPANTS_TABLE, 'participant')
    .where('participant.document_id IN (:...documentIds)', { documentIds })
    .andWhere('participant.principal IN (:...principals)', { principals: principalsOfUser(reader) })
    .getRawMany();
  return new Set(rows.map((row) => row.documentId));
}

/**
 * Adds the visibility rule to a query on `documents` with the alias `document`. A row stays when
 * its secrecy is within the reader's clearance and the reader created the document, leads its
 * agency or its unit, is a clerk of its agency, or takes part in it through a task.
 */
export function restrictToVisible(query: SelectQueryBuilder<DocumentEntity>, reader: Reader): void {
  const cleared = SECRECY_LEVELS.map((level) => level.code).filter((secrecy) =>
    hasClearance(reader.clearance, clearanceFor(secrecy)),
  );
  query.andWhere('document.secrecy IN (:...readerSecrecy)', { readerSecrecy: cleared });
  query.andWhere(
    new Brackets((visible) => {
      visible.where('document.createdBy = :readerId', { readerId: reader.id });
      if (reader.roles.includes('agency_leader') || reader.roles.includes('clerk')) {
        visible.orWhere('document.organId = :readerOrganId', { readerOrganId: reader.organId });
      }
      if (reader.roles.includes('unit_leader')) {
        visible.orWhere('document.unitId = :readerUnitId', { readerUnitId: reader.unitId });
      }
      visible.orWhere(
        `EXISTS (SELECT 1 FROM ${PARTICIPANTS_TABLE} participant ` +
          'WHERE participant.document_id = document.id ' +
          'AND participant.principal IN (:...readerPrincipals))',
        { readerPrincipals: principalsOfUser(reader) },
      );
    }),
  );
}
