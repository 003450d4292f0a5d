import { NotFoundError, ValidationError } from '../../errors/index.js';
import type {
  ActivateJobsRequest,
  CompleteJobRequest,
  FailJobRequest,
  Job,
  ThrowErrorRequest,
} from '../port.js';
import type { EngineContext } from './context.js';
import { checkJobOpen, lockJobRoot, readJob, toJob, toJobRow, type JobRow } from './job-rows.js';
import { completeElement } from './runtime/completion.js';
import { raiseIncident } from './runtime/incidents.js';
import { runStep } from './runtime/run-step.js';
import type { Step } from './runtime/step.js';
import { throwBpmnError } from './runtime/throw.js';
import { jobBasedUserTaskType } from './runtime/user-tasks.js';
import { setLocalVariables } from './runtime/variables.js';
import { completeJobBasedUserTask } from './user-tasks.js';
import { placeholders } from './store/dialect.js';
import type { Statement, Transaction } from './store/database.js';
import { checkVariables } from './variable-limits.js';

const openStates = "state IN ('ACTIVATABLE', 'ACTIVATED')";

/** Claims up to `maxJobs` activatable or timed-out jobs of a type for one worker. */
async function claimJobs(context: EngineContext, request: ActivateJobsRequest): Promise<JobRow[]> {
  return context.database.transaction(async (tx) => {
    const now = context.clock.now();
    const deadline = new Date(now.getTime() + request.timeoutMs);
    const candidates = await tx.query<{ key: unknown }>(
      `SELECT \`key\` FROM engine_job WHERE type = ? AND ${openStates} AND available_at <= ?` +
        ` ORDER BY available_at, \`key\` LIMIT ?${tx.dialect.forUpdateSkipLocked}`,
      [request.type, tx.dialect.time(now), request.maxJobs],
    );
    if (candidates.length === 0) return [];
    const keys = candidates.map((row) => String(row.key));
    // The SELECT below reads back exactly the rows that this UPDATE changed.
    await tx.executeLater(
      "UPDATE engine_job SET state = 'ACTIVATED', worker = ?, deadline = ?, available_at = ?," +
        ` activation_count = activation_count + 1 WHERE \`key\` IN (${placeholders(keys.length)})` +
        ` AND ${openStates} AND available_at <= ?`,
      [
        request.worker,
        tx.dialect.time(deadline),
        tx.dialect.time(deadline),
        ...keys,
        tx.dialect.time(now),
      ],
    );
    const rows = await tx.query(
      `SELECT * FROM engine_job WHERE \`key\` IN (${placeholders(keys.length)}) AND worker = ? AND deadline = ?`,
      [...keys, request.worker, tx.dialect.time(deadline)],
    );
    return rows.map((row) => toJobRow(tx, row));
  });
}

/** Reads the variables visible to each job (inner scopes win), limited to `fetch` when given. */
async function jobVariables(tx: Transaction, jobs: JobRow[], fetch?: string[]) {
  const scopeKeys = [...new Set(jobs.flatMap((job) => job.scopeKeys))];
  const rows = await tx.query<{ scope_key: unknown; name: string; value: string }>(
    `SELECT scope_key, name, value FROM engine_variable WHERE scope_key IN (${placeholders(scopeKeys.length)})` +
      (fetch && fetch.length > 0 ? ` AND name IN (${placeholders(fetch.length)})` : ''),
    [...scopeKeys, ...(fetch && fetch.length > 0 ? fetch : [])],
  );
  const byScope = new Map<string, Array<[string, string]>>();
  for (const row of rows) {
    const key = String(row.scope_key);
    byScope.set(key, [...(byScope.get(key) ?? []), [row.name, row.value]]);
  }
  return jobs.map((job) => {
    const variables: Record<string, unknown> = {};
    for (const scopeKey of [...job.scopeKeys].reverse()) {
      for (const [name, value] of byScope.get(scopeKey) ?? []) variables[name] = JSON.parse(value);
    }
    return variables;
  });
}

function checkActivation(request: ActivateJobsRequest): void {
  const positive: Array<[keyof ActivateJobsRequest, unknown]> = [
    ['maxJobs', request.maxJobs],
    ['timeoutMs', request.timeoutMs],
  ];
  for (const [field, value] of positive) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ValidationError(
        `${field} ${String(value)} is invalid: use a whole number of at least 1`,
        {
          field,
          value,
        },
      );
    }
  }
  if (!request.type) throw new ValidationError('job type is missing', { field: 'type' });
}

