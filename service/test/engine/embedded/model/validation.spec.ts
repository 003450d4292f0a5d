import { expect } from 'chai';
import { compileBpmn, type DeployProblem } from '../../../../src/engine/embedded/model/index.js';
import {
  definitionsXml,
  flow,
  MESSAGE,
  processXml,
  serviceTask,
  startAndEnd,
  timerEvent,
} from './bpmn-builder.js';

interface ExpectedProblem {
  elementId?: string;
  elementType?: string;
  message: string;
}

interface Case {
  name: string;
  xml: string;
  expected: ExpectedProblem[];
}

const straight = (body: string, roots = ''): string =>
  processXml(startAndEnd(body) + flow('f1', 's', 'x') + flow('f2', 'x', 'e'), roots);

const ERROR = '<bpmn:error id="err" name="Rejected" />';
const ESCALATION = '<bpmn:escalation id="esc" name="Late" />';

const fileCases: Case[] = [
  {
    name: 'invalid XML',
    xml: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<oops',
    expected: [{ message: 'upload.bpmn is not a valid BPMN file: unparsable content' }],
  },
  {
    name: 'XML that is not BPMN',
    xml: '<?xml version="1.0"?><invoice><total>5</total></invoice>',
    expected: [{ message: 'failed to parse document as <bpmn:Definitions>' }],
  },
  {
    name: 'unknown BPMN element',
    xml: straight('<bpmn:task id="x" /><bpmn:widget id="w" />'),
    expected: [
      { message: 'upload.bpmn has invalid BPMN content: unparsable content <bpmn:widget>' },
    ],
  },
  {
    name: 'duplicate element id',
    xml: straight('<bpmn:task id="x" /><bpmn:task id="x" />'),
    expected: [{ message: 'duplicate ID <x>' }],
  },
  {
    name: 'only non-executable processes',
    xml: definitionsXml(
      '<bpmn:process id="p" isExecutable="false"><bpmn:startEvent id="s" /></bpmn:process>',
    ),
    expected: [{ message: 'upload.bpmn contains no executable process' }],
  },
];

