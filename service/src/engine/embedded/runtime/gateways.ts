import { evaluateCondition } from '../feel/index.js';
import type { Element, Expression, ProcessModel } from '../model/types.js';
import { setChosenFlows } from './completion.js';
import { openMessageSubscription } from './messages.js';
import { isScopeActive } from './scopes.js';
import { IncidentSignal, type Action, type ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { scheduleTimer } from './timers.js';
import { visibleVariables } from './variables.js';

type TakeFlowAction = Extract<Action, { type: 'takeFlow' }>;

function isJoin(element: Element): boolean {
  return (
    (element.kind === 'parallelGateway' || element.kind === 'inclusiveGateway') &&
    element.incoming.length > 1
  );
}

/** Moves a token along a sequence flow: activates the target, or waits at a joining gateway. */
export async function takeFlow(step: Step, action: TakeFlowAction): Promise<void> {
  if (!isScopeActive(step, action.flowScopeKey)) return;
  const model = step.modelOf(action.processInstanceKey);
  const flow = model.flows[action.flowId];
  if (!flow) throw new Error(`sequence flow ${action.flowId} missing from its model`);
  const target = model.elements[flow.targetId]!;
  if (!isJoin(target)) {
    step.agenda.push({
      type: 'activate',
      elementId: target.id,
      flowScopeKey: action.flowScopeKey,
      processInstanceKey: action.processInstanceKey,
    });
    return;
  }
  const tokens = step.joinScope(action.flowScopeKey);
  const id = `${target.id}|${flow.id}`;
  tokens.set(id, (tokens.get(id) ?? 0) + 1);
  step.dirtyJoins.add(`${action.flowScopeKey}|${id}`);
  if (target.kind === 'parallelGateway' && target.incoming.every((f) => has(tokens, target, f))) {
    activateJoin(step, action.flowScopeKey, action.processInstanceKey, target);
  }
}

function has(tokens: Map<string, number>, gateway: Element, flowId: string): boolean {
  return (tokens.get(`${gateway.id}|${flowId}`) ?? 0) > 0;
}

/** Consumes one token per incoming flow that has one, and activates the gateway. */
function activateJoin(step: Step, scopeKey: string, instanceKey: string, gateway: Element): void {
  const tokens = step.joinScope(scopeKey);
  for (const flowId of gateway.incoming) {
    const id = `${gateway.id}|${flowId}`;
    const count = tokens.get(id) ?? 0;
    if (count === 0) continue;
    tokens.set(id, count - 1);
    step.dirtyJoins.add(`${scopeKey}|${id}`);
  }
  step.agenda.push({
    type: 'activate',
    elementId: gateway.id,
    flowScopeKey: scopeKey,
    processInstanceKey: instanceKey,
  });
}

/** Elements reachable, following sequence flows and boundary events, from `startIds`. */
function reachableFrom(model: ProcessModel, startIds: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...startIds];
  while (pending.length > 0) {
    const element = model.elements[pending.pop()!];
    if (!element || seen.has(element.id)) continue;
    seen.add(element.id);
    for (const flowId of element.outgoing) pending.push(model.flows[flowId]!.targetId);
    pending.push(...element.boundaryEventIds);
  }
  return seen;
}

/**
 * Activates inclusive joins whose missing incoming flows can no longer receive a token from
 * anything active in the same scope. Returns whether any join was activated.
 */
export async function activateReadyInclusiveJoins(step: Step): Promise<boolean> {
  let activated = false;
  for (const [scopeKey, tokens] of step.joinTokens) {
    if (!isScopeActive(step, scopeKey)) continue;
    const waiting = [...tokens].filter(([, count]) => count > 0).map(([id]) => id.split('|')[0]!);
    if (waiting.length === 0) continue;
    const instanceKey = step.elements.get(scopeKey)?.processInstanceKey ?? scopeKey;
    const model = step.modelOf(instanceKey);
    for (const gatewayId of new Set(waiting)) {
      const gateway = model.elements[gatewayId]!;
      if (gateway.kind !== 'inclusiveGateway') continue;
      const others = waiting.filter((id) => id !== gatewayId);
      const active = step.activeChildren(scopeKey).map((row) => row.elementId);
      const reachable = reachableFrom(model, [...active, ...others]);
      const blocked = gateway.incoming.some(
        (flowId) => !has(tokens, gateway, flowId) && reachable.has(model.flows[flowId]!.sourceId),
      );
      if (blocked) continue;
      activateJoin(step, scopeKey, instanceKey, gateway);
      activated = true;
    }
  }
  return activated;
}

/** Picks the outgoing flows of an exclusive (first true) or inclusive (all true) gateway. */
export async function chooseOutgoingFlows(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const model = step.modelOf(row.processInstanceKey);
  const candidates = element.outgoing.filter((flowId) => flowId !== element.defaultFlow);
  const needsContext = candidates.some((flowId) => model.flows[flowId]!.condition);
  const context = needsContext ? await visibleVariables(step, row.key) : {};
  const chosen: string[] = [];
  for (const flowId of candidates) {
    const condition = model.flows[flowId]!.condition;
    if (condition && !conditionHolds(step, condition, context)) continue;
    chosen.push(flowId);
    if (element.kind === 'exclusiveGateway') break;
  }
  if (chosen.length === 0 && element.defaultFlow) chosen.push(element.defaultFlow);
  if (chosen.length === 0 && element.outgoing.length > 0) {
    throw new IncidentSignal(
      'CONDITION_ERROR',
      `Expected at least one condition to evaluate to true, or to have a default flow, at gateway '${element.id}'`,
    );
  }
  setChosenFlows(step, row.key, chosen);
}

function conditionHolds(
  step: Step,
  condition: Expression,
  context: Record<string, unknown>,
): boolean {
  try {
    return evaluateCondition(condition, context, { now: step.now });
  } catch (error) {
    throw new IncidentSignal(
      'CONDITION_ERROR',
      error instanceof Error ? error.message : String(error),
    );
  }
}

/** Opens a timer or message subscription for each event behind an event-based gateway. */
export async function activateEventBasedGateway(
  step: Step,
  row: ElementInstanceRow,
  element: Element,
): Promise<void> {
  const model = step.modelOf(row.processInstanceKey);
  for (const flowId of element.outgoing) {
    const target = model.elements[model.flows[flowId]!.targetId]!;
    const event = target.event;
    if (event?.kind === 'timer') {
      await scheduleTimer(step, row.key, target.id, row.processInstanceKey, event.timer, row.key);
    } else if (event?.kind === 'message') {
      await openMessageSubscription(
        step,
        row.key,
        target.id,
        row.processInstanceKey,
        event,
        row.key,
      );
    }
  }
}
