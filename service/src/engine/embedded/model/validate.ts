import { isActivityKind } from './build-element.js';
import type { BuiltProcess } from './build-process.js';
import type { BpmnElement } from './moddle.js';
import type { ProblemCollector } from './problems.js';
import type { Element, Expression, ProcessModel, Scope } from './types.js';

/**
 * Checks the structure of a built process the way Zeebe validates a deployment: start events
 * per scope, gateway flows and conditions, event-based gateway targets, boundary attachments
 * and sequence flows that stay inside one scope. Unreachable elements are allowed, as in Zeebe.
 */
export function validateProcess(built: BuiltProcess, problems: ProblemCollector): void {
  const node = (id: string): BpmnElement => built.nodes.get(id)!;
  for (const scope of Object.values(built.model.scopes)) {
    validateStartEvents(built.model, scope, node(scope.id), problems);
  }
  for (const element of Object.values(built.model.elements)) {
    validateFlowEnds(element, node(element.id), problems);
    validateGateway(built.model, element, node(element.id), problems);
    if (!built.rejectedIds.has(element.attachedTo ?? '')) {
      validateBoundaryEvent(built.model, element, node(element.id), problems);
    }
  }
  validateFlows(built, problems);
}

function validateStartEvents(
  model: ProcessModel,
  scope: Scope,
  container: BpmnElement,
  problems: ProblemCollector,
): void {
  const starts = scope.elementIds
    .map((id) => model.elements[id]!)
    .filter((element) => element.kind === 'startEvent');
  const noneStarts = starts.filter((element) => element.event?.kind === 'none');
  const scopeElement = scope.id === model.bpmnProcessId ? undefined : model.elements[scope.id];
  if (!scopeElement) {
    if (starts.length === 0) {
      problems.addElementProblem(container, 'has no start event: add a start event');
    }
    if (noneStarts.length > 1) {
      problems.addElementProblem(
        container,
        `has ${noneStarts.length} none start events: a process may have one at most`,
      );
    }
  } else if (starts.length !== 1) {
    const expected = scopeElement.triggeredByEvent
      ? 'exactly one start event with a timer, message, error or escalation definition'
      : 'exactly one none start event';
    problems.addElementProblem(
      container,
      `has ${starts.length} start events: it needs ${expected}`,
    );
  }
}

function validateFlowEnds(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  const noIncoming = element.kind === 'startEvent' || element.kind === 'boundaryEvent';
  if (noIncoming && element.incoming.length > 0) {
    problems.addElementProblem(node, 'has an incoming sequence flow, which it may not have');
  }
  if (element.kind === 'endEvent' && element.outgoing.length > 0) {
    problems.addElementProblem(
      node,
      'has an outgoing sequence flow, which an end event may not have',
    );
  }
  if (element.triggeredByEvent && element.incoming.length + element.outgoing.length > 0) {
    problems.addElementProblem(
      node,
      'is an event sub-process with sequence flows: an event sub-process may not be connected',
    );
  }
}

function validateGateway(
  model: ProcessModel,
  element: Element,
  node: BpmnElement,
  problems: ProblemCollector,
): void {
  if (element.kind === 'exclusiveGateway' || element.kind === 'inclusiveGateway') {
    validateConditionalGateway(model, element, node, problems);
  } else if (element.kind === 'eventBasedGateway') {
    validateEventBasedGateway(model, element, node, problems);
  }
}

function validateConditionalGateway(
  model: ProcessModel,
  element: Element,
  node: BpmnElement,
  problems: ProblemCollector,
): void {
  if (element.outgoing.length === 0) {
    problems.addElementProblem(node, 'has no outgoing sequence flow: add at least one');
    return;
  }
  if (element.defaultFlow !== undefined) {
    const defaultFlow = model.flows[element.defaultFlow];
    if (!defaultFlow || defaultFlow.sourceId !== element.id) {
      problems.addElementProblem(
        node,
        `has the default flow '${element.defaultFlow}', which is not one of its outgoing flows`,
      );
    } else if (defaultFlow.condition) {
      problems.addElementProblem(
        node,
        `has the default flow '${element.defaultFlow}' with a condition: remove the condition`,
      );
    }
  }
  if (element.outgoing.length < 2) return;
  for (const flowId of element.outgoing) {
    if (flowId !== element.defaultFlow && !model.flows[flowId]!.condition) {
      problems.addElementProblem(
        node,
        `has the outgoing flow '${flowId}' without a condition: add a condition or make it ` +
          `the default flow`,
      );
    }
  }
}