const taskCases: Case[] = [
  {
    name: 'service task without job type',
    xml: straight('<bpmn:serviceTask id="x" />'),
    expected: [
      {
        elementId: 'x',
        elementType: 'bpmn:ServiceTask',
        message: "Service task 'x' has no job type: add a zeebe:taskDefinition with a type",
      },
    ],
  },
  {
    name: 'send task without job type',
    xml: straight('<bpmn:sendTask id="x" />'),
    expected: [{ elementId: 'x', message: "Send task 'x' has no job type" }],
  },
  {
    name: 'business rule task calling DMN',
    xml: straight(
      '<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision ' +
        'decisionId="d" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    ),
    expected: [{ elementId: 'x', message: 'calls a DMN decision' }],
  },
  {
    name: 'task definition without type',
    xml: straight(
      '<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition retries="2" />' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
    ),
    expected: [{ elementId: 'x', message: 'has a zeebe:taskDefinition without a job type' }],
  },
  {
    name: 'retries that are not a number',
    xml: straight(
      '<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="t" ' +
        'retries="three" /></bpmn:extensionElements></bpmn:serviceTask>',
    ),
    expected: [{ elementId: 'x', message: "has invalid job retries 'three'" }],
  },
  {
    name: 'script task without script',
    xml: straight('<bpmn:scriptTask id="x" />'),
    expected: [{ elementId: 'x', message: "Script task 'x' has no script: add a zeebe:script" }],
  },
  {
    name: 'script without FEEL and result variable',
    xml: straight(
      '<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="1 + 1" />' +
        '</bpmn:extensionElements></bpmn:scriptTask>',
    ),
    expected: [
      { elementId: 'x', message: "has the script '1 + 1': write a FEEL expression" },
      { elementId: 'x', message: 'has no result variable' },
    ],
  },
  {
    name: 'multi-instance without input collection',
    xml: straight(serviceTask('x', '<bpmn:multiInstanceLoopCharacteristics />')),
    expected: [
      { elementId: 'x', message: 'is a multi-instance activity without an input collection' },
    ],
  },
  {
    name: 'call activity without process id',
    xml: straight('<bpmn:callActivity id="x" />'),
    expected: [
      {
        elementId: 'x',
        message:
          "Call activity 'x' has no called process: add a zeebe:calledElement with a processId",
      },
    ],
  },
  {
    name: 'call activity bound by version tag',
    xml: straight(
      '<bpmn:callActivity id="x"><bpmn:extensionElements><zeebe:calledElement ' +
        'processId="child" bindingType="versionTag" versionTag="v1" /></bpmn:extensionElements>' +
        '</bpmn:callActivity>',
    ),
    expected: [{ elementId: 'x', message: "uses the called element binding 'versionTag'" }],
  },
  {
    name: 'multi-instance output collection without element',
    xml: straight(
      serviceTask(
        'x',
        '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>' +
          '<zeebe:loopCharacteristics inputCollection="=items" outputCollection="results" />' +
          '</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
      ),
    ),
    expected: [{ elementId: 'x', message: 'output collection without an output element' }],
  },
  {
    name: 'receive task without correlation key',
    xml: straight(
      '<bpmn:receiveTask id="x" messageRef="plain" />',
      '<bpmn:message id="plain" name="reply" />',
    ),
    expected: [
      {
        elementId: 'x',
        message:
          "has no correlation key: add a zeebe:subscription with a correlationKey to the message 'plain'",
      },
    ],
  },
];

const timerCases: Case[] = [
  {
    name: 'timer cycle without R',
    xml: straight(
      serviceTask('x') +
        timerEvent(
          'boundaryEvent',
          'b',
          '<bpmn:timeCycle>PT1H</bpmn:timeCycle>',
          'attachedToRef="x" cancelActivity="false"',
        ),
    ),
    expected: [
      { elementId: 'b', message: "has an invalid timer cycle: Invalid time cycle 'PT1H'" },
    ],
  },
  {
    name: 'cycle on interrupting boundary',
    xml: straight(
      serviceTask('x') +
        timerEvent(
          'boundaryEvent',
          'b',
          '<bpmn:timeCycle>R3/PT1H</bpmn:timeCycle>',
          'attachedToRef="x"',
        ),
    ),
    expected: [
      {
        elementId: 'b',
        message: 'has a timer cycle, but an interrupting boundary event takes a date or duration',
      },
    ],
  },
  {
    name: 'duration that does not parse',
    xml: straight(
      timerEvent('intermediateCatchEvent', 'x', '<bpmn:timeDuration>4 hours</bpmn:timeDuration>'),
    ),
    expected: [
      { elementId: 'x', message: "has an invalid timer duration: Invalid duration '4 hours'" },
    ],
  },
  {
    name: 'date without zone',
    xml: straight(
      timerEvent(
        'intermediateCatchEvent',
        'x',
        '<bpmn:timeDate>2026-12-04T08:00:00</bpmn:timeDate>',
      ),
    ),
    expected: [{ elementId: 'x', message: 'has no zone offset' }],
  },
  {
    name: 'timer start with a duration',
    xml: processXml(
      timerEvent('startEvent', 's', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>') +
        '<bpmn:endEvent id="e" />' +
        flow('f', 's', 'e'),
    ),
    expected: [
      {
        elementId: 's',
        message: 'has a timer duration, but a process start event takes a date or cycle',
      },
    ],
  },
  {
    name: 'timer without value',
    xml: straight(timerEvent('intermediateCatchEvent', 'x', '')),
    expected: [{ elementId: 'x', message: 'is a timer event without a value' }],
  },
];

const feelCases: Case[] = [
  {
    name: 'condition that does not parse',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" default="f3" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '=amount &gt;') +
        flow('f3', 'g', 'e'),
    ),
    expected: [
      {
        elementId: 'f2',
        elementType: 'bpmn:SequenceFlow',
        message: "invalid FEEL expression in the condition '=amount >'",
      },
    ],
  },
  {
    name: 'input mapping that does not parse',
    xml: straight(
      '<bpmn:task id="x"><bpmn:extensionElements><zeebe:ioMapping>' +
        '<zeebe:input source="=a +* b" target="c" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>',
    ),
    expected: [
      { elementId: 'x', message: "in the input 'c' '=a +* b': syntax error at position 4" },
    ],
  },
  {
    name: 'timer expression that does not parse',
    xml: straight(
      timerEvent(
        'intermediateCatchEvent',
        'x',
        '<bpmn:timeDuration>=duration(</bpmn:timeDuration>',
      ),
    ),
    expected: [{ elementId: 'x', message: "in the timer duration '=duration('" }],
  },
  {
    name: 'assignee that does not parse',
    xml: straight(
      '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask />' +
        '<zeebe:assignmentDefinition assignee="={name:" /></bpmn:extensionElements></bpmn:userTask>',
    ),
    expected: [{ elementId: 'x', message: "in the assignee '={name:'" }],
  },
  {
    name: 'condition without leading equals sign',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" default="f3" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '${amount > 5}') +
        flow('f3', 'g', 'e'),
    ),
    expected: [
      {
        elementId: 'f2',
        message:
          "which is not FEEL: write a FEEL expression that starts with '=', such as '=amount > 5'",
      },
    ],
  },
  {
    name: 'bare condition without equals sign',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" default="f3" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', 'approved') +
        flow('f3', 'g', 'e'),
    ),
    expected: [{ elementId: 'f2', message: "such as '=approved'" }],
  },
  {
    name: 'JUEL condition with operators',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" default="f3" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '${approved == true &amp;&amp; amount > 5}') +
        flow('f3', 'g', 'e'),
    ),
    expected: [{ elementId: 'f2', message: "such as '=approved = true and amount > 5'" }],
  },
];

