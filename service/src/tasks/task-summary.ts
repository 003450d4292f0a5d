import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { TaskEntity, type TaskState } from './task.entities.js';

export interface TaskSummary {
  key: string;
  name: string | null;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  state: TaskState;
  assignee: { id: string; fullName: string | null } | null;
  candidateGroups: string[];
  candidateUsers: string[];
  delegatedBy: string | null;
  unitId: string | null;
  documentId: string | null;
  /** The document's subject, or the title of a tracked task that has no document. */
  subject: string;
  document: {
    subject: string;
    typeCode: string;
    urgency: number;
    secrecy: string;
    codeNumber: string | null;
    codeNotation: string | null;
  } | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  endedAt: string | null;
  priority: number;
  urgency: number;
  decision: string | null;
  completedBy: string | null;
}

const SECRECY_RANK: Record<string, number> = {
  none: 0,
  mat: 1,
  'toi-mat': 2,
  toi_mat: 2,
  'tuyet-mat': 3,
  tuyet_mat: 3,
};

/**
 * True when a user cleared for `clearance` may read a document of `secrecy`. Users' clearances
 * are written with `_` (`toi_mat`), documents' secrecy with `-` (`toi-mat`).
 */
export function cleared(secrecy: string, clearance: string): boolean {
  return (SECRECY_RANK[secrecy] ?? 3) <= (SECRECY_RANK[clearance] ?? 0);
}

interface DocumentCodes {
  id: string;
  code_number: string | null;
  code_notation: string | null;
}

/** Full names of users by id; unknown ids are left out. */
export async function fullNames(
  dataSource: DataSource,
  ids: Array<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows: Array<{ id: string; full_name: string }> = await dataSource.query(
    `SELECT id, full_name FROM org_users WHERE id IN (${wanted.map(() => '?').join(', ')})`,
    wanted,
  );
  return new Map(rows.map((row) => [row.id, row.full_name]));
}

async function documentCodes(
  dataSource: DataSource,
  tasks: TaskEntity[],
): Promise<Map<string, DocumentCodes>> {
  const ids = [...new Set(tasks.map((task) => task.documentId).filter(Boolean))] as string[];
  if (ids.length === 0) return new Map();
  const rows: DocumentCodes[] = await dataSource.query(
    `SELECT id, code_number, code_notation FROM documents WHERE id IN (${ids
      .map(() => '?')
      .join(', ')})`,
    ids,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Adds the assignee's name and the document's number to a query on `tasks` (alias `task`), for
 * `summariseRows`.
 */
export function withSummaryColumns(
  builder: SelectQueryBuilder<TaskEntity>,
): SelectQueryBuilder<TaskEntity> {
  return builder
    .leftJoin('org_users', 'assigneeUser', 'assigneeUser.id = task.assignee')
    .leftJoin('documents', 'taskDocument', 'taskDocument.id = task.documentId')
    .addSelect('assigneeUser.full_name', 'summaryAssigneeName')
    .addSelect('taskDocument.code_number', 'summaryCodeNumber')
    .addSelect('taskDocument.code_notation', 'summaryCodeNotation');
}

/** Runs a query built with `withSummaryColumns` and returns its rows as summaries. */
export async function summariseRows(
  builder: SelectQueryBuilder<TaskEntity>,
  now: Date,
  clearance: string,
): Promise<Array<{ task: TaskEntity; summary: TaskSummary }>> {
  const { entities, raw } = await builder.getRawAndEntities();
  const extras = new Map(
    (raw as Array<Record<string, unknown>>).map((row) => [String(row.task_task_key), row]),
  );
  return entities.map((task) => {
    const row = extras.get(task.taskKey) ?? {};
    const names = new Map<string, string>();
    if (task.assignee && typeof row.summaryAssigneeName === 'string') {
      names.set(task.assignee, row.summaryAssigneeName);
    }
    const codes: DocumentCodes = {
      id: task.documentId ?? '',
      code_number: (row.summaryCodeNumber as string | null) ?? null,
      code_notation: (row.summaryCodeNotation as string | null) ?? null,
    };
    return { task, summary: withheld(toSummary(task, names, codes, now), task, clearance) };
  });
}

/** Loads the tasks with these keys as summaries, in the order of `keys`, in one query. */
export async function loadSummaries(
  dataSource: DataSource,
  keys: string[],
  now: Date,
  clearance: string,
): Promise<TaskSummary[]> {
  if (keys.length === 0) return [];
  const builder = withSummaryColumns(
    dataSource.getRepository(TaskEntity).createQueryBuilder('task'),
  ).where('task.taskKey IN (:...keys)', { keys });
  const rows = await summariseRows(builder, now, clearance);
  const byKey = new Map(rows.map((row) => [row.task.taskKey, row.summary]));
  return keys.map((key) => byKey.get(key)).filter((item): item is TaskSummary => !!item);
}

function withheld(summary: TaskSummary, task: TaskEntity, clearance: string): TaskSummary {
  if (summary.document && !cleared(task.secrecy, clearance)) {
    summary.subject = '';
    summary.document.subject = '';
  }
  return summary;
}

/**
 * Turns task rows into summaries with assignee names and document numbers. The subject of a
 * document above `clearance` is left empty.
 */
export async function summarise(
  dataSource: DataSource,
  tasks: TaskEntity[],
  now: Date,
  clearance: string,
): Promise<TaskSummary[]> {
  const names = await fullNames(
    dataSource,
    tasks.map((task) => task.assignee),
  );
  const codes = await documentCodes(dataSource, tasks);
  return tasks.map((task) =>
    withheld(toSummary(task, names, codes.get(task.documentId ?? ''), now), task, clearance),
  );
}

function toSummary(
  task: TaskEntity,
  names: Map<string, string>,
  codes: DocumentCodes | undefined,
  now: Date,
): TaskSummary {
  return {
    key: task.taskKey,
    name: task.name,
    elementId: task.elementId,
    bpmnProcessId: task.bpmnProcessId,
    processInstanceKey: task.processInstanceKey,
    state: task.state,
    assignee: task.assignee
      ? { id: task.assignee, fullName: names.get(task.assignee) ?? null }
      : null,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    delegatedBy: task.delegatedBy,
    unitId: task.unitId,
    documentId: task.documentId,
    subject: task.subject,
    document: task.documentId
      ? {
          subject: task.subject,
          typeCode: task.typeCode,
          urgency: task.urgency,
          secrecy: task.secrecy,
          codeNumber: codes?.code_number ?? null,
          codeNotation: codes?.code_notation ?? null,
        }
      : null,
    dueAt: task.dueAt?.toISOString() ?? null,
    overdue: task.state === 'open' && task.dueAt !== null && task.dueAt.getTime() < now.getTime(),
    createdAt: task.createdAt.toISOString(),
    endedAt: task.endedAt?.toISOString() ?? null,
    priority: task.priority,
    urgency: task.urgency,
    decision: task.decision,
    completedBy: task.completedBy,
  };
}
