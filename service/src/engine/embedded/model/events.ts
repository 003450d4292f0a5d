import {
  InvalidTimerError,
  parseIsoDateTime,
  parseIsoDuration,
  parseTimerCycle,
} from '../timers/index.js';
import { attribute, findExtension, type BpmnElement } from './moddle.js';
import type { ProblemCollector } from './problems.js';
import type { EventDefinition, TimerDefinition } from './types.js';

/** Where an event sits, which decides the event definitions that it may have. */
export type EventRole =
  | 'processStart'
  | 'subProcessStart'
  | 'eventSubProcessStart'
  | 'intermediateCatch'
  | 'intermediateThrow'
  | 'boundary'
  | 'interruptingBoundary'
  | 'end';

type DefinitionKind = EventDefinition['kind'];

const ALLOWED: Record<EventRole, DefinitionKind[]> = {
  processStart: ['none', 'message', 'timer'],
  subProcessStart: ['none'],
  eventSubProcessStart: ['message', 'timer', 'error', 'escalation'],
  intermediateCatch: ['message', 'timer'],
  intermediateThrow: ['none', 'escalation', 'message'],
  boundary: ['message', 'timer', 'error', 'escalation'],
  interruptingBoundary: ['message', 'timer', 'error', 'escalation'],
  end: ['none', 'error', 'escalation', 'terminate', 'message'],
};

const ROLE_NAMES: Record<EventRole, string> = {
  processStart: 'a process start event',
  subProcessStart: 'the start event of an embedded sub-process',
  eventSubProcessStart: 'the start event of an event sub-process',
  intermediateCatch: 'an intermediate catch event',
  intermediateThrow: 'an intermediate throw event',
  boundary: 'a non-interrupting boundary event',
  interruptingBoundary: 'an interrupting boundary event',
  end: 'an end event',
};

const TIMER_TYPES: Record<EventRole, Array<TimerDefinition['type']>> = {
  processStart: ['date', 'cycle'],
  subProcessStart: [],
  eventSubProcessStart: ['date', 'duration', 'cycle'],
  intermediateCatch: ['date', 'duration'],
  intermediateThrow: [],
  boundary: ['date', 'duration', 'cycle'],
  // The Camunda 8.7 and 8.8 docs (Timer events) allow an interrupting timer boundary event a
  // time date or duration only.
  interruptingBoundary: ['date', 'duration'],
  end: [],
};

const TIMER_FIELDS = {
  date: 'timeDate',
  duration: 'timeDuration',
  cycle: 'timeCycle',
} as const;

const DEFINITION_KINDS: Record<string, DefinitionKind | 'unsupported'> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:TerminateEventDefinition': 'terminate',
};

/**
 * Reads the event definition of an event in `role`. Records a problem and returns undefined
 * for an unsupported definition (signal, link, conditional, compensation, cancel, multiple).
 */
