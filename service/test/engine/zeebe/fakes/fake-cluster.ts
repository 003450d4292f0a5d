import { status as GrpcStatus } from '@grpc/grpc-js';

import { FakeBpmnError, readProcesses } from './fake-bpmn.js';
import {
  parseDocument,
  rejection,
  type DefinitionRecord,
  type ElementRecord,
  type IncidentRecord,
  type InstanceRecord,
  type JobRecord,
  type JobTemplate,
  type Json,
  type UserTaskRecord,
  type UserTaskTemplate,
} from './fake-cluster-state.js';

export * from './fake-cluster-state.js';

/**
 * The in-memory state of a one-partition Camunda 8 cluster, shared by the fake gRPC gateway
 * (commands) and the fake REST API (searches and user tasks). It runs no BPMN. Instead a test
 * declares which jobs and user tasks each new instance of a process gets.
 */
export class FakeCluster {
  readonly definitions: DefinitionRecord[] = [];
  readonly instances = new Map<string, InstanceRecord>();
  readonly elements = new Map<string, ElementRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly incidents = new Map<string, IncidentRecord>();
  readonly userTasks = new Map<string, UserTaskRecord>();
  private readonly messageIds = new Map<string, number>();
  private readonly jobTemplates = new Map<string, JobTemplate[]>();
  private readonly userTaskTemplates = new Map<string, UserTaskTemplate[]>();
  private readonly jobListeners = new Set<() => void>();
  private nextKey = 2251799813685249n;

  constructor(readonly now: () => number = Date.now) {}

