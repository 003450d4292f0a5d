import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../calendar/index.js';
import { ValidationError } from '../errors/index.js';
import {
  formatVietnameseDate,
  REGISTER_COLUMNS,
  REGISTER_TITLES,
  type RegisterTable,
} from '../registers/index.js';
import {
  followUpEntry,
  type DocumentRow,
  type FollowUpEntry,
  type ReplyRow,
  type RouteTaskRow,
} from './follow-up-rows.js';
import { loadUserNames } from './sql-values.js';

/**
 * Entries one register may hold; a longer period must be split, so that one request never
 * loads an unbounded number of documents.
 */
export const MAX_FOLLOW_UP_ENTRIES = 5000;

export interface FollowUpRequest {
  organId: string;
  /** First and last arrival date, `YYYY-MM-DD`, in Vietnam. */
  from: string;
  to: string;
  /** Secrecy codes to include: `['none']` for the ordinary register. */
  secrecies: string[];
  /** True for the register of secret documents, whose title then ends in MẬT. */
  secret: boolean;
}

export interface FollowUpRegister {
  organId: string;
  organName: string;
  from: string;
  to: string;
  secret: boolean;
  at: Date;
  columns: readonly string[];
  entries: FollowUpEntry[];
}

async function findIncomingDocuments(
  dataSource: DataSource,
  request: FollowUpRequest,
): Promise<DocumentRow[]> {
  const rows: DocumentRow[] = await dataSource
    .createQueryBuilder()
    .select(['d.id AS id', 'd.register_number AS register_number'])
    .addSelect(['d.arrival_date AS arrival_date', 'd.type_name AS type_name'])
    .addSelect(['d.code_number AS code_number', 'd.code_notation AS code_notation'])
    .addSelect(['d.issued_date AS issued_date', 'd.organ_name AS organ_name'])
    .addSelect(['d.subject AS subject', 'd.secrecy AS secrecy', 'd.priority AS priority'])
    .addSelect(['d.due_date AS due_date', 'd.to_places AS to_places'])
    .from('documents', 'd')
    .where("d.organ_id = :organId AND d.direction = 'incoming'", request)
    .andWhere('d.arrival_date >= :from AND d.arrival_date <= :to', request)
    .andWhere('d.register_number IS NOT NULL')
    .andWhere('d.secrecy IN (:...secrecies)', request)
    .orderBy('d.register_year', 'ASC')
    .addOrderBy('d.register_series', 'ASC')
    .addOrderBy('d.register_number', 'ASC')
    .limit(MAX_FOLLOW_UP_ENTRIES + 1)
    .getRawMany();
  if (rows.length > MAX_FOLLOW_UP_ENTRIES) {
    throw new ValidationError(
      `the period from ${request.from} to ${request.to} has more than ` +
        `${MAX_FOLLOW_UP_ENTRIES} incoming documents; request a shorter period`,
      { field: 'to', value: request.to, limit: MAX_FOLLOW_UP_ENTRIES },
    );
  }
  return rows;
}

async function findRouteTasks(dataSource: DataSource, ids: string[]): Promise<RouteTaskRow[]> {
  return dataSource
    .createQueryBuilder()
    .select(['t.document_id AS document_id', 't.element_id AS element_id', 't.state AS state'])
    .addSelect(['t.unit_id AS unit_id', 't.assignee AS assignee'])
    .addSelect(['t.completed_by AS completed_by', 't.due_at AS due_at', 't.ended_at AS ended_at'])
    .from('tasks', 't')
    .where('t.document_id IN (:...ids)', { ids })
    .andWhere("t.bpmn_process_id = 'incoming-document'")
    .orderBy('t.created_at', 'ASC')
    .addOrderBy('t.task_key', 'ASC')
    .getRawMany();
}

async function findReplies(dataSource: DataSource, ids: string[]): Promise<ReplyRow[]> {
  return dataSource
    .createQueryBuilder()
    .select(['r.id AS id', 'r.reply_to_document_id AS reply_to_document_id'])
    .addSelect(['r.code_number AS code_number', 'r.code_notation AS code_notation'])
    .addSelect('r.issued_date', 'issued_date')
    .from('documents', 'r')
    .where('r.reply_to_document_id IN (:...ids)', { ids })
    .andWhere("r.status = 'issued'")
    .orderBy('r.issued_date', 'ASC')
    .getRawMany();
}

async function loadUnitNames(dataSource: DataSource, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; name: string }> = await dataSource
    .createQueryBuilder()
    .select(['u.id AS id', 'u.name AS name'])
    .from('org_units', 'u')
    .where('u.id IN (:...ids)', { ids })
    .getRawMany();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Groups rows by a key, keeping their order. */
function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/**
 * Builds the follow-up register (sổ theo dõi giải quyết văn bản đến) of the incoming documents
 * registered with an arrival date from `from` to `to`, in arrival number order. Each entry has
 * who handles the document, the deadline, the progress from the route's tasks and the reply.
 */
export async function loadFollowUpRegister(
  dataSource: DataSource,
  calendar: WorkingCalendar,
  request: FollowUpRequest,
  now: Date,
): Promise<FollowUpRegister> {
  const organisation: Array<{ name: string }> = await dataSource.query(
    'SELECT name FROM organisations WHERE organ_id = ?',
    [request.organId],
  );
  const documents = await findIncomingDocuments(dataSource, request);
  const ids = documents.map((document) => document.id);
  const tasks = ids.length === 0 ? [] : await findRouteTasks(dataSource, ids);
  const replies = ids.length === 0 ? [] : await findReplies(dataSource, ids);
  const unitIds = [...new Set(tasks.map((task) => task.unit_id).filter((id) => id !== null))];
  const context = {
    calendar,
    now,
    unitNames: await loadUnitNames(dataSource, unitIds as string[]),
    userNames: await loadUserNames(
      dataSource,
      tasks.map((task) => task.assignee),
    ),
  };
  const tasksOf = groupBy(tasks, (task) => task.document_id);
  const repliesOf = groupBy(replies, (reply) => reply.reply_to_document_id);
  return {
    organId: request.organId,
    organName: organisation[0]?.name ?? request.organId,
    from: request.from,
    to: request.to,
    secret: request.secret,
    at: now,
    columns: REGISTER_COLUMNS['follow-up'],
    entries: documents.map((document) =>
      followUpEntry(
        document,
        tasksOf.get(document.id) ?? [],
        repliesOf.get(document.id)?.[0],
        context,
      ),
    ),
  };
}

/** Lays the register out as a table for the CSV and PDF exports of the registers area. */
export function followUpTable(register: FollowUpRegister): RegisterTable {
  const title = REGISTER_TITLES['follow-up'];
  return {
    book: 'follow-up',
    title: register.secret ? `${title} MẬT` : title,
    period:
      `Từ ngày ${formatVietnameseDate(register.from)} ` +
      `đến ngày ${formatVietnameseDate(register.to)}`,
    organName: register.organName,
    columns: register.columns,
    rows: register.entries.map((entry) => entry.cells),
  };
}
