import type { Request } from 'express';
import type { SelectQueryBuilder } from 'typeorm';
import { ForbiddenError } from '../errors/index.js';
import type { DocumentDirection, DocumentEntity } from './document.entity.js';
import { checkSecrecy, secrecyRank, SECRECY_LEVELS, type Secrecy } from './urgency-secrecy.js';

/** Adds a condition to a query on `documents` (alias `document`) that keeps readable rows. */
export type DocumentQueryRestriction = (query: SelectQueryBuilder<DocumentEntity>) => void;

/** A document about to be created, as far as the rights depend on it. */
export interface NewDocumentRequest {
  direction: DocumentDirection;
  organId: unknown;
  secrecy: unknown;
}

/**
 * Decides what the caller of a request may do with documents. The document routes ask it before
 * they show, change or create a document, and limit searches with `restrictQuery`.
 */
export interface DocumentGuard {
  /** Throws a ForbiddenError when the caller may not read `document`. */
  assertCanRead(req: Request, document: DocumentEntity): Promise<void>;
  /** Returns the ids among `documents` that the caller may read, without recording refusals. */
  readableIds(req: Request, documents: DocumentEntity[]): Promise<Set<string>>;
  /** Throws a ForbiddenError when the caller may not create the document. */
  assertCanCreate(req: Request, request: NewDocumentRequest): Promise<void>;
  /** Throws a ForbiddenError when the caller may not issue `document` with a register number. */
  assertCanIssue(req: Request, document: DocumentEntity): Promise<void>;
  /** Throws a ForbiddenError when the caller may not read or change case files of `organId`. */
  assertCanUseCaseFiles(req: Request, organId: string): Promise<void>;
  /** Returns the condition that limits a document search to what the caller may read. */
  restrictQuery(req: Request): DocumentQueryRestriction;
  /** Returns the unit stored as the owner of documents that the caller creates. */
  ownerUnitOf(req: Request): string | null;
}

function checkClearance(documentId: string, secrecy: Secrecy, clearance: Secrecy): void {
  if (secrecyRank(secrecy) > secrecyRank(clearance)) {
    throw new ForbiddenError(`document ${documentId} is above your secrecy clearance`, {
      field: 'id',
      value: documentId,
    });
  }
}

/**
 * Creates the guard that applies secrecy alone, with the clearance that `clearanceOf` reads from
 * the request. Routers built without a guard of their own use it, as in tests of one router. The
 * service passes the full guard from the access area.
 */
export function clearanceGuard(clearanceOf: (req: Request) => Secrecy): DocumentGuard {
  const readable = (req: Request, document: DocumentEntity) =>
    secrecyRank(document.secrecy) <= secrecyRank(clearanceOf(req));
  return {
    assertCanRead: async (req, document) =>
      checkClearance(document.id, document.secrecy, clearanceOf(req)),
    readableIds: async (req, documents) =>
      new Set(documents.filter((document) => readable(req, document)).map(({ id }) => id)),
    assertCanCreate: async (req, request) => {
      const secrecy = checkSecrecy(request.secrecy);
      if (secrecyRank(secrecy) > secrecyRank(clearanceOf(req))) {
        throw new ForbiddenError(
          `creating a document marked ${secrecy} needs a clearance of at least ${secrecy}`,
          { field: 'secrecy', value: secrecy },
        );
      }
    },
    assertCanIssue: async (req, document) =>
      checkClearance(document.id, document.secrecy, clearanceOf(req)),
    assertCanUseCaseFiles: async () => undefined,
    restrictQuery: (req) => {
      const rank = secrecyRank(clearanceOf(req));
      const allowed = SECRECY_LEVELS.slice(0, rank + 1).map((level) => level.code);
      return (query) => {
        query.andWhere('document.secrecy IN (:...clearedSecrecy)', { clearedSecrecy: allowed });
      };
    },
    ownerUnitOf: () => null,
  };
}
