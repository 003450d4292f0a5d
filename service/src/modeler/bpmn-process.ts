import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { ValidationError } from '../errors/index.js';

const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export interface ProcessIdentity {
  bpmnProcessId: string;
  name: string | null;
}

interface RootElement {
  $type: string;
  id?: string;
  name?: string;
  isExecutable?: boolean;
}

/**
 * Reads the id and name of the diagram's process: the executable one, or the only one when
 * none is executable. Throws ValidationError for XML that does not parse or has no process.
 */
export async function readProcessIdentity(xml: string): Promise<ProcessIdentity> {
  let rootElements: RootElement[];
  try {
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(xml);
    rootElements = (rootElement as { rootElements?: RootElement[] }).rootElements ?? [];
  } catch (error) {
    throw new ValidationError(
      `xml is not valid BPMN: ${(error as Error).message}; export the diagram again`,
      { field: 'xml' },
      { cause: error },
    );
  }
  const processes = rootElements.filter((element) => element.$type === 'bpmn:Process');
  const chosen =
    processes.find((p) => p.isExecutable) ?? (processes.length === 1 ? processes[0] : undefined);
  if (!chosen?.id) {
    throw new ValidationError(
      `xml has ${processes.length} processes and none is executable: mark one process executable`,
      { field: 'xml' },
    );
  }
  return { bpmnProcessId: chosen.id, name: chosen.name ?? null };
}
