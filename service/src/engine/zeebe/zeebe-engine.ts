import { Camunda8, type CamundaRestClient, type Zeebe } from '@camunda8/sdk';
import type { Logger } from 'pino';

import type {
  ActivateJobsRequest,
  CompleteJobRequest,
  CreatedInstance,
  CreateInstanceRequest,
  DeploymentResult,
  DeployResource,
  EngineHealth,
  EnginePort,
  FailJobRequest,
  Incident,
  IncidentFilter,
  Job,
  ProcessDefinition,
  ProcessInstance,
  PublishedMessage,
  PublishMessageRequest,
  ResolveIncidentRequest,
  ThrowErrorRequest,
  UserTask,
  UserTaskEvent,
  UserTaskFilter,
  UserTaskUpdate,
  Variables,
  ElementInstance,
} from '../port.js';
import {
  toSdkConfiguration,
  validateZeebeConfig,
  type ValidZeebeConfig,
  type ZeebeEngineOptions,
} from './zeebe-config.js';
import { deployResources } from './zeebe-deploy.js';
import { callZeebe, requireKey } from './zeebe-errors.js';
import * as instanceCommands from './zeebe-instances.js';
import * as jobCommands from './zeebe-jobs.js';
import { ZeebeQueries, type DeploymentRecord } from './zeebe-queries.js';
import { UserTaskWatcher } from './user-task-watcher.js';
import { ZeebeUserTasks } from './zeebe-user-tasks.js';

interface Clients {
  camunda: Camunda8;
  grpc: Zeebe.ZeebeGrpcClient;
  rest: CamundaRestClient;
  queries: ZeebeQueries;
  userTasks: ZeebeUserTasks;
  watcher: UserTaskWatcher;
  pollTimer?: NodeJS.Timeout;
}

/**
 * The engine port on a Camunda 8 cluster: commands go to the Zeebe gRPC gateway, reads go to the
 * Camunda 8 REST API (v2), both through @camunda8/sdk configured only from the config object.
 */
export class ZeebeEngine implements EnginePort {
  readonly kind = 'zeebe' as const;
  private readonly config: ValidZeebeConfig;
  private readonly logger: Logger;
  private readonly deployments = new Map<string, DeploymentRecord>();
  private readonly listeners = new Set<(event: UserTaskEvent) => void>();
  private clients: Clients | undefined;

  constructor(options: ZeebeEngineOptions) {
    this.config = validateZeebeConfig(options.config);
    this.logger = options.logger.child({ component: 'zeebe-engine' });
  }

  async start(): Promise<void> {
    if (this.clients) return;
    const camunda = new Camunda8(toSdkConfiguration(this.config, this.logger), {
      defaultCached: false,
    });
    const grpc = camunda.getZeebeGrpcApiClient();
    const rest = camunda.getCamundaRestClient();
    const userTasks = new ZeebeUserTasks(
      rest,
      grpc,
      { worker: 'docroute-user-tasks', jobTimeoutMs: this.config.userTaskJobTimeoutMs },
      (event) => this.emitUserTaskEvent(event),
    );
    const queries = new ZeebeQueries(rest, grpc, this.deployments);
    const watcher = new UserTaskWatcher(
      userTasks,
      (event) => this.emitUserTaskEvent(event),
      this.logger,
    );
    this.clients = { camunda, grpc, rest, queries, userTasks, watcher };
    this.schedulePoll();
    this.logger.info(
      {
        address: this.config.address,
        transport: this.config.transport,
        oauth: !!this.config.oauth,
      },
      'Zeebe engine started',
    );
  }

  async stop(): Promise<void> {
    const clients = this.clients;
    if (!clients) return;
    this.clients = undefined;
    clearTimeout(clients.pollTimer);
    await clients.grpc.close();
    await clients.camunda.closeAllClients();
    this.logger.info({ address: this.config.address }, 'Zeebe engine stopped');
  }

  private get started(): Clients {
    if (!this.clients) {
      throw new Error('ZeebeEngine is not started; call start() before using it');
    }
    return this.clients;
  }

  async health(): Promise<EngineHealth> {
    try {
      const topology = await callZeebe({ operation: 'health' }, () => this.started.grpc.topology());
      const partitions = topology.brokers.flatMap((broker) => broker.partitions);
      const unhealthy = partitions.filter((partition) => String(partition.health) !== 'HEALTHY');
      return {
        ok: topology.brokers.length > 0 && unhealthy.length === 0,
        engine: 'zeebe',
        details: {
          gatewayVersion: topology.gatewayVersion,
          clusterSize: topology.clusterSize,
          partitionsCount: topology.partitionsCount,
          brokers: topology.brokers.length,
          unhealthyPartitions: unhealthy.length,
        },
      };
    } catch (error) {
      this.logger.warn({ err: error, address: this.config.address }, 'Zeebe health check failed');
      return { ok: false, engine: 'zeebe', details: { error: (error as Error).message } };
    }
  }

