import { status as GrpcStatus } from '@grpc/grpc-js';

import {
  parseDocument,
  rejection,
  type FakeCluster,
  type JobRecord,
  type Json,
} from './fake-cluster.js';

export interface ActivationRequest {
  type: string;
  worker: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable: string[];
}

/** A job as the gateway sends it in ActivateJobsResponse, with int64 fields as strings. */
export interface WireJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

/** Rejects the requests the gateway rejects with INVALID_ARGUMENT before they reach a broker. */
export function checkActivation(request: ActivationRequest): void {
  const problems: string[] = [];
  if (!request.type) problems.push('Expected to activate jobs with type, but it was blank');
  if (!request.worker) problems.push('Expected to activate jobs with worker, but it was blank');
  if (Number(request.timeout) < 1)
    problems.push(
      `Expected to activate jobs with timeout greater than zero, but was ${request.timeout}`,
    );
  if (request.maxJobsToActivate < 1) {
    problems.push(
      `Expected to activate jobs with maxJobsToActivate greater than zero, but was ${request.maxJobsToActivate}`,
    );
  }
  if (problems.length > 0)
    throw rejection(GrpcStatus.INVALID_ARGUMENT, 'ACTIVATE', problems.join('; '));
}

/** Activates up to the requested number of jobs of the type, oldest first. */
export function activateJobs(cluster: FakeCluster, request: ActivationRequest): WireJob[] {
  const now = cluster.now();
  const ready = [...cluster.jobs.values()].filter(
    (job) =>
      job.type === request.type &&
      job.activatableAt <= now &&
      (job.state === 'ACTIVATABLE' || (job.state === 'ACTIVATED' && job.deadline <= now)),
  );
  return ready.slice(0, request.maxJobsToActivate).map((job) => {
    job.state = 'ACTIVATED';
    job.worker = request.worker;
    job.deadline = now + Number(request.timeout);
    return toWire(cluster, job, request.fetchVariable);
  });
}

function toWire(cluster: FakeCluster, job: JobRecord, fetchVariable: string[]): WireJob {
  const instance = cluster.instances.get(job.instanceKey);
  if (!instance) throw new Error(`job ${job.key} has no instance`);
  const visible = cluster.visibleVariables(job.element);
  const variables =
    fetchVariable.length === 0
      ? visible
      : Object.fromEntries(
          fetchVariable.filter((name) => name in visible).map((name) => [name, visible[name]]),
        );
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: instance.key,
    bpmnProcessId: instance.definition.bpmnProcessId,
    processDefinitionVersion: instance.definition.version,
    processDefinitionKey: instance.definition.key,
    elementId: job.element.elementId,
    elementInstanceKey: job.element.key,
    customHeaders: JSON.stringify(job.customHeaders),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(variables),
    tenantId: '<default>',
  };
}

function findJob(cluster: FakeCluster, command: string, verb: string, jobKey: string): JobRecord {
  const job = cluster.jobs.get(jobKey);
  if (
    !job ||
    job.state === 'COMPLETED' ||
    job.state === 'CANCELED' ||
    job.state === 'ERROR_THROWN'
  ) {
    throw rejection(
      GrpcStatus.NOT_FOUND,
      command,
      `Expected to ${verb} job with key '${jobKey}', but no such job was found`,
    );
  }
  return job;
}

export function completeJob(cluster: FakeCluster, jobKey: string, variablesText: string): void {
  const variables = parseDocument('COMPLETE', variablesText);
  const job = findJob(cluster, 'COMPLETE', 'complete', jobKey);
  if (job.state === 'FAILED') {
    const reason = `Expected to complete job with key '${jobKey}', but it is in state 'FAILED'`;
    throw rejection(GrpcStatus.FAILED_PRECONDITION, 'COMPLETE', reason);
  }
  job.state = 'COMPLETED';
  cluster.mergeIntoInstance(job.instanceKey, variables);
  cluster.endElement(job.element, 'COMPLETED');
}

function requireActivated(job: JobRecord, command: string, verb: string): void {
  if (job.state !== 'ACTIVATED') {
    const reason = `Expected to ${verb} activated job with key '${job.key}', but it is in state '${job.state}'`;
    throw rejection(GrpcStatus.FAILED_PRECONDITION, command, reason);
  }
}

export interface FailRequest {
  jobKey: string;
  retries: number;
  errorMessage: string;
  retryBackOff: number;
  variables: string;
}

/** With retries left the job waits out its back-off; without, it raises a JOB_NO_RETRIES incident. */
export function failJob(cluster: FakeCluster, request: FailRequest): void {
  const variables = parseDocument('FAIL', request.variables);
  const job = findJob(cluster, 'FAIL', 'fail', request.jobKey);
  requireActivated(job, 'FAIL', 'fail');
  Object.assign(job.element.variables, variables);
  job.retries = request.retries;
  job.errorMessage = request.errorMessage;
  if (request.retries > 0) {
    job.state = 'ACTIVATABLE';
    job.activatableAt = cluster.now() + Number(request.retryBackOff);
    cluster.notifyJobs();
    return;
  }
  job.state = 'FAILED';
  cluster.raiseIncident(
    job.element,
    'JOB_NO_RETRIES',
    request.errorMessage || 'No more retries left.',
    job.key,
  );
}

/** Throws a BPMN error: a caught code ends the task, and any other code raises an incident. */
export function throwError(
  cluster: FakeCluster,
  jobKey: string,
  errorCode: string,
  errorMessage: string,
  variablesText: string,
): void {
  const variables: Json = parseDocument('THROW_ERROR', variablesText);
  const job = findJob(cluster, 'THROW_ERROR', 'throw an error for', jobKey);
  requireActivated(job, 'THROW_ERROR', 'throw an error for');
  job.state = 'ERROR_THROWN';
  if (job.catches.includes(errorCode)) {
    cluster.mergeIntoInstance(job.instanceKey, variables);
    cluster.endElement(job.element, 'TERMINATED');
    return;
  }
  const message = `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`;
  cluster.raiseIncident(job.element, 'UNHANDLED_ERROR_EVENT', message, job.key);
}

export function updateJobRetries(cluster: FakeCluster, jobKey: string, retries: number): void {
  const job = findJob(cluster, 'UPDATE_RETRIES', 'update retries of', jobKey);
  if (retries < 1) {
    const reason = `Expected retries to be greater than zero, but it was ${retries}`;
    throw rejection(GrpcStatus.INVALID_ARGUMENT, 'UPDATE_RETRIES', reason);
  }
  job.retries = retries;
}

/**
 * Resolves an incident. A failed job becomes activatable when it has retries again. If it still has
 * none, the fake raises a new incident at once, so callers must update the retries first.
 */
export function resolveIncident(cluster: FakeCluster, incidentKey: string): void {
  const incident = cluster.incidents.get(incidentKey);
  if (!incident || incident.state !== 'ACTIVE') {
    const reason = `Expected to resolve incident with key '${incidentKey}', but no such incident was found`;
    throw rejection(GrpcStatus.NOT_FOUND, 'RESOLVE', reason);
  }
  incident.state = 'RESOLVED';
  incident.element.incidentKey = undefined;
  const job = incident.jobKey ? cluster.jobs.get(incident.jobKey) : undefined;
  if (!job || job.state !== 'FAILED') return;
  if (job.retries > 0) {
    job.state = 'ACTIVATABLE';
    cluster.notifyJobs();
    return;
  }
  cluster.raiseIncident(job.element, incident.errorType, incident.errorMessage, job.key);
}
