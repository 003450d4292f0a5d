import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/index.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { encodeDueCursor, type DueCursor } from './keyset-cursor.js';
import { measureLateness, type Lateness } from './lateness.js';
import { mayReadSecrecy } from './tracking-access.js';
import { loadUserNames, readDateTime, readJsonList, sqlDateTime } from './sql-values.js';

/** Filter of an overdue page. The router checks that the caller may see the items it selects. */
export interface OverdueFilter {
  organId: string;
  unitId?: string;
  userId?: string;
  limit: number;
  after?: DueCursor;
}

/** An open task past its due instant. */
export interface OverdueItem {
  taskKey: string;
  name: string | null;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  documentId: string | null;
  /** Null when the caller lacks the clearance for the document's secrecy. */
  subject: string | null;
  secrecy: string;
  urgency: number;
  unitId: string | null;
  holder: { id: string; fullName: string | null } | null;
  candidateGroups: string[];
  arrivedAt: Date;
  dueAt: Date;
  lateness: Lateness;
}

export interface OverduePage {
  at: Date;
  items: OverdueItem[];
  nextCursor: string | null;
}

interface OverdueRow {
  task_key: string;
  name: string | null;
  element_id: string;
  bpmn_process_id: string;
  process_instance_key: string;
  document_id: string | null;
  subject: string | null;
  secrecy: string;
  urgency: number | string;
  unit_id: string | null;
  assignee: string | null;
  candidate_groups: string | null;
  created_at: unknown;
  due_at: unknown;
}

/**
 * Lists open tasks past due, most late first (earliest due instant, then task key), one keyset
 * page at a time. With a unit or assignee filter a page walks the (unit_id | assignee, state,
 * due_at, task_key) index from the cursor. Without one it walks (state, due_at) and skips the
 * rows of other agencies.
 */
export async function listOverdue(
  dataSource: DataSource,
  calendar: WorkingCalendar,
  filter: OverdueFilter,
  caller: AuthenticatedUser,
  now: Date,
): Promise<OverduePage> {
  const query = dataSource
    .createQueryBuilder()
    .select([
      't.task_key AS task_key',
      't.name AS name',
      't.element_id AS element_id',
      't.bpmn_process_id AS bpmn_process_id',
      't.process_instance_key AS process_instance_key',
      't.document_id AS document_id',
      't.subject AS subject',
      't.secrecy AS secrecy',
      't.urgency AS urgency',
      't.unit_id AS unit_id',
      't.assignee AS assignee',
      't.candidate_groups AS candidate_groups',
      't.created_at AS created_at',
      't.due_at AS due_at',
    ])
    .from('tasks', 't')
    .where("t.state = 'open'")
    .andWhere('t.due_at < :now', { now: sqlDateTime(now) });
  if (filter.unitId !== undefined) {
    query.andWhere('t.unit_id = :unitId', { unitId: filter.unitId });
  } else {
    query.andWhere(
      '(t.organ_id = :organId OR t.unit_id IN ' +
        '(SELECT ou.id FROM org_units ou WHERE ou.organ_id = :organId))',
      { organId: filter.organId },
    );
  }
  if (filter.userId !== undefined) query.andWhere('t.assignee = :userId', filter);
  if (filter.after) {
    query.andWhere('(t.due_at > :afterDue OR (t.due_at = :afterDue AND t.task_key > :afterKey))', {
      afterDue: sqlDateTime(filter.after.dueAt),
      afterKey: filter.after.taskKey,
    });
  }
  const rows: OverdueRow[] = await query
    .orderBy('t.due_at', 'ASC')
    .addOrderBy('t.task_key', 'ASC')
    .limit(filter.limit + 1)
    .getRawMany();
  const page = rows.slice(0, filter.limit);
  const names = await loadUserNames(
    dataSource,
    page.map((row) => row.assignee),
  );
  const items = page.map((row) => toItem(row, names, calendar, caller, now));
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > filter.limit && last
      ? encodeDueCursor({ dueAt: last.dueAt, taskKey: last.taskKey })
      : null;
  return { at: now, items, nextCursor };
}

function toItem(
  row: OverdueRow,
  names: Map<string, string>,
  calendar: WorkingCalendar,
  caller: AuthenticatedUser,
  now: Date,
): OverdueItem {
  const dueAt = readDateTime(row.due_at)!;
  return {
    taskKey: row.task_key,
    name: row.name,
    elementId: row.element_id,
    bpmnProcessId: row.bpmn_process_id,
    processInstanceKey: row.process_instance_key,
    documentId: row.document_id,
    subject: mayReadSecrecy(caller, row.secrecy) ? row.subject : null,
    secrecy: row.secrecy,
    urgency: Number(row.urgency),
    unitId: row.unit_id,
    holder: row.assignee ? { id: row.assignee, fullName: names.get(row.assignee) ?? null } : null,
    candidateGroups: readJsonList(row.candidate_groups),
    arrivedAt: readDateTime(row.created_at)!,
    dueAt,
    lateness: measureLateness(calendar, dueAt, now),
  };
}
