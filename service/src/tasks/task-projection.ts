import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';
import type { EnginePort, UserTask, UserTaskEvent, Variables } from '../engine/index.js';
import { foldText } from '../documents/index.js';
import { parseGroup } from '../org/index.js';
import { TaskEntity, type TaskState } from './task.entities.js';
import { appendEvent, lockTask, storeTask } from './task-rows.js';

/** The fields of a task that come from its process instance and document. */
interface TaskContext {
  documentId: string | null;
  organId: string | null;
  subject: string;
  subjectFolded: string;
  typeCode: string;
  urgency: number;
  secrecy: string;
}

interface DocumentRow {
  organ_id: string;
  subject: string;
  subject_folded: string;
  type_code: string;
  priority: number | string;
  secrecy: string;
}

const STATE_OF_KIND: Record<UserTaskEvent['kind'], TaskState> = {
  created: 'open',
  assigned: 'open',
  updated: 'open',
  completed: 'completed',
  canceled: 'canceled',
};

export interface TaskProjectionOptions {
  dataSource: DataSource;
  engine: EnginePort;
  logger: Logger;
  now?: () => Date;
}

/**
 * Keeps the `tasks`, `task_inbox`, `task_events` and `document_participants` tables in step with
 * the engine's user tasks. Events are applied one at a time in the order the engine reported
 * them; applying an event twice changes nothing. At start the open tasks of the engine are
 * compared with the table, so that a crash between an engine commit and its projection loses
 * nothing.
 */
export class TaskProjection {
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe?: () => void;
  private readonly now: () => Date;

  constructor(private readonly options: TaskProjectionOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Subscribes to the engine and reconciles the open tasks. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.options.engine.onUserTask((event) => {
      void this.enqueue(() => this.apply(event));
    });
    await this.enqueue(() => this.reconcile());
  }

  /** Stops listening and waits for the events already received. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.settled();
  }

  /** Resolves once every event received so far has been applied. */
  // NOTE: events of all tasks share one queue and one transaction each, so with many users
  // completing at once every caller also waits for the other users' events.
  async settled(): Promise<void> {
    await this.queue;
  }

  private enqueue(work: () => Promise<unknown>): Promise<unknown> {
    const next = this.queue.then(work).catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'task projection failed');
    });
    this.queue = next;
    return next;
  }

  /**
   * Applies one engine event. A closed task ignores later open events, so an event that arrives
   * late cannot reopen it.
   */
  async apply(event: UserTaskEvent): Promise<void> {
    const state = STATE_OF_KIND[event.kind];
    const context = await this.contextOf(event.task);
    const variables = event.kind === 'completed' ? event.variables : {};
    const at = this.now();
    await runWriteTransaction(this.options.dataSource, async (manager) => {
      const existing = await lockTask(manager, event.task.key);
      if (existing && existing.state !== 'open') return;
      const task = existing ?? newTask();
      await fill(manager, task, event.task, state, at);
      if (context) Object.assign(task, context);
      if (state === 'completed') {
        task.decision = stringOrNull(variables.decision, 20);
        task.comment = stringOrNull(variables.comment, 10_000);
      }
      await storeTask(manager, task, !existing, at);
      if (!existing) {
        await appendEvent(manager, task, { kind: 'created', at: event.task.createdAt });
      }
      if (state !== 'open') {
        await appendEvent(manager, task, {
          kind: state,
          decision: task.decision,
          comment: task.comment,
          at: task.endedAt ?? at,
        });
      }
    });
  }

  /**
   * Brings the table in line with the engine's open tasks: adds or refreshes every open task,
   * and closes open rows whose task the engine no longer lists.
   */
  async reconcile(): Promise<number> {
    const open = await this.options.engine.listUserTasks({ state: 'CREATED' });
    for (const task of open) await this.apply({ kind: 'updated', task });
    const known = new Set(open.map((task) => task.key));
    const rows = await this.options.dataSource.getRepository(TaskEntity).find({
      select: { taskKey: true },
      where: { state: 'open' },
    });
    let closed = 0;
    for (const row of rows.filter((candidate) => !known.has(candidate.taskKey))) {
      const task = await this.engineTask(row.taskKey);
      if (task?.state === 'CREATED') continue;
      const kind = task?.state === 'COMPLETED' ? 'completed' : 'canceled';
      const ended: UserTask = task ?? (await this.rowAsCanceled(row.taskKey));
      await this.apply(
        kind === 'completed' ? { kind, task: ended, variables: {} } : { kind, task: ended },
      );
      closed += 1;
    }
    if (open.length > 0 || closed > 0) {
      this.options.logger.info({ open: open.length, closed }, 'task list reconciled');
    }
    return open.length;
  }

  private async engineTask(key: string): Promise<UserTask | undefined> {
    try {
      return await this.options.engine.getUserTask(key);
    } catch {
      return undefined;
    }
  }

  private async rowAsCanceled(key: string): Promise<UserTask> {
    const row = await this.options.dataSource.getRepository(TaskEntity).findOneByOrFail({
      taskKey: key,
    });
    return {
      key,
      processInstanceKey: row.processInstanceKey,
      processDefinitionKey: '',
      bpmnProcessId: row.bpmnProcessId,
      elementId: row.elementId,
      elementInstanceKey: row.elementInstanceKey,
      state: 'CANCELED',
      candidateGroups: row.candidateGroups,
      candidateUsers: row.candidateUsers,
      assignee: row.assignee ?? undefined,
      dueDate: row.dueAt ?? undefined,
      priority: row.priority,
      customHeaders: {},
      createdAt: row.createdAt,
    };
  }

  /** Reads the document fields of a task; undefined when the instance cannot be read. */
  private async contextOf(task: UserTask): Promise<TaskContext | undefined> {
    const variables = await this.instanceVariables(task.processInstanceKey);
    if (!variables) return undefined;
    const documentId = stringOrNull(variables.documentId, 36);
    const title = stringOrNull(variables.taskTitle, 500) ?? '';
    const urgency = typeof variables.urgency === 'number' ? variables.urgency : 0;
    const base: TaskContext = {
      documentId,
      organId: stringOrNull(variables.organisationId, 13),
      subject: title,
      subjectFolded: foldText(title),
      typeCode: '',
      urgency: clamp(urgency, 0, 4),
      secrecy: 'none',
    };
    if (!documentId) return base;
    const rows: DocumentRow[] = await this.options.dataSource.query(
      'SELECT organ_id, subject, subject_folded, type_code, priority, secrecy FROM documents ' +
        'WHERE id = ?',
      [documentId],
    );
    const document = rows[0];
    if (!document) return base;
    return {
      documentId,
      organId: base.organId ?? document.organ_id,
      subject: document.subject,
      subjectFolded: document.subject_folded,
      typeCode: document.type_code,
      urgency: clamp(Number(document.priority), 0, 4),
      secrecy: document.secrecy,
    };
  }

  private async instanceVariables(processInstanceKey: string): Promise<Variables | undefined> {
    try {
      return (await this.options.engine.getInstance(processInstanceKey)).variables;
    } catch {
      // The instance may have ended and been removed (Zeebe); the row keeps what it had.
      return undefined;
    }
  }
}

