/**
 * Builds small BPMN documents for compiler tests. `processXml` wraps flow elements in an
 * executable process `p` with the bpmn and zeebe namespaces. `roots` adds root elements, such
 * as messages and errors, next to the process.
 */
export function processXml(body: string, roots = ''): string {
  return definitionsXml(`${roots}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process>`);
}

export function definitionsXml(content: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    `id="d" targetNamespace="http://example.org/bpmn">${content}</bpmn:definitions>`
  );
}

/** Builds a service task with a job type. */
export function serviceTask(id: string, extra = ''): string {
  return (
    `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>` +
    `<zeebe:taskDefinition type="work" /></bpmn:extensionElements>${extra}</bpmn:serviceTask>`
  );
}

export function flow(id: string, source: string, target: string, condition?: string): string {
  const body =
    condition === undefined
      ? ''
      : `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`;
}

/** Wraps elements between a none start event `s` and a none end event `e`. */
export function startAndEnd(body: string): string {
  return `<bpmn:startEvent id="s" />${body}<bpmn:endEvent id="e" />`;
}

export function timerEvent(tag: string, id: string, timer: string, attributes = ''): string {
  return (
    `<bpmn:${tag} id="${id}" ${attributes}><bpmn:timerEventDefinition>${timer}` +
    `</bpmn:timerEventDefinition></bpmn:${tag}>`
  );
}

/** A message with a name and a correlation key. */
export const MESSAGE =
  '<bpmn:message id="m" name="document.revised"><bpmn:extensionElements>' +
  '<zeebe:subscription correlationKey="=documentId" /></bpmn:extensionElements></bpmn:message>';
