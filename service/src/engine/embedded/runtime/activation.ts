import type { Element } from '../model/types.js';
import { activateCallActivity } from './call-activity.js';
import { subscribeBoundaryEvents, subscribeEventSubProcesses } from './events.js';
import { activateEventBasedGateway, chooseOutgoingFlows } from './gateways.js';
import { raiseIncident } from './incidents.js';
import { activateMultiInstanceBody, isInnerInstance } from './multi-instance.js';
import { createJob } from './jobs.js';
import { openMessageSubscription } from './messages.js';
import { scheduleTimer } from './timers.js';
import { isScopeActive } from './scopes.js';
import { IncidentSignal, type Action, type ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { throwBpmnError, throwEscalation, terminateSiblings } from './throw.js';
import { createUserTask } from './user-tasks.js';
import { evaluate, evaluateMappings, setLocalVariables, visibleVariables } from './variables.js';

type ActivateAction = Extract<Action, { type: 'activate' }>;

/** Creates the element instance for an activate action and runs the element's behaviour. */
export async function activateElement(step: Step, action: ActivateAction): Promise<void> {
  if (!isScopeActive(step, action.flowScopeKey)) return;
  const instance = step.processInstance(action.processInstanceKey);
  const element = instance.model.elements[action.elementId];
  if (!element) throw new Error(`element ${action.elementId} missing from its model`);
  const asBody = element.multiInstance !== undefined && action.loopIndex === undefined;
  const row: ElementInstanceRow = {
    key: await step.newKey(),
    processInstanceKey: instance.key,
    rootKey: instance.rootKey,
    elementId: element.id,
    elementType: asBody ? 'multiInstanceBody' : element.kind,
    flowScopeKey: action.flowScopeKey,
    state: 'ACTIVE',
    loopCounter: action.loopIndex === undefined ? null : action.loopIndex + 1,
    data: null,
    createdAt: step.now,
    endedAt: null,
    isNew: true,
    dirty: false,
  };
  step.addElement(row);
  if (action.loopIndex !== undefined) await setLoopVariables(step, row, element, action.loopIndex);
  await runActivation(step, row, action);
}

async function setLoopVariables(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
  index: number,
): Promise<void> {
  const body = step.element(row.flowScopeKey);
  const local: Record<string, unknown> = { loopCounter: index + 1 };
  const inputElement = element.multiInstance?.inputElement;
  if (inputElement) local[inputElement] = body.data?.items[index] ?? null;
  await setLocalVariables(step, row.key, local);
}

/**
 * Runs an element's activation: input mappings, boundary subscriptions, then its behaviour.
 * A failed expression raises an incident; resolving it runs the activation again.
 */
export async function runActivation(
  step: Step,
  row: ElementInstanceRow,
  trigger?: Pick<ActivateAction, 'startEventId' | 'variables' | 'triggered'>,
): Promise<void> {
  const element = step.elementOf(row);
  try {
    if (row.elementType === 'multiInstanceBody') {
      await subscribeBoundaryEvents(step, row, element);
      await activateMultiInstanceBody(step, row, element);
      return;
    }
    if (element.inputs.length > 0) {
      const context = await visibleVariables(step, row.key);
      await setLocalVariables(step, row.key, evaluateMappings(step, element.inputs, context));
    }
    if (!isInnerInstance(step, row)) await subscribeBoundaryEvents(step, row, element);
    await runBehaviour(step, row, element, trigger ?? {});
  } catch (error) {
    if (!(error instanceof IncidentSignal)) throw error;
    await raiseIncident(step, row, error.errorType, error.message, 'activate');
  }
}

function complete(step: Step, row: ElementInstanceRow, variables?: Record<string, unknown>) {
  step.agenda.push({ type: 'complete', elementInstanceKey: row.key, variables });
}

async function runBehaviour(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
  trigger: Pick<ActivateAction, 'startEventId' | 'variables' | 'triggered'>,
): Promise<void> {
  switch (element.kind) {
    case 'startEvent':
    case 'boundaryEvent':
    case 'task':
    case 'manualTask':
    case 'parallelGateway':
      return complete(step, row, trigger.variables);
    case 'endEvent':
      return activateEndEvent(step, row, element);
    case 'intermediateThrowEvent':
      return activateThrowEvent(step, row, element);
    case 'intermediateCatchEvent':
    case 'receiveTask':
      if (trigger.triggered) return complete(step, row, trigger.variables);
      return activateCatchEvent(step, row, element);
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask':
      await createJob(step, row, element);
      return;
    case 'userTask':
      return createUserTask(step, row, element);
    case 'scriptTask':
      return activateScriptTask(step, row, element);
    case 'exclusiveGateway':
    case 'inclusiveGateway':
      await chooseOutgoingFlows(step, row, element);
      return complete(step, row);
    case 'eventBasedGateway':
      return activateEventBasedGateway(step, row, element);
    case 'subProcess':
      return activateSubProcess(step, row, element, trigger);
    case 'callActivity':
      return activateCallActivity(step, row, element);
  }
}

async function activateEndEvent(step: Step, row: ElementInstanceRow, element: Element) {
  const event = element.event ?? { kind: 'none' };
  if (element.job) {
    await createJob(step, row, element);
    return;
  }
  if (event.kind === 'error') {
    const caught = await throwBpmnError(step, row, event.errorCode ?? '', undefined, {});
    if (!caught) {
      const message = `Expected to throw an error event with the code '${event.errorCode ?? ''}', but it was not caught.`;
      throw new IncidentSignal('UNHANDLED_ERROR_EVENT', message);
    }
    return;
  }
  if (event.kind === 'escalation') await throwEscalation(step, row, event.escalationCode ?? '');
  if (event.kind === 'terminate') terminateSiblings(step, row);
  if (row.state === 'ACTIVE') complete(step, row);
}

async function activateThrowEvent(step: Step, row: ElementInstanceRow, element: Element) {
  if (element.job) {
    await createJob(step, row, element);
    return;
  }
  if (element.event?.kind === 'escalation') {
    await throwEscalation(step, row, element.event.escalationCode ?? '');
  }
  if (row.state === 'ACTIVE') complete(step, row);
}

async function activateCatchEvent(step: Step, row: ElementInstanceRow, element: Element) {
  const event = element.event;
  if (event?.kind === 'timer') {
    return scheduleTimer(step, row.key, element.id, row.processInstanceKey, event.timer, row.key);
  }
  if (event?.kind === 'message') {
    return openMessageSubscription(
      step,
      row.key,
      element.id,
      row.processInstanceKey,
      event,
      row.key,
    );
  }
  throw new Error(`catch element ${element.id} has no timer or message definition`);
}

async function activateScriptTask(step: Step, row: ElementInstanceRow, element: Element) {
  if (element.job) {
    await createJob(step, row, element);
    return;
  }
  if (!element.script) throw new Error(`script task ${element.id} has no script`);
  const context = await visibleVariables(step, row.key);
  const result = evaluate(step, element.script.expression, context);
  complete(step, row, { [element.script.resultVariable]: result });
}

async function activateSubProcess(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
  trigger: Pick<ActivateAction, 'startEventId' | 'variables'>,
): Promise<void> {
  const scope = step.modelOf(row.processInstanceKey).scopes[element.id];
  const startEventId = trigger.startEventId ?? scope?.noneStartEventId;
  if (!scope || !startEventId) throw new Error(`sub-process ${element.id} has no start event`);
  if (!element.triggeredByEvent)
    await subscribeEventSubProcesses(step, row.key, element.id, row.processInstanceKey);
  step.agenda.push({
    type: 'activate',
    elementId: startEventId,
    flowScopeKey: row.key,
    processInstanceKey: row.processInstanceKey,
    variables: trigger.variables,
  });
}