export function readEventDefinition(
  event: BpmnElement,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition | undefined {
  const definitions = event.eventDefinitions ?? [];
  if (definitions.length > 1) {
    problems.addElementProblem(
      event,
      'has more than one event definition (a multiple event), which this engine does not support',
    );
    return undefined;
  }
  const definition = definitions[0];
  const kind = definition ? (DEFINITION_KINDS[definition.$type] ?? 'unsupported') : 'none';
  if (kind === 'unsupported') {
    const local = definition!.$type.replace(/^bpmn:/, '').replace(/EventDefinition$/, '');
    const name = local === 'Compensate' ? 'compensation' : local.toLowerCase();
    problems.addElementProblem(event, `is a ${name} event, which this engine does not support`);
    return undefined;
  }
  if (!ALLOWED[role].includes(kind)) {
    const description = kind === 'none' ? 'has no event definition' : `is a ${kind} event`;
    problems.addElementProblem(
      event,
      `${description}, which is not allowed as ${ROLE_NAMES[role]}`,
    );
    return undefined;
  }
  return buildDefinition(event, definition, kind, role, problems);
}

function buildDefinition(
  event: BpmnElement,
  definition: BpmnElement | undefined,
  kind: DefinitionKind,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition | undefined {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'terminate':
      return { kind: 'terminate' };
    case 'timer':
      return readTimer(event, definition!, role, problems);
    case 'message':
      return readMessage(event, definition!, role, problems);
    case 'error':
      return readError(event, definition!, role, problems);
    case 'escalation':
      return readEscalation(event, definition!, role, problems);
  }
}

function readMessage(
  event: BpmnElement,
  definition: BpmnElement,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition {
  const message = definition.messageRef ?? event.messageRef;
  const isThrow = role === 'intermediateThrow' || role === 'end';
  return readMessageSubscription(event, message, problems, {
    needsName: !isThrow,
    needsCorrelationKey: !isThrow && role !== 'processStart',
    staticName: role === 'processStart',
  });
}

/**
 * Reads a message reference into a message event definition. Receive tasks use it too. A
 * throw event's message is optional, because a job worker sends it.
 */
export function readMessageSubscription(
  element: BpmnElement,
  message: BpmnElement | undefined,
  problems: ProblemCollector,
  rules: MessageRules,
): EventDefinition {
  if (!message) {
    if (rules.needsName) {
      const key = rules.needsCorrelationKey ? ' and a zeebe:subscription correlationKey' : '';
      problems.addElementProblem(
        element,
        `has no message: reference a bpmn:message with a name${key}`,
      );
    }
    return { kind: 'message', messageName: { kind: 'static', value: '' } };
  }
  const nameText = message.name?.trim() ? message.name : undefined;
  const keyText = attribute(findExtension(message, 'zeebe:Subscription'), 'correlationKey');
  checkMessage(element, message, { nameText, keyText }, rules, problems);
  const messageName = problems.readExpression(element, 'the message name', nameText ?? '');
  const correlationKey = problems.readOptionalExpression(element, 'the correlation key', keyText);
  return correlationKey
    ? { kind: 'message', messageName, correlationKey }
    : { kind: 'message', messageName };
}

/** What a message reference needs, which depends on the element that refers to it. */
export interface MessageRules {
  needsName: boolean;
  needsCorrelationKey: boolean;
  staticName: boolean;
}

function checkMessage(
  element: BpmnElement,
  message: BpmnElement,
  texts: { nameText: string | undefined; keyText: string | undefined },
  rules: MessageRules,
  problems: ProblemCollector,
): void {
  if (rules.needsName && texts.nameText === undefined) {
    problems.addElementProblem(
      element,
      `has the message '${message.id}' without a name: set its name`,
    );
  }
  if (rules.staticName && texts.nameText?.trim().startsWith('=')) {
    problems.addElementProblem(
      element,
      `has the FEEL message name '${texts.nameText}': a message start event needs a static name`,
    );
  }
  if (rules.needsCorrelationKey && texts.keyText === undefined) {
    problems.addElementProblem(
      element,
      `has no correlation key: add a zeebe:subscription with a correlationKey to the message ` +
        `'${message.id}'`,
    );
  }
}

function readError(
  event: BpmnElement,
  definition: BpmnElement,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition {
  const errorCode = definition.errorRef?.errorCode?.trim() || undefined;
  if (role === 'end' && errorCode === undefined) {
    problems.addElementProblem(
      event,
      'has no error code: reference a bpmn:error with an errorCode',
    );
  }
  return errorCode === undefined ? { kind: 'error' } : { kind: 'error', errorCode };
}

function readEscalation(
  event: BpmnElement,
  definition: BpmnElement,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition {
  const escalationCode = definition.escalationRef?.escalationCode?.trim() || undefined;
  const isThrow = role === 'intermediateThrow' || role === 'end';
  if (isThrow && escalationCode === undefined) {
    problems.addElementProblem(
      event,
      'has no escalation code: reference a bpmn:escalation with an escalationCode',
    );
  }
  return escalationCode === undefined
    ? { kind: 'escalation' }
    : { kind: 'escalation', escalationCode };
}

function readTimer(
  event: BpmnElement,
  definition: BpmnElement,
  role: EventRole,
  problems: ProblemCollector,
): EventDefinition | undefined {
  const present = (['date', 'duration', 'cycle'] as const).flatMap((type) => {
    const body = timerBody(definition, type);
    return body === undefined ? [] : [{ type, body }];
  });
  if (present.length !== 1) {
    problems.addElementProblem(
      event,
      present.length === 0
        ? 'is a timer event without a value: set a time date, time duration or time cycle'
        : 'is a timer event with more than one of time date, time duration and time cycle',
    );
    return undefined;
  }
  const { type, body } = present[0]!;
  if (!TIMER_TYPES[role].includes(type)) {
    const allowed = TIMER_TYPES[role].join(' or ');
    problems.addElementProblem(
      event,
      `has a timer ${type}, but ${ROLE_NAMES[role]} takes a ${allowed}`,
    );
    return undefined;
  }
  const expression = problems.readExpression(event, `the timer ${type}`, body);
  if (expression.kind === 'static') checkStaticTimer(event, type, expression.value, problems);
  return { kind: 'timer', timer: { type, expression } };
}

function timerBody(definition: BpmnElement, type: TimerDefinition['type']): string | undefined {
  const body = definition[TIMER_FIELDS[type]]?.body?.trim();
  return body === undefined || body === '' ? undefined : body;
}

function checkStaticTimer(
  event: BpmnElement,
  type: TimerDefinition['type'],
  value: string,
  problems: ProblemCollector,
): void {
  try {
    if (type === 'date') parseIsoDateTime(value);
    else if (type === 'duration') parseIsoDuration(value);
    else parseTimerCycle(value);
  } catch (error) {
    if (!(error instanceof InvalidTimerError)) throw error;
    problems.addElementProblem(event, `has an invalid timer ${type}: ${error.message}`);
  }
}
