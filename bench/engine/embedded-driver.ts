/**
 * Drives approval-bench instances through an `EnginePort` the way the service's users and
 * workers do: start an instance, complete its three user tasks as the tasklist reports them, and
 * let a job worker complete the `bench.register` job. Only the port is used, so the same driver
 * works for any engine behind it.
 */
import type { EnginePort, Job, UserTask, UserTaskEvent } from '../../service/src/engine/port.js';
import { sampleVariables } from './bpmn-engine-baseline.js';
import { StepRecorder } from './step-recorder.js';

export const benchProcessId = 'approval-bench';
const userTaskIds = ['Review', 'Approve', 'Sign'] as const;
const registerJobType = 'bench.register';
/** How long a driver waits for a user task or job before it reports the engine as stuck. */
const stuckAfterMs = 30_000;

/**
 * Hands each instance's newly created user tasks to the driver waiting for them. Events that
 * arrive before the driver requests them (the engine may report a task before `createInstance`
 * returns) are kept until requested.
 */
export class UserTaskInbox {
  private readonly created = new Map<string, UserTask>();
  private readonly waiters = new Map<string, (task: UserTask) => void>();

  readonly accept = (event: UserTaskEvent): void => {
    if (event.kind !== 'created') return;
    const key = event.task.processInstanceKey;
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(event.task);
    } else {
      this.created.set(key, event.task);
    }
  };

  next(processInstanceKey: string): Promise<UserTask> {
    const task = this.created.get(processInstanceKey);
    if (task) {
      this.created.delete(processInstanceKey);
      return Promise.resolve(task);
    }
    return withDeadline(
      new Promise<UserTask>((resolve) => this.waiters.set(processInstanceKey, resolve)),
      `no user task was reported by onUserTask for process instance ${processInstanceKey}`,
    );
  }
}

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Activates and completes `bench.register` jobs until stopped, recording each completion. */
class RegisterWorker {
  private readonly pending = new Map<string, Pending>();
  private running = true;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: EnginePort,
    private readonly recorder: StepRecorder,
    private readonly batchSize: number,
  ) {}

  start(): void {
    this.loop = this.poll().catch((error: unknown) => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Resolves when the register job of `processInstanceKey` was completed. */
  completion(processInstanceKey: string): Promise<void> {
    if (!this.running) return Promise.reject(new Error('the job worker stopped after an error'));
    return withDeadline(
      new Promise<void>((resolve, reject) =>
        this.pending.set(processInstanceKey, { resolve, reject }),
      ),
      `no ${registerJobType} job was completed for process instance ${processInstanceKey}`,
    );
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const jobs = await this.engine.activateJobs({
        type: registerJobType,
        worker: 'bench-worker',
        timeoutMs: 60_000,
        maxJobs: this.batchSize,
        requestTimeoutMs: 1000,
      });
      // Engines that do not hold the request open return at once; pause so as not to spin.
      if (jobs.length === 0) await sleep(2);
      for (const job of jobs) void this.complete(job);
    }
  }

  private async complete(job: Job): Promise<void> {
    const waiter = this.pending.get(job.processInstanceKey);
    this.pending.delete(job.processInstanceKey);
    try {
      await this.recorder.time(() =>
        this.engine.completeJob({
          jobKey: job.key,
          activation: job.activation,
          variables: { registerNumber: `${job.key.slice(-6)}/UBND-VP` },
        }),
      );
      waiter?.resolve();
    } catch (error) {
      if (!waiter) throw error;
      waiter.reject(error);
    }
  }
}

export interface DriveResult {
  recorder: StepRecorder;
  processInstanceKeys: string[];
}

/**
 * Drives `instances` instances to their end, `concurrency` at a time. Each counts five steps:
 * `createInstance`, three `completeUserTask` calls and one `completeJob`, each timed from the
 * call until its promise resolves. Job activation and waiting for the task events are not steps.
 */
export async function driveInstances(
  engine: EnginePort,
  instances: number,
  concurrency: number,
  firstIndex = 0,
): Promise<DriveResult> {
  const recorder = new StepRecorder();
  const inbox = new UserTaskInbox();
  const unsubscribe = engine.onUserTask(inbox.accept);
  const worker = new RegisterWorker(engine, recorder, concurrency);
  const processInstanceKeys: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < instances) {
      const index = firstIndex + next;
      next += 1;
      processInstanceKeys.push(await driveOne(engine, inbox, worker, recorder, index));
    }
  };
  worker.start();
  recorder.start();
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, instances) }, lane));
  } finally {
    recorder.stop();
    unsubscribe();
    await worker.stop();
  }
  return { recorder, processInstanceKeys };
}

async function driveOne(
  engine: EnginePort,
  inbox: UserTaskInbox,
  worker: RegisterWorker,
  recorder: StepRecorder,
  index: number,
): Promise<string> {
  const { processInstanceKey } = await recorder.time(() =>
    engine.createInstance({ bpmnProcessId: benchProcessId, variables: sampleVariables(index) }),
  );
  let registered: Promise<void> | undefined;
  for (const taskId of userTaskIds) {
    const task = await inbox.next(processInstanceKey);
    if (task.elementId !== taskId) {
      throw new Error(`expected user task ${taskId}, got ${task.elementId} (${task.key})`);
    }
    if (taskId === 'Sign') registered = worker.completion(processInstanceKey);
    await recorder.time(() =>
      engine.completeUserTask(task.key, { [`${taskId.toLowerCase()}Decision`]: 'approved' }),
    );
  }
  await registered;
  return processInstanceKey;
}

/** Checks that every instance ended, and throws naming the first one that did not. */
export async function assertCompleted(engine: EnginePort, keys: string[]): Promise<void> {
  for (const key of keys) {
    const instance = await engine.getInstance(key);
    if (instance.state !== 'COMPLETED') {
      throw new Error(`process instance ${key} is ${instance.state}, expected COMPLETED`);
    }
  }
}

function withDeadline<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${message} within ${stuckAfterMs} ms`)),
      stuckAfterMs,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
