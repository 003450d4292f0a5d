import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../errors/index.js';
import type * as Port from '../port.js';
import { systemClock, type Clock } from './clock.js';
import { cancelInstance, createInstance, setVariables } from './commands.js';
import type { EngineContext, EngineOptions } from './context.js';
import { DefinitionCache, toDefinitionRow, toProcessDefinition } from './definitions.js';
import { deployResources } from './deploy.js';
import { getInstance, getInstanceHistory } from './inspection.js';
import { listIncidents, resolveIncident } from './incidents.js';
import { activateJobs, completeJob, failJob, throwJobError } from './jobs.js';
import { KeyAllocator } from './keys.js';
import { publishMessage } from './messages.js';
import { runDueWork } from './scheduler.js';
import { SchedulerLoop } from './scheduler-loop.js';
import { Database } from './store/database.js';
import * as userTasks from './user-tasks.js';

export interface EmbeddedEngineConfig {
  /** An initialised data source whose migrations have run. */
  dataSource: DataSource;
  logger: Logger;
  clock?: Clock;
  options?: Partial<EngineOptions>;
}

const defaultOptions: EngineOptions = {
  pollIntervalMs: 200,
  maxVariableBytes: 1024 * 1024,
  schedulerEnabled: true,
};

/**
 * The embedded BPMN engine: Zeebe semantics on SQL tables (SQLite or MySQL/MariaDB). Every
 * command is one transaction, so a waiting instance costs rows, not memory, and survives
 * restarts; several processes may share one MySQL database.
 */
export class EmbeddedEngine implements Port.EnginePort {
  readonly kind = 'embedded' as const;
  private readonly context: EngineContext;
  private readonly jobWaiters = new Map<string, Set<() => void>>();
  private readonly userTaskListeners = new Set<(event: Port.UserTaskEvent) => void>();
  private readonly loop: SchedulerLoop;

  constructor(config: EmbeddedEngineConfig) {
    const database = new Database(config.dataSource);
    const logger = config.logger.child({ component: 'embedded-engine' });
    this.context = {
      database,
      keys: new KeyAllocator(database),
      definitions: new DefinitionCache(),
      clock: config.clock ?? systemClock,
      logger,
      options: { ...defaultOptions, ...config.options },
      notifyJobs: (type) => this.notifyJobs(type),
      emitUserTask: (event) => this.emitUserTask(event),
    };
    this.loop = new SchedulerLoop(this.context, () => runDueWork(this.context));
  }

  async start(): Promise<void> {
    if (this.context.options.schedulerEnabled) this.loop.start();
    this.context.logger.info(
      { scheduler: this.context.options.schedulerEnabled },
      'engine started',
    );
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    for (const waiters of this.jobWaiters.values()) for (const wake of waiters) wake();
    await this.context.database.close();
    this.context.logger.info({}, 'engine stopped');
  }

  async health(): Promise<Port.EngineHealth> {
    try {
      await this.context.database.read((tx) => tx.query('SELECT 1 AS ok'));
      return {
        ok: true,
        engine: 'embedded',
        details: { database: this.context.database.dialect.kind },
      };
    } catch (error) {
      return { ok: false, engine: 'embedded', details: { error: (error as Error).message } };
    }
  }

  /** Fires due timers and removes expired messages once; returns the number of timers fired. */
  runDueWork(): Promise<number> {
    return runDueWork(this.context);
  }

  deploy(resources: Port.DeployResource[]): Promise<Port.DeploymentResult> {
    return deployResources(this.context, resources);
  }

  async listDefinitions(
    filter: { bpmnProcessId?: string } = {},
  ): Promise<Port.ProcessDefinition[]> {
    const where = filter.bpmnProcessId === undefined ? '' : ' WHERE bpmn_process_id = ?';
    return this.context.database.read(async (tx) => {
      const rows = await tx.query(
        'SELECT `key`, bpmn_process_id, version, resource_name, deployment_key, name, created_at' +
          ` FROM engine_process_definition${where} ORDER BY bpmn_process_id, version`,
        filter.bpmnProcessId === undefined ? [] : [filter.bpmnProcessId],
      );
      return rows.map((row) => toProcessDefinition(toDefinitionRow(tx, row)));
    });
  }

