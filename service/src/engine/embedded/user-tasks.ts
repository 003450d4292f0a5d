import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.js';
import type {
  UserTask,
  UserTaskEvent,
  UserTaskFilter,
  UserTaskUpdate,
  Variables,
} from '../port.js';
import type { EngineContext } from './context.js';
import { completeElement } from './runtime/completion.js';
import { runStep } from './runtime/run-step.js';
import type { Step } from './runtime/step.js';
import { toUserTask } from './runtime/user-task-rows.js';
import type { Transaction } from './store/database.js';
import { checkVariables } from './variable-limits.js';

const defaultLimit = 1000;

/** Builds a LIKE pattern (escape character `!`) matching `value` as an item of a JSON array. */
function likeJsonItem(value: string): string {
  return `%${JSON.stringify(value).replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export async function listUserTasks(
  context: EngineContext,
  filter: UserTaskFilter = {},
): Promise<UserTask[]> {
  const where: string[] = [];
  const parameters: unknown[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    parameters.push(value);
  };
  equal('state', filter.state);
  equal('assignee', filter.assignee);
  equal('process_instance_key', filter.processInstanceKey);
  equal('bpmn_process_id', filter.bpmnProcessId);
  equal('element_id', filter.elementId);
  if (filter.candidateGroup !== undefined) {
    where.push("candidate_groups LIKE ? ESCAPE '!'");
    parameters.push(likeJsonItem(filter.candidateGroup));
  }
  if (filter.candidateUser !== undefined) {
    where.push("candidate_users LIKE ? ESCAPE '!'");
    parameters.push(likeJsonItem(filter.candidateUser));
  }
  const sql =
    `SELECT * FROM engine_user_task${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}` +
    ' ORDER BY `key` LIMIT ?';
  parameters.push(filter.limit ?? defaultLimit);
  return context.database.read(async (tx) => {
    const rows = await tx.query(sql, parameters);
    return rows.map((row) => toUserTask(tx.dialect, row));
  });
}

async function readUserTask(
  tx: Transaction,
  key: string,
  lock = false,
): Promise<Record<string, unknown>> {
  const rows = await tx.query(
    `SELECT * FROM engine_user_task WHERE \`key\` = ?${lock ? tx.dialect.forUpdate : ''}`,
    [key],
  );
  if (rows.length === 0) throw userTaskNotFound(key);
  return rows[0]!;
}

function userTaskNotFound(key: string): NotFoundError {
  return new NotFoundError(`user task ${key} not found`, { field: 'userTaskKey', value: key });
}

export async function getUserTask(context: EngineContext, key: string): Promise<UserTask> {
  return context.database.read(async (tx) => toUserTask(tx.dialect, await readUserTask(tx, key)));
}

function checkOpen(task: UserTask): void {
  if (task.state !== 'CREATED') {
    throw new ConflictError(`user task ${task.key} is ${task.state.toLowerCase()}, not open`, {
      field: 'userTaskKey',
      value: task.key,
    });
  }
}

/** Changes an open task's row in one transaction and reports the change after commit. */
async function changeUserTask(
  context: EngineContext,
  key: string,
  kind: 'assigned' | 'updated',
  columns: Record<string, unknown>,
): Promise<void> {
  const task = await context.database.transaction(async (tx) => {
    const current = toUserTask(tx.dialect, await readUserTask(tx, key, true));
    checkOpen(current);
    const names = Object.keys(columns);
    if (names.length > 0) {
      await tx.execute(
        `UPDATE engine_user_task SET ${names.map((name) => `${name} = ?`).join(', ')} WHERE \`key\` = ?`,
        [...Object.values(columns), key],
      );
    }
    return toUserTask(tx.dialect, await readUserTask(tx, key));
  });
  context.emitUserTask({ kind, task } as UserTaskEvent);
}

export async function assignUserTask(context: EngineContext, key: string, assignee: string | null) {
  await changeUserTask(context, key, 'assigned', { assignee });
}

export async function updateUserTask(context: EngineContext, key: string, update: UserTaskUpdate) {
  const time = (date: Date | null | undefined) =>
    date ? context.database.dialect.time(date) : null;
  const columns: Record<string, unknown> = {};
  if (update.dueDate !== undefined) columns.due_date = time(update.dueDate);
  if (update.followUpDate !== undefined) columns.follow_up_date = time(update.followUpDate);
  if (update.candidateUsers !== undefined)
    columns.candidate_users = JSON.stringify(update.candidateUsers);
  if (update.candidateGroups !== undefined)
    columns.candidate_groups = JSON.stringify(update.candidateGroups);
  if (update.priority !== undefined) {
    if (!Number.isInteger(update.priority) || update.priority < 0 || update.priority > 100) {
      throw new ValidationError(
        `priority ${update.priority} is invalid: use a whole number from 0 to 100`,
        {
          field: 'priority',
          value: update.priority,
        },
      );
    }
    columns.priority = update.priority;
  }
  await changeUserTask(context, key, 'updated', columns);
}

export async function completeUserTask(
  context: EngineContext,
  key: string,
  variables: Variables = {},
) {
  checkVariables(context, variables, 'variables');
  await runStep(context, 'completeUserTask', async (step) => {
    // The task row is locked before its root: a rare deadlock with a concurrent cancel is
    // detected by MySQL and the step runs again.
    const { row } = await step.lockRootOf('engine_user_task', key, true);
    if (!row) throw userTaskNotFound(key);
    const task = toUserTask(step.dialect, row);
    checkOpen(task);
    await markCompleted(step, task, variables);
    if (row.job_key !== null) step.deleteWhere('engine_job', '`key`', String(row.job_key));
    await completeElement(step, step.element(task.elementInstanceKey), variables);
  });
}

async function markCompleted(step: Step, task: UserTask, variables: Variables): Promise<void> {
  step.execute(
    "UPDATE engine_user_task SET state = 'COMPLETED', completed_at = ? WHERE `key` = ?",
    [step.dialect.time(step.now), task.key],
  );
  const completed: UserTask = { ...task, state: 'COMPLETED', completedAt: step.now };
  step.afterCommit.push(() =>
    step.engine.emitUserTask({ kind: 'completed', task: completed, variables }),
  );
}

/** Marks the user task of a job-based user task completed when its job completes. */
export async function completeJobBasedUserTask(step: Step, jobKey: string, variables: Variables) {
  const rows = await step.tx.query(
    "SELECT * FROM engine_user_task WHERE job_key = ? AND state = 'CREATED'",
    [jobKey],
  );
  if (rows.length > 0) await markCompleted(step, toUserTask(step.dialect, rows[0]!), variables);
}
