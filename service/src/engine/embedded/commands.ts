import { NotFoundError, ValidationError } from '../../errors/index.js';
import type { CreateInstanceRequest, CreatedInstance, Variables } from '../port.js';
import type { EngineContext } from './context.js';
import { findDefinition } from './definitions.js';
import { startProcessInstance } from './runtime/instances.js';
import { runStep } from './runtime/run-step.js';
import { terminateProcessInstance } from './runtime/terminate.js';
import { propagateVariables, setLocalVariables } from './runtime/variables.js';
import type { Transaction } from './store/database.js';
import { checkVariables } from './variable-limits.js';

export async function createInstance(
  context: EngineContext,
  request: CreateInstanceRequest,
): Promise<CreatedInstance> {
  checkVariables(context, request.variables, 'variables');
  return runStep(context, 'createInstance', async (step) => {
    const definition = await findDefinition(step.tx, request.bpmnProcessId, request.version);
    if (!definition) {
      const which = request.version === undefined ? '' : ` version ${request.version}`;
      throw new NotFoundError(
        `process '${request.bpmnProcessId}'${which} is not deployed: deploy it first`,
        { field: 'bpmnProcessId', value: request.bpmnProcessId },
      );
    }
    const { model } = await context.definitions.get(step.tx, definition.key);
    if (!model.scopes[model.bpmnProcessId]?.noneStartEventId) {
      throw new ValidationError(
        `process '${request.bpmnProcessId}' has no none start event: start it with a message or timer`,
        { field: 'bpmnProcessId', value: request.bpmnProcessId },
      );
    }
    const instance = await startProcessInstance(step, definition, model, {
      variables: request.variables ?? {},
    });
    return {
      processInstanceKey: instance.key,
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
    };
  });
}

async function rootOf(tx: Transaction, key: string): Promise<string> {
  const instances = await tx.query<{ root_key: unknown }>(
    'SELECT root_key FROM engine_process_instance WHERE `key` = ?',
    [key],
  );
  if (instances[0]) return String(instances[0].root_key);
  const elements = await tx.query<{ root_key: unknown }>(
    "SELECT root_key FROM engine_element_instance WHERE `key` = ? AND state = 'ACTIVE'",
    [key],
  );
  if (elements[0]) return String(elements[0].root_key);
  throw new NotFoundError(`no active process or element instance has the key ${key}`, {
    field: 'key',
    value: key,
  });
}

/** Cancels a root process instance and everything in it, child process instances included. */
export async function cancelInstance(context: EngineContext, key: string): Promise<void> {
  await runStep(context, 'cancelInstance', async (step) => {
    const rootKey = await rootOf(step.tx, key);
    await step.lockRoot(rootKey);
    const instance = step.processInstances.get(key);
    if (!instance || instance.state !== 'ACTIVE') {
      throw new NotFoundError(`process instance ${key} not found or no longer active`, {
        field: 'processInstanceKey',
        value: key,
      });
    }
    if (instance.parentElementInstanceKey !== null) {
      throw new ValidationError(
        `process instance ${key} was started by a call activity: cancel its root instance ${rootKey}`,
        { field: 'processInstanceKey', value: key },
      );
    }
    terminateProcessInstance(step, instance);
    const fields = { processInstanceKey: key, bpmnProcessId: instance.bpmnProcessId };
    step.afterCommit.push(() => context.logger.info(fields, 'process instance canceled'));
  });
}

/** Sets variables on a scope: locally, or on the nearest scope that has each (else the root). */
export async function setVariables(
  context: EngineContext,
  scopeKey: string,
  variables: Variables,
  options: { local?: boolean } = {},
): Promise<void> {
  checkVariables(context, variables, 'variables');
  await runStep(context, 'setVariables', async (step) => {
    await step.lockRoot(await rootOf(step.tx, scopeKey));
    const active =
      step.elements.get(scopeKey)?.state === 'ACTIVE' ||
      step.processInstances.get(scopeKey)?.state === 'ACTIVE';
    if (!active) {
      throw new NotFoundError(`scope ${scopeKey} is not active`, {
        field: 'scopeKey',
        value: scopeKey,
      });
    }
    if (options.local) await setLocalVariables(step, scopeKey, variables);
    else await propagateVariables(step, scopeKey, variables);
  });
}