function newTask(): TaskEntity {
  return Object.assign(new TaskEntity(), {
    documentId: null,
    organId: null,
    subject: '',
    subjectFolded: '',
    typeCode: '',
    urgency: 0,
    secrecy: 'none',
    completedBy: null,
    decision: null,
    comment: null,
    delegatedBy: null,
  });
}

/** Copies the engine's view of a task onto its row. */
async function fill(
  manager: EntityManager,
  task: TaskEntity,
  source: UserTask,
  state: TaskState,
  at: Date,
): Promise<void> {
  const assignee = source.assignee ?? null;
  // A delegation lasts while the task stays with the person it was delegated to.
  if (task.assignee !== undefined && task.assignee !== assignee) task.delegatedBy = null;
  Object.assign(task, {
    taskKey: source.key,
    processInstanceKey: source.processInstanceKey,
    elementInstanceKey: source.elementInstanceKey,
    bpmnProcessId: source.bpmnProcessId,
    elementId: source.elementId,
    name: source.name?.slice(0, 200) ?? null,
    state,
    assignee,
    candidateGroups: source.candidateGroups,
    candidateUsers: source.candidateUsers,
    priority: source.priority,
    dueAt: source.dueDate ?? null,
    createdAt: source.createdAt,
    endedAt: state === 'open' ? null : (source.completedAt ?? at),
  });
  task.unitId = await unitOf(manager, source);
}

/** Finds the unit a task belongs to: the unit of a unit group, else the assignee's unit. */
async function unitOf(manager: EntityManager, task: UserTask): Promise<string | null> {
  for (const group of task.candidateGroups) {
    const parsed = parseGroup(group);
    if (parsed && (parsed.kind === 'unit' || parsed.kind === 'unit-leader')) return parsed.id;
  }
  if (!task.assignee) return null;
  const rows: Array<{ unit_id: string }> = await manager.query(
    'SELECT unit_id FROM org_users WHERE id = ?',
    [task.assignee],
  );
  return rows[0]?.unit_id ?? null;
}

function stringOrNull(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.slice(0, max);
}

function clamp(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return low;
  return Math.min(high, Math.max(low, Math.trunc(value)));
}