  async getDefinitionXml(processDefinitionKey: string): Promise<string> {
    const rows = await this.context.database.read((tx) =>
      tx.query<{ xml: string }>('SELECT xml FROM engine_process_definition WHERE `key` = ?', [
        processDefinitionKey,
      ]),
    );
    if (rows.length === 0) {
      throw new NotFoundError(`process definition ${processDefinitionKey} not found`, {
        field: 'processDefinitionKey',
        value: processDefinitionKey,
      });
    }
    return String(rows[0]!.xml);
  }

  createInstance(request: Port.CreateInstanceRequest): Promise<Port.CreatedInstance> {
    return createInstance(this.context, request);
  }

  cancelInstance(processInstanceKey: string): Promise<void> {
    return cancelInstance(this.context, processInstanceKey);
  }

  getInstance(processInstanceKey: string): Promise<Port.ProcessInstance> {
    return getInstance(this.context, processInstanceKey);
  }

  getInstanceHistory(processInstanceKey: string): Promise<Port.ElementInstance[]> {
    return getInstanceHistory(this.context, processInstanceKey);
  }

  setVariables(
    scopeKey: string,
    variables: Port.Variables,
    options?: { local?: boolean },
  ): Promise<void> {
    return setVariables(this.context, scopeKey, variables, options);
  }

  publishMessage(request: Port.PublishMessageRequest): Promise<Port.PublishedMessage> {
    return publishMessage(this.context, request);
  }

  activateJobs(request: Port.ActivateJobsRequest): Promise<Port.Job[]> {
    return activateJobs(this.context, request, (type, ms) => this.waitForJobs(type, ms));
  }

  completeJob(request: Port.CompleteJobRequest): Promise<void> {
    return completeJob(this.context, request);
  }

  failJob(request: Port.FailJobRequest): Promise<void> {
    return failJob(this.context, request);
  }

  throwError(request: Port.ThrowErrorRequest): Promise<void> {
    return throwJobError(this.context, request);
  }

  listUserTasks(filter?: Port.UserTaskFilter): Promise<Port.UserTask[]> {
    return userTasks.listUserTasks(this.context, filter);
  }

  getUserTask(userTaskKey: string): Promise<Port.UserTask> {
    return userTasks.getUserTask(this.context, userTaskKey);
  }

  assignUserTask(userTaskKey: string, assignee: string | null): Promise<void> {
    return userTasks.assignUserTask(this.context, userTaskKey, assignee);
  }

  updateUserTask(userTaskKey: string, update: Port.UserTaskUpdate): Promise<void> {
    return userTasks.updateUserTask(this.context, userTaskKey, update);
  }

  completeUserTask(userTaskKey: string, variables?: Port.Variables): Promise<void> {
    return userTasks.completeUserTask(this.context, userTaskKey, variables);
  }

  onUserTask(listener: (event: Port.UserTaskEvent) => void): () => void {
    this.userTaskListeners.add(listener);
    return () => this.userTaskListeners.delete(listener);
  }

  listIncidents(filter?: Port.IncidentFilter): Promise<Port.Incident[]> {
    return listIncidents(this.context, filter);
  }

  resolveIncident(request: Port.ResolveIncidentRequest): Promise<void> {
    return resolveIncident(this.context, request);
  }

  private emitUserTask(event: Port.UserTaskEvent): void {
    for (const listener of this.userTaskListeners) {
      try {
        listener(event);
      } catch (error) {
        this.context.logger.error(
          { err: error, userTaskKey: event.task.key },
          'user task listener failed',
        );
      }
    }
  }

  private notifyJobs(type: string): void {
    const waiters = this.jobWaiters.get(type);
    if (!waiters) return;
    this.jobWaiters.delete(type);
    for (const wake of waiters) wake();
  }

  /** Resolves when a job of `type` is created or resolved in this process, or after `ms`. */
  private waitForJobs(type: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.jobWaiters.get(type);
      if (!waiters) {
        waiters = new Set();
        this.jobWaiters.set(type, waiters);
      }
      const wake = () => {
        clearTimeout(timer);
        waiters!.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiters.add(wake);
    });
  }
}
