import { buildElement, ELEMENT_KINDS, type ScopeKind } from './build-element.js';
import type { BpmnElement } from './moddle.js';
import type { ProblemCollector } from './problems.js';
import type { ProcessModel, Scope, SequenceFlow } from './types.js';

/** Flow elements that Zeebe accepts for modeling only and that do not change execution. */
const IGNORED_TYPES = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** A sequence flow with the scope it was declared in, before its ends are checked. */
export interface DeclaredFlow {
  node: BpmnElement;
  scopeId: string;
}

/** The compiled process plus what validation needs and the model does not keep. */
export interface BuiltProcess {
  model: ProcessModel;
  nodes: Map<string, BpmnElement>;
  declaredFlows: DeclaredFlow[];
  /** Unsupported elements, already reported: flows and boundary events at them add nothing. */
  rejectedIds: Set<string>;
}

/** Builds the model of one executable process; validation runs afterwards on the result. */
export function buildProcess(process: BpmnElement, problems: ProblemCollector): BuiltProcess {
  const built: BuiltProcess = {
    model: { bpmnProcessId: process.id, elements: {}, flows: {}, scopes: {} },
    nodes: new Map([[process.id, process]]),
    declaredFlows: [],
    rejectedIds: new Set(),
  };
  if (process.name) built.model.name = process.name;
  addScope(built, process, 'process', problems);
  linkFlows(built, problems);
  linkBoundaryEvents(built);
  return built;
}

function addScope(
  built: BuiltProcess,
  container: BpmnElement,
  scopeKind: ScopeKind,
  problems: ProblemCollector,
): void {
  const scope: Scope = {
    id: container.id,
    messageStartEventIds: [],
    timerStartEventIds: [],
    eventSubProcessIds: [],
    elementIds: [],
  };
  built.model.scopes[scope.id] = scope;
  for (const node of container.flowElements ?? []) {
    if (node.$type === 'bpmn:SequenceFlow') {
      built.declaredFlows.push({ node, scopeId: scope.id });
    } else if (!IGNORED_TYPES.has(node.$type)) {
      addNode(built, node, scope, scopeKind, problems);
    }
  }
}

function addNode(
  built: BuiltProcess,
  node: BpmnElement,
  scope: Scope,
  scopeKind: ScopeKind,
  problems: ProblemCollector,
): void {
  const kind = ELEMENT_KINDS[node.$type];
  if (!kind) {
    problems.addElementProblem(node, 'is an element type that this engine does not support');
    built.rejectedIds.add(node.id);
    return;
  }
  const element = buildElement(node, kind, scope.id, scopeKind, problems);
  built.model.elements[element.id] = element;
  built.nodes.set(element.id, node);
  scope.elementIds.push(element.id);
  if (kind === 'startEvent') {
    registerStartEvent(scope, element.id, element.event?.kind, scopeKind === 'process');
  }
  if (kind === 'subProcess') {
    if (element.triggeredByEvent) scope.eventSubProcessIds.push(element.id);
    addScope(built, node, element.triggeredByEvent ? 'eventSubProcess' : 'subProcess', problems);
  }
}

/** Message and timer start events are listed for the process scope only. */
function registerStartEvent(
  scope: Scope,
  id: string,
  kind: string | undefined,
  isProcessScope: boolean,
): void {
  if (kind === 'none' && scope.noneStartEventId === undefined) scope.noneStartEventId = id;
  if (kind === 'message' && isProcessScope) scope.messageStartEventIds.push(id);
  if (kind === 'timer' && isProcessScope) scope.timerStartEventIds.push(id);
}

function linkFlows(built: BuiltProcess, problems: ProblemCollector): void {
  const { elements, flows } = built.model;
  for (const { node } of built.declaredFlows) {
    const source = node.sourceRef ? elements[node.sourceRef.id] : undefined;
    const target = node.targetRef ? elements[node.targetRef.id] : undefined;
    if (!source || !target) {
      const ends = [node.sourceRef?.id, node.targetRef?.id];
      if (ends.some((id) => id !== undefined && built.rejectedIds.has(id))) continue;
      const end = !source ? 'source' : 'target';
      const ref = (!source ? node.sourceRef : node.targetRef)?.id;
      problems.addElementProblem(
        node,
        ref === undefined
          ? `has a missing or unknown ${end}: connect it to an element of the process`
          : `has the ${end} '${ref}', which is not an executable element of this process`,
      );
      continue;
    }
    const flow: SequenceFlow = { id: node.id, sourceId: source.id, targetId: target.id };
    const condition = node.conditionExpression?.body;
    if (condition !== undefined && condition.trim() !== '') {
      flow.condition = problems.readExpression(node, 'the condition', condition);
    }
    flows[flow.id] = flow;
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
}

function linkBoundaryEvents(built: BuiltProcess): void {
  for (const element of Object.values(built.model.elements)) {
    if (element.kind !== 'boundaryEvent' || element.attachedTo === undefined) continue;
    built.model.elements[element.attachedTo]?.boundaryEventIds.push(element.id);
  }
}
