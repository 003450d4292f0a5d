import { createRequire } from 'node:module';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebeDescriptor: object = require('zeebe-bpmn-moddle/resources/zeebe.json');

interface ModdleElement {
  $type: string;
  id: string;
  name?: string;
  isExecutable?: boolean;
  rootElements?: ModdleElement[];
  flowElements?: ModdleElement[];
  extensionElements?: { values?: Array<{ $type: string; type?: string }> };
}

/** One executable process found in a deployed BPMN file. */
export interface FakeProcessModel {
  bpmnProcessId: string;
  name?: string;
  /** Element id to the REST API's element type, such as `SERVICE_TASK`. */
  elementTypes: Map<string, string>;
  elementNames: Map<string, string>;
}

/** A deployment problem, worded like the broker's rejection lines. */
export class FakeBpmnError extends Error {}

/**
 * Reads the executable processes of a BPMN file and applies the one deployment rule these tests
 * need from the broker: a service task must have a `zeebe:taskDefinition`.
 */
export async function readProcesses(xml: string): Promise<FakeProcessModel[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  let root: ModdleElement;
  try {
    root = (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement as ModdleElement;
  } catch (error) {
    throw new FakeBpmnError(`Failed to parse BPMN: ${(error as Error).message}`);
  }
  const processes = (root.rootElements ?? []).filter(
    (element) => element.$type === 'bpmn:Process' && element.isExecutable,
  );
  if (processes.length === 0) {
    throw new FakeBpmnError('Must contain at least one executable process');
  }
  return processes.map(toModel);
}

function toModel(process: ModdleElement): FakeProcessModel {
  const elementTypes = new Map<string, string>();
  const elementNames = new Map<string, string>();
  const problems: string[] = [];
  for (const element of process.flowElements ?? []) {
    if (element.$type === 'bpmn:SequenceFlow') continue;
    elementTypes.set(element.id, toRestType(element.$type));
    if (element.name) elementNames.set(element.id, element.name);
    const hasTaskDefinition = (element.extensionElements?.values ?? []).some(
      (value) => value.$type === 'zeebe:TaskDefinition' && !!value.type,
    );
    if (element.$type === 'bpmn:ServiceTask' && !hasTaskDefinition) {
      problems.push(
        `- Element: ${element.id}\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element`,
      );
    }
  }
  if (problems.length > 0) throw new FakeBpmnError(problems.join('\n'));
  return { bpmnProcessId: process.id, name: process.name, elementTypes, elementNames };
}

/** `bpmn:ServiceTask` becomes `SERVICE_TASK`. */
function toRestType(moddleType: string): string {
  return moddleType
    .replace(/^bpmn:/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
}
