import type { CamundaRestApiTypes } from '@camunda8/sdk';

import type {
  ElementInstance,
  Incident,
  IncidentErrorType,
  Job,
  UserTask,
  UserTaskState,
  UserTaskUpdate,
  Variables,
} from '../port.js';

/** The job type Zeebe gives user tasks that are implemented as jobs (no `zeebe:userTask`). */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/** Custom headers Zeebe sets on a job-based user task from the task's assignment and schedule. */
export const USER_TASK_HEADERS = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  priority: 'io.camunda.zeebe:priority',
} as const;

/** The fields of a job as the SDK's gRPC client returns it from ActivateJobs. */
export interface SdkActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  processDefinitionKey?: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: object;
  worker: string;
  retries: number;
  deadline: string;
  variables: object;
}

export function toJob(job: SdkActivatedJob): Job {
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    processDefinitionKey: String(job.processDefinitionKey ?? ''),
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: Number(job.processDefinitionVersion),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: toStringRecord(job.customHeaders),
    variables: toPlainObject(job.variables),
    retries: Number(job.retries),
    worker: job.worker,
    deadline: new Date(Number(job.deadline)),
  };
}

/** Copies a DTO instance into a plain JSON object, so callers compare and spread it freely. */
export function toPlainObject(value: object | undefined): Variables {
  if (!value) return {};
  return JSON.parse(JSON.stringify(value)) as Variables;
}

function toStringRecord(value: object | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, header] of Object.entries(value ?? {})) {
    record[name] = typeof header === 'string' ? header : JSON.stringify(header);
  }
  return record;
}

/** Reads a job-based user task from its activated job; the task key is the job key. */
export function jobToUserTask(job: Job, activatedAt: Date): UserTask {
  const headers = job.customHeaders;
  const priority = Number(headers[USER_TASK_HEADERS.priority]);
  return {
    key: job.key,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    state: 'CREATED',
    assignee: headers[USER_TASK_HEADERS.assignee] || undefined,
    candidateUsers: parseList(headers[USER_TASK_HEADERS.candidateUsers]),
    candidateGroups: parseList(headers[USER_TASK_HEADERS.candidateGroups]),
    dueDate: parseDate(headers[USER_TASK_HEADERS.dueDate]),
    followUpDate: parseDate(headers[USER_TASK_HEADERS.followUpDate]),
    priority: Number.isInteger(priority) ? priority : 50,
    formKey: headers[USER_TASK_HEADERS.formKey] || undefined,
    customHeaders: withoutUserTaskHeaders(headers),
    // A job carries no creation time, so this is when this service first activated it.
    createdAt: activatedAt,
  };
}

/** Zeebe writes candidate lists as JSON arrays; older versions wrote comma-separated text. */
function parseList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Falls through to the comma-separated form.
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseDate(value: string | undefined | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function withoutUserTaskHeaders(headers: Record<string, string>): Record<string, string> {
  const reserved = new Set<string>(Object.values(USER_TASK_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !reserved.has(name)));
}

type RestUserTask = CamundaRestApiTypes.UserTask;

export function restToUserTask(task: RestUserTask): UserTask {
  return {
    key: String(task.userTaskKey),
    processInstanceKey: String(task.processInstanceKey),
    processDefinitionKey: String(task.processDefinitionKey),
    bpmnProcessId: task.processDefinitionId,
    elementId: task.elementId,
    elementInstanceKey: String(task.elementInstanceKey),
    name: task.name || undefined,
    state: toUserTaskState(task.state),
    assignee: task.assignee || undefined,
    candidateUsers: task.candidateUsers ?? [],
    candidateGroups: task.candidateGroups ?? [],
    dueDate: parseDate(task.dueDate),
    followUpDate: parseDate(task.followUpDate),
    priority: task.priority ?? 50,
    formKey: task.formKey ? String(task.formKey) : task.externalFormReference || undefined,
    customHeaders: { ...(task.customHeaders ?? {}) },
    createdAt: parseDate(task.creationDate) ?? new Date(0),
    completedAt: parseDate(task.completionDate),
  };
}

/** Maps REST states; FAILED (a rejected transition in Camunda 8.8) still waits, like CREATED. */
function toUserTaskState(state: string): UserTaskState {
  if (state === 'COMPLETED' || state === 'CANCELED') return state;
  return 'CREATED';
}

type RestIncident = CamundaRestApiTypes.IncidentDetails;

const PORT_ERROR_TYPES = new Set<string>([
  'JOB_NO_RETRIES',
  'UNHANDLED_ERROR_EVENT',
  'EXTRACT_VALUE_ERROR',
  'IO_MAPPING_ERROR',
  'CALLED_ELEMENT_ERROR',
  'CONDITION_ERROR',
]);

export function restToIncident(incident: RestIncident): Incident {
  return {
    key: String(incident.incidentKey),
    processInstanceKey: String(incident.processInstanceKey),
    processDefinitionKey: String(incident.processDefinitionKey),
    bpmnProcessId: incident.processDefinitionId,
    elementId: incident.elementId,
    elementInstanceKey: String(incident.elementInstanceKey),
    jobKey: incident.jobKey ? String(incident.jobKey) : undefined,
    errorType: PORT_ERROR_TYPES.has(incident.errorType)
      ? (incident.errorType as IncidentErrorType)
      : 'UNKNOWN',
    errorMessage: incident.errorMessage,
    state: incident.state === 'RESOLVED' ? 'RESOLVED' : 'ACTIVE',
    createdAt: parseDate(incident.creationTime) ?? new Date(0),
  };
}

type RestElementInstance = CamundaRestApiTypes.ElementInstanceDetails;

export function restToElementInstance(element: RestElementInstance): ElementInstance {
  return {
    elementInstanceKey: String(element.elementInstanceKey),
    elementId: element.elementId,
    elementType: toCamelCase(element.type),
    // NOTE: the 8.8 element instance search returns no flow scope key, so nested elements
    // report the process instance as their scope.
    flowScopeKey: String(element.processInstanceKey),
    state: element.state,
    startedAt: parseDate(element.startDate) ?? new Date(0),
    endedAt: parseDate(element.endDate),
  };
}

/** `SERVICE_TASK` becomes `serviceTask`, the element name as written in BPMN XML. */
export function toCamelCase(upperSnake: string): string {
  return upperSnake
    .toLowerCase()
    .replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Returns a copy of `task` with the update applied; null clears a date. */
export function applyUpdate(task: UserTask, update: UserTaskUpdate): UserTask {
  const next: UserTask = { ...task };
  if (update.dueDate !== undefined) next.dueDate = update.dueDate ?? undefined;
  if (update.followUpDate !== undefined) next.followUpDate = update.followUpDate ?? undefined;
  if (update.candidateUsers !== undefined) next.candidateUsers = [...update.candidateUsers];
  if (update.candidateGroups !== undefined) next.candidateGroups = [...update.candidateGroups];
  if (update.priority !== undefined) next.priority = update.priority;
  return next;
}
