import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { BaselineMemory } from './bpmn-engine-baseline.js';
import { toMegabytes } from './memory.js';
import type { BenchDatabase, BenchOptions } from './options.js';
import type { StepSummary } from './step-recorder.js';
import type { ThroughputFigures } from './throughput.js';
import type { WaitingFigures } from './waiting-memory.js';

export function currentLoad(): number {
  return Number(loadavg()[0].toFixed(2));
}

/** The figures of a whole run, from which the text report and the JSON headline are built. */
export interface BenchResults {
  options: BenchOptions;
  startedAt: Date;
  throughput: ThroughputFigures[];
  waiting: WaitingFigures[];
  baseline?: { steps: StepSummary; memory: BaselineMemory };
  /** 1-minute load averages read when the run started and ended. */
  load: { start: number; end?: number };
}

const targets = {
  mariadbStepsPerSecond: 1000,
  ratioToBpmnEngine: 5,
  p99Ms: 50,
  waitingInstances: 100_000,
  waitingPeakRssMb: 300,
};

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function describeMachine(): string {
  const memoryGb = totalmem() / 1024 ** 3;
  return [
    `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown model'}),`,
    `${number(memoryGb, 1)} GiB RAM, Node ${process.version}`,
  ].join(' ');
}

/**
 * Formats the 1-minute load average, with a warning when it exceeds half the CPUs, because the
 * figures then measure contention with other processes as much as the engine.
 */
export function describeLoad(when: string, oneMinute: number): string {
  const busy = oneMinute > availableParallelism() / 2;
  const warning = busy ? ' (WARNING: the machine is busy, figures are not comparable)' : '';
  return `load average ${when}: ${number(oneMinute, 2)}${warning}`;
}

export function formatThroughput(figures: ThroughputFigures): string {
  const { steps, storage } = figures;
  const perTable = Object.entries(storage.rowsByTable)
    .filter(([, rows]) => rows !== 0)
    .map(([table, rows]) => `${table} ${number(rows, 2)}`)
    .join(', ');
  return [
    `== ${figures.version}: ${number(figures.instances)} instances, concurrency ${figures.concurrency}`,
    `instances/s          ${number(figures.instancesPerSecond, 1)}`,
    `steps/s              ${number(steps.stepsPerSecond, 1)} (${number(steps.steps)} steps in ${number(steps.seconds, 1)} s)`,
    `step latency         p50 ${number(steps.p50Ms, 2)} ms, p99 ${number(steps.p99Ms, 2)} ms, max ${number(steps.maxMs, 1)} ms`,
    `rows per instance    ${number(storage.rows, 2)} (${perTable || 'none'})`,
    `bytes per instance   ${number(storage.bytes)}`,
    formatCpu(figures),
    ...(figures.sqlProfile ? [figures.sqlProfile] : []),
  ].join('\n');
}

function formatCpu(figures: ThroughputFigures): string {
  const share = (seconds: number) => `${number((100 * seconds) / figures.steps.seconds)}%`;
  const bench = figures.cpu.benchProcess;
  const server = figures.cpu.databaseServer;
  const serverText =
    server === undefined ? '' : `, MariaDB server ${share(server)} (${number(server, 1)} s)`;
  const cpu = `cpu of one core      bench process ${share(bench)} (${number(bench, 1)} s)${serverText}`;
  const perStep = number(figures.statements / figures.steps.steps, 1);
  const serverStatements = figures.serverStatements;
  const shared =
    serverStatements === undefined
      ? ''
      : `; the server executed ${number(serverStatements)} in all, other clients' included`;
  return `${cpu}\nsql statements       ${number(figures.statements)} (${perStep} per step)${shared}`;
}

export function formatWaiting(figures: WaitingFigures): string {
  return [
    `waiting instances    ${number(figures.waitingInstances)} at the first user task, created at ${number(figures.create.stepsPerSecond, 1)}/s (p99 ${number(figures.create.p99Ms, 2)} ms)`,
    `  peak RSS           ${number(toMegabytes(figures.peakRssBytes), 1)} MB (after GC: RSS ${number(toMegabytes(figures.rssBytes), 1)} MB, heap ${number(toMegabytes(figures.heapUsedBytes), 1)} MB)`,
    `  heap per waiting   ${number(figures.heapBytesPerInstance, 1)} bytes over the second half (${number(figures.heapBytesPerInstanceOverall, 1)} bytes over all)`,
    `  checks             ${number(figures.userTasksReported)} user tasks reported, ${figures.sampledWaiting} of ${figures.sampled} sampled instances waiting at Review`,
  ].join('\n');
}