function validateEventBasedGateway(
  model: ProcessModel,
  element: Element,
  node: BpmnElement,
  problems: ProblemCollector,
): void {
  if (element.outgoing.length < 2) {
    problems.addElementProblem(
      node,
      'has fewer than two outgoing sequence flows: add at least two',
    );
  }
  for (const flowId of element.outgoing) {
    const target = model.elements[model.flows[flowId]!.targetId]!;
    const catchKind = target.kind === 'intermediateCatchEvent' ? target.event?.kind : undefined;
    if (catchKind !== 'message' && catchKind !== 'timer') {
      problems.addElementProblem(
        node,
        `leads to '${target.id}', which is not a message or timer intermediate catch event`,
      );
    }
  }
}

function validateBoundaryEvent(
  model: ProcessModel,
  element: Element,
  node: BpmnElement,
  problems: ProblemCollector,
): void {
  if (element.kind !== 'boundaryEvent') return;
  const host = element.attachedTo === undefined ? undefined : model.elements[element.attachedTo];
  if (!host || !isActivityKind(host.kind) || host.triggeredByEvent) {
    problems.addElementProblem(
      node,
      `is attached to '${element.attachedTo ?? 'nothing'}', which is not an activity of this ` +
        `process: attach it to a task, sub-process or call activity`,
    );
  } else if (host.scopeId !== element.scopeId) {
    problems.addElementProblem(node, `is not in the same scope as '${host.id}', its activity`);
  }
}

function validateFlows(built: BuiltProcess, problems: ProblemCollector): void {
  for (const { node, scopeId } of built.declaredFlows) {
    const flow = built.model.flows[node.id];
    if (!flow) continue;
    const source = built.model.elements[flow.sourceId]!;
    const target = built.model.elements[flow.targetId]!;
    if (source.scopeId !== scopeId || target.scopeId !== scopeId) {
      problems.addElementProblem(
        node,
        `connects '${source.id}' and '${target.id}' across sub-process borders, which BPMN forbids`,
      );
    }
    validateCondition(flow.condition, source, node, problems);
  }
}

/**
 * Returns a FEEL version of a condition written without the leading '='. A JUEL wrapper such as
 * `${amount > 5}` from Camunda 7 is removed and its `==`, `&&` and `||` become FEEL's `=`, `and`
 * and `or`. Any other condition is only prefixed with '='.
 */
function suggestFeelCondition(value: string): string {
  const juel = /^[$#]\{([\s\S]*)\}$/.exec(value.trim());
  if (!juel) return `=${value.trim()}`;
  const body = juel[1]!.trim().replaceAll('==', '=').replaceAll('&&', 'and').replaceAll('||', 'or');
  return `=${body}`;
}

function validateCondition(
  condition: Expression | undefined,
  source: Element,
  node: BpmnElement,
  problems: ProblemCollector,
): void {
  if (!condition) return;
  if (source.kind === 'parallelGateway') {
    problems.addElementProblem(
      node,
      `has a condition but leaves the parallel gateway '${source.id}', which ignores ` +
        `conditions: remove the condition or use an inclusive gateway`,
    );
  } else if (source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
    problems.addElementProblem(
      node,
      `has a condition but leaves '${source.id}': only flows out of exclusive and inclusive ` +
        `gateways may have conditions`,
    );
  } else if (condition.kind === 'static' && !['true', 'false'].includes(condition.value.trim())) {
    problems.addElementProblem(
      node,
      `has the condition '${condition.value}', which is not FEEL: write a FEEL expression ` +
        `that starts with '=', such as '${suggestFeelCondition(condition.value)}'`,
    );
  }
}
