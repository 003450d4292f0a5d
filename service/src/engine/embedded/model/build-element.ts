import { readEventDefinition, readMessageSubscription, type EventRole } from './events.js';
import {
  readCalledElement,
  readJob,
  readMappings,
  readMultiInstance,
  readUserTask,
  removeUndefined,
} from './extensions.js';
import { findExtension, listAttribute, type BpmnElement } from './moddle.js';
import type { ProblemCollector } from './problems.js';
import type { Element, ElementKind } from './types.js';

/** BPMN element types that compile to an Element, with their kind. */
export const ELEMENT_KINDS: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** What kind of scope an element sits in, which decides the start events it may have. */
export type ScopeKind = 'process' | 'subProcess' | 'eventSubProcess';

const JOB_TASKS = new Set<ElementKind>(['serviceTask', 'sendTask', 'businessRuleTask']);
const ACTIVITIES = new Set<ElementKind>([
  'task',
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'scriptTask',
  'userTask',
  'receiveTask',
  'manualTask',
  'subProcess',
  'callActivity',
]);

export function isActivityKind(kind: ElementKind): boolean {
  return ACTIVITIES.has(kind);
}

/** Builds the Element for a supported flow node; records problems for what it cannot run. */
export function buildElement(
  node: BpmnElement,
  kind: ElementKind,
  scopeId: string,
  scopeKind: ScopeKind,
  problems: ProblemCollector,
): Element {
  const element: Element = {
    id: node.id,
    name: node.name,
    kind,
    scopeId,
    incoming: [],
    outgoing: [],
    boundaryEventIds: [],
    ...readMappings(node, problems),
  };
  rejectListeners(node, problems);
  if (kind.endsWith('Event')) addEvent(element, node, scopeKind, problems);
  else if (isActivityKind(kind)) addActivity(element, node, problems);
  if (kind === 'exclusiveGateway' || kind === 'inclusiveGateway') {
    element.defaultFlow = node.default?.id;
  }
  return removeUndefined(element);
}

function addEvent(
  element: Element,
  node: BpmnElement,
  scopeKind: ScopeKind,
  problems: ProblemCollector,
): void {
  const role = eventRole(element.kind, scopeKind, node);
  element.event = readEventDefinition(node, role, problems);
  if (element.kind === 'boundaryEvent') {
    element.attachedTo = node.attachedToRef?.id;
    element.interrupting = node.cancelActivity !== false;
  }
  if (role === 'eventSubProcessStart') element.interrupting = node.isInterrupting !== false;
  if (element.event?.kind === 'error' && element.interrupting === false) {
    problems.addElementProblem(
      node,
      'is a non-interrupting error event: error events always interrupt',
    );
  }
  if (element.event?.kind === 'message' && (role === 'intermediateThrow' || role === 'end')) {
    element.job = readJob(node, problems);
    if (!element.job) {
      problems.addElementProblem(
        node,
        'throws a message but has no job type: add a zeebe:taskDefinition with a type',
      );
    }
  }
}

function eventRole(kind: ElementKind, scopeKind: ScopeKind, node: BpmnElement): EventRole {
  switch (kind) {
    case 'startEvent':
      if (scopeKind === 'process') return 'processStart';
      return scopeKind === 'subProcess' ? 'subProcessStart' : 'eventSubProcessStart';
    case 'intermediateCatchEvent':
      return 'intermediateCatch';
    case 'intermediateThrowEvent':
      return 'intermediateThrow';
    case 'boundaryEvent':
      return node.cancelActivity === false ? 'boundary' : 'interruptingBoundary';
    default:
      return 'end';
  }
}

function addActivity(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  if (node.isForCompensation) {
    problems.addElementProblem(
      node,
      'is a compensation activity, which this engine does not support',
    );
  }
  addLoop(element, node, problems);
  if (node.default) {
    problems.addElementProblem(
      node,
      `has the default flow '${node.default.id}': only exclusive and inclusive gateways may ` +
        `have a default flow`,
    );
  }
  if (JOB_TASKS.has(element.kind)) addJobTask(element, node, problems);
  else if (element.kind === 'scriptTask') addScriptTask(element, node, problems);
  else if (element.kind === 'userTask') element.userTask = readUserTask(node, problems);
  else if (element.kind === 'receiveTask') addReceiveTask(element, node, problems);
  else if (element.kind === 'callActivity')
    element.calledElement = readCalledElement(node, problems);
  else if (element.kind === 'subProcess') element.triggeredByEvent = node.triggeredByEvent === true;
}

function addLoop(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  const loop = node.loopCharacteristics;
  if (!loop) return;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.addElementProblem(
      node,
      'has a standard loop, which this engine does not support: use a multi-instance marker',
    );
    return;
  }
  element.multiInstance = readMultiInstance(node, loop, problems);
}

function addJobTask(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  if (element.kind === 'businessRuleTask' && findExtension(node, 'zeebe:CalledDecision')) {
    problems.addElementProblem(
      node,
      'calls a DMN decision, which this engine does not support: use a zeebe:taskDefinition ' +
        'and evaluate the rule in a job worker',
    );
    return;
  }
  element.job = readJob(node, problems);
  if (!element.job) {
    problems.addElementProblem(node, 'has no job type: add a zeebe:taskDefinition with a type');
  }
}

function addScriptTask(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  const script = findExtension(node, 'zeebe:Script');
  if (!script) {
    element.job = readJob(node, problems);
    if (!element.job) {
      problems.addElementProblem(
        node,
        'has no script: add a zeebe:script with a FEEL expression and a result variable',
      );
    }
    return;
  }
  const text = typeof script.expression === 'string' ? script.expression : '';
  const resultVariable = typeof script.resultVariable === 'string' ? script.resultVariable : '';
  if (!text.trim().startsWith('=')) {
    problems.addElementProblem(
      node,
      `has the script '${text}': write a FEEL expression starting with '='`,
    );
  }
  if (resultVariable === '') {
    problems.addElementProblem(node, 'has no result variable: set resultVariable on zeebe:script');
  }
  element.script = {
    expression: problems.readExpression(node, 'the script', text),
    resultVariable,
  };
}

function addReceiveTask(element: Element, node: BpmnElement, problems: ProblemCollector): void {
  if (node.instantiate) {
    problems.addElementProblem(
      node,
      'instantiates the process, which this engine does not support: use a message start event',
    );
  }
  element.event = readMessageSubscription(node, node.messageRef, problems, {
    needsName: true,
    needsCorrelationKey: true,
    staticName: false,
  });
}

/** Execution and task listeners run jobs that this engine would skip, so they are rejected. */
function rejectListeners(node: BpmnElement, problems: ProblemCollector): void {
  for (const [type, label] of [
    ['zeebe:ExecutionListeners', 'execution listeners'],
    ['zeebe:TaskListeners', 'task listeners'],
  ] as const) {
    if (listAttribute(findExtension(node, type), 'listeners').length > 0) {
      problems.addElementProblem(node, `has ${label}, which this engine does not support`);
    }
  }
}
