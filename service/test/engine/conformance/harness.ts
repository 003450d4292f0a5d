import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import { EmbeddedEngine, ManualClock } from '../../../src/engine/embedded/index.js';
import type {
  DeploymentResult,
  DeployResource,
  ElementInstance,
  EnginePort,
  Job,
  UserTask,
  Variables,
} from '../../../src/engine/port.js';
import type { TestDatabase } from '../../support/databases.js';

/**
 * The conformance suite's test harness. Each suite gets one database (from describeEachDatabase)
 * with migrations run, and one embedded engine on a manual clock with its scheduler loop off, so
 * time moves only through `advance`. Every instance a test starts is cancelled after the test,
 * so jobs, timers and subscriptions of one test never reach the next.
 */

const fixturesFolder = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The time every suite's clock starts at: a Monday morning, 08:00 UTC. */
export const suiteStart = new Date('2026-12-07T08:00:00.000Z');

export const hour = 3_600_000;

export interface EngineOptions {
  maxVariableBytes?: number;
}

export interface Harness {
  /** The engine under test, typed as the port so that tests use nothing else. */
  readonly engine: EnginePort;
  readonly clock: ManualClock;
  /** Deploys fixture files by base name, such as `user-task` for fixtures/user-task.bpmn. */
  deploy(...fixtures: string[]): Promise<DeploymentResult>;
  /** Creates an instance of the latest version and records it for clean-up. */
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** Records an instance created some other way (message or timer start) for clean-up. */
  track(processInstanceKey: string): void;
  /** Activates jobs of a type without waiting, with a 5-minute activation timeout. */
  activate(type: string, options?: { maxJobs?: number; timeoutMs?: number }): Promise<Job[]>;
  /** Activates the single job of a type, failing the test unless there is exactly one. */
  activateOne(type: string, options?: { timeoutMs?: number }): Promise<Job>;
  /** Activates the single job of a type and completes it with `variables`. */
  completeOne(type: string, variables?: Variables): Promise<Job>;
  /** Returns the user tasks of an instance that are waiting (state CREATED). */
  openUserTasks(processInstanceKey: string): Promise<UserTask[]>;
  /** Fires timers that are due at the clock's current time; returns how many fired. */
  runDueWork(): Promise<number>;
  /** Moves the clock by `ms`, fires what fell due, and returns runDueWork's count. */
  advance(ms: number): Promise<number>;
  history(processInstanceKey: string): Promise<ElementInstance[]>;
  /** Element ids of the instance's active element instances. */
  activeElementIds(processInstanceKey: string): Promise<string[]>;
  /** Element ids of the instance's history entries in `state`, in history order. */
  elementIds(processInstanceKey: string, state: ElementInstance['state']): Promise<string[]>;
  /**
   * Stops the engine and closes its database connection, as a shut-down process would, then
   * starts a new engine on the same database after `downtimeMs` more on the clock.
   */
  restart(downtimeMs: number): Promise<void>;
}

export { rejectionOf } from '../../support/rejection.js';

export function fixtureText(name: string): string {
  return readFileSync(join(fixturesFolder, `${name}.bpmn`), 'utf8');
}

export function fixtureResource(name: string): DeployResource {
  return { name: `${name}.bpmn`, content: fixtureText(name) };
}

/**
 * Registers before/after hooks that build a harness for the current suite, and returns a getter
 * for it. Call it at the top of a describeEachDatabase body.
 */
export function useHarness(
  database: () => TestDatabase,
  options: EngineOptions = {},
): () => Harness {
  let harness: ConformanceHarness | undefined;

  before(async function () {
    this.timeout(60_000);
    harness = new ConformanceHarness(database().url, options);
    await harness.open(new ManualClock(suiteStart));
  });

  afterEach(async function () {
    await harness?.cancelTracked();
  });

  after(async function () {
    await harness?.close();
  });

  return () => {
    if (!harness) throw new Error('conformance harness used before its suite started');
    return harness;
  };
}

