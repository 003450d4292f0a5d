import type { Logger } from 'pino';

import { NotFoundError } from '../../errors/index.js';
import type { UserTask, UserTaskEvent } from '../port.js';

/** The user task queries that the watcher calls. */
export interface UserTaskSource {
  listOpenCamundaTasks(): Promise<UserTask[]>;
  refreshJobTasks(): Promise<void>;
  get(userTaskKey: string): Promise<UserTask>;
}

/**
 * A poller that turns changes of Camunda user tasks made inside Zeebe (by the engine or another
 * client) into user task events. It compares each poll of the open tasks with the previous one,
 * and the first poll only records the tasks that are already open.
 *
 * NOTE: a task completed elsewhere is reported with empty variables, because the REST API does
 * not say which variables the completion set.
 */
export class UserTaskWatcher {
  private known: Map<string, UserTask> | undefined;

  constructor(
    private readonly source: UserTaskSource,
    private readonly emit: (event: UserTaskEvent) => void,
    private readonly logger: Logger,
  ) {}

  /** Records a change this service made itself, so that the next poll does not report it again. */
  record(event: UserTaskEvent): void {
    if (!this.known) return;
    const key = event.task.key;
    if (event.kind === 'completed' || event.kind === 'canceled') this.known.delete(key);
    else if (this.known.has(key)) this.known.set(key, event.task);
  }

  /** Emits an event for each task created, assigned, updated, completed or canceled since the last poll. */
  async poll(): Promise<void> {
    await this.source.refreshJobTasks();
    const open = await this.source.listOpenCamundaTasks();
    const current = new Map(open.map((task) => [task.key, task]));
    const previous = this.known;
    this.known = current;
    if (!previous) return;
    for (const task of open) this.compare(previous.get(task.key), task);
    for (const [key, task] of previous) {
      if (!current.has(key)) await this.reportEnded(task);
    }
  }

  private compare(before: UserTask | undefined, after: UserTask): void {
    if (!before) {
      this.emit({ kind: 'created', task: after });
    } else if (before.assignee !== after.assignee) {
      this.emit({ kind: 'assigned', task: after });
    } else if (scheduleOf(before) !== scheduleOf(after)) {
      this.emit({ kind: 'updated', task: after });
    }
  }

  /** Reads a task that left the open list, to tell completion from cancellation. */
  private async reportEnded(task: UserTask): Promise<void> {
    let ended: UserTask;
    try {
      ended = await this.source.get(task.key);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.logger.warn(
        { userTaskKey: task.key },
        'User task left the open list but was not found; no event sent',
      );
      return;
    }
    if (ended.state === 'COMPLETED') this.emit({ kind: 'completed', task: ended, variables: {} });
    else if (ended.state === 'CANCELED') this.emit({ kind: 'canceled', task: ended });
    else this.known?.set(ended.key, ended);
  }
}

/** Joins the task fields an update can change into one comparable string. */
function scheduleOf(task: UserTask): string {
  return JSON.stringify([
    task.dueDate?.toISOString(),
    task.followUpDate?.toISOString(),
    task.candidateUsers,
    task.candidateGroups,
    task.priority,
  ]);
}