  /** Returns a new key; like Zeebe's, keys of partition 1 start at 2^51 + 1. */
  newKey(): string {
    const key = this.nextKey;
    this.nextKey += 1n;
    return key.toString();
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  offerJob(bpmnProcessId: string, template: JobTemplate): void {
    this.jobTemplates.set(bpmnProcessId, [
      ...(this.jobTemplates.get(bpmnProcessId) ?? []),
      template,
    ]);
  }

  offerUserTask(bpmnProcessId: string, template: UserTaskTemplate): void {
    const templates = this.userTaskTemplates.get(bpmnProcessId) ?? [];
    this.userTaskTemplates.set(bpmnProcessId, [...templates, template]);
  }

  /** Calls `listener` whenever a job may have become activatable; returns the unsubscribe. */
  onJobsAvailable(listener: () => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  notifyJobs(): void {
    for (const listener of [...this.jobListeners]) listener();
  }

  async deploy(resources: Array<{ name: string; content: Buffer }>): Promise<{
    deploymentKey: string;
    definitions: DefinitionRecord[];
  }> {
    if (resources.length === 0) {
      throw rejection(
        GrpcStatus.INVALID_ARGUMENT,
        'CREATE',
        'Expected to deploy at least one resource, but none given',
      );
    }
    const parsed: Array<{
      name: string;
      xml: string;
      models: Awaited<ReturnType<typeof readProcesses>>;
    }> = [];
    const errors: string[] = [];
    for (const resource of resources) {
      const xml = resource.content.toString('utf8');
      if (!resource.name.endsWith('.bpmn')) {
        errors.push(`'${resource.name}': Resource type is not supported by this fake`);
        continue;
      }
      try {
        parsed.push({ name: resource.name, xml, models: await readProcesses(xml) });
      } catch (error) {
        if (!(error instanceof FakeBpmnError)) throw error;
        errors.push(`'${resource.name}': ${error.message}`);
      }
    }
    if (errors.length > 0) {
      const reason = `Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`;
      throw rejection(GrpcStatus.INVALID_ARGUMENT, 'CREATE', reason);
    }
    const deploymentKey = this.newKey();
    const definitions = parsed.flatMap(({ name, xml, models }) =>
      models.map((model) => this.storeDefinition(deploymentKey, name, xml, model)),
    );
    return { deploymentKey, definitions };
  }

  /** Stores a new version unless the latest one has the same XML, as Zeebe does. */
  private storeDefinition(
    deploymentKey: string,
    resourceName: string,
    xml: string,
    model: DefinitionRecord['model'],
  ): DefinitionRecord {
    const latest = this.latestDefinition(model.bpmnProcessId);
    if (latest && latest.xml === xml) return latest;
    const definition: DefinitionRecord = {
      key: this.newKey(),
      bpmnProcessId: model.bpmnProcessId,
      version: (latest?.version ?? 0) + 1,
      resourceName,
      name: model.name,
      xml,
      deploymentKey,
      model,
    };
    this.definitions.push(definition);
    return definition;
  }

  latestDefinition(bpmnProcessId: string): DefinitionRecord | undefined {
    return this.definitions
      .filter((definition) => definition.bpmnProcessId === bpmnProcessId)
      .sort((a, b) => b.version - a.version)[0];
  }

  createInstance(bpmnProcessId: string, version: number, variablesText: string): InstanceRecord {
    const variables = parseDocument('CREATE', variablesText);
    const definition =
      version === -1
        ? this.latestDefinition(bpmnProcessId)
        : this.definitions.find((d) => d.bpmnProcessId === bpmnProcessId && d.version === version);
    if (!definition) {
      const which =
        version === -1
          ? `process ID '${bpmnProcessId}'`
          : `process ID '${bpmnProcessId}' and version '${version}'`;
      throw rejection(
        GrpcStatus.NOT_FOUND,
        'CREATE',
        `Expected to find process definition with ${which}, but none found`,
      );
    }
    const instance: InstanceRecord = {
      key: this.newKey(),
      definition,
      state: 'ACTIVE',
      variables,
      startDate: this.isoNow(),
    };
    this.instances.set(instance.key, instance);
    this.addElement(instance, bpmnProcessId, 'PROCESS', instance.key);
    for (const template of this.jobTemplates.get(bpmnProcessId) ?? [])
      this.addJob(instance, template);
    for (const template of this.userTaskTemplates.get(bpmnProcessId) ?? []) {
      this.addUserTask(instance, template);
    }
    this.notifyJobs();
    return instance;
  }

  private addElement(
    instance: InstanceRecord,
    elementId: string,
    type: string,
    key = this.newKey(),
  ): ElementRecord {
    const element: ElementRecord = {
      key,
      instanceKey: instance.key,
      elementId,
      type,
      state: 'ACTIVE',
      startDate: this.isoNow(),
      variables: {},
    };
    this.elements.set(element.key, element);
    return element;
  }

  private addJob(instance: InstanceRecord, template: JobTemplate): void {
    const type = instance.definition.model.elementTypes.get(template.elementId) ?? 'SERVICE_TASK';
    const element = this.addElement(instance, template.elementId, type);
    element.variables = { ...(template.variables ?? {}) };
    const job: JobRecord = {
      key: this.newKey(),
      type: template.type,
      instanceKey: instance.key,
      element,
      customHeaders: { ...(template.customHeaders ?? {}) },
      retries: template.retries ?? 3,
      state: 'ACTIVATABLE',
      worker: '',
      deadline: 0,
      activatableAt: 0,
      errorMessage: '',
      catches: template.catches ?? [],
    };
    this.jobs.set(job.key, job);
  }

  private addUserTask(instance: InstanceRecord, template: UserTaskTemplate): void {
    const element = this.addElement(instance, template.elementId, 'USER_TASK');
    const task: UserTaskRecord = {
      key: this.newKey(),
      instanceKey: instance.key,
      element,
      name: template.name,
      state: 'CREATED',
      assignee: template.assignee,
      candidateGroups: template.candidateGroups ?? [],
      candidateUsers: template.candidateUsers ?? [],
      dueDate: template.dueDate,
      followUpDate: template.followUpDate,
      formKey: template.formKey,
      priority: template.priority ?? 50,
      customHeaders: {},
      creationDate: this.isoNow(),
    };
    this.userTasks.set(task.key, task);
  }

  /** Ends an element; the instance completes when no other element is active. */
  endElement(element: ElementRecord, state: 'COMPLETED' | 'TERMINATED'): void {
    element.state = state;
    element.endDate = this.isoNow();
    const instance = this.instances.get(element.instanceKey);
    if (!instance || instance.state !== 'ACTIVE') return;
    const stillActive = [...this.elements.values()].some(
      (other) =>
        other.instanceKey === instance.key && other.type !== 'PROCESS' && other.state === 'ACTIVE',
    );
    if (stillActive) return;
    instance.state = 'COMPLETED';
    instance.endDate = this.isoNow();
    const processElement = this.elements.get(instance.key);
    if (processElement) {
      processElement.state = 'COMPLETED';
      processElement.endDate = instance.endDate;
    }
  }

  cancelInstance(key: string): void {
    const instance = this.instances.get(key);
    if (!instance || instance.state !== 'ACTIVE') {
      const reason = `Expected to cancel a process instance with key '${key}', but no such process was found`;
      throw rejection(GrpcStatus.NOT_FOUND, 'CANCEL', reason);
    }
    instance.state = 'TERMINATED';
    instance.endDate = this.isoNow();
    for (const element of this.elements.values()) {
      if (element.instanceKey !== key || element.state !== 'ACTIVE') continue;
      element.state = 'TERMINATED';
      element.endDate = instance.endDate;
    }
    for (const job of this.jobs.values()) if (job.instanceKey === key) job.state = 'CANCELED';
    for (const task of this.userTasks.values()) {
      if (task.instanceKey === key && task.state === 'CREATED') task.state = 'CANCELED';
    }
  }

  /** Accepts a message; a message id still alive in the buffer is rejected. */
  publishMessage(messageId: string, timeToLiveMs: number, variablesText: string): string {
    parseDocument('PUBLISH', variablesText);
    const now = this.now();
    if (messageId && (this.messageIds.get(messageId) ?? -1) >= now) {
      const reason = `Expected to publish a new message with id '${messageId}', but a message with that id was already published`;
      throw rejection(GrpcStatus.ALREADY_EXISTS, 'PUBLISH', reason);
    }
    if (messageId) this.messageIds.set(messageId, now + timeToLiveMs);
    return this.newKey();
  }

  setVariables(scopeKey: string, variablesText: string, local: boolean): string {
    const variables = parseDocument('UPDATE', variablesText);
    const element = this.elements.get(scopeKey);
    const instance = element ? this.instances.get(element.instanceKey) : undefined;
    if (!element || !instance || element.state !== 'ACTIVE') {
      const reason = `Expected to update variables for element with key '${scopeKey}', but no such element was found`;
      throw rejection(GrpcStatus.NOT_FOUND, 'UPDATE', reason);
    }
    if (local && element.type !== 'PROCESS') Object.assign(element.variables, variables);
    else Object.assign(instance.variables, variables);
    return this.newKey();
  }

  /** Adds an incident on an element, as the broker does for a failed job or an uncaught error. */
  raiseIncident(
    element: ElementRecord,
    errorType: string,
    errorMessage: string,
    jobKey?: string,
  ): IncidentRecord {
    const incident: IncidentRecord = {
      key: this.newKey(),
      instanceKey: element.instanceKey,
      element,
      jobKey,
      errorType,
      errorMessage,
      state: 'ACTIVE',
      creationTime: this.isoNow(),
    };
    this.incidents.set(incident.key, incident);
    element.incidentKey = incident.key;
    return incident;
  }

  /** Returns the variables visible to an element: the instance's, overlaid with its local ones. */
  visibleVariables(element: ElementRecord): Json {
    const instance = this.instances.get(element.instanceKey);
    return { ...(instance?.variables ?? {}), ...element.variables };
  }

  mergeIntoInstance(instanceKey: string, variables: Json): void {
    const instance = this.instances.get(instanceKey);
    if (instance) Object.assign(instance.variables, variables);
  }
}
