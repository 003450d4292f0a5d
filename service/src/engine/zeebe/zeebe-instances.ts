import type { Zeebe } from '@camunda8/sdk';

import { ValidationError } from '../../errors/index.js';
import type {
  CreatedInstance,
  CreateInstanceRequest,
  PublishedMessage,
  PublishMessageRequest,
} from '../port.js';
import { callZeebe } from './zeebe-errors.js';
import { requireVariables } from './zeebe-jobs.js';

/** Starts an instance of the latest version, or of `version` when given. */
export async function createInstance(
  grpc: Zeebe.ZeebeGrpcClient,
  request: CreateInstanceRequest,
): Promise<CreatedInstance> {
  if (!request.bpmnProcessId) {
    throw new ValidationError('bpmnProcessId is missing', { field: 'bpmnProcessId' });
  }
  if (
    request.version !== undefined &&
    (!Number.isInteger(request.version) || request.version < 1)
  ) {
    throw new ValidationError(
      `version ${request.version} is invalid: expected a deployed version of 1 or more`,
      {
        field: 'version',
        value: request.version,
      },
    );
  }
  const variables = requireVariables(request.variables);
  const context = {
    operation: 'createInstance',
    details: { bpmnProcessId: request.bpmnProcessId },
  };
  const created = await callZeebe(context, () =>
    grpc.createProcessInstance({
      bpmnProcessId: request.bpmnProcessId,
      version: request.version ?? -1,
      variables,
    }),
  );
  return {
    processInstanceKey: String(created.processInstanceKey),
    processDefinitionKey: String(created.processDefinitionKey),
    bpmnProcessId: created.bpmnProcessId,
    version: Number(created.version),
  };
}

/** Publishes a message; Zeebe rejects a message id that is still buffered (ALREADY_EXISTS). */
export async function publishMessage(
  grpc: Zeebe.ZeebeGrpcClient,
  request: PublishMessageRequest,
): Promise<PublishedMessage> {
  if (!request.name) throw new ValidationError('Message name is missing', { field: 'name' });
  if (!Number.isInteger(request.timeToLiveMs) || request.timeToLiveMs < 0) {
    throw new ValidationError(
      `timeToLiveMs ${request.timeToLiveMs} is invalid: expected milliseconds of 0 or more`,
      {
        field: 'timeToLiveMs',
        value: request.timeToLiveMs,
      },
    );
  }
  const variables = requireVariables(request.variables);
  const context = {
    operation: 'publishMessage',
    details: { name: request.name, messageId: request.messageId },
  };
  const published = await callZeebe(context, () =>
    grpc.publishMessage({
      name: request.name,
      correlationKey: request.correlationKey ?? '',
      timeToLive: request.timeToLiveMs,
      messageId: request.messageId ?? '',
      variables,
    }),
  );
  return { messageKey: String(published.key) };
}
