import type { DefinitionRow } from '../definitions.js';
import type { ProcessModel } from '../model/types.js';
import { completeElement } from './completion.js';
import { subscribeEventSubProcesses } from './events.js';
import type { ElementInstanceRow, ProcessInstanceRow } from './state.js';
import type { Step } from './step.js';
import { setLocalVariables } from './variables.js';

export interface StartOptions {
  variables?: Record<string, unknown>;
  /** A message or timer start event; the none start event when absent. */
  startEventId?: string;
  /** The call activity instance that starts this instance as a child. */
  parent?: ElementInstanceRow;
}

/** Creates a process instance and queues the activation of its start event. */
export async function startProcessInstance(
  step: Step,
  definition: DefinitionRow,
  model: ProcessModel,
  options: StartOptions = {},
): Promise<ProcessInstanceRow> {
  const startEventId = options.startEventId ?? model.scopes[model.bpmnProcessId]?.noneStartEventId;
  if (!startEventId) {
    throw new Error(`process ${model.bpmnProcessId} has no none start event to start it with`);
  }
  const key = await step.newKey();
  const instance: ProcessInstanceRow = {
    key,
    rootKey: options.parent?.rootKey ?? key,
    definitionKey: definition.key,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    state: 'ACTIVE',
    parentElementInstanceKey: options.parent?.key ?? null,
    parentProcessInstanceKey: options.parent?.processInstanceKey ?? null,
    createdAt: step.now,
    endedAt: null,
    isNew: true,
    dirty: false,
    model,
  };
  step.addProcessInstance(instance);
  await setLocalVariables(step, key, options.variables ?? {});
  await subscribeEventSubProcesses(step, key, model.bpmnProcessId, key);
  step.agenda.push({
    type: 'activate',
    elementId: startEventId,
    flowScopeKey: key,
    processInstanceKey: key,
  });
  return instance;
}

/** Completes a process instance; a child instance then completes its call activity. */
export async function completeProcessInstance(
  step: Step,
  instance: ProcessInstanceRow,
): Promise<void> {
  instance.state = 'COMPLETED';
  instance.endedAt = step.now;
  instance.dirty = true;
  const fields = {
    processInstanceKey: instance.key,
    bpmnProcessId: instance.bpmnProcessId,
    version: instance.version,
  };
  step.afterCommit.push(() => step.engine.logger.info(fields, 'process instance completed'));
  const parent = instance.parentElementInstanceKey;
  const callActivity = parent === null ? undefined : step.elements.get(parent);
  if (!callActivity || callActivity.state !== 'ACTIVE') return;
  const element = step.elementOf(callActivity);
  await step.loadScopes([instance.key]);
  const childVariables = Object.fromEntries(step.variables.get(instance.key)!);
  const propagateAll = element.calledElement?.propagateAllChildVariables !== false;
  const handOver = propagateAll || element.outputs.length > 0 ? childVariables : undefined;
  await completeElement(step, callActivity, handOver);
}
