import type { UserTask, UserTaskState } from '../../port.js';
import type { Dialect } from '../store/dialect.js';
import { placeholders } from '../store/dialect.js';
import type { Step } from './step.js';

export function toUserTask(dialect: Dialect, row: Record<string, unknown>): UserTask {
  const optional = (value: unknown): string | undefined =>
    value === null || value === undefined ? undefined : String(value);
  const task: UserTask = {
    key: String(row.key),
    processInstanceKey: String(row.process_instance_key),
    processDefinitionKey: String(row.definition_key),
    bpmnProcessId: String(row.bpmn_process_id),
    elementId: String(row.element_id),
    elementInstanceKey: String(row.element_instance_key),
    state: String(row.state) as UserTaskState,
    candidateUsers: JSON.parse(String(row.candidate_users)),
    candidateGroups: JSON.parse(String(row.candidate_groups)),
    priority: Number(row.priority),
    customHeaders: JSON.parse(String(row.custom_headers)),
    createdAt: dialect.parseTime(row.created_at),
  };
  const name = optional(row.name);
  if (name !== undefined) task.name = name;
  const assignee = optional(row.assignee);
  if (assignee !== undefined) task.assignee = assignee;
  const formKey = optional(row.form_key);
  if (formKey !== undefined) task.formKey = formKey;
  const dueDate = dialect.parseOptionalTime(row.due_date);
  if (dueDate) task.dueDate = dueDate;
  const followUpDate = dialect.parseOptionalTime(row.follow_up_date);
  if (followUpDate) task.followUpDate = followUpDate;
  const completedAt = dialect.parseOptionalTime(row.completed_at);
  if (completedAt) task.completedAt = completedAt;
  return task;
}

/** Cancels the open user tasks of terminated element instances and reports them after commit. */
export async function cancelUserTasksOf(step: Step, elementKeys: string[]): Promise<void> {
  const candidates = elementKeys.filter((key) => step.element(key).elementType === 'userTask');
  if (candidates.length === 0) return;
  const rows = await step.tx.query(
    `SELECT * FROM engine_user_task WHERE state = 'CREATED' AND element_instance_key IN (${placeholders(candidates.length)})`,
    candidates,
  );
  if (rows.length === 0) return;
  const keys = rows.map((row) => String(row.key));
  await step.tx.executeLater(
    `UPDATE engine_user_task SET state = 'CANCELED', completed_at = ? WHERE \`key\` IN (${placeholders(keys.length)})`,
    [step.dialect.time(step.now), ...keys],
  );
  for (const row of rows) {
    const task = toUserTask(step.dialect, { ...row, state: 'CANCELED' });
    task.completedAt = step.now;
    step.afterCommit.push(() => step.engine.emitUserTask({ kind: 'canceled', task }));
  }
}
