import type { EntityManager } from 'typeorm';
import {
  DocumentParticipantEntity,
  TaskEntity,
  TaskEventEntity,
  TaskInboxEntity,
  type TaskEventKind,
} from './task.entities.js';
import { dueRank, priorityRank } from './task-ranks.js';

/**
 * Lists the principals whose inbox shows an open task. An assigned task shows only to its
 * assignee and to the person who delegated it, who may take it back. The candidate groups and
 * users see it again once it is unclaimed. A closed task is in no inbox.
 */
export function inboxPrincipals(task: TaskEntity): string[] {
  if (task.state !== 'open') return [];
  if (task.assignee) {
    const principals = [`user:${task.assignee}`];
    if (task.delegatedBy && task.delegatedBy !== task.assignee) {
      principals.push(`user:${task.delegatedBy}`);
    }
    return principals;
  }
  return unique([
    ...task.candidateGroups.map((group) => `group:${group}`),
    ...task.candidateUsers.map((user) => `user:${user}`),
  ]);
}

/** Lists every principal that takes part in the task: assignee, delegator, candidates. */
export function participantPrincipals(task: TaskEntity): string[] {
  return unique([
    ...(task.assignee ? [`user:${task.assignee}`] : []),
    ...(task.delegatedBy ? [`user:${task.delegatedBy}`] : []),
    ...task.candidateGroups.map((group) => `group:${group}`),
    ...task.candidateUsers.map((user) => `user:${user}`),
  ]);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Reads a task row, locking it on MySQL until the transaction ends. */
export async function lockTask(manager: EntityManager, taskKey: string) {
  const mysql = manager.connection.options.type === 'mysql';
  return manager.findOne(TaskEntity, {
    where: { taskKey },
    ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/** Replaces the inbox rows of a task with one row per principal that should see it now. */
export async function rebuildInbox(manager: EntityManager, task: TaskEntity): Promise<void> {
  await manager.delete(TaskInboxEntity, { taskKey: task.taskKey });
  const principals = inboxPrincipals(task);
  if (principals.length === 0) return;
  const ranks = {
    priorityRank: priorityRank(task),
    dueRank: dueRank(task),
  };
  const rows = principals.map((principal) =>
    manager.create(TaskInboxEntity, {
      principal,
      taskKey: task.taskKey,
      ...ranks,
      priority: task.priority,
      urgency: task.urgency,
      secrecy: task.secrecy,
      typeCode: task.typeCode,
      bpmnProcessId: task.bpmnProcessId,
      subjectFolded: task.subjectFolded,
      dueAt: task.dueAt,
      createdAt: task.createdAt,
    }),
  );
  await manager.insert(TaskInboxEntity, rows);
}

/** Records the task's principals as participants of its document; existing rows stay. */
export async function addParticipants(
  manager: EntityManager,
  task: TaskEntity,
  at: Date,
): Promise<void> {
  if (!task.documentId) return;
  const rows = participantPrincipals(task).map((principal) => ({
    documentId: task.documentId as string,
    principal,
    firstAt: at,
  }));
  if (rows.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(DocumentParticipantEntity)
    .values(rows)
    .orIgnore()
    .execute();
}

export interface TaskEventInput {
  kind: TaskEventKind;
  actorId?: string | null;
  targetId?: string | null;
  decision?: string | null;
  comment?: string | null;
  at: Date;
}

/** Appends one entry to the task's history. */
export async function appendEvent(
  manager: EntityManager,
  task: TaskEntity,
  input: TaskEventInput,
): Promise<void> {
  await manager.insert(TaskEventEntity, {
    taskKey: task.taskKey,
    documentId: task.documentId,
    processInstanceKey: task.processInstanceKey,
    kind: input.kind,
    actorId: input.actorId ?? null,
    targetId: input.targetId ?? null,
    decision: input.decision ?? null,
    comment: input.comment ?? null,
    at: input.at,
  });
}

/** Saves the task row and brings its inbox rows and participants up to date. */
export async function storeTask(
  manager: EntityManager,
  task: TaskEntity,
  isNew: boolean,
  at: Date,
): Promise<void> {
  if (isNew) await manager.insert(TaskEntity, task);
  else await manager.save(TaskEntity, task);
  await rebuildInbox(manager, task);
  await addParticipants(manager, task, at);
}
