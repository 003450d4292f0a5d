/**
 * The engine port: the only way the rest of the service reaches a BPMN engine. The embedded
 * engine and the Zeebe adapter both implement it, and both must give the same results for the
 * same BPMN. Keys are decimal strings, as in Zeebe's REST API, because Zeebe keys are 64-bit.
 */

export type Variables = Record<string, unknown>;

export interface DeployResource {
  /** File name, such as `outgoing-document.bpmn`; errors name it. */
  name: string;
  content: string | Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeploymentResult {
  deploymentKey: string;
  processes: DeployedProcess[];
}

export interface ProcessDefinition extends DeployedProcess {
  /** The process element's `name`, when it has one. */
  name?: string;
  deploymentKey: string;
  deployedAt: Date;
}

export interface CreateInstanceRequest {
  bpmnProcessId: string;
  /** A deployed version; the latest when absent. */
  version?: number;
  variables?: Variables;
}

export interface CreatedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  /** How long the message stays buffered when nothing waits for it; 0 means not at all. */
  timeToLiveMs: number;
  /** Unique among buffered messages; a second message with the same id is rejected. */
  messageId?: string;
  variables?: Variables;
}

export interface PublishedMessage {
  messageKey: string;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  /** Milliseconds before an activated job that was not completed becomes activatable again. */
  timeoutMs: number;
  maxJobs: number;
  /** Variable names to fetch; all visible variables when absent. */
  fetchVariables?: string[];
  /** How long the adapter may wait for a job to appear before returning an empty batch. */
  requestTimeoutMs?: number;
}

export interface Job {
  key: string;
  type: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  variables: Variables;
  retries: number;
  worker: string;
  /** When the activation times out. */
  deadline: Date;
  /**
   * Adapter-defined proof of this activation. Completing or failing with a stale one (the job
   * timed out and another worker activated it) is rejected as not found.
   */
  activation?: string;
}

export interface CompleteJobRequest {
  jobKey: string;
  activation?: string;
  variables?: Variables;
}

export interface FailJobRequest {
  jobKey: string;
  activation?: string;
  retries: number;
  errorMessage: string;
  /** Milliseconds before the job can be activated again. */
  retryBackoffMs?: number;
  variables?: Variables;
}

export interface ThrowErrorRequest {
  jobKey: string;
  activation?: string;
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTask {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** The task's `name` from the model, when it has one. */
  name?: string;
  state: UserTaskState;
  assignee?: string;
  candidateUsers: string[];
  candidateGroups: string[];
  dueDate?: Date;
  followUpDate?: Date;
  /** 0 to 100, 50 when the model sets none (Zeebe's default). */
  priority: number;
  formKey?: string;
  customHeaders: Record<string, string>;
  createdAt: Date;
  completedAt?: Date;
}

export interface UserTaskFilter {
  state?: UserTaskState;
  assignee?: string;
  candidateGroup?: string;
  candidateUser?: string;
  processInstanceKey?: string;
  bpmnProcessId?: string;
  elementId?: string;
  limit?: number;
}

export interface UserTaskUpdate {
  dueDate?: Date | null;
  followUpDate?: Date | null;
  candidateUsers?: string[];
  candidateGroups?: string[];
  priority?: number;
}

export type UserTaskEvent =
  | { kind: 'created'; task: UserTask }
  | { kind: 'assigned'; task: UserTask }
  | { kind: 'updated'; task: UserTask }
  | { kind: 'completed'; task: UserTask; variables: Variables }
  | { kind: 'canceled'; task: UserTask };

export type IncidentState = 'ACTIVE' | 'RESOLVED';

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'UNHANDLED_ERROR_EVENT'
  | 'EXTRACT_VALUE_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'CONDITION_ERROR'
  | 'UNKNOWN';

export interface Incident {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  state: IncidentState;
  createdAt: Date;
  resolvedAt?: Date;
}

export interface IncidentFilter {
  processInstanceKey?: string;
  state?: IncidentState;
  limit?: number;
}

export interface ResolveIncidentRequest {
  incidentKey: string;
  /** For a job incident, the retries the job gets back; 1 when absent. */
  retries?: number;
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  /** The BPMN type in camelCase as in the XML, such as `userTask` or `exclusiveGateway`. */
  elementType: string;
  /** The enclosing element instance, or the process instance for top-level elements. */
  flowScopeKey: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startedAt: Date;
  endedAt?: Date;
}

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  parentProcessInstanceKey?: string;
  startedAt: Date;
  endedAt?: Date;
  /** The instance's own (root scope) variables. */
  variables: Variables;
  activeElements: ElementInstance[];
  incidents: Incident[];
}

export interface EngineHealth {
  ok: boolean;
  engine: 'embedded' | 'zeebe';
  details: Record<string, unknown>;
}

export interface EnginePort {
  readonly kind: 'embedded' | 'zeebe';

  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<EngineHealth>;

  deploy(resources: DeployResource[]): Promise<DeploymentResult>;
  listDefinitions(filter?: { bpmnProcessId?: string }): Promise<ProcessDefinition[]>;
  getDefinitionXml(processDefinitionKey: string): Promise<string>;

  createInstance(request: CreateInstanceRequest): Promise<CreatedInstance>;
  cancelInstance(processInstanceKey: string): Promise<void>;
  getInstance(processInstanceKey: string): Promise<ProcessInstance>;
  getInstanceHistory(processInstanceKey: string): Promise<ElementInstance[]>;
  /** Sets variables on an element instance scope, or the process instance when it is the key. */
  setVariables(scopeKey: string, variables: Variables, options?: { local?: boolean }): Promise<void>;

  publishMessage(request: PublishMessageRequest): Promise<PublishedMessage>;

  activateJobs(request: ActivateJobsRequest): Promise<Job[]>;
  completeJob(request: CompleteJobRequest): Promise<void>;
  failJob(request: FailJobRequest): Promise<void>;
  throwError(request: ThrowErrorRequest): Promise<void>;

  listUserTasks(filter?: UserTaskFilter): Promise<UserTask[]>;
  getUserTask(userTaskKey: string): Promise<UserTask>;
  assignUserTask(userTaskKey: string, assignee: string | null): Promise<void>;
  updateUserTask(userTaskKey: string, update: UserTaskUpdate): Promise<void>;
  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void>;
  /** Calls `listener` after each user task change is committed; returns an unsubscribe function. */
  onUserTask(listener: (event: UserTaskEvent) => void): () => void;

  listIncidents(filter?: IncidentFilter): Promise<Incident[]>;
  resolveIncident(request: ResolveIncidentRequest): Promise<void>;
}
