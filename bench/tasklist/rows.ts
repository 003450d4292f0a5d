/**
 * The rows that the task projection writes for an open task, built directly from a task spec
 * for bulk loading. They are one `tasks` row, one `task_inbox` row per principal whose inbox lists
 * the task, and the `documents` row that the projection reads its document fields from.
 * `projection-check.ts` compares these with what `TaskProjection.apply` writes for a sample.
 */
// The rank functions are internal to the tasks area; the benchmark imports them so that its rows
// carry exactly the sort keys the projection computes.
import { dueRank, priorityRank } from '../../service/src/tasks/task-ranks.js';
import { parseGroup } from '../../service/src/org/index.js';
import type { TaskSpec } from './task-specs.js';

export type Row = Record<string, string | number | null>;

export const TASK_COLUMNS = [
  'task_key',
  'process_instance_key',
  'element_instance_key',
  'bpmn_process_id',
  'element_id',
  'name',
  'document_id',
  'organ_id',
  'unit_id',
  'state',
  'assignee',
  'candidate_groups',
  'candidate_users',
  'priority',
  'urgency',
  'secrecy',
  'type_code',
  'subject',
  'subject_folded',
  'due_at',
  'created_at',
  'ended_at',
  'completed_by',
  'decision',
  'comment',
  'delegated_by',
] as const;

export const INBOX_COLUMNS = [
  'principal',
  'task_key',
  'priority_rank',
  'due_rank',
  'priority',
  'urgency',
  'secrecy',
  'type_code',
  'bpmn_process_id',
  'subject_folded',
  'due_at',
  'created_at',
] as const;

export const DOCUMENT_COLUMNS = [
  'id',
  'direction',
  'status',
  'organ_id',
  'type_code',
  'type_name',
  'organ_name',
  'subject',
  'subject_folded',
  'language',
  'priority',
  'secrecy',
  'created_by',
  'created_at',
  'updated_at',
  'unit_id',
] as const;

const TYPE_NAMES: Record<string, string> = {
  CV: 'Công văn',
  QD: 'Quyết định',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  KH: 'Kế hoạch',
  TTr: 'Tờ trình',
  GM: 'Giấy mời',
};

/** Formats a UTC instant as both databases store datetime(3): `YYYY-MM-DD HH:MM:SS.SSS`. */
export function sqlInstant(date: Date | null): string | null {
  return date ? date.toISOString().replace('T', ' ').replace('Z', '') : null;
}

/** Returns the unit the projection sets: the unit of a unit group, else the assignee's unit. */
function unitOf(spec: TaskSpec, unitOfUser: Map<string, string>): string | null {
  for (const candidateGroup of spec.candidateGroups) {
    const parsed = parseGroup(candidateGroup);
    if (parsed && (parsed.kind === 'unit' || parsed.kind === 'unit-leader')) return parsed.id;
  }
  return spec.assignee ? (unitOfUser.get(spec.assignee) ?? null) : null;
}

/** Returns the principals whose inbox lists an open task that was not delegated. */
export function inboxPrincipalsOf(spec: TaskSpec): string[] {
  if (spec.assignee) return [`user:${spec.assignee}`];
  return spec.candidateGroups.map((candidateGroup) => `group:${candidateGroup}`);
}

export function taskRow(spec: TaskSpec, unitOfUser: Map<string, string>): Row {
  return {
    task_key: spec.key,
    process_instance_key: spec.processInstanceKey,
    element_instance_key: spec.elementInstanceKey,
    bpmn_process_id: spec.bpmnProcessId,
    element_id: spec.elementId,
    name: spec.name,
    document_id: spec.documentId,
    organ_id: spec.organId,
    unit_id: unitOf(spec, unitOfUser),
    state: 'open',
    assignee: spec.assignee,
    candidate_groups: JSON.stringify(spec.candidateGroups),
    candidate_users: JSON.stringify([]),
    priority: spec.priority,
    urgency: spec.urgency,
    secrecy: spec.secrecy,
    type_code: spec.typeCode,
    subject: spec.subject,
    subject_folded: spec.subjectFolded,
    due_at: sqlInstant(spec.dueAt),
    created_at: sqlInstant(spec.createdAt),
    ended_at: null,
    completed_by: null,
    decision: null,
    comment: null,
    delegated_by: null,
  };
}

export function inboxRows(spec: TaskSpec): Row[] {
  const rank = {
    taskKey: spec.key,
    priority: spec.priority,
    urgency: spec.urgency,
    dueAt: spec.dueAt,
  };
  return inboxPrincipalsOf(spec).map((principal) => ({
    principal,
    task_key: spec.key,
    priority_rank: priorityRank(rank),
    due_rank: dueRank(rank),
    priority: spec.priority,
    urgency: spec.urgency,
    secrecy: spec.secrecy,
    type_code: spec.typeCode,
    bpmn_process_id: spec.bpmnProcessId,
    subject_folded: spec.subjectFolded,
    due_at: sqlInstant(spec.dueAt),
    created_at: sqlInstant(spec.createdAt),
  }));
}

/** Builds the document row of a task with the fields that the projection and the list read. */
export function documentRow(spec: TaskSpec, organName: string): Row | undefined {
  if (!spec.documentId) return undefined;
  const outgoing = spec.bpmnProcessId === 'outgoing-document';
  return {
    id: spec.documentId,
    direction: outgoing ? 'outgoing' : 'incoming',
    status: outgoing ? 'draft' : 'registered',
    organ_id: spec.organId,
    type_code: spec.typeCode,
    type_name: TYPE_NAMES[spec.typeCode] ?? spec.typeCode,
    organ_name: organName,
    subject: spec.subject,
    subject_folded: spec.subjectFolded,
    language: 'vi',
    priority: spec.urgency,
    secrecy: spec.secrecy,
    created_by: 'bench',
    created_at: sqlInstant(spec.createdAt),
    updated_at: sqlInstant(spec.createdAt),
    unit_id: null,
  };
}