class ConformanceHarness implements Harness {
  private dataSource: DataSource | undefined;
  private current: { engine: EmbeddedEngine; clock: ManualClock } | undefined;
  private readonly tracked = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly options: EngineOptions,
  ) {}

  get engine(): EmbeddedEngine {
    return this.started().engine;
  }

  get clock(): ManualClock {
    return this.started().clock;
  }

  async open(clock: ManualClock): Promise<void> {
    const dataSource = createDataSource(this.url);
    await dataSource.initialize();
    await dataSource.runMigrations();
    const engine = new EmbeddedEngine({
      dataSource,
      logger: pino({ level: 'silent' }),
      clock,
      options: { schedulerEnabled: false, ...this.options },
    });
    await engine.start();
    this.dataSource = dataSource;
    this.current = { engine, clock };
  }

  async close(): Promise<void> {
    await this.current?.engine.stop();
    await this.dataSource?.destroy();
    this.current = undefined;
    this.dataSource = undefined;
  }

  async restart(downtimeMs: number): Promise<void> {
    const stoppedAt = this.clock.now();
    await this.close();
    await this.open(new ManualClock(new Date(stoppedAt.getTime() + downtimeMs)));
  }

  async cancelTracked(): Promise<void> {
    for (const key of this.tracked) {
      const instance = await this.engine.getInstance(key).catch(() => undefined);
      if (instance?.state === 'ACTIVE') await this.engine.cancelInstance(key);
    }
    this.tracked.clear();
  }

  deploy(...fixtures: string[]): Promise<DeploymentResult> {
    return this.engine.deploy(fixtures.map(fixtureResource));
  }

  async start(bpmnProcessId: string, variables: Variables = {}): Promise<string> {
    const created = await this.engine.createInstance({ bpmnProcessId, variables });
    this.tracked.add(created.processInstanceKey);
    return created.processInstanceKey;
  }

  track(processInstanceKey: string): void {
    this.tracked.add(processInstanceKey);
  }

  activate(type: string, options: { maxJobs?: number; timeoutMs?: number } = {}): Promise<Job[]> {
    return this.engine.activateJobs({
      type,
      worker: 'conformance',
      timeoutMs: options.timeoutMs ?? 5 * 60_000,
      maxJobs: options.maxJobs ?? 10,
      requestTimeoutMs: 0,
    });
  }

  async activateOne(type: string, options: { timeoutMs?: number } = {}): Promise<Job> {
    const jobs = await this.activate(type, options);
    expect(jobs, `activatable jobs of type ${type}`).to.have.length(1);
    return jobs[0]!;
  }

  async completeOne(type: string, variables: Variables = {}): Promise<Job> {
    const job = await this.activateOne(type);
    await this.engine.completeJob({ jobKey: job.key, activation: job.activation, variables });
    return job;
  }

  async openUserTasks(processInstanceKey: string): Promise<UserTask[]> {
    return this.engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
  }

  runDueWork(): Promise<number> {
    return this.started().engine.runDueWork();
  }

  async advance(ms: number): Promise<number> {
    this.clock.advance(ms);
    return this.runDueWork();
  }

  history(processInstanceKey: string): Promise<ElementInstance[]> {
    return this.engine.getInstanceHistory(processInstanceKey);
  }

  async activeElementIds(processInstanceKey: string): Promise<string[]> {
    const instance = await this.engine.getInstance(processInstanceKey);
    return instance.activeElements.map((element) => element.elementId);
  }

  async elementIds(processInstanceKey: string, state: ElementInstance['state']): Promise<string[]> {
    const history = await this.history(processInstanceKey);
    return history.filter((entry) => entry.state === state).map((entry) => entry.elementId);
  }

  private started(): { engine: EmbeddedEngine; clock: ManualClock } {
    if (!this.current) throw new Error('the engine is not running: the harness was closed');
    return this.current;
  }
}
