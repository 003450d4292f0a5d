import type { Element } from '../model/types.js';
import type { ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { evaluate, scopeChain, visibleVariables } from './variables.js';

const defaultRetries = 3;

export interface JobSpec {
  type: string;
  retries: number;
  headers: Record<string, string>;
}

/** Evaluates a task's job definition: type, retries and custom headers. */
export async function evaluateJobSpec(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<JobSpec> {
  const job = element.job;
  if (!job) throw new Error(`element ${element.id} has no job definition`);
  const dynamic = job.type.kind === 'feel' || job.retries.kind === 'feel';
  const context = dynamic ? await visibleVariables(step, row.key) : {};
  const type = String(evaluate(step, job.type, context));
  const retries = Number(evaluate(step, job.retries, context) ?? defaultRetries);
  return {
    type,
    retries: Number.isFinite(retries) ? retries : defaultRetries,
    headers: job.headers,
  };
}

/** Creates an activatable job for an element instance and wakes waiting workers after commit. */
export async function createJob(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
  spec?: JobSpec,
): Promise<string> {
  const job = spec ?? (await evaluateJobSpec(step, row, element));
  const instance = step.processInstance(row.processInstanceKey);
  const key = await step.newKey();
  step.insert('engine_job', {
    key,
    type: job.type,
    state: 'ACTIVATABLE',
    available_at: step.dialect.time(step.now),
    element_instance_key: row.key,
    process_instance_key: instance.key,
    root_key: instance.rootKey,
    definition_key: instance.definitionKey,
    bpmn_process_id: instance.bpmnProcessId,
    version: instance.version,
    element_id: row.elementId,
    retries: job.retries,
    worker: null,
    deadline: null,
    activation_count: 0,
    custom_headers: JSON.stringify(job.headers),
    scope_keys: JSON.stringify(scopeChain(step, row.key)),
    error_message: null,
    created_at: step.dialect.time(step.now),
  });
  step.afterCommit.push(() => step.engine.notifyJobs(job.type));
  return key;
}
