/** A task in a generated test process; tasks run one after the other between start and end. */
export type FixtureTask =
  | { kind: 'service'; id: string; jobType?: string; name?: string }
  | { kind: 'user'; id: string; name?: string; camunda?: boolean };

/**
 * Writes a small executable BPMN process with the zeebe namespace. A service task without
 * `jobType` has no `zeebe:taskDefinition`, which the broker rejects at deployment.
 */
export function processXml(processId: string, tasks: FixtureTask[], name = processId): string {
  const ids = ['start', ...tasks.map((task) => task.id), 'end'];
  const flows = ids.slice(1).map((target, index) => {
    return `    <bpmn:sequenceFlow id="flow_${index}" sourceRef="${ids[index]}" targetRef="${target}" />`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="definitions_${processId}"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" />
${tasks.map(taskXml).join('\n')}
    <bpmn:endEvent id="end" />
${flows.join('\n')}
  </bpmn:process>
</bpmn:definitions>
`;
}

function taskXml(task: FixtureTask): string {
  const name = task.name ? ` name="${task.name}"` : '';
  if (task.kind === 'service') {
    const definition = task.jobType
      ? `<bpmn:extensionElements><zeebe:taskDefinition type="${task.jobType}" /></bpmn:extensionElements>`
      : '';
    return `    <bpmn:serviceTask id="${task.id}"${name}>${definition}</bpmn:serviceTask>`;
  }
  const userTask = task.camunda
    ? '<bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>'
    : '';
  return `    <bpmn:userTask id="${task.id}"${name}>${userTask}</bpmn:userTask>`;
}
