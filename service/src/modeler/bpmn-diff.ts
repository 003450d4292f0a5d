import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { ValidationError } from '../errors/index.js';

const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

/** A bpmn-moddle element; bpmn-moddle ships no types for its main entry. */
interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $descriptor: { propertiesByName: Record<string, { isReference?: boolean; isMany?: boolean }> };
  [key: string]: unknown;
}

export interface DiffElement {
  id: string;
  type: string;
  name?: string;
}

export interface AttributeChange {
  /** The BPMN attribute or child, such as `name`, `default` or `extensionElements`. */
  attribute: string;
  /** The old value as text, or null where it was absent. */
  from: string | null;
  to: string | null;
}

export interface BpmnDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: Array<DiffElement & { changes: AttributeChange[] }>;
}

/** Own property names, including references, which bpmn-moddle defines as non-enumerable. */
function propertyNames(element: ModdleElement): string[] {
  return Object.getOwnPropertyNames(element)
    .filter((name) => !name.startsWith('$'))
    .sort();
}

function isModdleElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value;
}

/** Diagram interchange (shapes, edges, planes) is layout, not part of the process. */
function isDiagramElement(element: ModdleElement): boolean {
  return /^(bpmndi|dc|di):/.test(element.$type);
}

function isIdentified(value: unknown): value is ModdleElement & { id: string } {
  return isModdleElement(value) && typeof value.id === 'string' && !isDiagramElement(value);
}

/** Renders a contained value without ids as stable JSON text; elements with ids as `#id`. */
function describeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(describeValue);
  if (isIdentified(value)) return `#${value.id}`;
  if (!isModdleElement(value)) return value;
  const described: Record<string, unknown> = { $type: value.$type };
  for (const key of propertyNames(value)) described[key] = describeValue(value[key]);
  return described;
}

/**
 * Lists an element's attributes and children as text by name. References become `#id`, and contained
 * elements that have ids of their own are left out because they are compared as elements.
 */
function describeAttributes(element: ModdleElement): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const key of propertyNames(element)) {
    if (key === 'id' || key === 'di') continue;
    const value = element[key];
    const property = element.$descriptor.propertiesByName[key];
    const values = Array.isArray(value) ? value : [value];
    const compared = (v: unknown) => isIdentified(v) || (isModdleElement(v) && isDiagramElement(v));
    if (!property?.isReference && values.length > 0 && values.every(compared)) continue;
    const described = property?.isReference
      ? values.map((v) => (isIdentified(v) ? `#${v.id}` : v))
      : describeValue(value);
    attributes.set(key, typeof described === 'string' ? described : JSON.stringify(described));
  }
  for (const [key, value] of Object.entries((element.$attrs as Record<string, string>) ?? {})) {
    attributes.set(key, value);
  }
  return attributes;
}

function collectElements(
  root: unknown,
  found = new Map<string, ModdleElement>(),
): Map<string, ModdleElement> {
  if (Array.isArray(root)) {
    for (const item of root) collectElements(item, found);
    return found;
  }
  if (!isModdleElement(root) || isDiagramElement(root)) return found;
  if (isIdentified(root)) found.set(root.id, root);
  for (const key of propertyNames(root)) {
    const property = root.$descriptor.propertiesByName[key];
    if (!property?.isReference) collectElements(root[key], found);
  }
  return found;
}

async function parse(xml: string, field: string): Promise<Map<string, ModdleElement>> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  try {
    return collectElements((await moddle.fromXML(xml)).rootElement);
  } catch (error) {
    throw new ValidationError(
      `${field} is not valid BPMN XML: ${(error as Error).message}`,
      { field },
      { cause: error },
    );
  }
}

function summary(element: ModdleElement & { id: string }): DiffElement {
  const name = typeof element.name === 'string' ? { name: element.name } : {};
  return { id: element.id, type: element.$type, ...name };
}

function compareAttributes(before: ModdleElement, after: ModdleElement): AttributeChange[] {
  const changes: AttributeChange[] = [];
  if (before.$type !== after.$type) {
    changes.push({ attribute: '$type', from: before.$type, to: after.$type });
  }
  const from = describeAttributes(before);
  const to = describeAttributes(after);
  for (const attribute of [...new Set([...from.keys(), ...to.keys()])].sort()) {
    const old = from.get(attribute) ?? null;
    const current = to.get(attribute) ?? null;
    if (old !== current) changes.push({ attribute, from: old, to: current });
  }
  return changes;
}

/**
 * Compares two BPMN documents element by element, matching elements by id: elements only in
 * `toXml` are added, elements only in `fromXml` are removed, and elements in both whose type,
 * attributes, references or extension elements differ are changed. Layout is ignored.
 */
export async function diffBpmn(fromXml: string, toXml: string): Promise<BpmnDiff> {
  const before = await parse(fromXml, 'from');
  const after = await parse(toXml, 'to');
  const diff: BpmnDiff = { added: [], removed: [], changed: [] };
  for (const [id, element] of after) {
    if (!before.has(id)) diff.added.push(summary(element as ModdleElement & { id: string }));
  }
  for (const [id, element] of before) {
    const counterpart = after.get(id);
    if (!counterpart) {
      diff.removed.push(summary(element as ModdleElement & { id: string }));
      continue;
    }
    const changes = compareAttributes(element, counterpart);
    if (changes.length > 0) {
      diff.changed.push({ ...summary(counterpart as ModdleElement & { id: string }), changes });
    }
  }
  return diff;
}
