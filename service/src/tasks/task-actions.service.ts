import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import type { StoredFileLookup } from '../documents/index.js';
import { runWriteTransaction } from '../db/write-transaction.js';
import type { EnginePort } from '../engine/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/index.js';
import { KeyedMutex } from './keyed-mutex.js';
import { TaskEntity, TaskEventEntity } from './task.entities.js';
import { checkCompletion } from './task-completion.js';
import { agencyLookups, checkTarget, optionalText } from './task-lookups.js';
import { formOf } from './task-forms.js';
import type { TaskUser } from './task-list.service.js';
import type { TaskProjection } from './task-projection.js';
import { allowedActions, mayView, type TaskAction } from './task-rights.js';
import { appendEvent, lockTask, storeTask, type TaskEventInput } from './task-rows.js';

export interface TaskActionOptions {
  dataSource: DataSource;
  engine: EnginePort;
  projection: TaskProjection;
  audit: AuditLog;
  /** The file store, to check that file fields name stored PDFs. */
  files: StoredFileLookup;
  now?: () => Date;
}

/** Method and path of a request, for the audit entry of a rejected action. */
export interface RequestInfo {
  method: string;
  path: string;
}

/**
 * Claims, completes, delegates and forwards tasks through the engine, then records who did it.
 * Each change waits until the projection has applied the engine's event, so the caller's next
 * list already shows it.
 */
