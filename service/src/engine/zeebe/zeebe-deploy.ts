import type { Zeebe } from '@camunda8/sdk';

import { ValidationError } from '../../errors/index.js';
import type { DeployedProcess, DeploymentResult, DeployResource } from '../port.js';
import { callZeebe } from './zeebe-errors.js';

type SdkResource =
  | { process: Buffer; name: string }
  | { decision: Buffer; name: string }
  | { form: Buffer; name: string };

interface SdkDeployment {
  process?: {
    bpmnProcessId: string;
    version: number;
    processDefinitionKey: string;
    resourceName: string;
  };
}

/**
 * Deploys all resources in one DeployResource call, so Zeebe accepts or rejects them together.
 * A rejection keeps the broker's message, which names the file and the element at fault.
 */
export async function deployResources(
  grpc: Zeebe.ZeebeGrpcClient,
  resources: DeployResource[],
  tenantId: string,
): Promise<DeploymentResult> {
  const sdkResources = resources.map(toSdkResource);
  if (sdkResources.length === 0) {
    throw new ValidationError('No resources to deploy; pass at least one BPMN file', {
      field: 'resources',
      value: [],
    });
  }
  const names = resources.map((resource) => resource.name);
  const response = await callZeebe({ operation: 'deploy', details: { resources: names } }, () =>
    grpc.deployResources(sdkResources as Parameters<typeof grpc.deployResources>[0], tenantId),
  );
  const processes: DeployedProcess[] = [];
  for (const deployment of response.deployments as SdkDeployment[]) {
    if (!deployment.process) continue;
    processes.push({
      bpmnProcessId: deployment.process.bpmnProcessId,
      version: Number(deployment.process.version),
      processDefinitionKey: String(deployment.process.processDefinitionKey),
      resourceName: deployment.process.resourceName,
    });
  }
  return { deploymentKey: String(response.key), processes };
}

function toSdkResource(resource: DeployResource, index: number): SdkResource {
  if (!resource || typeof resource.name !== 'string' || resource.name.trim() === '') {
    throw new ValidationError(`Resource ${index} has no file name; give each resource a name`, {
      field: `resources[${index}].name`,
      value: resource?.name,
    });
  }
  const { name } = resource;
  const content =
    typeof resource.content === 'string' ? Buffer.from(resource.content, 'utf8') : resource.content;
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw new ValidationError(`Resource ${name} is empty; pass the file content`, {
      field: `resources[${index}].content`,
      value: name,
    });
  }
  const lower = name.toLowerCase();
  if (lower.endsWith('.dmn')) return { decision: content, name };
  if (lower.endsWith('.form')) return { form: content, name };
  return { process: content, name };
}
