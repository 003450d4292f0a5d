/**
 * Lookups of Zeebe extension elements on bpmn-moddle elements, shared by docroute's lint rules.
 * The elements come from bpmnlint, which types them as `any`.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModdleElement = any;

/** Returns the first extension element of `type` (such as `zeebe:TaskDefinition`), if any. */
export function findExtension(element: ModdleElement, type: string): ModdleElement | undefined {
  const values: ModdleElement[] = element.extensionElements?.values ?? [];
  return values.find((value) => value.$instanceOf(type));
}

/** Returns true when `value` is a string with something other than white space. */
export function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
