/**
 * Concurrent task completions through `TaskActionService.complete`, the code behind
 * POST /api/tasks/:key/completion, on the embedded engine with the real task-tracking route.
 * Each completion claims the task ("one touch"), completes it in the engine and waits until the
 * projection has recorded it.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../../service/src/audit/index.js';
import type { EmbeddedEngine } from '../../service/src/engine/embedded/index.js';
import { TaskActionService, TaskProjection } from '../../service/src/tasks/index.js';
import { startEmbeddedEngine } from '../engine/embedded-setup.js';
import { percentile } from './list-timing.js';
import type { BenchOrganisation, BenchUser } from './organisation.js';

const TRACKING_BPMN = fileURLToPath(new URL('../../processes/task-tracking.bpmn', import.meta.url));
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CompletionFigures {
  instances: number;
  users: number;
  completed: number;
  seconds: number;
  completionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The embedded engine and the task projection, running on the benchmark's database. */
export interface TaskRuntime {
  engine: EmbeddedEngine;
  projection: TaskProjection;
  stop(): Promise<void>;
}

/**
 * Starts the embedded engine with the service's defaults, deploys the task-tracking route and
 * starts the projection. Call it before loading tasks: the projection's start-up reconciliation
 * closes every open row that the engine does not know.
 */
export async function startTaskRuntime(dataSource: DataSource): Promise<TaskRuntime> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const engine = await startEmbeddedEngine(dataSource, logger, TRACKING_BPMN);
  const projection = new TaskProjection({ dataSource, engine, logger });
  await projection.start();
  return {
    engine,
    projection,
    stop: async () => {
      await projection.stop();
      await engine.stop();
    },
  };
}

/** Picks `count` users spread over every unit, each completing the tasks of their own unit. */
function pickWorkers(organisation: BenchOrganisation, count: number): BenchUser[] {
  const units = organisation.agencies.flatMap((agency) => agency.units);
  const workers: BenchUser[] = [];
  for (let round = 0; workers.length < count; round += 1) {
    const before = workers.length;
    for (const unit of units) {
      const user = unit.members[round];
      if (user && workers.length < count) workers.push(user);
    }
    if (workers.length === before) break;
  }
  return workers;
}

async function waitForOpenTasks(
  dataSource: DataSource,
  runtime: TaskRuntime,
  instanceKeys: string[],
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const deadline = Date.now() + 120_000;
  while (keys.size < instanceKeys.length) {
    if (Date.now() > deadline) {
      throw new Error(
        `only ${keys.size} of ${instanceKeys.length} tasks reached the task list in 120 s`,
      );
    }
    await runtime.projection.settled();
    for (let start = 0; start < instanceKeys.length; start += 500) {
      const chunk = instanceKeys.slice(start, start + 500);
      const rows: Array<{ task_key: string; process_instance_key: string }> =
        await dataSource.query(
          `SELECT task_key, process_instance_key FROM tasks WHERE state = 'open' AND process_instance_key IN (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
      for (const row of rows) keys.set(String(row.process_instance_key), String(row.task_key));
    }
    if (keys.size < instanceKeys.length) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return keys;
}

/**
 * Starts `instances` task-tracking instances, one unit each, then lets `userCount` users complete
 * them at once, every user working through the tasks of their own unit one after another.
 */
export async function timeCompletions(
  dataSource: DataSource,
  runtime: TaskRuntime,
  organisation: BenchOrganisation,
  instances: number,
  userCount: number,
): Promise<CompletionFigures> {
  const workers = pickWorkers(organisation, userCount);
  const due = new Date(Date.now() + 7 * DAY_MS).toISOString();
  const instanceKeys: string[] = [];
  const owners = new Map<string, BenchUser>();
  for (let index = 0; index < instances; index += 1) {
    const owner = workers[index % workers.length]!;
    const created = await runtime.engine.createInstance({
      bpmnProcessId: 'task-tracking',
      variables: {
        unitIds: [owner.unitId],
        taskDueDate: due,
        taskTitle: `Báo cáo tiến độ đợt ${index + 1}`,
        organisationId: owner.organId,
      },
    });
    instanceKeys.push(created.processInstanceKey);
    owners.set(created.processInstanceKey, owner);
  }
  const taskKeys = await waitForOpenTasks(dataSource, runtime, instanceKeys);
  const queues = new Map<BenchUser, string[]>(workers.map((worker) => [worker, []]));
  for (const [instanceKey, taskKey] of taskKeys)
    queues.get(owners.get(instanceKey)!)!.push(taskKey);

  const actions = new TaskActionService({
    dataSource,
    engine: runtime.engine,
    projection: runtime.projection,
    audit: new AuditLog(dataSource),
    // The task-tracking form has no file field, so the bench needs no file store.
    files: {
      has: async () => false,
      stat: async () => ({ contentType: 'application/octet-stream' }),
    },
  });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    [...queues].map(async ([worker, keys]) => {
      for (const key of keys) {
        const begun = performance.now();
        await actions.complete(
          key,
          { ...worker, roles: worker.roles },
          { variables: { progressNote: 'Đã hoàn thành', done: true } },
          { method: 'POST', path: `/api/tasks/${key}/completion` },
        );
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await runtime.projection.settled();
  const [{ count }] = await dataSource.query(
    `SELECT COUNT(*) AS count FROM tasks WHERE state = 'completed' AND completed_by IS NOT NULL`,
  );
  const sorted = latencies.sort((a, b) => a - b);
  return {
    instances,
    users: workers.length,
    completed: Number(count),
    seconds,
    completionsPerSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