/** Activates jobs, waiting up to `requestTimeoutMs` for one to appear. */
export async function activateJobs(
  context: EngineContext,
  request: ActivateJobsRequest,
  waitForJobs: (type: string, ms: number) => Promise<void>,
): Promise<Job[]> {
  checkActivation(request);
  const giveUpAt = Date.now() + (request.requestTimeoutMs ?? 0);
  for (;;) {
    const claimed = await claimJobs(context, request);
    if (claimed.length > 0) {
      const variables = await context.database.read((tx) =>
        jobVariables(tx, claimed, request.fetchVariables),
      );
      return claimed.map((row, index) => toJob(row, variables[index]!));
    }
    const remaining = giveUpAt - Date.now();
    if (remaining <= 0) return [];
    await waitForJobs(request.type, Math.min(remaining, context.options.pollIntervalMs));
  }
}

/**
 * Builds the DELETE of a job that is still open (and at `activation`, when given). It runs under
 * the root lock. An `activation` that is not a number is checked against the job first.
 */
async function deleteOpenJob(
  tx: Transaction,
  jobKey: string,
  activation: string | undefined,
): Promise<Statement> {
  if (activation !== undefined && !/^[0-9]+$/.test(activation)) {
    checkJobOpen(await readJob(tx, jobKey), activation);
  }
  const byActivation = activation === undefined ? '' : ' AND activation_count = ?';
  return [
    `DELETE FROM engine_job WHERE \`key\` = ? AND ${openStates}${byActivation}`,
    activation === undefined ? [jobKey] : [jobKey, Number(activation)],
  ];
}

/** Checks that the DELETE of `deleteOpenJob` removed the job, re-reading it to report why not. */
async function checkJobTaken(
  step: Step,
  job: JobRow,
  activation: string | undefined,
  deleted: number,
): Promise<void> {
  if (deleted === 1) return;
  checkJobOpen(await readJob(step.tx, job.key), activation);
  throw new NotFoundError(`job ${job.key} not found: it changed while completing`, {
    field: 'jobKey',
    value: job.key,
  });
}

export async function completeJob(
  context: EngineContext,
  request: CompleteJobRequest,
): Promise<void> {
  checkVariables(context, request.variables, 'variables');
  await runStep(context, 'completeJob', async (step) => {
    const remove = await deleteOpenJob(step.tx, request.jobKey, request.activation);
    const { job, after } = await lockJobRoot(step, request.jobKey, [remove]);
    await checkJobTaken(step, job, request.activation, after[0]!.affected);
    if (job.type === jobBasedUserTaskType) {
      await completeJobBasedUserTask(step, job.key, request.variables ?? {});
    }
    await completeElement(step, step.element(job.elementInstanceKey), request.variables);
  });
}

export async function failJob(context: EngineContext, request: FailJobRequest): Promise<void> {
  checkVariables(context, request.variables, 'variables');
  await runStep(context, 'failJob', async (step) => {
    await lockJobRoot(step, request.jobKey);
    const job = await readJob(step.tx, request.jobKey, true);
    checkJobOpen(job, request.activation);
    const row = step.element(job.elementInstanceKey);
    if (request.variables) await setLocalVariables(step, row.key, request.variables);
    const retries = Math.max(0, request.retries);
    const availableAt = new Date(step.now.getTime() + (request.retryBackoffMs ?? 0));
    step.execute(
      'UPDATE engine_job SET state = ?, retries = ?, available_at = ?, worker = NULL, deadline = NULL, error_message = ? WHERE `key` = ?',
      [
        retries > 0 ? 'ACTIVATABLE' : 'FAILED',
        retries,
        step.dialect.time(availableAt),
        request.errorMessage,
        job.key,
      ],
    );
    const fields = {
      jobKey: job.key,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      retries,
      errorMessage: request.errorMessage,
    };
    if (retries > 0) {
      step.afterCommit.push(() => context.logger.warn(fields, 'job failed; it will be retried'));
      return;
    }
    const message = request.errorMessage || 'No more retries left.';
    await raiseIncident(step, row, 'JOB_NO_RETRIES', message, 'job', job.key);
  });
}

export async function throwJobError(
  context: EngineContext,
  request: ThrowErrorRequest,
): Promise<void> {
  checkVariables(context, request.variables, 'variables');
  await runStep(context, 'throwError', async (step) => {
    await lockJobRoot(step, request.jobKey);
    const job = await readJob(step.tx, request.jobKey, true);
    checkJobOpen(job, request.activation);
    const row = step.element(job.elementInstanceKey);
    const variables = request.variables ?? {};
    if (await throwBpmnError(step, row, request.errorCode, request.errorMessage, variables)) {
      step.deleteWhere('engine_job', '`key`', job.key);
      return;
    }
    step.execute(
      "UPDATE engine_job SET state = 'ERROR_THROWN', error_message = ? WHERE `key` = ?",
      [request.errorMessage ?? null, job.key],
    );
    const message =
      `Expected to throw an error event with the code '${request.errorCode}'` +
      `${request.errorMessage ? ` with message '${request.errorMessage}'` : ''}, but it was not caught.`;
    await raiseIncident(step, row, 'UNHANDLED_ERROR_EVENT', message, 'job', job.key);
  });
}
