import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../calendar/index.js';
import type { ElementInstance, EnginePort } from '../engine/index.js';
import { measureLateness, workingTimeOrNull, type Lateness } from './lateness.js';
import { loadUserNames, readDateTime, readJsonList } from './sql-values.js';

/** Element types of the engine history that the path shows as automatic steps. */
const AUTOMATIC_ELEMENT_TYPES = new Set(['serviceTask', 'sendTask', 'scriptTask']);

export interface PathPerson {
  id: string;
  fullName: string | null;
}

/** A delegation, forward, claim or other change recorded on a task. */
export interface PathEvent {
  kind: string;
  actor: PathPerson | null;
  target: PathPerson | null;
  comment: string | null;
  at: Date;
}

interface StepTiming {
  arrivedAt: Date;
  leftAt: Date | null;
  /** Clock time from arrival to departure, or to now while the step is open. */
  spentMs: number;
  /** Office time in the same span, or null when the calendar cannot count it. */
  spentWorkingMs: number | null;
}

/** A user task that held the document. */
export interface UserTaskStep extends StepTiming {
  kind: 'user-task';
  taskKey: string;
  elementId: string;
  name: string | null;
  state: string;
  /** The assignee, or the person who completed the task. */
  holder: PathPerson | null;
  candidateGroups: string[];
  unitId: string | null;
  dueAt: Date | null;
  late: boolean;
  lateness: Lateness | null;
  decision: string | null;
  comment: string | null;
  events: PathEvent[];
}

/** An automatic step (service, send or script task) read from the engine history. */
export interface AutomaticStep extends StepTiming {
  kind: 'automatic';
  elementId: string;
  elementType: string;
  state: string;
}

export type PathStep = UserTaskStep | AutomaticStep;

export interface RouteInstancePath {
  processInstanceKey: string;
  bpmnProcessId: string;
  /** False when the engine no longer had the instance's history. */
  historyAvailable: boolean;
  steps: PathStep[];
}

export interface DocumentPath {
  documentId: string;
  at: Date;
  instances: RouteInstancePath[];
}

interface TaskRow {
  task_key: string;
  process_instance_key: string;
  bpmn_process_id: string;
  element_id: string;
  name: string | null;
  state: string;
  unit_id: string | null;
  assignee: string | null;
  completed_by: string | null;
  candidate_groups: string | null;
  decision: string | null;
  comment: string | null;
  due_at: unknown;
  created_at: unknown;
  ended_at: unknown;
}

interface EventRow {
  task_key: string;
  kind: string;
  actor_id: string | null;
  target_id: string | null;
  comment: string | null;
  at: unknown;
}

export interface DocumentPathDependencies {
  dataSource: DataSource;
  engine?: EnginePort;
  calendar: WorkingCalendar;
  logger: Logger;
}

/**
 * Builds the path of a document through every route instance that had a task on it: each user
 * task with its holder, times, deadline, lateness, decision, comment and events, and the
 * automatic steps from the engine history, ordered by arrival.
 */
export async function loadDocumentPath(
  deps: DocumentPathDependencies,
  documentId: string,
  now: Date,
): Promise<DocumentPath> {
  const { dataSource } = deps;
  const tasks: TaskRow[] = await dataSource
    .createQueryBuilder()
    .select('t.*')
    .from('tasks', 't')
    .where('t.document_id = :documentId', { documentId })
    .orderBy('t.created_at', 'ASC')
    .addOrderBy('t.task_key', 'ASC')
    .getRawMany();
  const events: EventRow[] = await dataSource
    .createQueryBuilder()
    .select(['e.task_key AS task_key', 'e.kind AS kind', 'e.actor_id AS actor_id'])
    .addSelect(['e.target_id AS target_id', 'e.comment AS comment', 'e.at AS at'])
    .from('task_events', 'e')
    .where('e.document_id = :documentId', { documentId })
    .orderBy('e.id', 'ASC')
    .getRawMany();
  const names = await loadUserNames(dataSource, [
    ...tasks.flatMap((task) => [task.assignee, task.completed_by]),
    ...events.flatMap((event) => [event.actor_id, event.target_id]),
  ]);
  const person = (id: string | null): PathPerson | null =>
    id ? { id, fullName: names.get(id) ?? null } : null;

  const instances = new Map<string, RouteInstancePath>();
  for (const task of tasks) {
    let instance = instances.get(task.process_instance_key);
    if (!instance) {
      instance = {
        processInstanceKey: task.process_instance_key,
        bpmnProcessId: task.bpmn_process_id,
        historyAvailable: false,
        steps: [],
      };
      instances.set(task.process_instance_key, instance);
    }
    const taskEvents = events.filter((event) => event.task_key === task.task_key);
    instance.steps.push(userTaskStep(deps.calendar, task, taskEvents, person, now));
  }
  for (const instance of instances.values()) {
    await addAutomaticSteps(deps, instance, now);
    instance.steps.sort(byArrivalThenDeparture);
  }
  return { documentId, at: now, instances: [...instances.values()] };
}

