import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { ValidationError } from '../errors/index.js';
import { DocumentEntity, type DocumentDirection, type DocumentStatus } from './document.entity.js';
import type { DocumentQueryRestriction } from './document-guard.js';
import { checkDate } from './field-checks.js';
import { foldText } from './text-fold.js';
import { checkSecrecy, SECRECY_LEVELS, secrecyRank, type Secrecy } from './urgency-secrecy.js';

/** Search filters, all of which must match. Dates are `YYYY-MM-DD` and ranges are inclusive. */
export interface DocumentSearchFilter {
  organId?: string;
  direction?: DocumentDirection;
  status?: DocumentStatus;
  typeCode?: string;
  codeNumber?: string;
  codeNotation?: string;
  issuingOrganId?: string;
  organName?: string;
  language?: string;
  signerPosition?: string;
  signerFullName?: string;
  priority?: number;
  secrecy?: Secrecy;
  registerYear?: number;
  registerNumber?: number;
  recipientOrganId?: string;
  replyToDocumentId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  arrivalFrom?: string;
  arrivalTo?: string;
  dueFrom?: string;
  dueTo?: string;
  /** Words that must all occur in the subject, compared without case or diacritics. */
  text?: string;
  /** Highest secrecy level the reader is cleared for. More secret documents are left out. */
  clearance?: Secrecy;
}

export interface DocumentPage {
  items: DocumentEntity[];
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

const EXACT_FILTERS = [
  'organId',
  'direction',
  'status',
  'typeCode',
  'codeNumber',
  'codeNotation',
  'issuingOrganId',
  'organName',
  'language',
  'signerPosition',
  'signerFullName',
  'priority',
  'secrecy',
  'registerYear',
  'registerNumber',
  'replyToDocumentId',
] as const;

const DATE_RANGES = [
  ['issuedFrom', 'issuedTo', 'issuedDate'],
  ['arrivalFrom', 'arrivalTo', 'arrivalDate'],
  ['dueFrom', 'dueTo', 'dueDate'],
] as const;

/** Every filter a caller may set; `clearance` comes from the reader, not the query. */
export const SEARCH_FILTERS = Object.freeze([
  ...EXACT_FILTERS,
  'recipientOrganId',
  ...DATE_RANGES.flatMap(([fromName, toName]) => [fromName, toName]),
  'text',
] as const satisfies ReadonlyArray<keyof DocumentSearchFilter>);

const MAX_PAGE_SIZE = 200;

/**
 * Searches documents newest first with keyset pagination on (created_at, id), so pages stay
 * stable while documents are added. `restrict` adds the reader's rights to the query, so a page
 * lists only documents the reader may see.
 */
export async function searchDocuments(
  dataSource: DataSource,
  filter: DocumentSearchFilter,
  page: { limit?: number; cursor?: string | null } = {},
  restrict?: DocumentQueryRestriction,
): Promise<DocumentPage> {
  const limit = checkLimit(page.limit);
  const query = dataSource.manager.createQueryBuilder(DocumentEntity, 'document');
  applyFilters(query, filter);
  restrict?.(query);
  if (page.cursor) applyCursor(query, decodeCursor(page.cursor));
  const rows = await query
    .orderBy('document.createdAt', 'DESC')
    .addOrderBy('document.id', 'DESC')
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function applyFilters(
  query: SelectQueryBuilder<DocumentEntity>,
  filter: DocumentSearchFilter,
): void {
  for (const name of EXACT_FILTERS) {
    const value = filter[name];
    if (value !== undefined && value !== null && value !== '') {
      query.andWhere(`document.${name} = :${name}`, { [name]: value });
    }
  }
  for (const [fromName, toName, column] of DATE_RANGES) {
    const from = checkDate(fromName, filter[fromName]);
    const to = checkDate(toName, filter[toName]);
    if (from) query.andWhere(`document.${column} >= :${fromName}`, { [fromName]: from });
    if (to) query.andWhere(`document.${column} <= :${toName}`, { [toName]: to });
  }
  if (filter.recipientOrganId) {
    query.andWhere(
      'EXISTS (SELECT 1 FROM document_recipients recipient WHERE recipient.document_id = document.id ' +
        'AND recipient.organ_id = :recipientOrganId)',
      { recipientOrganId: filter.recipientOrganId },
    );
  }
  foldText(filter.text ?? '')
    .split(' ')
    .filter((word) => word !== '')
    .forEach((word, index) => {
      // NOTE: a substring scan of subject_folded, so large registers may need a full-text index.
      // '!' escapes LIKE wildcards because a backslash in a string literal means different
      // things to MySQL and SQLite.
      query.andWhere(`document.subjectFolded LIKE :word${index} ESCAPE '!'`, {
        [`word${index}`]: `%${word.replace(/[!%_]/g, (character) => `!${character}`)}%`,
      });
    });
  if (filter.clearance !== undefined) {
    const rank = secrecyRank(checkSecrecy(filter.clearance, 'clearance'));
    const allowed = SECRECY_LEVELS.slice(0, rank + 1).map((level) => level.code);
    query.andWhere('document.secrecy IN (:...allowed)', { allowed });
  }
}

interface Cursor {
  createdAt: Date;
  id: string;
}

function applyCursor(query: SelectQueryBuilder<DocumentEntity>, cursor: Cursor): void {
  query.andWhere(
    '(document.createdAt < :cursorTime OR (document.createdAt = :cursorTime AND document.id < :cursorId))',
    { cursorTime: cursor.createdAt, cursorId: cursor.id },
  );
}

function encodeCursor(document: DocumentEntity): string {
  const payload = JSON.stringify([document.createdAt.toISOString(), document.id]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    const createdAt = new Date(time);
    if (typeof id !== 'string' || Number.isNaN(createdAt.getTime())) throw new Error('bad fields');
    return { createdAt, id };
  } catch {
    throw new ValidationError(
      'invalid cursor: it is not one this service returned, so start again without it',
      {
        field: 'cursor',
        value: cursor,
      },
    );
  }
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, {
      field: 'limit',
      value: limit,
      limit: MAX_PAGE_SIZE,
    });
  }
  return limit;
}