const gatewayCases: Case[] = [
  {
    name: 'exclusive gateway without outgoing flow',
    xml: processXml(startAndEnd('<bpmn:exclusiveGateway id="g" />') + flow('f1', 's', 'g')),
    expected: [{ elementId: 'g', message: "Exclusive gateway 'g' has no outgoing sequence flow" }],
  },
  {
    name: 'condition out of a parallel gateway',
    xml: processXml(
      startAndEnd('<bpmn:parallelGateway id="g" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '=true'),
    ),
    expected: [
      { elementId: 'f2', message: "leaves the parallel gateway 'g', which ignores conditions" },
    ],
  },
  {
    name: 'exclusive gateway flow without condition',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '=a') +
        flow('f3', 'g', 'e'),
    ),
    expected: [{ elementId: 'g', message: "has the outgoing flow 'f3' without a condition" }],
  },
  {
    name: 'inclusive gateway flow without condition',
    xml: processXml(
      startAndEnd('<bpmn:inclusiveGateway id="g" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e') +
        flow('f3', 'g', 'e'),
    ),
    expected: [
      { elementId: 'g', message: "has the outgoing flow 'f2' without a condition" },
      { elementId: 'g', message: "has the outgoing flow 'f3' without a condition" },
    ],
  },
  {
    name: 'default flow with condition',
    xml: processXml(
      startAndEnd('<bpmn:exclusiveGateway id="g" default="f3" />') +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'e', '=a') +
        flow('f3', 'g', 'e', '=b'),
    ),
    expected: [{ elementId: 'g', message: "has the default flow 'f3' with a condition" }],
  },
  {
    name: 'event-based gateway to a task',
    xml: processXml(
      startAndEnd(
        '<bpmn:eventBasedGateway id="g" /><bpmn:task id="t" />' +
          timerEvent('intermediateCatchEvent', 'c', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>'),
      ) +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 't') +
        flow('f3', 'g', 'c') +
        flow('f4', 't', 'e') +
        flow('f5', 'c', 'e'),
    ),
    expected: [
      {
        elementId: 'g',
        message: "leads to 't', which is not a message or timer intermediate catch event",
      },
    ],
  },
  {
    name: 'condition on a flow out of a task',
    xml: processXml(
      startAndEnd('<bpmn:task id="t" />') + flow('f1', 's', 't') + flow('f2', 't', 'e', '=a'),
    ),
    expected: [{ elementId: 'f2', message: "has a condition but leaves 't'" }],
  },
];

