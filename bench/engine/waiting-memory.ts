/**
 * The memory figure: many instances parked at their first user task, measured in a child
 * process of its own so that no earlier phase inflates its peak resident set size.
 */
import { spawn } from 'node:child_process';
import type { EnginePort } from '../../service/src/engine/port.js';
import { sampleVariables } from './bpmn-engine-baseline.js';
import { benchProcessId } from './embedded-driver.js';
import { openBenchEngine } from './embedded-setup.js';
import { peakRssBytes, settledMemory } from './memory.js';
import type { BenchDatabase, BenchOptions } from './options.js';
import { StepRecorder, type StepSummary } from './step-recorder.js';

/** Instances created before the first memory reading, so that code and caches are warm. */
const warmUpInstances = 200;

export interface WaitingFigures {
  database: BenchDatabase;
  waitingInstances: number;
  create: StepSummary;
  peakRssBytes: number;
  /** Resident set size and used heap after the instances were created and the heap collected. */
  rssBytes: number;
  heapUsedBytes: number;
  /**
   * Used-heap growth per instance over the second half of the instances, which leaves out
   * one-time growth such as compiled code and caches. About 0 when the engine keeps nothing of
   * a waiting instance in memory.
   */
  heapBytesPerInstance: number;
  /** The same over all instances, one-time growth included. */
  heapBytesPerInstanceOverall: number;
  /** User task `created` events seen, which must equal the instances created. */
  userTasksReported: number;
  /** Sampled instances (every 1,000th) found active and waiting at the first user task. */
  sampledWaiting: number;
  sampled: number;
}

/** Runs the measurement for `database` in a child process and returns what it printed. */
export async function measureWaitingInChild(
  database: BenchDatabase,
  options: BenchOptions,
): Promise<WaitingFigures> {
  const args = [
    ...process.execArgv,
    process.argv[1],
    '--waiting-child',
    database,
    '--waiting',
    String(options.waiting),
    '--concurrency',
    String(options.concurrency),
    '--mariadb-url',
    options.mariadbUrl,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lastLine = output.trim().split('\n').pop() ?? '';
  if (exitCode !== 0) {
    throw new Error(`the waiting-instance measurement on ${database} exited with ${exitCode}`);
  }
  return JSON.parse(lastLine) as WaitingFigures;
}

/** Creates `options.waiting` instances that stop at their first user task, then reads memory. */
export async function measureWaiting(
  database: BenchDatabase,
  options: BenchOptions,
): Promise<WaitingFigures> {
  const bench = await openBenchEngine(database, options.mariadbUrl, options.concurrency + 2);
  try {
    let reported = 0;
    const unsubscribe = bench.engine.onUserTask((event) => {
      if (event.kind === 'created') reported += 1;
    });
    await createWaiting(bench.engine, warmUpInstances, options.concurrency, 0, new StepRecorder());
    const before = await settledMemory();
    const recorder = new StepRecorder();
    const firstHalf = Math.floor(options.waiting / 2);
    const secondHalf = options.waiting - firstHalf;
    const create = (count: number, firstIndex: number) =>
      createWaiting(bench.engine, count, options.concurrency, firstIndex, recorder);
    const samples = await create(firstHalf, warmUpInstances);
    const middle = await settledMemory();
    samples.push(...(await create(secondHalf, warmUpInstances + firstHalf)));
    const after = await settledMemory();
    unsubscribe();
    const sampledWaiting = await countWaitingAtFirstTask(bench.engine, samples);
    return {
      database,
      waitingInstances: options.waiting,
      create: recorder.summarize(),
      peakRssBytes: peakRssBytes(),
      rssBytes: after.rssBytes,
      heapUsedBytes: after.heapUsedBytes,
      heapBytesPerInstance: (after.heapUsedBytes - middle.heapUsedBytes) / secondHalf,
      heapBytesPerInstanceOverall: (after.heapUsedBytes - before.heapUsedBytes) / options.waiting,
      userTasksReported: reported - warmUpInstances,
      sampledWaiting,
      sampled: samples.length,
    };
  } finally {
    await bench.close();
  }
}

/**
 * Creates `count` instances, `concurrency` at a time, and returns the keys of those whose index
 * is a multiple of 1,000.
 * Only a sample is kept, because holding every key would itself grow the heap being measured.
 */
async function createWaiting(
  engine: EnginePort,
  count: number,
  concurrency: number,
  firstIndex: number,
  recorder: StepRecorder,
): Promise<string[]> {
  const samples: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      const created = await recorder.time(() =>
        engine.createInstance({
          bpmnProcessId: benchProcessId,
          variables: sampleVariables(firstIndex + index),
        }),
      );
      if ((firstIndex + index) % 1000 === 0) samples.push(created.processInstanceKey);
    }
  };
  recorder.start();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  recorder.stop();
  return samples;
}

async function countWaitingAtFirstTask(engine: EnginePort, keys: string[]): Promise<number> {
  let waiting = 0;
  for (const key of keys) {
    const instance = await engine.getInstance(key);
    const atReview = instance.activeElements.some((element) => element.elementId === 'Review');
    if (instance.state === 'ACTIVE' && atReview) waiting += 1;
  }
  return waiting;
}
