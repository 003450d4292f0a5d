import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

/** A FormalExpression such as a condition or a timer value; `body` is its text. */
export interface BpmnExpression {
  $type: string;
  body?: string;
}

/**
 * The parts of a bpmn-moddle element that the compiler reads. bpmn-moddle ships no types, so
 * this lists the BPMN 2.0 properties by their standard names.
 */
export interface BpmnElement {
  $type: string;
  id: string;
  name?: string;
  $parent?: BpmnElement;
  extensionElements?: { values?: ZeebeExtension[] };
  rootElements?: BpmnElement[];
  isExecutable?: boolean;
  flowElements?: BpmnElement[];
  eventDefinitions?: BpmnElement[];
  sourceRef?: BpmnElement;
  targetRef?: BpmnElement;
  conditionExpression?: BpmnExpression;
  default?: BpmnElement;
  attachedToRef?: BpmnElement;
  cancelActivity?: boolean;
  isInterrupting?: boolean;
  triggeredByEvent?: boolean;
  loopCharacteristics?: BpmnElement;
  isSequential?: boolean;
  completionCondition?: BpmnExpression;
  isForCompensation?: boolean;
  instantiate?: boolean;
  messageRef?: BpmnElement;
  errorRef?: BpmnElement;
  escalationRef?: BpmnElement;
  errorCode?: string;
  escalationCode?: string;
  timeDate?: BpmnExpression;
  timeDuration?: BpmnExpression;
  timeCycle?: BpmnExpression;
}

/** A `zeebe:*` extension element; its attributes are read with {@link attribute}. */
export interface ZeebeExtension {
  $type: string;
  [property: string]: unknown;
}

export interface ParsedDefinitions {
  definitions: BpmnElement;
  warnings: string[];
}

const require = createRequire(import.meta.url);
const zeebeDescriptor: object = require('zeebe-bpmn-moddle/resources/zeebe.json');

/** Parses BPMN XML with the zeebe extension; throws the parser's error for invalid input. */
export async function parseBpmnXml(xml: string): Promise<ParsedDefinitions> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const result = await moddle.fromXML(xml, 'bpmn:Definitions');
  const warnings = (result.warnings ?? []).map((warning: { message: string }) => warning.message);
  return { definitions: result.rootElement as BpmnElement, warnings };
}

/**
 * Decodes a BPMN file. A Buffer is read in the encoding its XML declaration names (UTF-8
 * unless it names ISO-8859-1 or Latin-1), and a byte order mark selects UTF-8 or UTF-16.
 */
export function decodeXml(xml: string | Buffer): string {
  if (typeof xml === 'string') return xml.replace(/^\uFEFF/, '');
  if (xml[0] === 0xff && xml[1] === 0xfe) return xml.subarray(2).toString('utf16le');
  if (xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf)
    return xml.subarray(3).toString('utf8');
  const head = xml.subarray(0, 200).toString('latin1');
  const encoding = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  const isLatin1 = encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'latin-1';
  return xml.toString(isLatin1 ? 'latin1' : 'utf8');
}

/** Returns the first extension element of `type` (such as `zeebe:TaskDefinition`), if any. */
export function findExtension(element: BpmnElement, type: string): ZeebeExtension | undefined {
  return element.extensionElements?.values?.find((value) => value.$type === type);
}

/** Returns a string attribute of an extension element, or undefined when absent or empty. */
export function attribute(extension: ZeebeExtension | undefined, name: string): string | undefined {
  const value = extension?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns a boolean attribute of an extension element, or `fallback` when absent. */
export function booleanAttribute(
  extension: ZeebeExtension | undefined,
  name: string,
  fallback: boolean,
): boolean {
  const value = extension?.[name];
  return typeof value === 'boolean' ? value : fallback;
}

/** Returns a list-valued property of an extension element (header values, mappings). */
export function listAttribute(
  extension: ZeebeExtension | undefined,
  name: string,
): ZeebeExtension[] {
  const value = extension?.[name];
  return Array.isArray(value) ? (value as ZeebeExtension[]) : [];
}
