import type { UserTask } from '../../port.js';
import type { Element, Expression } from '../model/types.js';
import { createJob } from './jobs.js';
import { IncidentSignal, type ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { evaluate, visibleVariables } from './variables.js';

/** The job type of user tasks without `zeebe:userTask`, as in Zeebe. */
export const jobBasedUserTaskType = 'io.camunda.zeebe:userTask';
const defaultPriority = 50;

function toList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function toDate(value: unknown, what: string): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${what} ${JSON.stringify(value)} is not an ISO 8601 date-time`);
  }
  return date;
}

/** Picks the task's form: an embedded form key, else the id of a form deployed on its own. */
function formKeyOf(definition: { formKey?: string; formId?: string }): string | undefined {
  return definition.formKey ?? definition.formId;
}

function evaluateOptional(step: Step, expression: Expression | undefined, context: object) {
  return expression === undefined
    ? undefined
    : evaluate(step, expression, context as Record<string, unknown>);
}

/**
 * Creates a user task: a `engine_user_task` row, plus a job of type `io.camunda.zeebe:userTask`
 * for a job-based user task. Assignment, dates and priority are evaluated now, at activation.
 */
export async function createUserTask(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const definition = element.userTask ?? { camundaUserTask: false, headers: {} };
  const context = await visibleVariables(step, row.key);
  const assignee = evaluateOptional(step, definition.assignee, context);
  const dueDate = dateOf(step, definition.dueDate, context, 'dueDate');
  const followUpDate = dateOf(step, definition.followUpDate, context, 'followUpDate');
  const priority = Number(evaluateOptional(step, definition.priority, context) ?? defaultPriority);
  const instance = step.processInstance(row.processInstanceKey);
  const task: UserTask = {
    key: await step.newKey(),
    processInstanceKey: instance.key,
    processDefinitionKey: instance.definitionKey,
    bpmnProcessId: instance.bpmnProcessId,
    elementId: element.id,
    elementInstanceKey: row.key,
    state: 'CREATED',
    candidateUsers: toList(evaluateOptional(step, definition.candidateUsers, context)),
    candidateGroups: toList(evaluateOptional(step, definition.candidateGroups, context)),
    priority: Number.isFinite(priority) ? priority : defaultPriority,
    customHeaders: definition.headers,
    createdAt: step.now,
    ...(element.name ? { name: element.name } : {}),
    ...(assignee ? { assignee: String(assignee) } : {}),
    ...(formKeyOf(definition) ? { formKey: formKeyOf(definition) } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(followUpDate ? { followUpDate } : {}),
  };
  const jobKey = definition.camundaUserTask
    ? null
    : await createJob(step, row, element, {
        type: jobBasedUserTaskType,
        retries: 1,
        headers: definition.headers,
      });
  insertUserTask(step, task, instance.rootKey, jobKey);
  step.afterCommit.push(() => step.engine.emitUserTask({ kind: 'created', task }));
}

function dateOf(step: Step, expression: Expression | undefined, context: object, what: string) {
  const value = evaluateOptional(step, expression, context);
  try {
    return toDate(value, what);
  } catch (error) {
    throw new IncidentSignal('EXTRACT_VALUE_ERROR', (error as Error).message);
  }
}

function insertUserTask(step: Step, task: UserTask, rootKey: string, jobKey: string | null): void {
  const d = step.dialect;
  step.insert('engine_user_task', {
    key: task.key,
    element_instance_key: task.elementInstanceKey,
    process_instance_key: task.processInstanceKey,
    root_key: rootKey,
    definition_key: task.processDefinitionKey,
    bpmn_process_id: task.bpmnProcessId,
    element_id: task.elementId,
    name: task.name ?? null,
    state: task.state,
    assignee: task.assignee ?? null,
    candidate_users: JSON.stringify(task.candidateUsers),
    candidate_groups: JSON.stringify(task.candidateGroups),
    due_date: d.optionalTime(task.dueDate),
    follow_up_date: d.optionalTime(task.followUpDate),
    priority: task.priority,
    form_key: task.formKey ?? null,
    custom_headers: JSON.stringify(task.customHeaders),
    job_key: jobKey,
    created_at: d.time(task.createdAt),
    completed_at: null,
  });
}