export function formatBaseline(baseline: NonNullable<BenchResults['baseline']>): string {
  const { steps, memory } = baseline;
  return [
    `== bpmn-engine 25 in memory: ${number(steps.steps / 5)} instances`,
    `steps/s              ${number(steps.stepsPerSecond, 1)} (${number(steps.steps)} steps in ${number(steps.seconds, 1)} s)`,
    `step latency         p50 ${number(steps.p50Ms, 2)} ms, p99 ${number(steps.p99Ms, 2)} ms`,
    `heap per instance    ${number(memory.heapBytesPerInstance / 1024, 1)} KiB with ${number(memory.instances)} loaded at a user task (state JSON ${number(memory.stateBytesPerInstance / 1024, 1)} KiB)`,
  ].join('\n');
}

/** Formats one line per target: the figure, the threshold, and whether it was met. */
export function formatTargets(results: BenchResults): string[] {
  const lines: string[] = [];
  const check = (label: string, value: number | undefined, met: (v: number) => boolean) => {
    if (value === undefined) lines.push(`target ${label}: not measured`);
    else lines.push(`target ${label}: ${met(value) ? 'met' : 'MISSED'} (${number(value, 2)})`);
  };
  const mariadb = results.throughput.find((figures) => figures.database === 'mariadb');
  check(
    `MariaDB steps/s >= ${targets.mariadbStepsPerSecond}`,
    mariadb?.steps.stepsPerSecond,
    (v) => v >= targets.mariadbStepsPerSecond,
  );
  for (const figures of results.throughput) {
    const ratio = ratioToBaseline(results, figures.database);
    check(
      `${figures.database} steps/s >= ${targets.ratioToBpmnEngine}x bpmn-engine`,
      ratio,
      (v) => v >= targets.ratioToBpmnEngine,
    );
    check(
      `${figures.database} p99 < ${targets.p99Ms} ms`,
      figures.steps.p99Ms,
      (v) => v < targets.p99Ms,
    );
  }
  for (const figures of results.waiting) {
    const measured = figures.waitingInstances >= targets.waitingInstances;
    const label = `${figures.database} peak RSS < ${targets.waitingPeakRssMb} MB with ${number(targets.waitingInstances)} waiting`;
    check(
      label,
      measured ? toMegabytes(figures.peakRssBytes) : undefined,
      (v) => v < targets.waitingPeakRssMb,
    );
  }
  return lines;
}

function ratioToBaseline(results: BenchResults, database: BenchDatabase): number | undefined {
  const figures = results.throughput.find((entry) => entry.database === database);
  if (!figures || !results.baseline) return undefined;
  return figures.steps.stepsPerSecond / results.baseline.steps.stepsPerSecond;
}

/** Builds the headline figures as one JSON object, printed as the report's last line. */
export function headline(results: BenchResults): Record<string, unknown> {
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  const perDatabase: Record<string, unknown> = {};
  for (const figures of results.throughput) {
    const waiting = results.waiting.find((entry) => entry.database === figures.database);
    const ratio = ratioToBaseline(results, figures.database);
    perDatabase[figures.database] = {
      version: figures.version,
      instancesPerSecond: round(figures.instancesPerSecond),
      stepsPerSecond: round(figures.steps.stepsPerSecond),
      p50Ms: round(figures.steps.p50Ms, 2),
      p99Ms: round(figures.steps.p99Ms, 2),
      rowsPerInstance: round(figures.storage.rows, 2),
      bytesPerInstance: Math.round(figures.storage.bytes),
      ratioToBpmnEngine: ratio === undefined ? null : round(ratio, 2),
      waitingInstances: waiting?.waitingInstances ?? null,
      waitingPeakRssMb: waiting ? toMegabytes(waiting.peakRssBytes) : null,
      waitingHeapBytesPerInstance: waiting ? round(waiting.heapBytesPerInstance) : null,
    };
  }
  const baseline = results.baseline;
  return {
    benchmark: 'engine',
    date: results.startedAt.toISOString(),
    cpus: availableParallelism(),
    node: process.version,
    instances: results.options.instances,
    concurrency: results.options.concurrency,
    loadAverage: results.load,
    ...perDatabase,
    bpmnEngine: baseline
      ? {
          stepsPerSecond: round(baseline.steps.stepsPerSecond),
          p50Ms: round(baseline.steps.p50Ms, 2),
          p99Ms: round(baseline.steps.p99Ms, 2),
          heapKiBPerInstance: round(baseline.memory.heapBytesPerInstance / 1024),
        }
      : null,
  };
}
