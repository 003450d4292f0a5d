import {
  attribute,
  booleanAttribute,
  findExtension,
  listAttribute,
  type BpmnElement,
} from './moddle.js';
import type { ProblemCollector } from './problems.js';
import type {
  CalledElementDefinition,
  JobDefinition,
  Mapping,
  MultiInstanceDefinition,
  UserTaskDefinition,
} from './types.js';

/** Returns the `zeebe:taskHeaders` of an element as a key-value record. */
export function readHeaders(element: BpmnElement): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of listAttribute(findExtension(element, 'zeebe:TaskHeaders'), 'values')) {
    const key = attribute(header, 'key');
    if (key !== undefined) headers[key] = attribute(header, 'value') ?? '';
  }
  return headers;
}

/**
 * Reads `zeebe:taskDefinition` (job type and retries, default "3") and the task headers, or
 * returns undefined when the element has no task definition.
 */
export function readJob(
  element: BpmnElement,
  problems: ProblemCollector,
): JobDefinition | undefined {
  const definition = findExtension(element, 'zeebe:TaskDefinition');
  if (!definition) return undefined;
  const typeText = attribute(definition, 'type');
  if (typeText === undefined) {
    problems.addElementProblem(
      element,
      'has a zeebe:taskDefinition without a job type: set its type attribute',
    );
  }
  const retriesText = attribute(definition, 'retries') ?? '3';
  if (!retriesText.trim().startsWith('=') && !/^\d+$/.test(retriesText.trim())) {
    problems.addElementProblem(
      element,
      `has invalid job retries '${retriesText}': use a whole number such as 3 or a FEEL expression`,
    );
  }
  return {
    type: problems.readExpression(element, 'the job type', typeText ?? ''),
    retries: problems.readExpression(element, 'the job retries', retriesText),
    headers: readHeaders(element),
  };
}

/** Reads the `zeebe:ioMapping` inputs and outputs of an element. */
export function readMappings(
  element: BpmnElement,
  problems: ProblemCollector,
): { inputs: Mapping[]; outputs: Mapping[] } {
  const ioMapping = findExtension(element, 'zeebe:IoMapping');
  const read = (name: string, kind: string): Mapping[] =>
    listAttribute(ioMapping, name).flatMap((parameter) => {
      const target = attribute(parameter, 'target');
      if (target === undefined) {
        problems.addElementProblem(element, `has an ${kind} mapping without a target variable`);
        return [];
      }
      const source = attribute(parameter, 'source') ?? '';
      return [
        { source: problems.readExpression(element, `the ${kind} '${target}'`, source), target },
      ];
    });
  return { inputs: read('inputParameters', 'input'), outputs: read('outputParameters', 'output') };
}

/** Reads the user task extensions; `zeebe:userTask` marks a Camunda user task. */
export function readUserTask(element: BpmnElement, problems: ProblemCollector): UserTaskDefinition {
  const assignment = findExtension(element, 'zeebe:AssignmentDefinition');
  const schedule = findExtension(element, 'zeebe:TaskSchedule');
  const priority = findExtension(element, 'zeebe:PriorityDefinition');
  const form = findExtension(element, 'zeebe:FormDefinition');
  const optional = (label: string, text: string | undefined) =>
    problems.readOptionalExpression(element, label, text);
  const definition: UserTaskDefinition = {
    camundaUserTask: findExtension(element, 'zeebe:UserTask') !== undefined,
    assignee: optional('the assignee', attribute(assignment, 'assignee')),
    candidateUsers: optional('the candidate users', attribute(assignment, 'candidateUsers')),
    candidateGroups: optional('the candidate groups', attribute(assignment, 'candidateGroups')),
    dueDate: optional('the due date', attribute(schedule, 'dueDate')),
    followUpDate: optional('the follow-up date', attribute(schedule, 'followUpDate')),
    priority: optional('the priority', attribute(priority, 'priority')),
    formKey: attribute(form, 'formKey'),
    formId: attribute(form, 'formId'),
    externalReference: optional(
      'the external form reference',
      attribute(form, 'externalReference'),
    ),
    headers: readHeaders(element),
  };
  return removeUndefined(definition);
}

/** Reads `zeebe:loopCharacteristics` and the BPMN multi-instance attributes. */
export function readMultiInstance(
  element: BpmnElement,
  loop: BpmnElement,
  problems: ProblemCollector,
): MultiInstanceDefinition {
  const zeebeLoop = findExtension(loop, 'zeebe:LoopCharacteristics');
  const collectionText = attribute(zeebeLoop, 'inputCollection');
  if (collectionText === undefined) {
    problems.addElementProblem(
      element,
      'is a multi-instance activity without an input collection: set inputCollection in ' +
        'zeebe:loopCharacteristics',
    );
  }
  const outputCollection = attribute(zeebeLoop, 'outputCollection');
  const outputElementText = attribute(zeebeLoop, 'outputElement');
  if (outputCollection !== undefined && outputElementText === undefined) {
    problems.addElementProblem(
      element,
      'has a multi-instance output collection without an output element: set outputElement',
    );
  }
  return removeUndefined({
    sequential: loop.isSequential === true,
    inputCollection: problems.readExpression(element, 'the input collection', collectionText ?? ''),
    inputElement: attribute(zeebeLoop, 'inputElement'),
    outputCollection,
    outputElement: problems.readOptionalExpression(
      element,
      'the output element',
      outputElementText,
    ),
    completionCondition: problems.readOptionalExpression(
      element,
      'the completion condition',
      loop.completionCondition?.body,
    ),
  });
}

/** Reads `zeebe:calledElement`; the propagation flags default to true as in Zeebe. */
export function readCalledElement(
  element: BpmnElement,
  problems: ProblemCollector,
): CalledElementDefinition | undefined {
  const called = findExtension(element, 'zeebe:CalledElement');
  const processId = attribute(called, 'processId');
  if (processId === undefined) {
    problems.addElementProblem(
      element,
      'has no called process: add a zeebe:calledElement with a processId',
    );
    return undefined;
  }
  const binding = attribute(called, 'bindingType') ?? 'latest';
  if (binding !== 'latest') {
    problems.addElementProblem(
      element,
      `uses the called element binding '${binding}', which this engine does not support: ` +
        `use the binding 'latest'`,
    );
  }
  return {
    processId: problems.readExpression(element, 'the called process id', processId),
    propagateAllChildVariables: booleanAttribute(called, 'propagateAllChildVariables', true),
    propagateAllParentVariables: booleanAttribute(called, 'propagateAllParentVariables', true),
  };
}

/** Drops keys whose value is undefined, so that compiled models compare and serialise cleanly. */
export function removeUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
