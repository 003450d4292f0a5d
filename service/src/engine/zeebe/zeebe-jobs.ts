import type { Zeebe } from '@camunda8/sdk';

import { ValidationError } from '../../errors/index.js';
import type {
  ActivateJobsRequest,
  CompleteJobRequest,
  FailJobRequest,
  Job,
  ThrowErrorRequest,
  Variables,
} from '../port.js';
import { callZeebe, requireKey } from './zeebe-errors.js';
import { toJob, type SdkActivatedJob } from './zeebe-mappers.js';

export async function activateJobs(
  grpc: Zeebe.ZeebeGrpcClient,
  request: ActivateJobsRequest,
): Promise<Job[]> {
  validateActivateRequest(request);
  const context = { operation: 'activateJobs', details: { type: request.type } };
  const jobs = await callZeebe(context, () => grpc.activateJobs(toActivateRequest(request)));
  // NOTE: Zeebe does not tie a completion to one activation, so `activation` stays unset. A worker
  // whose activation timed out can still complete the job if no other worker did so first.
  return jobs.map((job) => toJob(job as unknown as SdkActivatedJob));
}

export async function completeJob(
  grpc: Zeebe.ZeebeGrpcClient,
  request: CompleteJobRequest,
): Promise<void> {
  const jobKey = requireKey(request.jobKey, 'jobKey');
  const variables = requireVariables(request.variables);
  await callZeebe({ operation: 'completeJob', details: { jobKey } }, () =>
    grpc.completeJob({ jobKey, variables }),
  );
}

export async function failJob(grpc: Zeebe.ZeebeGrpcClient, request: FailJobRequest): Promise<void> {
  const jobKey = requireKey(request.jobKey, 'jobKey');
  if (!Number.isInteger(request.retries) || request.retries < 0) {
    throw new ValidationError(
      `retries ${request.retries} is invalid: expected an integer of 0 or more`,
      { field: 'retries', value: request.retries },
    );
  }
  const variables = requireVariables(request.variables);
  await callZeebe({ operation: 'failJob', details: { jobKey } }, () =>
    grpc.failJob({
      jobKey,
      retries: request.retries,
      errorMessage: request.errorMessage,
      retryBackOff: request.retryBackoffMs ?? 0,
      variables,
    }),
  );
}

export async function throwError(
  grpc: Zeebe.ZeebeGrpcClient,
  request: ThrowErrorRequest,
): Promise<void> {
  const jobKey = requireKey(request.jobKey, 'jobKey');
  if (!request.errorCode) {
    throw new ValidationError('errorCode is missing', { field: 'errorCode' });
  }
  const variables = requireVariables(request.variables);
  const context = { operation: 'throwError', details: { jobKey, errorCode: request.errorCode } };
  await callZeebe(context, () =>
    grpc.throwError({
      jobKey,
      errorCode: request.errorCode,
      errorMessage: request.errorMessage ?? '',
      variables,
    }),
  );
}

/** Checks the request before it reaches the gateway, which rejects the same cases less clearly. */
export function validateActivateRequest(request: ActivateJobsRequest): void {
  for (const field of ['type', 'worker'] as const) {
    if (typeof request[field] !== 'string' || request[field].trim() === '') {
      throw new ValidationError(`${field} is missing; give the job ${field}`, {
        field,
        value: request[field],
      });
    }
  }
  for (const field of ['timeoutMs', 'maxJobs'] as const) {
    if (!Number.isInteger(request[field]) || request[field] < 1) {
      throw new ValidationError(
        `${field} ${request[field]} is invalid: expected an integer of 1 or more`,
        {
          field,
          value: request[field],
        },
      );
    }
  }
  const wait = request.requestTimeoutMs;
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0)) {
    throw new ValidationError(
      `requestTimeoutMs ${wait} is invalid: expected milliseconds of 0 or more`,
      {
        field: 'requestTimeoutMs',
        value: wait,
      },
    );
  }
}

/**
 * Builds the gRPC ActivateJobs request. Without `requestTimeoutMs`, or with 0, the gateway returns
 * at once (requestTimeout -1). A positive value lets it keep the request open (long polling)
 * until a job appears or the time is up.
 */
export function toActivateRequest(request: ActivateJobsRequest) {
  const wait = request.requestTimeoutMs ?? 0;
  return {
    type: request.type,
    worker: request.worker,
    timeout: request.timeoutMs,
    maxJobsToActivate: request.maxJobs,
    fetchVariable: request.fetchVariables ?? [],
    requestTimeout: wait > 0 ? wait : -1,
  };
}

type SdkJson = string | number | boolean | SdkJson[] | SdkJsonDocument;

/** The variables type the SDK declares; it leaves out null, although it serializes null fine. */
export interface SdkJsonDocument {
  [key: string]: SdkJson;
}

/** Zeebe takes variables as a JSON object document; anything else is rejected here. */
export function requireVariables(variables: Variables | undefined): SdkJsonDocument {
  if (variables === undefined) return {};
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new ValidationError('variables are invalid: expected a JSON object', {
      field: 'variables',
      value: variables,
    });
  }
  return variables as SdkJsonDocument;
}
