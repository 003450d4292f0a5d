import type { CamundaRestClient, CamundaRestApiTypes, Zeebe } from '@camunda8/sdk';

import { NotFoundError, ValidationError } from '../../errors/index.js';
import type {
  UserTask,
  UserTaskEvent,
  UserTaskFilter,
  UserTaskUpdate,
  Variables,
} from '../port.js';
import { callZeebe, requireKey } from './zeebe-errors.js';
import { JobUserTasks } from './job-user-tasks.js';
import { applyUpdate, restToUserTask } from './zeebe-mappers.js';

/**
 * User tasks on Zeebe in both kinds. Camunda user tasks (`zeebe:userTask`) go through the REST
 * API's user-tasks endpoints. Job-based user tasks are `io.camunda.zeebe:userTask` jobs that this
 * service activates and completes. Both kinds share one key space, because Zeebe's key generator
 * hands out both keys.
 */
const OPEN_TASK_PAGE = 100;

export class ZeebeUserTasks {
  private readonly jobTasks: JobUserTasks;

  constructor(
    private readonly rest: CamundaRestClient,
    grpc: Zeebe.ZeebeGrpcClient,
    options: { worker: string; jobTimeoutMs: number },
    private readonly emit: (event: UserTaskEvent) => void,
  ) {
    this.jobTasks = new JobUserTasks(grpc, options, (task) => this.emit({ kind: 'created', task }));
  }

