import { In, type DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '../errors/index.js';
import { OrganisationEntity } from '../org/index.js';
import {
  formatVietnameseDate,
  REGISTER_BOOKS,
  REGISTER_COLUMNS,
  REGISTER_TITLES,
  vietnamDate,
  type RegisterBook,
  type RegisterTable,
} from '../registers/index.js';
import { DocumentRecipientEntity } from './document-parts.entity.js';
import { DocumentEntity } from './document.entity.js';
import { checkDate } from './field-checks.js';
import { URGENCY_LEVELS } from './urgency-secrecy.js';

export interface RegisterRequest {
  organId: string;
  book: RegisterBook;
  /** First and last day, `YYYY-MM-DD`, of arrival (incoming, follow-up) or issue (outgoing). */
  from: string;
  to: string;
  /** True for the register of secret documents, which are kept out of the ordinary one. */
  secret?: boolean;
}

/**
 * Reads the documents of one register and period and lays them out in the columns of the
 * printed form. `now` decides which follow-up entries are overdue.
 */
export async function loadRegisterTable(
  dataSource: DataSource,
  request: RegisterRequest,
  now: Date,
): Promise<RegisterTable> {
  if (!REGISTER_BOOKS.includes(request.book)) {
    throw new ValidationError(`book must be one of ${REGISTER_BOOKS.join(', ')}`, {
      field: 'book',
      value: request.book,
    });
  }
  const from = checkDate('from', request.from, true)!;
  const to = checkDate('to', request.to, true)!;
  const organisation = await dataSource.manager.findOneBy(OrganisationEntity, {
    organId: request.organId,
  });
  if (!organisation) {
    throw new NotFoundError(`organisation ${request.organId} not found`, {
      field: 'organId',
      value: request.organId,
    });
  }
  const documents = await findRegisterDocuments(dataSource, request, from, to);
  const rows =
    request.book === 'outgoing'
      ? await outgoingRows(dataSource, documents)
      : request.book === 'incoming'
        ? documents.map(incomingRow)
        : await followUpRows(dataSource, documents, vietnamDate(now));
  return {
    book: request.book,
    title: request.secret ? `${REGISTER_TITLES[request.book]} MẬT` : REGISTER_TITLES[request.book],
    period: `Từ ngày ${formatVietnameseDate(from)} đến ngày ${formatVietnameseDate(to)}`,
    organName: organisation.name,
    columns: REGISTER_COLUMNS[request.book],
    rows,
  };
}

async function findRegisterDocuments(
  dataSource: DataSource,
  request: RegisterRequest,
  from: string,
  to: string,
): Promise<DocumentEntity[]> {
  const outgoing = request.book === 'outgoing';
  const dateColumn = outgoing ? 'document.issuedDate' : 'document.arrivalDate';
  const query = dataSource.manager
    .createQueryBuilder(DocumentEntity, 'document')
    .where('document.organId = :organId', request)
    .andWhere('document.direction = :direction', { direction: outgoing ? 'outgoing' : 'incoming' })
    .andWhere('document.registerNumber IS NOT NULL')
    .andWhere(`${dateColumn} >= :from AND ${dateColumn} <= :to`, { from, to })
    .andWhere(request.secret ? "document.secrecy <> 'none'" : "document.secrecy = 'none'");
  if (request.book === 'follow-up') query.andWhere('document.dueDate IS NOT NULL');
  return query
    .orderBy('document.registerYear', 'ASC')
    .addOrderBy('document.registerSeries', 'ASC')
    .addOrderBy('document.registerNumber', 'ASC')
    .getMany();
}

function typeAndSubject(document: DocumentEntity): string {
  return `${document.typeName}: ${document.subject}`;
}

function numberAndNotation(document: DocumentEntity): string {
  if (!document.codeNumber && !document.codeNotation) return '';
  return `${document.codeNumber ?? ''}/${document.codeNotation ?? ''}`;
}

/** Urgency name, left empty for ordinary documents. */
function urgencyNote(document: DocumentEntity): string {
  return document.priority === 0 ? '' : (URGENCY_LEVELS[document.priority]?.name ?? '');
}

function incomingRow(document: DocumentEntity): string[] {
  return [
    formatVietnameseDate(document.arrivalDate),
    String(document.registerNumber),
    document.organName,
    numberAndNotation(document),
    formatVietnameseDate(document.issuedDate),
    typeAndSubject(document),
    document.toPlaces ?? '',
    '',
    '',
    urgencyNote(document),
  ];
}

async function outgoingRows(
  dataSource: DataSource,
  documents: DocumentEntity[],
): Promise<string[][]> {
  if (documents.length === 0) return [];
  const recipients = await dataSource.manager.find(DocumentRecipientEntity, {
    where: { documentId: In(documents.map((document) => document.id)) },
    order: { position: 'ASC' },
  });
  return documents.map((document) => [
    numberAndNotation(document),
    formatVietnameseDate(document.issuedDate),
    typeAndSubject(document),
    document.signerFullName ?? '',
    recipients
      .filter((recipient) => recipient.documentId === document.id)
      .map((recipient) => recipient.organName)
      .join('; '),
    '',
    document.issuedAmount === null ? '' : String(document.issuedAmount),
    '',
    '',
    urgencyNote(document),
  ]);
}

async function followUpRows(
  dataSource: DataSource,
  documents: DocumentEntity[],
  today: string,
): Promise<string[][]> {
  if (documents.length === 0) return [];
  const replies = await dataSource.manager
    .createQueryBuilder(DocumentEntity, 'reply')
    .where('reply.replyToDocumentId IN (:...ids)', {
      ids: documents.map((document) => document.id),
    })
    .andWhere("reply.status = 'issued'")
    .orderBy('reply.issuedDate', 'ASC')
    .getMany();
  return documents.map((document) => {
    const reply = replies.find((candidate) => candidate.replyToDocumentId === document.id);
    const progress = reply
      ? 'Đã trả lời'
      : document.dueDate! < today
        ? 'Quá hạn'
        : 'Đang giải quyết';
    const source =
      `${document.typeName} số ${numberAndNotation(document)} ` +
      `ngày ${formatVietnameseDate(document.issuedDate)} của ${document.organName}`;
    return [
      String(document.registerNumber),
      source,
      document.toPlaces ?? '',
      formatVietnameseDate(document.dueDate),
      progress,
      reply ? numberAndNotation(reply) : '',
      '',
    ];
  });
}