const eventCases: Case[] = [
  {
    name: 'message catch without message',
    xml: straight(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    ),
    expected: [
      {
        elementId: 'x',
        message:
          'has no message: reference a bpmn:message with a name and a zeebe:subscription correlationKey',
      },
    ],
  },
  {
    name: 'message without name',
    xml: straight(
      '<bpmn:receiveTask id="x" messageRef="nameless" />',
      '<bpmn:message id="nameless"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
    ),
    expected: [
      { elementId: 'x', message: "has the message 'nameless' without a name: set its name" },
    ],
  },
  {
    name: 'message boundary without correlation key',
    xml: straight(
      serviceTask('x') +
        '<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:messageEventDefinition messageRef="plain" /></bpmn:boundaryEvent>',
      '<bpmn:message id="plain" name="recalled" />',
    ),
    expected: [{ elementId: 'b', message: 'has no correlation key' }],
  },
  {
    name: 'message start with FEEL name',
    xml: processXml(
      '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="dyn" /></bpmn:startEvent>' +
        '<bpmn:endEvent id="e" />' +
        flow('f', 's', 'e'),
      '<bpmn:message id="dyn" name="=kind" />',
    ),
    expected: [{ elementId: 's', message: 'a message start event needs a static name' }],
  },
  {
    name: 'error end event without code',
    xml: processXml(
      '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>' +
        flow('f', 's', 'e'),
      ERROR,
    ),
    expected: [{ elementId: 'e', message: "End event 'e' has no error code" }],
  },
  {
    name: 'escalation throw without code',
    xml: straight(
      '<bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>',
      ESCALATION,
    ),
    expected: [{ elementId: 'x', message: 'has no escalation code' }],
  },
  {
    name: 'non-interrupting error boundary',
    xml: straight(
      serviceTask('x') +
        '<bpmn:boundaryEvent id="b" attachedToRef="x" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
    ),
    expected: [{ elementId: 'b', message: 'is a non-interrupting error event' }],
  },
  {
    name: 'boundary event on a gateway',
    xml: straight(
      '<bpmn:exclusiveGateway id="x" />' +
        timerEvent(
          'boundaryEvent',
          'b',
          '<bpmn:timeDuration>PT1H</bpmn:timeDuration>',
          'attachedToRef="x"',
        ),
    ),
    expected: [
      { elementId: 'b', message: "is attached to 'x', which is not an activity of this process" },
    ],
  },
  {
    name: 'intermediate catch without definition',
    xml: straight('<bpmn:intermediateCatchEvent id="x" />'),
    expected: [
      {
        elementId: 'x',
        message: 'has no event definition, which is not allowed as an intermediate catch event',
      },
    ],
  },
];

