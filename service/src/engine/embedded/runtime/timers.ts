import type { TimerDefinition } from '../model/types.js';
import { planTimer, type TimerPlan } from '../timers/index.js';
import { IncidentSignal } from './state.js';
import type { Step } from './step.js';
import { evaluate, visibleVariables } from './variables.js';

/** Encodes a timer plan's repetition for the timer row; `null` remaining means unbounded. */
export function repeatColumns(plan: TimerPlan): Record<string, unknown> {
  return {
    repeat_remaining: plan.repeat ? plan.repeat.remaining : null,
    repeat_interval: plan.repeat ? plan.repeat.interval : null,
  };
}

/** Evaluates a timer definition against `context` and plans its first firing from now. */
export function planFromDefinition(
  step: Step,
  timer: TimerDefinition,
  context: Record<string, unknown>,
): TimerPlan {
  const value = evaluate(step, timer.expression, context);
  try {
    return planTimer(timer.type, value, step.now);
  } catch (error) {
    throw new IncidentSignal(
      'EXTRACT_VALUE_ERROR',
      error instanceof Error ? error.message : String(error),
    );
  }
}

/**
 * Stores a timer owned by an element instance (or a process instance for event sub-process
 * starts). The timer expression is evaluated with the variables visible from `contextScopeKey`.
 */
export async function scheduleTimer(
  step: Step,
  ownerKey: string,
  elementId: string,
  processInstanceKey: string,
  timer: TimerDefinition,
  contextScopeKey: string,
): Promise<void> {
  const needsContext = timer.expression.kind === 'feel';
  const context = needsContext ? await visibleVariables(step, contextScopeKey) : {};
  const plan = planFromDefinition(step, timer, context);
  const instance = step.processInstance(processInstanceKey);
  step.insert('engine_timer', {
    key: await step.newKey(),
    definition_key: instance.definitionKey,
    bpmn_process_id: instance.bpmnProcessId,
    element_id: elementId,
    element_instance_key: ownerKey,
    process_instance_key: instance.key,
    root_key: instance.rootKey,
    due_at: step.dialect.time(plan.dueAt),
    ...repeatColumns(plan),
  });
}
