import type { Request } from 'express';
import type { DeployResource, DeploymentResult } from '../engine/index.js';
import { readProcessIdentity } from './bpmn-process.js';
import { assertDeployable, type DeploymentProblem } from './deploy-check.js';
import type { ModelerDependencies } from './modeler-dependencies.js';
import { ModelDraftsService } from './model-drafts.service.js';

/** The checks around `POST /api/deployments`: lint before the engine deploys, deployer after. */
export interface DeploymentGuard {
  /** Lints the files and returns the warnings. Throws a 400 ValidationError listing each error. */
  check(resources: DeployResource[]): Promise<DeploymentProblem[]>;
  /** Stores each deployed file with the logged-in user as its deployer. */
  record(req: Request, resources: DeployResource[], deployment: DeploymentResult): Promise<void>;
}

/** Returns the logged-in user's name, or `unknown` when the service runs without login. */
export function requestUserName(req: Request): string {
  return req.user?.username ?? 'unknown';
}

/**
 * Creates the guard that applies the modeler's lint rules to uploaded deployments and records
 * their deployer, so that uploads and modeler deployments follow the same rules and history.
 */
export function createDeploymentGuard(deps: ModelerDependencies): DeploymentGuard {
  const drafts = new ModelDraftsService(deps.dataSource, deps.now);
  const currentUser = deps.currentUser ?? requestUserName;
  return {
    check: async (resources) => assertDeployable(resources, await deps.registeredJobTypes()),
    record: async (req, resources, deployment) => {
      const deployedBy = currentUser(req);
      for (const process of deployment.processes) {
        const resource = resources.find((r) => r.name === process.resourceName);
        if (!resource) continue;
        const xml = resource.content.toString();
        const identity = await readProcessIdentity(xml);
        const name = identity.bpmnProcessId === process.bpmnProcessId ? identity.name : null;
        await drafts.recordUpload(
          xml,
          { bpmnProcessId: process.bpmnProcessId, name },
          {
            processDefinitionKey: process.processDefinitionKey,
            processVersion: process.version,
            deployedBy,
          },
        );
      }
    },
  };
}
