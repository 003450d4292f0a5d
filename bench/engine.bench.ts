/**
 * Engine benchmark: `npm run bench:engine -- [--instances N] [--concurrency N] [--waiting N]
 * [--baseline-instances N] [--databases sqlite,mariadb] [--quick]` (`--help` lists all flags).
 *
 * The approval-bench process (bench/fixtures/approval-bench.bpmn) has three user tasks in a row,
 * each with a non-interrupting 48-hour reminder timer, then a `bench.register` job. The benchmark
 * drives it through the embedded engine's EnginePort to its end on a temporary SQLite file and on
 * a temporary MariaDB database, created utf8mb4 on the --mariadb-url server and dropped after.
 *
 * A step is one acknowledged engine command: `createInstance`, `completeUserTask` or
 * `completeJob`, timed from the call until its promise resolves; an instance takes five. Job
 * activation and user task events are not counted as steps but their time is in the elapsed
 * time. Per database it reports instances/s, steps/s, p50 and p99 step latency, and the rows and
 * bytes added to the `engine_*` tables per finished instance. A child process then reports the
 * peak RSS and heap growth with `--waiting` instances parked at their first user task. The same model
 * then runs on bpmn-engine 25 in memory for comparison (steps counted the same way). The last
 * line of output is one JSON object with the headline figures; results are kept in
 * BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import {
  loadSourceContext,
  measureBaselineMemory,
  runBaselineThroughput,
} from './engine/bpmn-engine-baseline.js';
import { fixturePath } from './engine/embedded-setup.js';
import { parseBenchOptions, usage, type BenchOptions } from './engine/options.js';
import {
  currentLoad,
  describeLoad,
  describeMachine,
  formatBaseline,
  formatTargets,
  formatThroughput,
  formatWaiting,
  headline,
  type BenchResults,
} from './engine/report.js';
import { measureThroughput } from './engine/throughput.js';
import { measureWaiting, measureWaitingInChild } from './engine/waiting-memory.js';
import { runBenchCommand } from './support/cli.js';

/** bpmn-engine instances held at once for its heap figure; each takes over 1 MB of heap. */
const baselineMemoryInstances = 500;

async function runBaseline(options: BenchOptions): Promise<BenchResults['baseline']> {
  if (options.baselineInstances === 0) return undefined;
  const sourceContext = await loadSourceContext(readFileSync(fixturePath, 'utf8'));
  // A warm-up run, so that JIT compilation does not count against bpmn-engine.
  await runBaselineThroughput(
    sourceContext,
    Math.min(100, options.baselineInstances),
    options.concurrency,
  );
  const steps = await runBaselineThroughput(
    sourceContext,
    options.baselineInstances,
    options.concurrency,
  );
  const memoryInstances = Math.min(baselineMemoryInstances, options.baselineInstances);
  const memory = await measureBaselineMemory(sourceContext, memoryInstances);
  return { steps, memory };
}

async function runBenchmark(options: BenchOptions): Promise<void> {
  const results: BenchResults = {
    options,
    startedAt: new Date(),
    throughput: [],
    waiting: [],
    load: { start: currentLoad() },
  };
  console.log(`engine benchmark, ${results.startedAt.toISOString()}`);
  console.log(describeMachine());
  console.log(describeLoad('at start', results.load.start));
  for (const database of options.databases) {
    const throughput = await measureThroughput(database, options);
    results.throughput.push(throughput);
    console.log(formatThroughput(throughput));
    if (options.waiting > 0) {
      const waiting = await measureWaitingInChild(database, options);
      results.waiting.push(waiting);
      console.log(formatWaiting(waiting));
    }
  }
  results.baseline = await runBaseline(options);
  if (results.baseline) console.log(formatBaseline(results.baseline));
  results.load.end = currentLoad();
  console.log(describeLoad('at end', results.load.end));
  for (const line of formatTargets(results)) console.log(line);
  console.log(JSON.stringify(headline(results)));
}

runBenchCommand(parseBenchOptions, usage, async (options) => {
  if (options.waitingChild) {
    const figures = await measureWaiting(options.waitingChild, options);
    console.log(JSON.stringify(figures));
    return;
  }
  await runBenchmark(options);
});
