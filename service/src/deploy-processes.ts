import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DeployResource, DeploymentResult, EnginePort } from './engine/index.js';
import { isDocrouteError } from './errors/index.js';

/** Reads every `.bpmn` file directly inside `folder`, sorted by name; none when it is missing. */
export async function readProcessFiles(folder: string): Promise<DeployResource[] | undefined> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const bpmnNames = names.filter((name) => name.toLowerCase().endsWith('.bpmn')).sort();
  return Promise.all(
    bpmnNames.map(async (name) => ({ name, content: await readFile(join(folder, name)) })),
  );
}

/**
 * Deploys every `.bpmn` file in `folder` as one deployment and logs each process id with its
 * version. `check` runs on the files first and throws to stop the deployment. A rejected
 * deployment is logged with the problems and re-thrown, because the service must not start on
 * process models it cannot run.
 */
export async function deployProcessFolder(
  engine: EnginePort,
  folder: string,
  logger: Logger,
  check?: (resources: DeployResource[]) => Promise<unknown>,
): Promise<DeploymentResult | undefined> {
  const resources = await readProcessFiles(folder);
  if (resources === undefined) {
    logger.warn({ folder }, 'processes folder not found; nothing deployed');
    return undefined;
  }
  if (resources.length === 0) {
    logger.info({ folder }, 'no .bpmn files in the processes folder; nothing deployed');
    return undefined;
  }
  let deployment: DeploymentResult;
  try {
    await check?.(resources);
    deployment = await engine.deploy(resources);
  } catch (error) {
    const problems = isDocrouteError(error) ? error.details.problems : undefined;
    logger.error(
      { err: error, folder, files: resources.map((r) => r.name), problems },
      'process deployment rejected',
    );
    throw error;
  }
  for (const process of deployment.processes) {
    logger.info(
      {
        bpmnProcessId: process.bpmnProcessId,
        version: process.version,
        resourceName: process.resourceName,
        processDefinitionKey: process.processDefinitionKey,
      },
      'process deployed',
    );
  }
  return deployment;
}