const scopeCases: Case[] = [
  {
    name: 'process without start event',
    xml: processXml('<bpmn:task id="t" />'),
    expected: [
      { elementId: 'p', elementType: 'bpmn:Process', message: "Process 'p' has no start event" },
    ],
  },
  {
    name: 'process with two none start events',
    xml: processXml('<bpmn:startEvent id="s1" /><bpmn:startEvent id="s2" />'),
    expected: [{ elementId: 'p', message: 'has 2 none start events' }],
  },
  {
    name: 'embedded sub-process without start event',
    xml: straight('<bpmn:subProcess id="x"><bpmn:task id="inner" /></bpmn:subProcess>'),
    expected: [
      {
        elementId: 'x',
        message: "Sub-process 'x' has 0 start events: it needs exactly one none start event",
      },
    ],
  },
  {
    name: 'embedded sub-process with timer start',
    xml: straight(
      '<bpmn:subProcess id="x">' +
        timerEvent('startEvent', 'inner', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>') +
        '</bpmn:subProcess>',
    ),
    expected: [
      {
        elementId: 'inner',
        message:
          'is a timer event, which is not allowed as the start event of an embedded sub-process',
      },
    ],
  },
  {
    name: 'event sub-process with none start',
    xml: processXml(
      startAndEnd(
        '<bpmn:subProcess id="x" triggeredByEvent="true"><bpmn:startEvent id="inner" /></bpmn:subProcess>',
      ) + flow('f', 's', 'e'),
    ),
    expected: [
      {
        elementId: 'inner',
        message:
          'has no event definition, which is not allowed as the start event of an event sub-process',
      },
    ],
  },
  {
    name: 'event sub-process with two starts',
    xml: processXml(
      startAndEnd(
        '<bpmn:subProcess id="x" triggeredByEvent="true">' +
          timerEvent('startEvent', 'a', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>') +
          timerEvent('startEvent', 'b', '<bpmn:timeDuration>PT2H</bpmn:timeDuration>') +
          '</bpmn:subProcess>',
      ) + flow('f', 's', 'e'),
    ),
    expected: [
      {
        elementId: 'x',
        message: "Event sub-process 'x' has 2 start events: it needs exactly one start event",
      },
    ],
  },
  {
    name: 'sequence flow to unknown element',
    xml: processXml(startAndEnd('') + flow('f', 's', 'nowhere')),
    expected: [
      {
        elementId: 'f',
        elementType: 'bpmn:SequenceFlow',
        message: "Sequence flow 'f' has a missing or unknown target",
      },
    ],
  },
];

const unsupportedCases: Case[] = [
  {
    name: 'signal start event',
    xml: processXml(
      '<bpmn:startEvent id="s"><bpmn:signalEventDefinition /></bpmn:startEvent><bpmn:endEvent id="e" />' +
        flow('f', 's', 'e'),
    ),
    expected: [
      {
        elementId: 's',
        message: "Start event 's' is a signal event, which this engine does not support",
      },
    ],
  },
  {
    name: 'link throw event',
    xml: straight(
      '<bpmn:intermediateThrowEvent id="x"><bpmn:linkEventDefinition name="l" /></bpmn:intermediateThrowEvent>',
    ),
    expected: [{ elementId: 'x', message: 'is a link event, which this engine does not support' }],
  },
  {
    name: 'conditional catch event',
    xml: straight(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>',
    ),
    expected: [{ elementId: 'x', message: 'is a conditional event' }],
  },
  {
    name: 'compensation boundary and handler',
    xml: straight(
      serviceTask('x') +
        '<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>' +
        '<bpmn:task id="undo" isForCompensation="true" />',
    ),
    expected: [
      { elementId: 'b', message: 'is a compensation event, which this engine does not support' },
      { elementId: 'undo', message: 'is a compensation activity' },
    ],
  },
  {
    name: 'complex gateway',
    xml: straight('<bpmn:complexGateway id="x" />'),
    expected: [
      {
        elementId: 'x',
        elementType: 'bpmn:ComplexGateway',
        message: "Complex gateway 'x' is an element type that this engine does not support",
      },
    ],
  },
  {
    name: 'transaction',
    xml: straight('<bpmn:transaction id="x"><bpmn:startEvent id="inner" /></bpmn:transaction>'),
    expected: [
      {
        elementId: 'x',
        message: "Transaction 'x' is an element type that this engine does not support",
      },
    ],
  },
  {
    name: 'ad-hoc sub-process',
    xml: straight('<bpmn:adHocSubProcess id="x"><bpmn:task id="inner" /></bpmn:adHocSubProcess>'),
    expected: [{ elementId: 'x', message: "Ad hoc sub-process 'x' is an element type" }],
  },
  {
    name: 'standard loop',
    xml: straight(serviceTask('x', '<bpmn:standardLoopCharacteristics />')),
    expected: [{ elementId: 'x', message: 'has a standard loop' }],
  },
  {
    name: 'multiple event definitions',
    xml: straight(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m" />' +
        '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>' +
        '</bpmn:intermediateCatchEvent>',
      MESSAGE,
    ),
    expected: [{ elementId: 'x', message: 'has more than one event definition' }],
  },
  {
    name: 'execution listeners',
    xml: straight(
      '<bpmn:task id="x"><bpmn:extensionElements><zeebe:executionListeners>' +
        '<zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners>' +
        '</bpmn:extensionElements></bpmn:task>',
    ),
    expected: [{ elementId: 'x', message: 'has execution listeners' }],
  },
];

const acceptedCases: Array<{ name: string; xml: string }> = [
  {
    name: 'unreachable task',
    xml: processXml(startAndEnd('<bpmn:task id="orphan" />') + flow('f', 's', 'e')),
  },
  {
    name: 'message start without correlation key',
    xml: processXml(
      '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="plain" /></bpmn:startEvent>' +
        '<bpmn:endEvent id="e" />' +
        flow('f', 's', 'e'),
      '<bpmn:message id="plain" name="document.submitted" />',
    ),
  },
  {
    name: 'error boundary without code catches all',
    xml: straight(
      serviceTask('x') +
        '<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
    ),
  },
  {
    name: 'FEEL message name on catch event',
    xml: straight(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="dyn" />' +
        '</bpmn:intermediateCatchEvent>',
      '<bpmn:message id="dyn" name="=&quot;reply.&quot; + kind"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
    ),
  },
  {
    name: 'external form reference',
    xml: straight(
      '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask />' +
        '<zeebe:formDefinition externalReference="=formUrl" /></bpmn:extensionElements></bpmn:userTask>',
    ),
  },
  {
    name: 'collaboration with message flow',
    xml: definitionsXml(
      '<bpmn:collaboration id="c"><bpmn:participant id="pa" processRef="p" />' +
        '<bpmn:participant id="pb" /><bpmn:messageFlow id="mf" sourceRef="pb" targetRef="x" />' +
        '</bpmn:collaboration>' +
        '<bpmn:process id="p" isExecutable="true"><bpmn:laneSet id="ls"><bpmn:lane id="l1">' +
        '<bpmn:flowNodeRef>s</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>' +
        startAndEnd(serviceTask('x')) +
        flow('f1', 's', 'x') +
        flow('f2', 'x', 'e') +
        '<bpmn:textAnnotation id="note"><bpmn:text>Ghi chú</bpmn:text></bpmn:textAnnotation>' +
        '<bpmn:association id="as" sourceRef="x" targetRef="note" /></bpmn:process>',
    ),
  },
];

function expectProblems(problems: DeployProblem[], expected: ExpectedProblem[]): void {
  const listing = JSON.stringify(problems, null, 2);
  expect(problems, listing).to.have.length(expected.length);
  for (const wanted of expected) {
    const match = problems.find(
      (problem) =>
        problem.message.includes(wanted.message) &&
        (wanted.elementId === undefined || problem.elementId === wanted.elementId) &&
        (wanted.elementType === undefined || problem.elementType === wanted.elementType),
    );
    expect(match, `${JSON.stringify(wanted)} in ${listing}`).to.not.equal(undefined);
    expect(match!.resourceName).to.equal('upload.bpmn');
  }
}

const groups: Record<string, Case[]> = {
  file: fileCases,
  tasks: taskCases,
  timers: timerCases,
  FEEL: feelCases,
  gateways: gatewayCases,
  events: eventCases,
  scopes: scopeCases,
  'unsupported elements': unsupportedCases,
};

describe('compileBpmn validation', () => {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      for (const row of cases) {
        it(row.name, async () => {
          // when
          const resource = await compileBpmn('upload.bpmn', row.xml);

          // then
          expectProblems(resource.problems, row.expected);
        });
      }
    });
  }

  describe('accepted models', () => {
    for (const row of acceptedCases) {
      it(row.name, async () => {
        // when
        const resource = await compileBpmn('upload.bpmn', row.xml);

        // then
        expect(resource.problems, JSON.stringify(resource.problems)).to.deep.equal([]);
        expect(resource.processes).to.have.length(1);
      });
    }
  });

  it('collects every problem of a file', async () => {
    // given
    const xml = straight(
      '<bpmn:serviceTask id="x" /><bpmn:sendTask id="y" /><bpmn:complexGateway id="z" />',
    );

    // when
    const resource = await compileBpmn('upload.bpmn', xml);

    // then
    const ids = resource.problems.map((problem) => problem.elementId);
    expect(ids).to.include.members(['x', 'y', 'z']);
  });

  it('invalid XML names line and column', async () => {
    // given
    const xml = '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="x">\n  <a></b>';

    // when
    const resource = await compileBpmn('broken.bpmn', xml);

    // then
    expect(resource.problems).to.have.length(1);
    expect(resource.problems[0]!.message).to.match(
      /^broken\.bpmn is not a valid BPMN file: .* at line \d+, column \d+/,
    );
    expect(resource.problems[0]!.elementId).to.equal(undefined);
  });

  it('reads Latin-1 files by their declaration', async () => {
    // given
    const xml = processXml('<bpmn:startEvent id="s" name="Café" />').replace('UTF-8', 'ISO-8859-1');
    const bytes = Buffer.from(xml, 'latin1');

    // when
    const resource = await compileBpmn('latin.bpmn', bytes);

    // then
    expect(resource.problems).to.deep.equal([]);
    expect(resource.warnings).to.deep.equal([]);
    expect(resource.processes[0]!.elements['s']!.name).to.equal('Café');
  });
});