// NOTE: actions on one task are serialised within this process only. Two service processes on
// one MariaDB can both claim the same unassigned task, and the later assignment wins.
export class TaskActionService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => Date;

  constructor(private readonly options: TaskActionOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Loads a task the user may see, or throws 404 / 403 (recording the refusal). */
  async visible(key: string, user: TaskUser, request: RequestInfo): Promise<TaskEntity> {
    const task = await this.load(key);
    if (!mayView(task, user)) await this.refuse(task, user, request, 'view');
    return task;
  }

  async load(key: string): Promise<TaskEntity> {
    if (!/^\d{1,20}$/.test(key)) {
      throw new ValidationError(
        `invalid key "${key}": expected a decimal number of up to 20 digits`,
        { field: 'key', value: key },
      );
    }
    const task = await this.options.dataSource
      .getRepository(TaskEntity)
      .findOneBy({ taskKey: key });
    if (!task) throw new NotFoundError(`task ${key} not found`, { field: 'key', value: key });
    return task;
  }

  async claim(key: string, user: TaskUser, request: RequestInfo): Promise<TaskEntity> {
    return this.act(key, user, request, 'claim', async (task) => {
      if (task.assignee === user.id) return task;
      return this.assign(task, user.id, { kind: 'claimed', actorId: user.id, at: this.now() });
    });
  }

  async unclaim(key: string, user: TaskUser, request: RequestInfo): Promise<TaskEntity> {
    return this.act(key, user, request, 'unclaim', async (task) => {
      return this.assign(task, null, { kind: 'unclaimed', actorId: user.id, at: this.now() });
    });
  }

  /** Completes the task, claiming it first when it is unassigned ("one touch"). */
  async complete(
    key: string,
    user: TaskUser & { organId: string },
    body: Record<string, unknown>,
    request: RequestInfo,
  ): Promise<TaskEntity> {
    return this.act(key, user, request, 'complete', async (permitted) => {
      let task = permitted;
      const checked = await checkCompletion(
        formOf(task.bpmnProcessId, task.elementId),
        body,
        agencyLookups(this.options.dataSource, user.organId, this.options.files),
        this.now(),
      );
      if (task.assignee !== user.id) {
        task = await this.assign(task, user.id, {
          kind: 'claimed',
          actorId: user.id,
          at: this.now(),
        });
      }
      await this.options.engine.completeUserTask(key, checked.variables);
      await this.options.projection.settled();
      await this.recordCompletion(key, user.id);
      await this.auditDecision(task, user.id, checked.decision, checked.comment);
      return this.load(key);
    });
  }

  async delegate(
    key: string,
    user: TaskUser & { organId: string },
    body: Record<string, unknown>,
    request: RequestInfo,
  ): Promise<TaskEntity> {
    return this.act(key, user, request, 'delegate', async (task) => {
      const toUserId = await checkTarget(this.options.dataSource, body.toUserId, user, 'agency');
      const comment = optionalText('comment', body.comment);
      await this.assign(task, toUserId, null);
      return this.change(key, async (manager, row) => {
        row.delegatedBy = user.id;
        await storeTask(manager, row, false, this.now());
        await appendEvent(manager, row, {
          kind: 'delegated',
          actorId: user.id,
          targetId: toUserId,
          comment,
          at: this.now(),
        });
      });
    });
  }

  async takeBack(key: string, user: TaskUser, request: RequestInfo): Promise<TaskEntity> {
    return this.act(key, user, request, 'takeBack', async (task) => {
      return this.assign(task, user.id, {
        kind: 'taken-back',
        actorId: user.id,
        targetId: task.assignee,
        at: this.now(),
      });
    });
  }

  async forward(
    key: string,
    user: TaskUser & { organId: string; unitId: string },
    body: Record<string, unknown>,
    request: RequestInfo,
  ): Promise<TaskEntity> {
    return this.act(key, user, request, 'forward', async (task) => {
      const toUserId = await checkTarget(this.options.dataSource, body.toUserId, user, 'unit');
      const reason = optionalText('reason', body.reason);
      if (!reason) {
        throw new ValidationError('reason is required: say why the task goes to someone else', {
          field: 'reason',
          value: body.reason,
        });
      }
      const forwarded = await this.assign(task, toUserId, {
        kind: 'forwarded',
        actorId: user.id,
        targetId: toUserId,
        comment: reason,
        at: this.now(),
      });
      if (task.documentId) {
        await this.options.audit.append({
          actor: user.id,
          action: 'forwarded',
          documentId: task.documentId,
          details: { taskKey: key, toUserId, reason },
        });
      }
      return forwarded;
    });
  }

  /** Runs `work` while it holds the task's lock, once `action` is open to the user. */
  private act(
    key: string,
    user: TaskUser,
    request: RequestInfo,
    action: TaskAction,
    work: (task: TaskEntity) => Promise<TaskEntity>,
  ): Promise<TaskEntity> {
    return this.mutex.run(key, async () => work(await this.permitted(key, user, request, action)));
  }

  /** Loads the task and checks that `action` is open to the user; 409 or 403 otherwise. */
  private async permitted(
    key: string,
    user: TaskUser,
    request: RequestInfo,
    action: TaskAction,
  ): Promise<TaskEntity> {
    const task = await this.load(key);
    if (allowedActions(task, user).includes(action)) return task;
    if (task.state !== 'open') {
      throw new ConflictError(`task ${key} is ${task.state}; nothing more can be done with it`, {
        field: 'key',
        value: key,
        state: task.state,
      });
    }
    if (mayView(task, user) && task.assignee !== null && task.assignee !== user.id) {
      throw new ConflictError(`task ${key} is held by someone else; ask them or their leader`, {
        field: 'key',
        value: key,
        assignee: task.assignee,
      });
    }
    if (mayView(task, user)) {
      throw new ConflictError(`task ${key} does not allow ${action} now`, {
        field: 'key',
        value: key,
        allowed: allowedActions(task, user),
      });
    }
    return this.refuse(task, user, request, action);
  }

  private async refuse(
    task: TaskEntity,
    user: TaskUser,
    request: RequestInfo,
    action: string,
  ): Promise<never> {
    await this.options.audit.append({
      actor: user.id,
      action: 'rejected',
      documentId: task.documentId,
      details: { kind: 'access_denied', taskKey: task.taskKey, attempted: action, ...request },
    });
    throw new ForbiddenError(`task ${task.taskKey} is not yours or your group's`, {
      field: 'key',
      value: task.taskKey,
    });
  }

  /** Assigns through the engine, waits for the projection, then records `event`. */
  private async assign(
    task: TaskEntity,
    assignee: string | null,
    event: TaskEventInput | null,
  ): Promise<TaskEntity> {
    await this.options.engine.assignUserTask(task.taskKey, assignee);
    await this.options.projection.settled();
    return this.change(task.taskKey, async (manager, row) => {
      if (event) await appendEvent(manager, row, event);
    });
  }

  private async change(
    key: string,
    work: (manager: import('typeorm').EntityManager, row: TaskEntity) => Promise<void>,
  ): Promise<TaskEntity> {
    return runWriteTransaction(this.options.dataSource, async (manager) => {
      const row = await lockTask(manager, key);
      if (!row) throw new NotFoundError(`task ${key} not found`, { field: 'key', value: key });
      await work(manager, row);
      return row;
    });
  }

  private async recordCompletion(key: string, userId: string): Promise<void> {
    await this.change(key, async (manager, row) => {
      await manager.update(TaskEntity, { taskKey: key }, { completedBy: userId });
      await manager.update(
        TaskEventEntity,
        { taskKey: key, kind: 'completed' },
        { actorId: userId },
      );
      row.completedBy = userId;
    });
  }

  private async auditDecision(
    task: TaskEntity,
    actor: string,
    decision: string | null,
    comment: string | null,
  ): Promise<void> {
    if (!task.documentId) return;
    let action: 'returned' | 'rejected';
    if (decision === 'return') action = 'returned';
    else if (decision === 'reject') action = 'rejected';
    else return;
    await this.options.audit.append({
      actor,
      action,
      documentId: task.documentId,
      details: { taskKey: task.taskKey, elementId: task.elementId, comment },
    });
  }
}