  async deploy(resources: DeployResource[]): Promise<DeploymentResult> {
    const result = await deployResources(this.started.grpc, resources, this.config.tenantId);
    const deployedAt = new Date();
    for (const process of result.processes) {
      this.deployments.set(process.processDefinitionKey, {
        deploymentKey: result.deploymentKey,
        deployedAt,
      });
    }
    this.logger.info(
      { deploymentKey: result.deploymentKey, resources: resources.map((r) => r.name) },
      'Deployment accepted',
    );
    return result;
  }

  listDefinitions(filter?: { bpmnProcessId?: string }): Promise<ProcessDefinition[]> {
    return this.started.queries.listDefinitions(filter);
  }

  getDefinitionXml(processDefinitionKey: string): Promise<string> {
    return this.started.queries.getDefinitionXml(processDefinitionKey);
  }

  createInstance(request: CreateInstanceRequest): Promise<CreatedInstance> {
    return instanceCommands.createInstance(this.started.grpc, request);
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    const key = requireKey(processInstanceKey, 'processInstanceKey');
    await callZeebe({ operation: 'cancelInstance', details: { processInstanceKey: key } }, () =>
      this.started.grpc.cancelProcessInstance(key),
    );
    this.logger.info({ processInstanceKey: key }, 'Process instance canceled');
  }

  getInstance(processInstanceKey: string): Promise<ProcessInstance> {
    return this.started.queries.getInstance(processInstanceKey);
  }

  getInstanceHistory(processInstanceKey: string): Promise<ElementInstance[]> {
    return this.started.queries.getInstanceHistory(processInstanceKey);
  }

  async setVariables(
    scopeKey: string,
    variables: Variables,
    options: { local?: boolean } = {},
  ): Promise<void> {
    const key = requireKey(scopeKey, 'scopeKey');
    const document = jobCommands.requireVariables(variables);
    await callZeebe({ operation: 'setVariables', details: { scopeKey: key } }, () =>
      this.started.grpc.setVariables({
        elementInstanceKey: key,
        variables: document,
        local: options.local ?? false,
      }),
    );
  }

  publishMessage(request: PublishMessageRequest): Promise<PublishedMessage> {
    return instanceCommands.publishMessage(this.started.grpc, request);
  }

  activateJobs(request: ActivateJobsRequest): Promise<Job[]> {
    return jobCommands.activateJobs(this.started.grpc, request);
  }

  completeJob(request: CompleteJobRequest): Promise<void> {
    return jobCommands.completeJob(this.started.grpc, request);
  }

  failJob(request: FailJobRequest): Promise<void> {
    return jobCommands.failJob(this.started.grpc, request);
  }

  throwError(request: ThrowErrorRequest): Promise<void> {
    return jobCommands.throwError(this.started.grpc, request);
  }

  listUserTasks(filter?: UserTaskFilter): Promise<UserTask[]> {
    return this.started.userTasks.list(filter);
  }

  getUserTask(userTaskKey: string): Promise<UserTask> {
    return this.started.userTasks.get(userTaskKey);
  }

  assignUserTask(userTaskKey: string, assignee: string | null): Promise<void> {
    return this.started.userTasks.assign(userTaskKey, assignee);
  }

  updateUserTask(userTaskKey: string, update: UserTaskUpdate): Promise<void> {
    return this.started.userTasks.update(userTaskKey, update);
  }

  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void> {
    return this.started.userTasks.complete(userTaskKey, variables);
  }

  /**
   * Reports user task changes made through this engine object at once, and changes made inside
   * Zeebe or by other clients at the next poll (`userTaskPollIntervalMs`).
   * NOTE: a change inside Zeebe reaches listeners only after the poll interval plus the time the
   * REST API's secondary storage takes to show it, so events are late rather than immediate.
   */
  onUserTask(listener: (event: UserTaskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Reports user task changes made inside Zeebe since the last poll. The engine runs it every
   * `userTaskPollIntervalMs`; the first call only records the open tasks.
   */
  pollUserTasks(): Promise<void> {
    return this.started.watcher.poll();
  }

  private schedulePoll(): void {
    const clients = this.clients;
    const interval = this.config.userTaskPollIntervalMs;
    if (!clients || interval === 0) return;
    clients.pollTimer = setTimeout(() => {
      clients.watcher
        .poll()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'User task poll failed; polling again later');
        })
        .finally(() => {
          if (this.clients === clients) this.schedulePoll();
        });
    }, interval);
    clients.pollTimer.unref();
  }

  private emitUserTaskEvent(event: UserTaskEvent): void {
    this.clients?.watcher.record(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(
          { err: error, userTaskKey: event.task.key, kind: event.kind },
          'User task listener failed; other listeners still get the event',
        );
      }
    }
  }

  listIncidents(filter?: IncidentFilter): Promise<Incident[]> {
    return this.started.queries.listIncidents(filter);
  }

  resolveIncident(request: ResolveIncidentRequest): Promise<void> {
    return this.started.queries.resolveIncident(request);
  }
}
