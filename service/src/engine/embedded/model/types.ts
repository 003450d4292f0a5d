/**
 * The executable form of a BPMN process for the embedded engine: plain data built once per
 * deployed version from the XML, cached by process definition key, and never mutated. The
 * runtime walks it; nothing here refers to moddle objects.
 */

/**
 * A value from the model that is either a literal or a FEEL expression. A FEEL expression is
 * written with a leading `=` in the XML; `feel` contains the text after it.
 */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; feel: string };

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'userTask'
  | 'receiveTask'
  | 'manualTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

export type TimerDefinition =
  | { type: 'date'; expression: Expression }
  | { type: 'duration'; expression: Expression }
  | { type: 'cycle'; expression: Expression };

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'timer'; timer: TimerDefinition }
  /** `correlationKey` is absent on message start events, which correlate by name only. */
  | { kind: 'message'; messageName: Expression; correlationKey?: Expression }
  /** `errorCode` absent: catches every error (catch-all), or throws with no code. */
  | { kind: 'error'; errorCode?: string }
  | { kind: 'escalation'; escalationCode?: string }
  | { kind: 'terminate' };

/** One `zeebe:input` or `zeebe:output`: evaluate `source`, assign it to `target`. */
export interface Mapping {
  source: Expression;
  target: string;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression;
  headers: Record<string, string>;
}

export interface UserTaskDefinition {
  /** True for `zeebe:userTask` (Camunda user task); false for a job-based user task. */
  camundaUserTask: boolean;
  assignee?: Expression;
  /** Comma-separated static list, or FEEL returning a list or a comma-separated string. */
  candidateUsers?: Expression;
  candidateGroups?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  priority?: Expression;
  formKey?: string;
  /** `zeebe:formDefinition` formId: a form deployed as its own resource (Camunda user tasks). */
  formId?: string;
  /** `zeebe:formDefinition` externalReference: a form outside Camunda, such as a URL. */
  externalReference?: Expression;
  headers: Record<string, string>;
}

export interface MultiInstanceDefinition {
  sequential: boolean;
  inputCollection: Expression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expression;
  completionCondition?: Expression;
}

export interface CalledElementDefinition {
  processId: Expression;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

export interface Element {
  id: string;
  name?: string;
  kind: ElementKind;
  /** Id of the enclosing sub-process (embedded or event), or the process id at top level. */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  /**
   * Events, and receive tasks (their message). A catch or throw event with no event definition
   * has `{ kind: 'none' }`. A message throw event whose job sends the message may have an empty
   * static `messageName`.
   */
  event?: EventDefinition;
  /** Boundary events only. */
  attachedTo?: string;
  /** Boundary events and event sub-process start events: true unless `cancelActivity="false"`. */
  interrupting?: boolean;
  /** Ids of the boundary events attached to this activity. */
  boundaryEventIds: string[];
  /**
   * Service, send and business rule tasks, script tasks without `zeebe:script`, and message
   * intermediate throw or end events, all of which a job worker completes.
   */
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** Script tasks: `zeebe:script` expression and result variable. */
  script?: { expression: Expression; resultVariable: string };
  inputs: Mapping[];
  outputs: Mapping[];
  multiInstance?: MultiInstanceDefinition;
  calledElement?: CalledElementDefinition;
  /** Sub-processes only: true for an event sub-process. */
  triggeredByEvent?: boolean;
}

export interface SequenceFlow {
  id: string;
  sourceId: string;
  targetId: string;
  /** Absent for an unconditional flow. */
  condition?: Expression;
}

/** The process itself or a sub-process: what a token starts in when the scope is entered. */
export interface Scope {
  id: string;
  /** The none start event; every embedded sub-process has exactly one. */
  noneStartEventId?: string;
  /** Message and timer start events of the process (top-level scope only). */
  messageStartEventIds: string[];
  timerStartEventIds: string[];
  /** Event sub-processes directly in this scope. */
  eventSubProcessIds: string[];
  /** Every element directly in this scope, boundary events included. */
  elementIds: string[];
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: Record<string, Element>;
  flows: Record<string, SequenceFlow>;
  /** Keyed by scope id; the process's own scope has the key `bpmnProcessId`. */
  scopes: Record<string, Scope>;
}

/** One problem that makes a deployment fail, in words an analyst can act on. */
export interface DeployProblem {
  resourceName: string;
  /** Absent when the problem is the file itself (not XML, not BPMN). */
  elementId?: string;
  elementType?: string;
  message: string;
}

export interface CompiledResource {
  resourceName: string;
  /** Executable processes only; non-executable ones are skipped and not deployed. */
  processes: ProcessModel[];
  problems: DeployProblem[];
  /** Parser warnings that did not stop compilation, such as unknown extension elements. */
  warnings?: string[];
}
