import type { DataSource, EntityManager } from 'typeorm';
import { principalsOfUser, type GroupMember } from '../org/index.js';

/** An SQL condition with its named parameters, for a TypeORM query builder's `andWhere`. */
export interface SqlCondition {
  sql: string;
  parameters: Record<string, unknown>;
}

/**
 * True when one of `principals` (such as `user:<id>`, `group:unit:<unitId>`) held, has or
 * could take a task on the document.
 */
export async function isParticipant(
  manager: DataSource | EntityManager,
  documentId: string,
  principals: string[],
): Promise<boolean> {
  if (principals.length === 0) return false;
  const rows: unknown[] = await manager.query(
    `SELECT 1 AS found FROM document_participants WHERE document_id = ? AND principal IN (${principals
      .map(() => '?')
      .join(', ')}) LIMIT 1`,
    [documentId, ...principals],
  );
  return rows.length > 0;
}

/**
 * Builds an EXISTS condition that keeps rows whose document (the column `documentIdColumn`, such as
 * `document.id`) has one of `principals` as participant. `name` keeps the parameter name apart
 * from others in the same query.
 */
export function participantExists(
  documentIdColumn: string,
  principals: string[],
  name = 'participantPrincipals',
): SqlCondition {
  if (principals.length === 0) return { sql: '1 = 0', parameters: {} };
  return {
    sql:
      'EXISTS (SELECT 1 FROM document_participants participant WHERE participant.document_id = ' +
      `${documentIdColumn} AND participant.principal IN (:...${name}))`,
    parameters: { [name]: principals },
  };
}

/** Participation checks bound to one database, for the rights on documents. */
export function participationOf(dataSource: DataSource) {
  return {
    /** True when the user, or one of the user's groups, takes part in the document. */
    isParticipant: (documentId: string, user: GroupMember & { id: string }) =>
      isParticipant(dataSource, documentId, principalsOfUser(user)),
    /** The EXISTS condition for a document query, for the user's principals. */
    condition: (documentIdColumn: string, user: GroupMember & { id: string }) =>
      participantExists(documentIdColumn, principalsOfUser(user)),
  };
}