  async list(filter: UserTaskFilter = {}): Promise<UserTask[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ValidationError(`limit ${filter.limit} is invalid: expected a positive integer`, {
        field: 'limit',
        value: filter.limit,
      });
    }
    const [fromJobs, fromRest] = await Promise.all([
      this.jobTasks.refresh().then(() => this.jobTasks.list(filter)),
      this.searchRest(filter, limit),
    ]);
    return [...fromRest, ...fromJobs]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
  }

  /** Lists every open Camunda user task, page by page, oldest first. */
  async listOpenCamundaTasks(): Promise<UserTask[]> {
    const tasks: UserTask[] = [];
    for (;;) {
      const page = await this.searchRest({ state: 'CREATED' }, OPEN_TASK_PAGE, tasks.length);
      tasks.push(...page);
      if (page.length < OPEN_TASK_PAGE) return tasks;
    }
  }

  /** Activates waiting job-based user tasks, which reports each new one as created. */
  refreshJobTasks(): Promise<void> {
    return this.jobTasks.refresh();
  }

  private async searchRest(filter: UserTaskFilter, limit: number, from = 0): Promise<UserTask[]> {
    const restFilter: CamundaRestApiTypes.SearchUserTasksRequestFilter = {};
    if (filter.state) restFilter.state = filter.state;
    if (filter.assignee) restFilter.assignee = filter.assignee;
    if (filter.candidateGroup) restFilter.candidateGroup = filter.candidateGroup;
    if (filter.candidateUser) restFilter.candidateUser = filter.candidateUser;
    if (filter.processInstanceKey) {
      restFilter.processInstanceKey = requireKey(filter.processInstanceKey, 'processInstanceKey');
    }
    if (filter.bpmnProcessId) restFilter.processDefinitionId = filter.bpmnProcessId;
    if (filter.elementId) restFilter.elementId = filter.elementId;
    const result = await callZeebe({ operation: 'listUserTasks' }, () =>
      this.rest.searchUserTasks({
        filter: restFilter,
        page: { from, limit },
        sort: [{ field: 'creationDate', order: 'ASC' }],
      }),
    );
    return result.items.map(restToUserTask);
  }

  async get(userTaskKey: string): Promise<UserTask> {
    const key = requireKey(userTaskKey, 'userTaskKey');
    const fromJob = this.jobTasks.get(key);
    if (fromJob) return fromJob;
    try {
      return await this.getRest(key);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await this.jobTasks.refresh();
      const activatedNow = this.jobTasks.get(key);
      if (activatedNow) return activatedNow;
      throw new NotFoundError(
        `User task ${key} not found`,
        { field: 'userTaskKey', value: key },
        {
          cause: error,
        },
      );
    }
  }

  private async getRest(key: string): Promise<UserTask> {
    const task = await callZeebe({ operation: 'getUserTask', details: { userTaskKey: key } }, () =>
      this.rest.getUserTask(key),
    );
    return restToUserTask(task);
  }

  async assign(userTaskKey: string, assignee: string | null): Promise<void> {
    const task = await this.get(userTaskKey);
    if (assignee !== null && (typeof assignee !== 'string' || assignee.trim() === '')) {
      throw new ValidationError(
        `assignee ${JSON.stringify(assignee)} is invalid: expected a user id or null`,
        {
          field: 'assignee',
          value: assignee,
        },
      );
    }
    if (this.jobTasks.get(task.key)) {
      this.emit({ kind: 'assigned', task: this.jobTasks.assign(task.key, assignee) });
      return;
    }
    const context = { operation: 'assignUserTask', details: { userTaskKey: task.key } };
    if (assignee === null) {
      await callZeebe(context, () => this.rest.unassignUserTask({ userTaskKey: task.key }), {
        emptyResult: true,
      });
    } else {
      await callZeebe(
        context,
        () => this.rest.assignUserTask({ userTaskKey: task.key, assignee, allowOverride: true }),
        { emptyResult: true },
      );
    }
    this.emit({ kind: 'assigned', task: { ...task, assignee: assignee ?? undefined } });
  }

  async update(userTaskKey: string, update: UserTaskUpdate): Promise<void> {
    const changeset = toChangeset(update);
    const task = await this.get(userTaskKey);
    if (this.jobTasks.get(task.key)) {
      this.emit({ kind: 'updated', task: this.jobTasks.update(task.key, update) });
      return;
    }
    // The 8.8 endpoint is PATCH /v2/user-tasks/{key} with the changes under `changeset`; the SDK's
    // updateUserTask (8.8.13) sends them to /user-tasks/{key}/update instead, so it is not used.
    await callZeebe(
      { operation: 'updateUserTask', details: { userTaskKey: task.key } },
      () =>
        this.rest.callApiEndpoint({
          method: 'PATCH',
          urlPath: `user-tasks/${task.key}`,
          body: { changeset, action: 'update' },
          json: false,
        }),
      { emptyResult: true },
    );
    this.emit({ kind: 'updated', task: applyUpdate(task, update) });
  }

  async complete(userTaskKey: string, variables: Variables = {}): Promise<void> {
    const task = await this.get(userTaskKey);
    if (this.jobTasks.get(task.key)) {
      await this.jobTasks.complete(task.key, variables);
    } else {
      await callZeebe(
        { operation: 'completeUserTask', details: { userTaskKey: task.key } },
        () => this.rest.completeUserTask({ userTaskKey: task.key, variables }),
        { emptyResult: true },
      );
    }
    const completed: UserTask = { ...task, state: 'COMPLETED', completedAt: new Date() };
    this.emit({ kind: 'completed', task: completed, variables });
  }
}

/** Builds the REST changeset; the API clears a date given as '' and a list given as []. */
function toChangeset(update: UserTaskUpdate): Record<string, unknown> {
  const changeset: Record<string, unknown> = {};
  for (const field of ['dueDate', 'followUpDate'] as const) {
    const value = update[field];
    if (value === undefined) continue;
    if (value !== null && (!(value instanceof Date) || Number.isNaN(value.getTime()))) {
      throw new ValidationError(`${field} ${String(value)} is invalid: expected a Date or null`, {
        field,
        value,
      });
    }
    changeset[field] = value === null ? '' : value.toISOString();
  }
  if (update.candidateUsers !== undefined) changeset.candidateUsers = update.candidateUsers;
  if (update.candidateGroups !== undefined) changeset.candidateGroups = update.candidateGroups;
  if (update.priority !== undefined) {
    if (!Number.isInteger(update.priority) || update.priority < 0 || update.priority > 100) {
      throw new ValidationError(
        `priority ${update.priority} is invalid: expected an integer from 0 to 100`,
        {
          field: 'priority',
          value: update.priority,
        },
      );
    }
    changeset.priority = update.priority;
  }
  return changeset;
}
