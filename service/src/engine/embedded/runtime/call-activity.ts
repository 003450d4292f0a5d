import { findDefinition } from '../definitions.js';
import type { Element } from '../model/types.js';
import { startProcessInstance } from './instances.js';
import { IncidentSignal, type ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { evaluate, visibleVariables } from './variables.js';

/**
 * Starts the latest version of the called process as a child instance. The child gets every
 * visible variable, or only the call activity's input mappings when
 * `propagateAllParentVariables` is false. An unknown process raises an incident.
 */
export async function activateCallActivity(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const called = element.calledElement;
  if (!called) throw new Error(`call activity ${element.id} has no called element`);
  const visible = await visibleVariables(step, row.key);
  const processId = String(evaluate(step, called.processId, visible));
  const definition = await findDefinition(step.tx, processId);
  if (!definition) {
    throw new IncidentSignal(
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
    );
  }
  const { model } = await step.engine.definitions.get(step.tx, definition.key);
  const variables = called.propagateAllParentVariables
    ? visible
    : Object.fromEntries(step.variables.get(row.key) ?? []);
  await startProcessInstance(step, definition, model, { variables, parent: row });
}
