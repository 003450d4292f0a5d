import { raiseIncident } from './incidents.js';
import { innerInstanceCompleted, isInnerInstance } from './multi-instance.js';
import { IncidentSignal, type ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import {
  evaluateMappings,
  propagateVariables,
  setLocalVariables,
  visibleVariables,
} from './variables.js';

/** Flows chosen by an exclusive or inclusive gateway, kept until the gateway leaves. */
const chosenFlows = new WeakMap<Step, Map<string, string[]>>();

export function setChosenFlows(step: Step, elementInstanceKey: string, flowIds: string[]): void {
  let chosen = chosenFlows.get(step);
  if (!chosen) {
    chosen = new Map();
    chosenFlows.set(step, chosen);
  }
  chosen.set(elementInstanceKey, flowIds);
}

/**
 * Completes an element instance: merges `variables` (from a job, message or child process),
 * applies output mappings, and leaves through the outgoing flows. A failed output mapping
 * raises an incident, and resolving it runs the completion again.
 */
export async function completeElement(
  step: Step,
  row: ElementInstanceRow,
  variables?: Record<string, unknown>,
): Promise<void> {
  if (row.state !== 'ACTIVE') return;
  const element = step.elementOf(row);
  const mapsOutputs = element.outputs.length > 0 && row.elementType !== 'multiInstanceBody';
  try {
    if (variables && Object.keys(variables).length > 0) {
      if (mapsOutputs) await setLocalVariables(step, row.key, variables);
      else await propagateVariables(step, row.key, variables);
    }
    if (mapsOutputs) {
      const context = await visibleVariables(step, row.key);
      const outputs = evaluateMappings(step, element.outputs, context);
      await propagateVariables(step, row.flowScopeKey, outputs);
    }
    if (isInnerInstance(step, row)) {
      await innerInstanceCompleted(step, row);
      return;
    }
  } catch (error) {
    if (!(error instanceof IncidentSignal)) throw error;
    await raiseIncident(step, row, error.errorType, error.message, 'complete');
    return;
  }
  step.endElement(row, 'COMPLETED');
  leaveElement(step, row);
}

/** Queues the outgoing flows of a completed element, or the scope check when there are none. */
export function leaveElement(step: Step, row: ElementInstanceRow): void {
  const element = step.elementOf(row);
  const flows = chosenFlows.get(step)?.get(row.key) ?? element.outgoing;
  if (flows.length === 0) {
    step.agenda.push({ type: 'checkScope', scopeKey: row.flowScopeKey });
    return;
  }
  for (const flowId of flows) {
    step.agenda.push({
      type: 'takeFlow',
      flowId,
      flowScopeKey: row.flowScopeKey,
      processInstanceKey: row.processInstanceKey,
    });
  }
}
