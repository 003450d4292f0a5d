import type { DataSource } from 'typeorm';
import { DocumentEntity, DocumentVersionEntity } from '../documents/index.js';
import { TaskEntity, TaskEventEntity } from './task.entities.js';
import { formOf, type FormField } from './task-forms.js';
import type { TaskUser } from './task-list.service.js';
import { allowedActions, type TaskAction } from './task-rights.js';
import { cleared, fullNames, summarise, type TaskSummary } from './task-summary.js';

export interface TaskDetail extends Omit<TaskSummary, 'document'> {
  /** The whole document with the summary's fields; only those when it is withheld. */
  document: (NonNullable<TaskSummary['document']> & Record<string, unknown>) | null;
  /** True when the document is above the caller's secrecy clearance and left out. */
  documentWithheld: boolean;
  files: Array<{ fileId: string; version: number; name: string; contentUrl: string }>;
  comments: TaskComment[];
  history: TaskHistoryEntry[];
  form: { decisions: string[]; commentRequiredFor: string[]; fields: FormField[] };
  actions: TaskAction[];
}

export interface TaskComment {
  taskKey: string;
  taskName: string | null;
  kind: string;
  authorId: string | null;
  authorName: string | null;
  decision: string | null;
  comment: string | null;
  at: string;
}

export interface TaskHistoryEntry {
  kind: string;
  actorId: string | null;
  targetId: string | null;
  comment: string | null;
  at: string;
}

/** Builds the detail of a task for a user who may see it. */
export async function taskDetail(
  dataSource: DataSource,
  task: TaskEntity,
  user: TaskUser & { clearance: string },
  now: Date,
): Promise<TaskDetail> {
  const [summary] = await summarise(dataSource, [task], now, user.clearance);
  const withheld = task.documentId !== null && !cleared(task.secrecy, user.clearance);
  const document =
    task.documentId && !withheld
      ? await dataSource.getRepository(DocumentEntity).findOneBy({ id: task.documentId })
      : null;
  const form = formOf(task.bpmnProcessId, task.elementId);
  return {
    ...summary!,
    document:
      summary!.document && document ? { ...document, ...summary!.document } : summary!.document,
    documentWithheld: withheld,
    files: document ? await filesOf(dataSource, document.id) : [],
    comments: task.documentId && !withheld ? await commentsOn(dataSource, task) : [],
    history: await historyOf(dataSource, task.taskKey),
    form: {
      decisions: form.decisions,
      commentRequiredFor: form.commentRequiredFor,
      fields: form.fields,
    },
    actions: allowedActions(task, user),
  };
}

async function filesOf(dataSource: DataSource, documentId: string) {
  const versions = await dataSource
    .getRepository(DocumentVersionEntity)
    .find({ where: { documentId }, order: { version: 'ASC' } });
  return versions.map((version) => ({
    fileId: version.fileId,
    version: version.version,
    name: version.note ?? `v${version.version}`,
    contentUrl: `/api/documents/${documentId}/versions/${version.version}/content`,
  }));
}

/** Comments and decisions given on the document in every task so far, oldest first. */
async function commentsOn(dataSource: DataSource, task: TaskEntity): Promise<TaskComment[]> {
  const events = await dataSource
    .getRepository(TaskEventEntity)
    .createQueryBuilder('event')
    .where('event.documentId = :documentId', { documentId: task.documentId })
    .andWhere('(event.comment IS NOT NULL OR event.decision IS NOT NULL)')
    .orderBy('event.id', 'ASC')
    .take(500)
    .getMany();
  const keys = [...new Set(events.map((event) => event.taskKey))];
  const tasks = keys.length
    ? await dataSource.getRepository(TaskEntity).find({
        select: { taskKey: true, name: true },
        where: keys.map((taskKey) => ({ taskKey })),
      })
    : [];
  const names = new Map(tasks.map((row) => [row.taskKey, row.name]));
  const authors = await fullNames(
    dataSource,
    events.map((event) => event.actorId),
  );
  return events.map((event) => ({
    taskKey: event.taskKey,
    taskName: names.get(event.taskKey) ?? null,
    kind: event.kind,
    authorId: event.actorId,
    authorName: event.actorId ? (authors.get(event.actorId) ?? null) : null,
    decision: event.decision,
    comment: event.comment,
    at: event.at.toISOString(),
  }));
}

async function historyOf(dataSource: DataSource, taskKey: string): Promise<TaskHistoryEntry[]> {
  const events = await dataSource
    .getRepository(TaskEventEntity)
    .find({ where: { taskKey }, order: { id: 'ASC' }, take: 200 });
  return events.map((event) => ({
    kind: event.kind,
    actorId: event.actorId,
    targetId: event.targetId,
    comment: event.comment,
    at: event.at.toISOString(),
  }));
}
