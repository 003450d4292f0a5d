/**
 * Checks the bulk rows against the projection. A sample of generated tasks goes through
 * `TaskProjection.apply`, exactly as engine events would. The `tasks` and `task_inbox` rows that
 * it writes must equal, column by column, the rows that `rows.ts` builds for the same tasks.
 */
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { runWriteTransaction } from '../../service/src/db/write-transaction.js';
import type { EnginePort, ProcessInstance, UserTask } from '../../service/src/engine/index.js';
import { TaskProjection } from '../../service/src/tasks/index.js';
import { insertRows } from './bulk-load.js';
import type { BenchOrganisation } from './organisation.js';
import {
  DOCUMENT_COLUMNS,
  INBOX_COLUMNS,
  documentRow,
  inboxRows,
  sqlInstant,
  taskRow,
  type Row,
} from './rows.js';
import type { TaskSpec, TaskSpecGenerator } from './task-specs.js';

export interface CheckFigures {
  tasks: number;
  inboxRows: number;
  /** Column values that differed; the run stops when there is any. */
  mismatches: string[];
}

function userTaskOf(spec: TaskSpec): UserTask {
  return {
    key: spec.key,
    processInstanceKey: spec.processInstanceKey,
    processDefinitionKey: '',
    bpmnProcessId: spec.bpmnProcessId,
    elementId: spec.elementId,
    elementInstanceKey: spec.elementInstanceKey,
    name: spec.name,
    state: 'CREATED',
    assignee: spec.assignee ?? undefined,
    candidateUsers: [],
    candidateGroups: spec.candidateGroups,
    dueDate: spec.dueAt ?? undefined,
    priority: spec.priority,
    customHeaders: {},
    createdAt: spec.createdAt,
  };
}

/** Builds the instance that getInstance returns, with the variables a route instance carries. */
function instanceOf(spec: TaskSpec): ProcessInstance {
  const variables = spec.documentId
    ? { documentId: spec.documentId, organisationId: spec.organId, urgency: spec.urgency }
    : { organisationId: spec.organId, taskTitle: spec.subject, urgency: spec.urgency };
  return {
    processInstanceKey: spec.processInstanceKey,
    processDefinitionKey: '',
    bpmnProcessId: spec.bpmnProcessId,
    version: 1,
    state: 'ACTIVE',
    startedAt: spec.createdAt,
    variables,
    activeElements: [],
    incidents: [],
  };
}

/** Converts a database value to the text form that the bulk rows use. */
function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlInstant(value);
  return String(value);
}

function compare(label: string, expected: Row, actual: Record<string, unknown>, out: string[]) {
  for (const [column, value] of Object.entries(expected)) {
    const got = normalise(actual[column]);
    const want = normalise(value);
    if (got !== want) out.push(`${label} ${column}: bulk ${want}, projection ${got}`);
  }
}

/**
 * Writes the tasks with indexes 0 to `count - 1` through the projection and compares its rows with
 * the bulk rows for the same tasks. The sample stays in the database as part of the population.
 */
export async function checkAgainstProjection(
  dataSource: DataSource,
  generator: TaskSpecGenerator,
  organisation: BenchOrganisation,
  count: number,
): Promise<CheckFigures> {
  const specs = Array.from({ length: count }, (_, index) => generator.next(index));
  const organNames = new Map(organisation.agencies.map((agency) => [agency.organId, agency.name]));
  const documents = specs
    .map((spec) => documentRow(spec, organNames.get(spec.organId) ?? ''))
    .filter((row): row is Row => row !== undefined);
  await runWriteTransaction(dataSource, (manager) =>
    insertRows(manager, 'documents', DOCUMENT_COLUMNS, documents),
  );
  const instances = new Map(specs.map((spec) => [spec.processInstanceKey, instanceOf(spec)]));
  // apply() reads nothing from the engine but getInstance; start() is not called, so the
  // projection neither subscribes nor reconciles.
  const engine = {
    getInstance: async (key: string) => instances.get(key)!,
  } as unknown as EnginePort;
  const projection = new TaskProjection({ dataSource, engine, logger: pino({ level: 'silent' }) });
  for (const spec of specs) await projection.apply({ kind: 'created', task: userTaskOf(spec) });

  const unitOfUser = new Map(organisation.users.map((user) => [user.id, user.unitId]));
  const mismatches: string[] = [];
  let inboxCount = 0;
  for (const spec of specs) {
    const [task] = await dataSource.query('SELECT * FROM tasks WHERE task_key = ?', [spec.key]);
    compare(`task ${spec.key}`, taskRow(spec, unitOfUser), task ?? {}, mismatches);
    const inbox: Array<Record<string, unknown>> = await dataSource.query(
      `SELECT ${INBOX_COLUMNS.join(', ')} FROM task_inbox WHERE task_key = ? ORDER BY principal`,
      [spec.key],
    );
    const expected = inboxRows(spec).sort((a, b) =>
      String(a.principal) < String(b.principal) ? -1 : 1,
    );
    if (inbox.length !== expected.length) {
      mismatches.push(
        `task ${spec.key}: ${expected.length} inbox rows in bulk, ${inbox.length} by projection`,
      );
    }
    expected.forEach((row, index) =>
      compare(`inbox ${spec.key}`, row, inbox[index] ?? {}, mismatches),
    );
    inboxCount += inbox.length;
  }
  return { tasks: specs.length, inboxRows: inboxCount, mismatches };
}
