import { evaluateCondition } from '../feel/index.js';
import type { Element } from '../model/types.js';
import { leaveElement } from './completion.js';
import { IncidentSignal, type ElementInstanceRow, type MultiInstanceData } from './state.js';
import type { Step } from './step.js';
import { terminateElement } from './terminate.js';
import { evaluate, propagateVariables, setLocalVariables, visibleVariables } from './variables.js';

/** Checks whether a row is an inner instance of a multi-instance body, which is its flow scope. */
export function isInnerInstance(step: Step, row: ElementInstanceRow): boolean {
  return step.elements.get(row.flowScopeKey)?.elementType === 'multiInstanceBody';
}

function definitionOf(element: Element) {
  if (!element.multiInstance) throw new Error(`element ${element.id} is not multi-instance`);
  return element.multiInstance;
}

/** Evaluates the input collection and starts the first (sequential) or every inner instance. */
export async function activateMultiInstanceBody(
  step: Step,
  body: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const definition = definitionOf(element);
  const context = await visibleVariables(step, body.key);
  const items = evaluate(step, definition.inputCollection, context);
  if (!Array.isArray(items)) {
    throw new IncidentSignal(
      'EXTRACT_VALUE_ERROR',
      `Expected inputCollection of '${element.id}' to be a list, but it was ${JSON.stringify(items) ?? 'null'}`,
    );
  }
  if (definition.outputCollection) {
    await setLocalVariables(step, body.key, {
      [definition.outputCollection]: items.map(() => null),
    });
  }
  const started = definition.sequential ? Math.min(1, items.length) : items.length;
  body.data = { items, next: started, active: started, completed: 0 };
  body.dirty = true;
  if (items.length === 0) {
    await completeBody(step, body, element);
    return;
  }
  for (let index = 0; index < started; index++) startInner(step, body, index);
}

function startInner(step: Step, body: ElementInstanceRow, index: number): void {
  step.agenda.push({
    type: 'activate',
    elementId: body.elementId,
    flowScopeKey: body.key,
    processInstanceKey: body.processInstanceKey,
    loopIndex: index,
  });
}

/** Records an inner instance's result, then starts the next one or completes the body. */
export async function innerInstanceCompleted(step: Step, inner: ElementInstanceRow): Promise<void> {
  const body = step.element(inner.flowScopeKey);
  const element = step.elementOf(body);
  const definition = definitionOf(element);
  const data = body.data as MultiInstanceData;
  if (definition.outputCollection && definition.outputElement) {
    const value = evaluate(step, definition.outputElement, await visibleVariables(step, inner.key));
    await step.loadScopes([body.key]);
    const collection = [
      ...((step.variables.get(body.key)!.get(definition.outputCollection) as unknown[]) ?? []),
    ];
    collection[(inner.loopCounter ?? 1) - 1] = value;
    step.setVariable(body.key, definition.outputCollection, collection);
  }
  step.endElement(inner, 'COMPLETED');
  body.data = { ...data, active: data.active - 1, completed: data.completed + 1 };
  body.dirty = true;
  if (await completionConditionHolds(step, body, inner, element)) {
    for (const other of step.activeChildren(body.key)) terminateElement(step, other);
    step.agenda = step.agenda.filter(
      (action) => !(action.type === 'activate' && action.flowScopeKey === body.key),
    );
    await completeBody(step, body, element);
    return;
  }
  const current = body.data;
  if (definition.sequential && current.next < current.items.length) {
    startInner(step, body, current.next);
    body.data = { ...current, next: current.next + 1, active: current.active + 1 };
  } else if (current.active === 0) {
    await completeBody(step, body, element);
  }
}

async function completionConditionHolds(
  step: Step,
  body: ElementInstanceRow,
  inner: ElementInstanceRow,
  element: Element,
): Promise<boolean> {
  const condition = definitionOf(element).completionCondition;
  if (!condition) return false;
  const data = body.data as MultiInstanceData;
  const context = {
    ...(await visibleVariables(step, inner.key)),
    numberOfInstances: data.items.length,
    numberOfActiveInstances: data.active,
    numberOfCompletedInstances: data.completed,
    loopCounter: inner.loopCounter,
  };
  try {
    return evaluateCondition(condition, context, { now: step.now });
  } catch (error) {
    throw new IncidentSignal(
      'EXTRACT_VALUE_ERROR',
      error instanceof Error ? error.message : String(error),
    );
  }
}

/** Hands the output collection to the body's scope and leaves the body. */
async function completeBody(step: Step, body: ElementInstanceRow, element: Element): Promise<void> {
  const outputCollection = definitionOf(element).outputCollection;
  if (outputCollection) {
    await step.loadScopes([body.key]);
    const value = step.variables.get(body.key)!.get(outputCollection) ?? [];
    await propagateVariables(step, body.flowScopeKey, { [outputCollection]: value });
  }
  step.endElement(body, 'COMPLETED');
  leaveElement(step, body);
}
