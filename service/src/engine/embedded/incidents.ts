import { NotFoundError, ValidationError } from '../../errors/index.js';
import type {
  Incident,
  IncidentErrorType,
  IncidentFilter,
  IncidentState,
  ResolveIncidentRequest,
} from '../port.js';
import type { EngineContext } from './context.js';
import { runActivation } from './runtime/activation.js';
import { completeElement } from './runtime/completion.js';
import { runStep } from './runtime/run-step.js';
import type { Step } from './runtime/step.js';
import type { Dialect } from './store/dialect.js';

const defaultLimit = 1000;

export function toIncident(dialect: Dialect, row: Record<string, unknown>): Incident {
  const incident: Incident = {
    key: String(row.key),
    processInstanceKey: String(row.process_instance_key),
    processDefinitionKey: String(row.definition_key),
    bpmnProcessId: String(row.bpmn_process_id),
    elementId: String(row.element_id),
    elementInstanceKey: String(row.element_instance_key),
    errorType: String(row.error_type) as IncidentErrorType,
    errorMessage: String(row.error_message),
    state: String(row.state) as IncidentState,
    createdAt: dialect.parseTime(row.created_at),
  };
  if (row.job_key !== null && row.job_key !== undefined) incident.jobKey = String(row.job_key);
  const resolvedAt = dialect.parseOptionalTime(row.resolved_at);
  if (resolvedAt) incident.resolvedAt = resolvedAt;
  return incident;
}

export async function listIncidents(
  context: EngineContext,
  filter: IncidentFilter = {},
): Promise<Incident[]> {
  const where: string[] = [];
  const parameters: unknown[] = [];
  if (filter.processInstanceKey !== undefined) {
    where.push('process_instance_key = ?');
    parameters.push(filter.processInstanceKey);
  }
  if (filter.state !== undefined) {
    where.push('state = ?');
    parameters.push(filter.state);
  }
  parameters.push(filter.limit ?? defaultLimit);
  const sql = `SELECT * FROM engine_incident${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY \`key\` LIMIT ?`;
  return context.database.read(async (tx) =>
    (await tx.query(sql, parameters)).map((row) => toIncident(tx.dialect, row)),
  );
}

async function readIncident(
  step: Step,
  key: string,
  lock: boolean,
): Promise<Record<string, unknown>> {
  const rows = await step.tx.query(
    `SELECT * FROM engine_incident WHERE \`key\` = ?${lock ? step.dialect.forUpdate : ''}`,
    [key],
  );
  const row = rows[0];
  if (!row || row.state !== 'ACTIVE') {
    throw new NotFoundError(`incident ${key} not found or already resolved`, {
      field: 'incidentKey',
      value: key,
    });
  }
  return row;
}

/**
 * Resolves an incident and retries what raised it: a job gets `retries` back (1 when absent)
 * and becomes activatable, an element's activation or completion runs again.
 */
export async function resolveIncident(
  context: EngineContext,
  request: ResolveIncidentRequest,
): Promise<void> {
  const retries = request.retries ?? 1;
  if (!Number.isInteger(retries) || retries < 1) {
    throw new ValidationError(`retries ${retries} is invalid: use a whole number of at least 1`, {
      field: 'retries',
      value: retries,
    });
  }
  await runStep(context, 'resolveIncident', async (step) => {
    const { root_key: rootKey } = await readIncident(step, request.incidentKey, false);
    await step.lockRoot(String(rootKey));
    const incident = await readIncident(step, request.incidentKey, true);
    step.execute("UPDATE engine_incident SET state = 'RESOLVED', resolved_at = ? WHERE `key` = ?", [
      step.dialect.time(step.now),
      request.incidentKey,
    ]);
    const row = step.elements.get(String(incident.element_instance_key));
    if (!row || row.state !== 'ACTIVE') return;
    if (incident.job_key !== null && incident.job_key !== undefined) {
      await reopenJob(step, String(incident.job_key), retries);
    } else if (incident.retry_action === 'complete') {
      await completeElement(step, row);
    } else {
      for (const table of ['engine_timer', 'engine_message_subscription']) {
        await step.tx.execute(`DELETE FROM ${table} WHERE element_instance_key = ?`, [row.key]);
      }
      await runActivation(step, row);
    }
  });
}

async function reopenJob(step: Step, jobKey: string, retries: number): Promise<void> {
  const rows = await step.tx.query<{ type: string }>(
    'SELECT type FROM engine_job WHERE `key` = ?',
    [jobKey],
  );
  if (rows.length === 0) return;
  step.execute(
    "UPDATE engine_job SET state = 'ACTIVATABLE', retries = ?, available_at = ?, worker = NULL, deadline = NULL WHERE `key` = ?",
    [retries, step.dialect.time(step.now), jobKey],
  );
  const type = rows[0]!.type;
  step.afterCommit.push(() => step.engine.notifyJobs(type));
}
