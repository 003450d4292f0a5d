import type { Element } from '../model/types.js';
import { openMessageSubscription } from './messages.js';
import { placeholders } from '../store/dialect.js';
import type { Action, ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { terminateElement } from './terminate.js';
import { scheduleTimer } from './timers.js';

type TriggerAction = Extract<Action, { type: 'trigger' }>;

/** Opens the timers and message subscriptions of an activity's boundary events. */
export async function subscribeBoundaryEvents(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const model = step.modelOf(row.processInstanceKey);
  for (const boundaryId of element.boundaryEventIds) {
    const event = model.elements[boundaryId]?.event;
    if (event?.kind === 'timer') {
      await scheduleTimer(step, row.key, boundaryId, row.processInstanceKey, event.timer, row.key);
    } else if (event?.kind === 'message') {
      await openMessageSubscription(
        step,
        row.key,
        boundaryId,
        row.processInstanceKey,
        event,
        row.key,
      );
    }
  }
}

/** Start events of the event sub-processes directly in a scope. */
export function eventSubProcessStarts(step: Step, processInstanceKey: string, scopeId: string) {
  const model = step.modelOf(processInstanceKey);
  const starts: Element[] = [];
  for (const subProcessId of model.scopes[scopeId]?.eventSubProcessIds ?? []) {
    for (const id of model.scopes[subProcessId]?.elementIds ?? []) {
      const element = model.elements[id];
      if (element?.kind === 'startEvent') starts.push(element);
    }
  }
  return starts;
}

/** Opens the timer and message starts of the event sub-processes of an entered scope. */
export async function subscribeEventSubProcesses(
  step: Step,
  scopeKey: string,
  scopeId: string,
  processInstanceKey: string,
): Promise<void> {
  for (const start of eventSubProcessStarts(step, processInstanceKey, scopeId)) {
    const event = start.event;
    if (event?.kind === 'timer') {
      await scheduleTimer(step, scopeKey, start.id, processInstanceKey, event.timer, scopeKey);
    } else if (event?.kind === 'message') {
      await openMessageSubscription(step, scopeKey, start.id, processInstanceKey, event, scopeKey);
    }
  }
}

/**
 * Starts an event sub-process in the scope `scopeKey`. An interrupting start first terminates
 * everything else in the scope and closes the scope's other event sub-process starts.
 */
export function startEventSubProcess(
  step: Step,
  scopeKey: string,
  processInstanceKey: string,
  start: Element,
  variables?: Record<string, unknown>,
): void {
  if (start.interrupting !== false) {
    for (const child of step.activeChildren(scopeKey)) terminateElement(step, child);
    step.agenda = step.agenda.filter(
      (queued) =>
        !(
          (queued.type === 'activate' || queued.type === 'takeFlow') &&
          queued.flowScopeKey === scopeKey
        ),
    );
    const scopeId =
      step.elements.get(scopeKey)?.elementId ?? step.modelOf(processInstanceKey).bpmnProcessId;
    const startIds = eventSubProcessStarts(step, processInstanceKey, scopeId).map((s) => s.id);
    for (const table of ['engine_timer', 'engine_message_subscription']) {
      step.execute(
        `DELETE FROM ${table} WHERE element_instance_key = ? AND element_id IN (${placeholders(startIds.length)})`,
        [scopeKey, ...startIds],
      );
    }
  }
  step.agenda.push({
    type: 'activate',
    elementId: start.scopeId,
    flowScopeKey: scopeKey,
    processInstanceKey,
    startEventId: start.id,
    variables,
  });
}

/** Handles a fired timer or a correlated message for the element instance that waits for it. */
export async function triggerEvent(step: Step, action: TriggerAction): Promise<void> {
  const model = step.modelOf(action.processInstanceKey);
  const element = model.elements[action.elementId];
  if (!element) return;
  if (element.kind === 'startEvent') {
    startEventSubProcess(
      step,
      action.ownerKey,
      action.processInstanceKey,
      element,
      action.variables,
    );
    return;
  }
  const owner = step.elements.get(action.ownerKey);
  if (!owner || owner.state !== 'ACTIVE') return;
  if (element.kind === 'boundaryEvent') {
    if (element.interrupting !== false) terminateElement(step, owner);
    step.agenda.push({
      type: 'activate',
      elementId: element.id,
      flowScopeKey: owner.flowScopeKey,
      processInstanceKey: owner.processInstanceKey,
      variables: action.variables,
    });
    return;
  }
  if (owner.elementId === element.id) {
    step.agenda.push({
      type: 'complete',
      elementInstanceKey: owner.key,
      variables: action.variables,
    });
    return;
  }
  // The owner is an event-based gateway: it completes, and the event that happened goes on.
  step.endElement(owner, 'COMPLETED');
  step.agenda.push({
    type: 'activate',
    elementId: element.id,
    flowScopeKey: owner.flowScopeKey,
    processInstanceKey: owner.processInstanceKey,
    variables: action.variables,
    triggered: true,
  });
}
