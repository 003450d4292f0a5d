import type {
  DefinitionRecord,
  ElementRecord,
  FakeCluster,
  IncidentRecord,
  InstanceRecord,
  UserTaskRecord,
} from './fake-cluster.js';

/**
 * The fake cluster's records in the shapes the Camunda 8.8 REST API (v2) returns: keys as
 * strings, dates as ISO 8601 text, states in upper case.
 */
export type View = Record<string, unknown>;

/** Values above this many characters come back cut short, with `isTruncated` set. */
export const VARIABLE_TRUNCATION_LIMIT = 8191;

export function definitionView(definition: DefinitionRecord): View {
  return {
    processDefinitionKey: definition.key,
    processDefinitionId: definition.bpmnProcessId,
    name: definition.name,
    resourceName: definition.resourceName,
    version: definition.version,
    tenantId: '<default>',
    hasStartForm: false,
  };
}

export function instanceView(cluster: FakeCluster, instance: InstanceRecord): View {
  const hasIncident = [...cluster.incidents.values()].some(
    (incident) => incident.instanceKey === instance.key && incident.state === 'ACTIVE',
  );
  return {
    processInstanceKey: instance.key,
    processDefinitionKey: instance.definition.key,
    processDefinitionId: instance.definition.bpmnProcessId,
    processDefinitionName: instance.definition.name,
    processDefinitionVersion: instance.definition.version,
    state: instance.state,
    startDate: instance.startDate,
    endDate: instance.endDate,
    hasIncident,
    tenantId: '<default>',
  };
}

export function elementView(cluster: FakeCluster, element: ElementRecord): View {
  const instance = cluster.instances.get(element.instanceKey);
  return {
    elementInstanceKey: element.key,
    processInstanceKey: element.instanceKey,
    processDefinitionKey: instance?.definition.key,
    processDefinitionId: instance?.definition.bpmnProcessId,
    elementId: element.elementId,
    elementName:
      instance?.definition.model.elementNames.get(element.elementId) ?? element.elementId,
    type: element.type,
    state: element.state,
    startDate: element.startDate,
    endDate: element.endDate,
    hasIncident: element.incidentKey !== undefined,
    incidentKey: element.incidentKey,
    tenantId: '<default>',
  };
}

export function incidentView(cluster: FakeCluster, incident: IncidentRecord): View {
  const instance = cluster.instances.get(incident.instanceKey);
  return {
    incidentKey: incident.key,
    processDefinitionKey: instance?.definition.key,
    processDefinitionId: instance?.definition.bpmnProcessId,
    processInstanceKey: incident.instanceKey,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    elementId: incident.element.elementId,
    elementInstanceKey: incident.element.key,
    creationTime: incident.creationTime,
    state: incident.state,
    jobKey: incident.jobKey,
    tenantId: '<default>',
  };
}

export function userTaskView(cluster: FakeCluster, task: UserTaskRecord): View {
  const instance = cluster.instances.get(task.instanceKey);
  return {
    userTaskKey: task.key,
    name: task.name,
    state: task.state,
    assignee: task.assignee,
    elementId: task.element.elementId,
    elementInstanceKey: task.element.key,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    processDefinitionId: instance?.definition.bpmnProcessId,
    processDefinitionKey: instance?.definition.key,
    processDefinitionVersion: instance?.definition.version,
    processInstanceKey: task.instanceKey,
    creationDate: task.creationDate,
    completionDate: task.completionDate,
    dueDate: task.dueDate,
    followUpDate: task.followUpDate,
    formKey: task.formKey,
    priority: task.priority,
    customHeaders: task.customHeaders,
    tenantId: '<default>',
  };
}

/** Lists every variable of every scope, with stable keys handed out on first sight. */
export function variableViews(cluster: FakeCluster, keys: Map<string, string>): View[] {
  const views: View[] = [];
  const add = (scopeKey: string, instanceKey: string, name: string, value: unknown): void => {
    const id = `${scopeKey}/${name}`;
    if (!keys.has(id)) keys.set(id, cluster.newKey());
    const text = JSON.stringify(value);
    views.push({
      variableKey: keys.get(id),
      name,
      value:
        text.length > VARIABLE_TRUNCATION_LIMIT ? text.slice(0, VARIABLE_TRUNCATION_LIMIT) : text,
      fullValue: text,
      isTruncated: text.length > VARIABLE_TRUNCATION_LIMIT,
      scopeKey,
      processInstanceKey: instanceKey,
      tenantId: '<default>',
    });
  };
  for (const instance of cluster.instances.values()) {
    for (const [name, value] of Object.entries(instance.variables))
      add(instance.key, instance.key, name, value);
  }
  for (const element of cluster.elements.values()) {
    for (const [name, value] of Object.entries(element.variables))
      add(element.key, element.instanceKey, name, value);
  }
  return views;
}
