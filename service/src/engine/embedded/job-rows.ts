import { NotFoundError } from '../../errors/index.js';
import type { Job } from '../port.js';
import type { Step } from './runtime/step.js';
import type { Statement, StatementResult, Transaction } from './store/database.js';

export interface JobRow {
  key: string;
  type: string;
  state: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  rootKey: string;
  definitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  retries: number;
  worker: string | null;
  deadline: Date | null;
  activationCount: number;
  customHeaders: Record<string, string>;
  scopeKeys: string[];
}

export function toJobRow(tx: Transaction, row: Record<string, unknown>): JobRow {
  return {
    key: String(row.key),
    type: String(row.type),
    state: String(row.state),
    elementInstanceKey: String(row.element_instance_key),
    processInstanceKey: String(row.process_instance_key),
    rootKey: String(row.root_key),
    definitionKey: String(row.definition_key),
    bpmnProcessId: String(row.bpmn_process_id),
    version: Number(row.version),
    elementId: String(row.element_id),
    retries: Number(row.retries),
    worker: row.worker === null ? null : String(row.worker),
    deadline: tx.dialect.parseOptionalTime(row.deadline) ?? null,
    activationCount: Number(row.activation_count),
    customHeaders: JSON.parse(String(row.custom_headers)),
    scopeKeys: JSON.parse(String(row.scope_keys)),
  };
}

export function toJob(row: JobRow, variables: Record<string, unknown>): Job {
  return {
    key: row.key,
    type: row.type,
    processInstanceKey: row.processInstanceKey,
    processDefinitionKey: row.definitionKey,
    bpmnProcessId: row.bpmnProcessId,
    processDefinitionVersion: row.version,
    elementId: row.elementId,
    elementInstanceKey: row.elementInstanceKey,
    customHeaders: row.customHeaders,
    variables,
    retries: row.retries,
    worker: row.worker ?? '',
    deadline: row.deadline ?? new Date(0),
    activation: String(row.activationCount),
  };
}

function jobNotFound(jobKey: string, reason: string): NotFoundError {
  return new NotFoundError(`job ${jobKey} not found: ${reason}`, {
    field: 'jobKey',
    value: jobKey,
  });
}

/** Reads a job row, optionally locking it; throws NotFoundError when it does not exist. */
export async function readJob(tx: Transaction, jobKey: string, lock = false): Promise<JobRow> {
  const rows = await tx.query(
    `SELECT * FROM engine_job WHERE \`key\` = ?${lock ? tx.dialect.forUpdate : ''}`,
    [jobKey],
  );
  if (rows.length === 0) throw jobNotFound(jobKey, 'it does not exist or has already finished');
  return toJobRow(tx, rows[0]!);
}

/**
 * Checks that a job can be completed, failed or have an error thrown: it is activatable or
 * activated, and `activation`, when given, is the current activation.
 */
export function checkJobOpen(job: JobRow, activation: string | undefined): void {
  if (job.state !== 'ACTIVATABLE' && job.state !== 'ACTIVATED') {
    throw jobNotFound(job.key, `it is ${job.state.toLowerCase()}`);
  }
  if (activation !== undefined && activation !== String(job.activationCount)) {
    throw jobNotFound(
      job.key,
      `activation ${activation} is stale (the job timed out and was activated again)`,
    );
  }
}

/**
 * Reads a job row, locks its root and then runs `after`, in one round trip on MySQL. Throws
 * NotFoundError when the job does not exist. The read does not lock the job row.
 */
export async function lockJobRoot(
  step: Step,
  jobKey: string,
  after: Statement[] = [],
): Promise<{ job: JobRow; after: StatementResult[] }> {
  const result = await step.lockRootOf('engine_job', jobKey, false, after);
  if (!result.row) throw jobNotFound(jobKey, 'it does not exist or has already finished');
  return { job: toJobRow(step.tx, result.row), after: result.after };
}