/** Orders steps by arrival; of two that arrived together, the one that left first comes first. */
function byArrivalThenDeparture(a: PathStep, b: PathStep): number {
  const left = (step: PathStep) => step.leftAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const byArrival = a.arrivedAt.getTime() - b.arrivedAt.getTime();
  if (byArrival !== 0 || left(a) === left(b)) return byArrival;
  return left(a) < left(b) ? -1 : 1;
}

function timing(calendar: WorkingCalendar, arrivedAt: Date, leftAt: Date | null, now: Date) {
  const end = leftAt ?? now;
  return {
    arrivedAt,
    leftAt,
    spentMs: Math.max(end.getTime() - arrivedAt.getTime(), 0),
    spentWorkingMs: workingTimeOrNull(calendar, arrivedAt, end),
  };
}

function userTaskStep(
  calendar: WorkingCalendar,
  task: TaskRow,
  events: EventRow[],
  person: (id: string | null) => PathPerson | null,
  now: Date,
): UserTaskStep {
  const arrivedAt = readDateTime(task.created_at)!;
  const leftAt = readDateTime(task.ended_at);
  const dueAt = readDateTime(task.due_at);
  const end = leftAt ?? now;
  const late = dueAt !== null && end.getTime() > dueAt.getTime();
  return {
    kind: 'user-task',
    taskKey: task.task_key,
    elementId: task.element_id,
    name: task.name,
    state: task.state,
    holder: person(task.completed_by ?? task.assignee),
    candidateGroups: readJsonList(task.candidate_groups),
    unitId: task.unit_id,
    ...timing(calendar, arrivedAt, leftAt, now),
    dueAt,
    late,
    lateness: dueAt ? measureLateness(calendar, dueAt, end) : null,
    decision: task.decision,
    comment: task.comment,
    events: events.map((event) => ({
      kind: event.kind,
      actor: person(event.actor_id),
      target: person(event.target_id),
      comment: event.comment,
      at: readDateTime(event.at)!,
    })),
  };
}

/** Adds the instance's service, send and script tasks from the engine history, when it has it. */
async function addAutomaticSteps(
  deps: DocumentPathDependencies,
  instance: RouteInstancePath,
  now: Date,
): Promise<void> {
  if (!deps.engine) return;
  let history: ElementInstance[];
  try {
    history = await deps.engine.getInstanceHistory(instance.processInstanceKey);
  } catch (error) {
    // The user task rows still give the path; only the automatic steps are missing.
    deps.logger.warn(
      { err: error, processInstanceKey: instance.processInstanceKey },
      'instance history unavailable for the document path',
    );
    return;
  }
  instance.historyAvailable = true;
  for (const element of history) {
    if (!AUTOMATIC_ELEMENT_TYPES.has(element.elementType)) continue;
    instance.steps.push({
      kind: 'automatic',
      elementId: element.elementId,
      elementType: element.elementType,
      state: element.state,
      ...timing(deps.calendar, element.startedAt, element.endedAt ?? null, now),
    });
  }
}
