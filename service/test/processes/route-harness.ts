import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import pino from 'pino';
import {
  createJobWorker,
  type JobHandler,
  type JobWorker,
} from '../../src/engine/job-worker.js';
import type {
  DeployResource,
  EnginePort,
  Job,
  UserTask,
  Variables,
} from '../../src/engine/port.js';

/**
 * Helpers for running the routes in processes/ end to end: deploying them, a set of test job
 * workers that record every job they handle, and waits for the user task that a route reaches
 * next. The job workers poll with real time, so the waits poll too, in steps of milliseconds.
 */

export const processesFolder = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'processes',
);

/** Returns every `.bpmn` file in processes/ as a deploy resource. */
export function routeResources(): DeployResource[] {
  return readdirSync(processesFolder)
    .filter((name) => name.endsWith('.bpmn'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(processesFolder, name), 'utf8') }));
}

/** One job that a test worker handled: its type, element and the variables it saw. */
export interface HandledJob {
  type: string;
  elementId: string;
  processInstanceKey: string;
  variables: Variables;
  customHeaders: Record<string, string>;
}

const waitStepMs = 5;
const waitLimitMs = 10_000;

/**
 * Test job workers, one per job type, built with the service's job-worker runtime. Each records
 * the jobs it handled before running its handler.
 */
export class TestWorkers {
  readonly handled: HandledJob[] = [];
  private readonly workers: JobWorker[] = [];

  constructor(
    private readonly engine: EnginePort,
    handlers: Record<string, JobHandler>,
  ) {
    const logger = pino({ level: 'silent' });
    for (const [type, handler] of Object.entries(handlers)) {
      const worker = createJobWorker(
        engine,
        { type, timeoutMs: 60_000, maxJobs: 10, pollIntervalMs: 20, logger },
        async (job: Job) => {
          this.handled.push({
            type: job.type,
            elementId: job.elementId,
            processInstanceKey: job.processInstanceKey,
            variables: job.variables,
            customHeaders: job.customHeaders,
          });
          return handler(job);
        },
      );
      this.workers.push(worker);
    }
  }

  /** Jobs of `type` handled for one instance, in the order they were handled. */
  jobsOf(processInstanceKey: string, type: string): HandledJob[] {
    return this.handled.filter(
      (job) => job.processInstanceKey === processInstanceKey && job.type === type,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

/** Polls `probe` until it returns a value other than undefined, failing after ten seconds. */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const giveUpAt = Date.now() + waitLimitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) return expect.fail(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, waitStepMs));
  }
}

/** Filters the open user tasks of an instance down to the one a test means. */
export interface TaskSelector {
  elementId: string;
  candidateGroup?: string;
  assignee?: string;
}

/** Waits until the instance has an open user task that matches `selector`, and returns it. */
export function waitForTask(
  engine: EnginePort,
  processInstanceKey: string,
  selector: TaskSelector,
): Promise<UserTask> {
  return waitFor(`user task ${JSON.stringify(selector)}`, async () => {
    const tasks = await engine.listUserTasks({
      processInstanceKey,
      elementId: selector.elementId,
      state: 'CREATED',
    });
    return tasks.find(
      (task) =>
        (selector.candidateGroup === undefined ||
          task.candidateGroups.includes(selector.candidateGroup)) &&
        (selector.assignee === undefined || task.assignee === selector.assignee),
    );
  });
}

/** Waits for the user task that matches `selector` and completes it with `variables`. */
export async function completeTask(
  engine: EnginePort,
  processInstanceKey: string,
  selector: TaskSelector,
  variables: Variables = {},
): Promise<UserTask> {
  const task = await waitForTask(engine, processInstanceKey, selector);
  await engine.completeUserTask(task.key, variables);
  return task;
}

/** Waits until the instance has ended (completed or terminated) and returns its final state. */
export function waitForEnd(
  engine: EnginePort,
  processInstanceKey: string,
): Promise<Awaited<ReturnType<EnginePort['getInstance']>>> {
  return waitFor(`instance ${processInstanceKey} to end`, async () => {
    const instance = await engine.getInstance(processInstanceKey);
    return instance.state === 'ACTIVE' ? undefined : instance;
  });
}

/**
 * Element ids of the instance's history entries that completed, in history order. Multi-instance
 * bodies are left out, so a multi-instance task over three units counts three times.
 */
export async function completedElements(
  engine: EnginePort,
  processInstanceKey: string,
): Promise<string[]> {
  const history = await engine.getInstanceHistory(processInstanceKey);
  return history
    .filter((entry) => entry.state === 'COMPLETED' && entry.elementType !== 'multiInstanceBody')
    .map((entry) => entry.elementId);
}

/** Counts how often `elementId` occurs in `elementIds`. */
export function countOf(elementIds: string[], elementId: string): number {
  return elementIds.filter((id) => id === elementId).length;
}
